package org.mtudoctor.cli;

/**
 * A command cannot go on, for a reason the user can act on: one line for stderr and the exit
 * code to end with. {@link Cli}'s handler is the one place that reads it; a
 * {@link org.mtudoctor.capture.CaptureException} (an input that is no capture) becomes one there.
 */
final class ExitException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ExitException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
