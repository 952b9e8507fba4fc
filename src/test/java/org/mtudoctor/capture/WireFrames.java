package org.mtudoctor.capture;

import static org.mtudoctor.testing.Bytes.concat;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Builds the frames the live tests send on a veth link, and names the frames they capture, so that
 * an assertion reads like "tcp 10.99.0.9:40000 > 10.99.8.1:80". Addresses follow
 * {@link RouterNamespace}: the host 10.99.N.9 (fd99:N::9) on link N, far side 10.99.8.1 (fd99:8::1).
 */
final class WireFrames {
    static final int IPV4 = 0x0800;
    static final int ARP = 0x0806;
    static final int IPV6 = 0x86DD;
    static final int VLAN = 0x8100;
    static final int QINQ = 0x88A8;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int IP_IN_IP = 4;
    static final int IPV6_IN_IP = 41;
    static final int GRE = 47;
    static final int VXLAN_PORT = 4789;
    static final int ETHERNET_HEADER = 14;
    private static final int SLL2_HEADER = 20;

    private WireFrames() {
    }

    /** An Ethernet frame from host 10.99.N.9 to the router on link N. */
    static byte[] toRouter(int link, int etherType, byte[] payload) {
        return ByteBuffer.allocate(ETHERNET_HEADER + payload.length)
                .put(RouterNamespace.routerMac(link))   // destination: the router's end
                .put(RouterNamespace.hostMac(link))     // source: the host the router knows
                .putShort((short) etherType)
                .put(payload)
                .array();
    }

    /** An Ethernet frame from the router to host 10.99.N.9, with VLAN tags (TPIDs, each with VLAN id 100). */
    static byte[] fromRouter(int link, int[] tagProtocols, int etherType, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(ETHERNET_HEADER + 4 * tagProtocols.length + payload.length)
                .put(RouterNamespace.hostMac(link))     // destination: the host
                .put(RouterNamespace.routerMac(link));  // source: the router
        for (int protocol : tagProtocols) {
            frame.putShort((short) protocol).putShort((short) 100); // TPID, then priority 0 and VLAN 100
        }
        return frame.putShort((short) etherType).put(payload).array();
    }

    /** IPv4 from host 10.99.N.9 to 10.99.8.1, with "don't fragment" and a valid header checksum. */
    static byte[] ipv4(int link, int protocol, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(20)
                .put((byte) 0x45)                        // version 4, header 20 bytes
                .put((byte) 0)                           // DSCP, ECN
                .putShort((short) (20 + payload.length)) // total length
                .putShort((short) 1)                     // identification
                .putShort((short) 0x4000)                // flags: don't fragment; offset 0
                .put((byte) 64)                          // TTL
                .put((byte) protocol)
                .putShort((short) 0)                     // checksum, filled in below
                .put(new byte[] {10, 99, (byte) link, 9})
                .put(new byte[] {10, 99, 8, 1});
        header.putShort(10, (short) checksum(header.array()));
        return concat(header.array(), payload);
    }

    /** IPv6 from host fd99:N::9 to fd99:8::1. */
    static byte[] ipv6(int link, int nextHeader, byte[] payload) {
        return ByteBuffer.allocate(40 + payload.length)
                .putInt(0x6000_0000)                     // version 6, no traffic class, no flow label
                .putShort((short) payload.length)
                .put((byte) nextHeader)
                .put((byte) 64)                          // hop limit
                .putShort((short) 0xfd99).putShort((short) link).putInt(0).putLong(9)  // fd99:N::9
                .putShort((short) 0xfd99).putShort((short) 8).putInt(0).putLong(1)     // fd99:8::1
                .put(payload)
                .array();
    }

    /** A TCP SYN with {@code payloadLength} zero bytes (the router forwards it without checking its checksum). */
    static byte[] tcp(int sourcePort, int destinationPort, int payloadLength) {
        return ByteBuffer.allocate(20 + payloadLength)
                .putShort((short) sourcePort).putShort((short) destinationPort)
                .putInt(1)                               // sequence number
                .putInt(0)                               // acknowledgement number
                .put((byte) 0x50)                        // header 20 bytes
                .put((byte) 0x02)                        // SYN
                .putShort((short) 65535)                 // window
                .putShort((short) 0)                     // checksum: not checked when forwarding
                .putShort((short) 0)                     // urgent pointer
                .array();
    }

    static byte[] udp(int sourcePort, int destinationPort, int payloadLength) {
        return ByteBuffer.allocate(8 + payloadLength)
                .putShort((short) sourcePort).putShort((short) destinationPort)
                .putShort((short) (8 + payloadLength))
                .putShort((short) 0)                     // checksum: none
                .array();
    }

