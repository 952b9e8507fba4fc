package org.mtudoctor.capture;

import java.io.IOException;

/**
 * A source of frames: a capture file read by our own reader, or libpcap through pcap4j.
 * {@link #readAll} pushes every frame to the sink and returns at the end of the input.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * Reads the whole input. Damage after the first record (a truncated record, a block cut
     * short) is reported through {@link FrameSink#warning} and ends the read normally.
     *
     * @throws CaptureException when the input is not a capture at all (checked before any frame)
     * @throws IOException      when the underlying read fails
     */
    void readAll(FrameSink sink) throws CaptureException, IOException;

    /** Bytes consumed so far, for progress display. */
    default long bytesRead() {
        return 0;
    }

    @Override
    void close() throws IOException;
}
