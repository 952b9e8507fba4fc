package org.mtudoctor.decode;

import static org.mtudoctor.testing.Bytes.concat;

/**
 * Builds test frames by hand, one commented field at a time. Each builder returns one header;
 * tests join them with {@link org.mtudoctor.testing.Bytes#concat} and change single bytes with a
 * comment saying why.
 */
final class Frames {

    static final int TCP = 6;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int DONT_FRAGMENT = 0x4000;
    static final int MORE_FRAGMENTS = 0x2000;

    private Frames() {
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] zeros(int length) {
        return new byte[length];
    }

    /** The first {@code length} bytes: a frame as a snap length would cut it. */
    static byte[] cut(byte[] frame, int length) {
        return java.util.Arrays.copyOf(frame, length);
    }

    /** Address bytes in network order, from text, so tests read like the report. */
    static byte[] address(String text) {
        IpAddress parsed = IpAddress.parse(text);
        int width = parsed.version() == 4 ? 4 : 16;
        byte[] result = new byte[width];
        for (int i = 0; i < width; i++) {
            int fromEnd = width - 1 - i;
            long word = fromEnd >= 8 ? parsed.high() : parsed.low();
            result[i] = (byte) (word >>> (8 * (fromEnd % 8)));
        }
        return result;
    }

    static byte[] ethernet(int etherType) {
        return bytes(
                0x02, 0x00, 0x00, 0x00, 0x00, 0x01,     // destination MAC
                0x02, 0x00, 0x00, 0x00, 0x00, 0x02,     // source MAC
                etherType >> 8, etherType);             // EtherType
    }

    /** An IPv4 header without options, 20 bytes. */
    static byte[] ipv4(int totalLength, int flagsAndOffset, int protocol, String source, String destination) {
        return concat(bytes(
                        0x45,                           // version 4, header length 5 words
                        0x00,                           // DSCP and ECN
                        totalLength >> 8, totalLength,  // total length, header included
                        0x12, 0x34,                     // identification
                        flagsAndOffset >> 8,            // flags (DF 0x40, MF 0x20), offset high bits
                        flagsAndOffset,                 // fragment offset low bits, 8-byte units
                        64,                             // TTL
                        protocol,                       // protocol
                        0x00, 0x00),                    // header checksum: not checked
                address(source),                        // source address
                address(destination));                  // destination address
    }

    /** An IPv6 fixed header, 40 bytes. */
    static byte[] ipv6(int payloadLength, int nextHeader, String source, String destination) {
        return concat(bytes(
                        0x60, 0x00, 0x00, 0x00,         // version 6, traffic class, flow label
                        payloadLength >> 8, payloadLength, // payload length, extension headers included
                        nextHeader,                     // next header
                        64),                            // hop limit
                address(source),                        // source address
                address(destination));                  // destination address
    }

    /**
     * A TCP header: 20 bytes plus {@code options}, whose length must be a multiple of 4.
     */
    static byte[] tcp(int sourcePort, int destinationPort, long sequence, long acknowledgment, int flags,
                      byte[] options) {
        int headerWords = (20 + options.length) / 4;
        return concat(bytes(
                        sourcePort >> 8, sourcePort,    // source port
                        destinationPort >> 8, destinationPort, // destination port
                        (int) (sequence >> 24), (int) (sequence >> 16),
                        (int) (sequence >> 8), (int) sequence, // sequence number
                        (int) (acknowledgment >> 24), (int) (acknowledgment >> 16),
                        (int) (acknowledgment >> 8), (int) acknowledgment, // acknowledgment number
                        headerWords << 4,               // data offset in words, reserved bits
                        flags,                          // flags
                        0xFA, 0xF0,                     // window: 64240
                        0x00, 0x00,                     // checksum: not checked
                        0x00, 0x00),                    // urgent pointer
                options);
    }

    /** A SYN's usual options: MSS, SACK-permitted, timestamps, NOP, window scale; 20 bytes. */
    static byte[] synOptions(int mss) {
        return bytes(
                0x02, 0x04, mss >> 8, mss,              // MSS, length 4
                0x04, 0x02,                             // SACK permitted, length 2
                0x08, 0x0A,                             // timestamps, length 10
                0x00, 0x01, 0x02, 0x03,                 //   timestamp value
                0x00, 0x00, 0x00, 0x00,                 //   timestamp echo reply
                0x01,                                   // NOP
                0x03, 0x03, 0x07);                      // window scale, length 3, shift 7
    }

    /** A GRE header (RFC 2784): flags byte (C 0x80, K 0x20, S 0x10), version 0, then {@code fields}. */
    static byte[] gre(int flags, int protocol, byte[] fields) {
        return concat(bytes(
                        flags,                          // C, R, K, S, s bits, recursion control
                        0x00,                           // flags, version 0
                        protocol >> 8, protocol),       // protocol type (an EtherType)
                fields);                                // checksum/reserved, key, sequence: 4 bytes each
    }

    /** A UDP header to the VXLAN port and a VXLAN header with the I flag and VNI 42, 16 bytes. */
    static byte[] vxlan(int udpLength) {
        return bytes(
                0xC3, 0x50,                             // UDP source port 50000 (a flow hash)
                0x12, 0xB5,                             // UDP destination port 4789: VXLAN
                udpLength >> 8, udpLength,              // UDP length, header included
                0x00, 0x00,                             // UDP checksum: 0, none
                0x08, 0x00, 0x00, 0x00,                 // VXLAN flags: I (VNI valid), reserved
                0x00, 0x00, 0x2A,                       // VNI 42
                0x00);                                  // reserved
    }

    /** {@code length} bytes of TCP payload. */
    static byte[] payload(int length) {
        byte[] result = new byte[length];
        java.util.Arrays.fill(result, (byte) 'x');
        return result;
    }

    /** Decodes every frame of a capture file in order, handing each decoded packet (reused) to {@code action}. */
    static void decodeEach(java.nio.file.Path file, java.util.function.Consumer<Packet> action)
            throws org.mtudoctor.capture.CaptureException, java.io.IOException {
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        try (org.mtudoctor.capture.FrameSource source = org.mtudoctor.capture.CaptureFiles.open(file.toString())) {
            source.readAll(new org.mtudoctor.capture.FrameSink() {
                @Override
                public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                                  int originalLength, int interfaceId) {
                    decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
                    action.accept(packet);
                }
            });
        }
    }

    static Packet decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length);
    }

    static Packet decode(int linkType, byte[] frame, int originalLength) {
        Packet packet = new Packet();
        new PacketDecoder().decode(linkType, frame, 0, frame.length, originalLength, packet);
        return packet;
    }
}