    /** A GRE header without options (RFC 2784) carrying IPv4, then the packet. */
    static byte[] gre(byte[] ipv4Packet) {
        return concat(new byte[] {0, 0, 0x08, 0x00}, ipv4Packet);
    }

    /** A UDP datagram to the VXLAN port: the VXLAN header (VNI 42), then an inner Ethernet frame. */
    static byte[] vxlan(byte[] innerFrame) {
        byte[] header = {0x08, 0, 0, 0, 0, 0, 42, 0};
        byte[] datagram = udp(50000, VXLAN_PORT, header.length + innerFrame.length);
        System.arraycopy(concat(header, innerFrame), 0, datagram, 8, header.length + innerFrame.length);
        return datagram;
    }

    /** ICMP (type 8) or ICMPv6 (type 128) echo request. */
    static byte[] echoRequest(int type) {
        return ByteBuffer.allocate(16).put((byte) type).put((byte) 0).putShort((short) 0)
                .putShort((short) 1).putShort((short) 1)   // identifier, sequence
                .array();
    }

    /** An ARP request from host 10.99.N.9 for 10.99.N.77, which nobody has. */
    static byte[] arpRequest(int link) {
        return ByteBuffer.allocate(28)
                .putShort((short) 1).putShort((short) IPV4) // Ethernet, IPv4
                .put((byte) 6).put((byte) 4).putShort((short) 1) // address sizes; request
                .put(RouterNamespace.hostMac(link)).put(new byte[] {10, 99, (byte) link, 9})
                .put(new byte[6]).put(new byte[] {10, 99, (byte) link, 77})
                .array();
    }

    private static int checksum(byte[] header) {
        int sum = 0;
        for (int i = 0; i < header.length; i += 2) {
            sum += (header[i] & 0xFF) << 8 | header[i + 1] & 0xFF;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return ~sum & 0xFFFF;
    }

    /**
     * Names a captured Ethernet or Linux cooked v2 frame: "tcp 10.99.0.9:40000 > 10.99.8.1:80",
     * "icmp frag-needed mtu 1280 from 10.99.0.2", "icmp6 too-big mtu 1280", "vlan 100 tcp ...",
     * or "other" for anything else.
     */
    static String describe(int linkType, byte[] frame) {
        ByteBuffer bytes = ByteBuffer.wrap(frame);
        int at;
        int etherType;
        if (linkType == LinkType.ETHERNET.code()) {
            at = ETHERNET_HEADER;
            etherType = bytes.getShort(12) & 0xFFFF;
        } else if (linkType == LinkType.LINUX_SLL2.code()) {
            at = SLL2_HEADER;
            etherType = bytes.getShort(0) & 0xFFFF;
        } else {
            return "link type " + linkType;
        }
        String tags = "";
        while (etherType == VLAN || etherType == QINQ) {
            tags += "vlan " + (bytes.getShort(at) & 0xFFF) + " ";
            etherType = bytes.getShort(at + 2) & 0xFFFF;
            at += 4;
        }
        if (etherType == IPV4) {
            int protocol = frame[at + 9];
            String source = (frame[at + 12] & 0xFF) + "." + (frame[at + 13] & 0xFF) + "."
                    + (frame[at + 14] & 0xFF) + "." + (frame[at + 15] & 0xFF);
            String destination = (frame[at + 16] & 0xFF) + "." + (frame[at + 17] & 0xFF) + "."
                    + (frame[at + 18] & 0xFF) + "." + (frame[at + 19] & 0xFF);
            int transport = at + (frame[at] & 0x0F) * 4;
            if (protocol == TCP) {
                return String.format(Locale.ROOT, "%stcp %s:%d > %s:%d", tags, source,
                        bytes.getShort(transport) & 0xFFFF, destination, bytes.getShort(transport + 2) & 0xFFFF);
            }
            if (protocol == UDP) {
                return String.format(Locale.ROOT, "%sudp %s:%d > %s:%d", tags, source,
                        bytes.getShort(transport) & 0xFFFF, destination, bytes.getShort(transport + 2) & 0xFFFF);
            }
            if (protocol == ICMP && frame[transport] == 3 && frame[transport + 1] == 4) {
                return tags + "icmp frag-needed mtu " + (bytes.getShort(transport + 6) & 0xFFFF) + " from " + source;
            }
            return tags + "ipv4 protocol " + protocol;
        }
        if (etherType == IPV6) {
            int nextHeader = frame[at + 6];
            if (nextHeader == ICMPV6 && frame[at + 40] == 2) {
                return tags + "icmp6 too-big mtu " + bytes.getInt(at + 44);
            }
            return tags + "ipv6 next header " + nextHeader;
        }
        return tags + String.format(Locale.ROOT, "ethertype %04x", etherType);
    }
}
