package org.mtudoctor.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop capturing, not to end the JVM: the capture stops, the
 * final report is printed, and the exit code says what was found. With the JVM's own handling
 * a signal would end the process with 130 or 143 and no report (System.exit inside a shutdown
 * hook blocks). sun.misc.Signal is the JDK's supported way (module jdk.unsupported) to do this.
 */
final class Signals {
    private Signals() {
    }

    static void onStop(Runnable stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException unavailable) {
                // The signal is not available on this platform, or the JVM reserved it (-Xrs).
            }
        }
    }
}
