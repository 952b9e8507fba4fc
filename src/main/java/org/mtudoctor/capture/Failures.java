package org.mtudoctor.capture;

import java.io.IOException;

/** A failure caught on a reading thread, thrown again on the thread that consumes what it read. */
final class Failures {
    private Failures() {
    }

    /** Throws {@code failure} as it was thrown; does nothing for null or another checked exception. */
    static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
