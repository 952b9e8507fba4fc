package org.mtudoctor.capture;

/**
 * Receives the frames of a capture, one call per record, in file order.
 *
 * <p>The frame's bytes are {@code data[offset, offset + capturedLength)}. They belong to the
 * reader and are only valid during the call: a sink that wants to keep anything copies it.
 * This is what keeps the read loop free of per-packet objects.
 */
public interface FrameSink {

    /**
     * @param linkType       the record's link-layer header type (LINKTYPE_* value, see {@link LinkType})
     * @param timestampNanos capture time in nanoseconds since the Unix epoch, UTC
     * @param data           buffer holding the frame
     * @param offset         index of the frame's first byte in {@code data}
     * @param capturedLength bytes of the frame present in the capture (at most the snap length)
     * @param originalLength length of the frame on the wire; sizes are taken from this, never
     *                       from {@code capturedLength}
     * @param interfaceId    pcapng interface index, 0 for pcap and single-interface sources
     */
    void frame(int linkType, long timestampNanos, byte[] data, int offset,
               int capturedLength, int originalLength, int interfaceId);

    /** A problem in the capture that does not stop the analysis, such as a truncated last record. */
    default void warning(CaptureWarning warning) {
    }

    /**
     * A pcapng interface description: frames that name {@code interfaceId} were captured on it;
     * {@code name} is its {@code if_name}, printable, or null when it has none.
     */
    default void interfaceDescribed(int interfaceId, String name) {
    }

    /**
     * No frame came for a while (live capture, about a second): a chance for work driven by the
     * clock rather than by packets, such as ending idle flows or refreshing a status line.
     */
    default void idle() {
    }
}
