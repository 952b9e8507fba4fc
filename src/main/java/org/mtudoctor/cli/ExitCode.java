package org.mtudoctor.cli;

/** mtudoctor's exit codes. --help lists them (AnalyzeCommand's exitCodeList, which must match). */
final class ExitCode {
    private ExitCode() {
    }

    /** No problem found (warnings too, with --fail-on warning). */
    static final int OK = 0;
    /** A bug in mtudoctor: an exception nobody expected. */
    static final int INTERNAL_ERROR = 1;
    /** Bad command line. */
    static final int USAGE = 2;
    /** At least one problem found (or a warning, with --fail-on warning). */
    static final int FINDINGS = 3;
    /** An input is not a readable capture, or a native library is missing. */
    static final int BAD_INPUT = 4;
}
