package org.mtudoctor.capture;

/**
 * A problem in the input that does not stop the analysis, with its kind, so that a log shipper
 * can filter by it and a person reads the text: one line, no trailing newline.
 */
public record CaptureWarning(Kind kind, String text) {

    /** What went wrong, as JSON's {@code capture.warnings[].kind} names it. */
    public enum Kind {
        /** The input ends, or its framing breaks, inside a record or block: what came before is analysed. */
        CUT_SHORT("cut-short"),
        /** A block, section or record the reader cannot use is skipped, and reading goes on. */
        BLOCK_SKIPPED("block-skipped"),
        /** An interface description's option is unusable: ignored, or a default assumed. */
        OPTION_IGNORED("option-ignored"),
        /** The gzip stream around the capture is damaged. */
        GZIP_DAMAGED("gzip-damaged"),
        /** libpcap stopped reading, or a live interface stopped delivering. */
        LIBPCAP("libpcap"),
        /** Frames older than frames before them: capture time is taken in file order. */
        TIME_BACKWARDS("time-backwards"),
        /** The operating system failed a read: the input was analysed up to there. */
        READ_ERROR("read-error"),
        /** --evidence could not open an input again. */
        EVIDENCE_UNREADABLE("evidence-unreadable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public CaptureWarning {
        if (kind == null || text == null) {
            throw new IllegalArgumentException("warning without a kind or a text");
        }
    }
}
