package org.mtudoctor.flow;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;

/**
 * IPv4 packets for the flow tests, decoded by the real {@link PacketDecoder} as raw-IP frames
 * (LINKTYPE_RAW) that hold the headers only, the original length saying how big the packet
 * was, as tcpdump with a small snap length records it. The frame builders of the other test
 * packages are private to them; {@link #decode} is the one place here that turns bytes into a
 * {@link Packet}, so a shared builder can replace this class without touching the tests.
 */
final class TestPackets {

    private static final int LINKTYPE_RAW = 101;
    private static final int TCP = 6, UDP = 17, ICMP = 1;

    private TestPackets() {
    }

    /** A TCP segment from source to destination; ACK, payload and options are added with its setters. */
    static Segment tcp(String source, int sourcePort, String destination, int destinationPort) {
        return new Segment(source, sourcePort, destination, destinationPort);
    }

    /** A mutable TCP/IPv4 segment: change a field, then take {@link #packet()} again. */
    static final class Segment {
        private final String source, destination;
        private final int sourcePort, destinationPort;
        private long sequence, acknowledgment;
        private int flags, payload, mss = -1, ttl = 64, identification = 1;
        private boolean timestamps;

        private Segment(String source, int sourcePort, String destination, int destinationPort) {
            this.source = source;
            this.sourcePort = sourcePort;
            this.destination = destination;
            this.destinationPort = destinationPort;
        }

        Segment seq(long value) { sequence = value; return this; }
        /** The acknowledgment number; also sets the ACK flag. */
        Segment ack(long value) { acknowledgment = value; flags |= Packet.ACK; return this; }
        Segment flags(int value) { flags = value; return this; }
        Segment payload(int bytes) { payload = bytes; return this; }
        /** An MSS option of 4 bytes; -1: none. */
        Segment mss(int value) { mss = value; return this; }
        /** The 12 bytes of NOP NOP timestamps that Linux puts on every segment. */
        Segment timestamps() { timestamps = true; return this; }
        Segment ttl(int value) { ttl = value; return this; }
        Segment id(int value) { identification = value; return this; }

        int optionsLength() {
            return (mss >= 0 ? 4 : 0) + (timestamps ? 12 : 0);
        }

        /** The IP packet's length: headers and payload. */
        int length() {
            return 20 + 20 + optionsLength() + payload;
        }

        Packet packet() {
            return decode(headers(), length());
        }

        /** The IPv4 and TCP headers, options included. */
        private byte[] headers() {
            int tcpHeader = 20 + optionsLength();
            ByteBuffer tcp = ByteBuffer.allocate(tcpHeader)
                    .putShort((short) sourcePort)
                    .putShort((short) destinationPort)
                    .putInt((int) sequence)
                    .putInt((int) acknowledgment)
                    .put((byte) (tcpHeader / 4 << 4))   // data offset in words
                    .put((byte) flags)
                    .putShort((short) 64240)            // window
                    .putInt(0);                         // checksum, urgent pointer
            if (mss >= 0) {
                tcp.put((byte) 2).put((byte) 4).putShort((short) mss);    // MSS, length 4
            }
            if (timestamps) {
                tcp.put((byte) 1).put((byte) 1).put((byte) 8).put((byte) 10); // NOP NOP, timestamps, length 10
            }
            return ipv4(length(), identification, ttl, TCP, source, destination, tcp.array());
        }
    }

    /**
     * ICMP destination unreachable, fragmentation needed (type 3 code 4), from {@code reporter}
     * to the quoted segment's source, quoting its IP header and first 8 TCP bytes.
     */
    static Packet fragNeeded(String reporter, int mtu, Segment quoted) {
        return fragNeeded(reporter, mtu, quoted.source, Arrays.copyOf(quoted.headers(), 28));
    }

    /** The same about a UDP datagram: a quote no TCP flow can be named by. */
    static Packet fragNeededForUdp(String reporter, int mtu, String source, int sourcePort, String destination,
                                   int destinationPort) {
        byte[] udp = ByteBuffer.allocate(8).putShort((short) sourcePort).putShort((short) destinationPort)
                .putShort((short) 1480).putShort((short) 0).array();
        return fragNeeded(reporter, mtu, source, ipv4(1500, 1, 64, UDP, source, destination, udp));
    }

    private static Packet fragNeeded(String reporter, int mtu, String quotedSource, byte[] quote) {
        byte[] icmp = ByteBuffer.allocate(8 + quote.length)
                .put((byte) 3).put((byte) 4)            // destination unreachable, fragmentation needed
                .putShort((short) 0)                    // checksum: not checked
                .putShort((short) 0).putShort((short) mtu) // unused, next-hop MTU (RFC 1191)
                .put(quote)
                .array();
        byte[] packet = ipv4(20 + icmp.length, 0, 255, ICMP, reporter, quotedSource, icmp);
        return decode(packet, packet.length);
    }

    private static byte[] ipv4(int totalLength, int identification, int ttl, int protocol, String source,
                               String destination, byte[] payload) {
        return ByteBuffer.allocate(20 + payload.length)
                .put((byte) 0x45)                       // version 4, header 20 bytes
                .put((byte) 0)                          // DSCP, ECN
                .putShort((short) totalLength)
                .putShort((short) identification)
                .putShort((short) 0x4000)               // don't fragment
                .put((byte) ttl)
                .put((byte) protocol)
                .putShort((short) 0)                    // checksum: not checked
                .putInt((int) IpAddress.parse(source).low())
                .putInt((int) IpAddress.parse(destination).low())
                .put(payload)
                .array();
    }

    /** The only call into the decoder: a raw-IP frame of {@code originalLength} bytes on the wire. */
    private static Packet decode(byte[] frame, int originalLength) {
        Packet packet = new Packet();
        new PacketDecoder().decode(LINKTYPE_RAW, frame, 0, frame.length, originalLength, packet);
        return packet;
    }
}
