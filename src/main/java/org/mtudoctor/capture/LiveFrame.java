package org.mtudoctor.capture;

/**
 * A frame on its way from a reader thread to the thread that delivers it, or (with {@code data}
 * {@code null}) the mark that a reader has ended: it comes after that reader's last frame.
 */
record LiveFrame(int interfaceId, long timestampNanos, byte[] data, int originalLength) {
    /** Queued by a stop, so that a delivering thread waiting for frames notices it. */
    static final LiveFrame WAKE = new LiveFrame(-1, 0, null, 0);

    static LiveFrame ended(int interfaceId) {
        return new LiveFrame(interfaceId, 0, null, 0);
    }

    boolean isEnd() {
        return data == null;
    }
}
