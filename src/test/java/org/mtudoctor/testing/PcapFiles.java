package org.mtudoctor.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The one way tests write a capture file: little-endian microsecond pcap, as scripts/scenario and tcpdump write it. */
public final class PcapFiles {
    public static final int PCAP_HEADER = 24;
    public static final int RECORD_HEADER = 16;

    private PcapFiles() {
    }

    /** The file header: magic for microseconds, version 2.4, no time zone or accuracy, snap length, link type. */
    public static byte[] header(int linkType, long snapLength) {
        return ByteBuffer.allocate(PCAP_HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt((int) snapLength).putInt(linkType)
                .array();
    }

    /** A record's header: time, captured length, length on the wire. */
    public static byte[] recordHeader(long seconds, long micros, long captured, long original) {
        return ByteBuffer.allocate(RECORD_HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) seconds).putInt((int) micros).putInt((int) captured).putInt((int) original)
                .array();
    }
}
