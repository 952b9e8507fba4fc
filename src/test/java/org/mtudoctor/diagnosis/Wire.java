package org.mtudoctor.diagnosis;

import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.LinkType;

/**
 * Builds raw-IP frames (LINKTYPE_RAW, 101) for diagnosis tests and plays them into a sink.
 * Each frame holds the headers only, with the original length saying how big the packet was,
 * exactly as tcpdump with a small snap length records it. Header fields are written by hand
 * with their offsets, so the decoders under test are the real ones.
 */
final class Wire {

    static final int LINKTYPE_RAW = LinkType.RAW.code();
    static final int SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01, RST = 0x04;

    record Frame(long time, byte[] bytes, int originalLength) {
    }

    private final List<Frame> frames = new ArrayList<>();
    private long time = 1_700_000_000_000_000_000L;
    private int ttl = 64;
    private int identification;
    /** Outer addresses of the GRE tunnel that wraps the TCP segments that follow; null: none. */
    private String tunnelSource, tunnelDestination;

    /** TTL and IPv4 identification of the frames that follow. */
    Wire ip(int ttl, int identification) {
        this.ttl = ttl;
        this.identification = identification;
        return this;
    }

    /**
     * Wraps the TCP segments that follow in IPv4 + GRE (24 bytes, as a Linux gre device sends
     * them) from {@code source} to {@code destination}; null addresses end the tunnel.
     */
    Wire gre(String source, String destination) {
        tunnelSource = source;
        tunnelDestination = destination;
        return this;
    }

    /** Advances capture time by {@code micros}. */
    Wire after(long micros) {
        time += micros * 1000;
        return this;
    }

    /**
     * A TCP segment. {@code mss} &lt; 0 means no MSS option; {@code timestamps} adds the
     * 12 bytes of NOP NOP TS that Linux puts on every segment.
     */
    Wire tcp(String source, int sourcePort, String destination, int destinationPort,
             long sequence, long acknowledgment, int flags, int payload, int mss, boolean timestamps) {
        byte[] segment = tcpBytes(source, sourcePort, destination, destinationPort, sequence,
                acknowledgment, flags, payload, mss, timestamps);
        if (tunnelSource != null) {
            byte[] outer = new byte[24 + segment.length];
            ipv4(outer, 24 + totalLength(segment), 47, tunnelSource, tunnelDestination);
            outer[22] = 0x08;                           // GRE: no flags, version 0, protocol IPv4
            System.arraycopy(segment, 0, outer, 24, segment.length);
            segment = outer;
        }
        frames.add(new Frame(time, segment, 0));
        return this;
    }

    /**
     * ICMP fragmentation needed from a router under the GRE tunnel, about one of the tunnel's own
     * packets of {@code quotedLength} bytes: it quotes the outer header and the GRE header.
     */
    Wire underlayFragNeeded(String reporter, int mtu, int quotedLength) {
        byte[] packet = new byte[20 + 8 + 28];
        ipv4(packet, packet.length, 1, reporter, tunnelSource);
        packet[20] = 3;                                 // type: destination unreachable
        packet[21] = 4;                                 // code: fragmentation needed and DF set
        putShort(packet, 26, mtu);                      // next-hop MTU
        byte[] quoted = new byte[28];
        ipv4(quoted, quotedLength, 47, tunnelSource, tunnelDestination);
        quoted[22] = 0x08;                              // GRE, protocol IPv4
        System.arraycopy(quoted, 0, packet, 28, quoted.length);
        frames.add(new Frame(time, packet, packet.length));
        return this;
    }

    /** ICMP destination unreachable, fragmentation needed, quoting the first 28 bytes of a TCP packet. */
    Wire fragNeeded(String reporter, int mtu, String quotedSource, int quotedSourcePort,
                    String quotedDestination, int quotedDestinationPort, long quotedSequence, int quotedLength) {
        byte[] quoted = tcpBytes(quotedSource, quotedSourcePort, quotedDestination, quotedDestinationPort,
                quotedSequence, 0, ACK, quotedLength - 52, -1, true);
        int quoteBytes = 28;
        byte[] packet = new byte[20 + 8 + quoteBytes];
        ipv4(packet, 20 + 8 + quoteBytes, 1, reporter, quotedSource);
        packet[20] = 3;                                 // type: destination unreachable
        packet[21] = 4;                                 // code: fragmentation needed and DF set
        packet[26] = (byte) (mtu >> 8);                 // next-hop MTU (RFC 1191)
        packet[27] = (byte) mtu;
        System.arraycopy(quoted, 0, packet, 28, quoteBytes);
        frames.add(new Frame(time, packet, packet.length));
        return this;
    }

    void playInto(FrameSink sink) {
        for (Frame frame : frames) {
            int original = frame.originalLength() > 0 ? frame.originalLength() : totalLength(frame.bytes());
            sink.frame(LINKTYPE_RAW, frame.time(), frame.bytes(), 0, frame.bytes().length, original, 0);
        }
    }

    private static int totalLength(byte[] packet) {
        return (packet[2] & 0xFF) << 8 | (packet[3] & 0xFF);
    }

    private byte[] tcpBytes(String source, int sourcePort, String destination, int destinationPort,
                                   long sequence, long acknowledgment, int flags, int payload, int mss,
                                   boolean timestamps) {
        int options = (mss >= 0 ? 4 : 0) + (timestamps ? 12 : 0);
        int tcpHeader = 20 + options;
        byte[] packet = new byte[20 + tcpHeader];
        ipv4(packet, 20 + tcpHeader + payload, 6, source, destination);
        int t = 20;
        putShort(packet, t, sourcePort);                // source port
        putShort(packet, t + 2, destinationPort);       // destination port
        putInt(packet, t + 4, sequence);                // sequence number
        putInt(packet, t + 8, acknowledgment);          // acknowledgment number
        packet[t + 12] = (byte) ((tcpHeader / 4) << 4); // data offset
        packet[t + 13] = (byte) flags;                  // flags
        putShort(packet, t + 14, 64240);                // window
        int o = t + 20;
        if (mss >= 0) {
            packet[o] = 2;                              // option: MSS
            packet[o + 1] = 4;                          // length 4
            putShort(packet, o + 2, mss);
            o += 4;
        }
        if (timestamps) {
            packet[o] = 1;                              // NOP
            packet[o + 1] = 1;                          // NOP
            packet[o + 2] = 8;                          // option: timestamps
            packet[o + 3] = 10;                         // length 10 (values left 0)
        }
        return packet;
    }

    private void ipv4(byte[] packet, int totalLength, int protocol, String source, String destination) {
        packet[0] = 0x45;                               // version 4, header 20 bytes
        putShort(packet, 2, totalLength);               // total length: the packet on the wire
        putShort(packet, 4, identification);            // identification
        packet[6] = 0x40;                               // flags: don't fragment
        packet[8] = (byte) ttl;                         // TTL
        packet[9] = (byte) protocol;                    // 6 TCP, 1 ICMP
        putAddress(packet, 12, source);
        putAddress(packet, 16, destination);
    }

    private static void putAddress(byte[] packet, int offset, String dotted) {
        String[] octets = dotted.split("\\.");
        for (int i = 0; i < 4; i++) {
            packet[offset + i] = (byte) Integer.parseInt(octets[i]);
        }
    }

    private static void putShort(byte[] packet, int offset, int value) {
        packet[offset] = (byte) (value >> 8);
        packet[offset + 1] = (byte) value;
    }

    private static void putInt(byte[] packet, int offset, long value) {
        putShort(packet, offset, (int) (value >> 16));
        putShort(packet, offset + 2, (int) value);
    }
}
