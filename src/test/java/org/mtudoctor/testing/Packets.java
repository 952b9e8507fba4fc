package org.mtudoctor.testing;

import static org.mtudoctor.testing.Bytes.concat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Well-formed packets for tests, built in the order they go on the wire, one named step a field:
 * <pre>
 *   Packets.ipv4("10.0.3.2", "10.0.1.2").ttl(63).id(7).dontFragment()
 *           .tcp(8080, 57108).seq(1000).ack(1).flags(ACK).mss(1356).payload(1380)
 *           .ethernet();                                       // -> byte[]
 *   Packets.ipv4(router, host).icmpFragNeeded(1396).quoting(thatPacket)
 *   Packets.ipv6(router, host).icmpv6PacketTooBig(1280).quoting(thatPacket)
 *   Packets.ipv4(near, far).gre(innerPacket).ethernet()
 * </pre>
 * Lengths (IPv4 total length, IPv6 payload length, TCP data offset, UDP length) and the IPv4
 * header checksum are computed, so a routing kernel forwards what is built here. TCP, UDP and ICMP
 * checksums are left 0: no decoder under test checks them, and a router forwards without looking.
 * A test that wants a field wrong builds the packet and then changes that byte, with a comment, or
 * writes the header under test as annotated bytes ({@link #ethernet(int, byte[]...)},
 * {@link Ip#carrying(int, byte[]...)}, {@link Tcp#options(byte[]...)}).
 */
public final class Packets {

    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
    /** IP protocol numbers (IPv6 next headers). */
    public static final int HOP_BY_HOP = 0, ICMP = 1, IP_IN_IP = 4, TCP = 6, UDP = 17, IPV6_IN_IP = 41,
            FRAGMENT = 44, GRE = 47, ICMPV6 = 58;
    /** EtherTypes. */
    public static final int IPV4 = 0x0800, ARP = 0x0806, VLAN = 0x8100, QINQ = 0x88A8, IPV6 = 0x86DD;
    public static final int VXLAN_PORT = 4789;
    public static final int ETHERNET_HEADER = 14;
    /** The MACs of {@link IpPacket#ethernet()}: locally administered, 02:00:00:00:00:01 and :02. */
    public static final byte[] DESTINATION_MAC = {0x02, 0, 0, 0, 0, 0x01}, SOURCE_MAC = {0x02, 0, 0, 0, 0, 0x02};

    private Packets() {
    }

    /** An IPv4 header: TTL 64, identification 0, no flags, no options until a step says otherwise. */
    public static Ip ipv4(String source, String destination) {
        return new Ip(4, address(source, 4), address(destination, 4));
    }

    /** An IPv6 header: hop limit 64, no traffic class or flow label, no extension headers. */
    public static Ip ipv6(String source, String destination) {
        return new Ip(6, address(source, 16), address(destination, 16));
    }

    /** An Ethernet frame from {@link #SOURCE_MAC} to {@link #DESTINATION_MAC}: the header, then the parts. */
    public static byte[] ethernet(int etherType, byte[]... payload) {
        return ethernet(DESTINATION_MAC, SOURCE_MAC, etherType, payload);
    }

    public static byte[] ethernet(byte[] destinationMac, byte[] sourceMac, int etherType, byte[]... payload) {
        return concat(destinationMac, sourceMac, short16(etherType), concat(payload));
    }

    /** Address bytes in network order, from text ("10.0.3.2", "fd03::2"), so tests read like the report. */
    public static byte[] address(String text, int width) {
        try {
            byte[] address = InetAddress.getByName(text).getAddress();
            if (address.length != width) {
                throw new IllegalArgumentException(text + ": not an IPv" + (width == 4 ? 4 : 6) + " address");
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text + ": not an IP address literal", e);
        }
    }

    /** The IP header's fields; a payload step ({@link #tcp}, {@link #udp}, ...) ends it. */
    public static final class Ip {
        private final int version;
        private final byte[] source;
        private final byte[] destination;
        private int ttl = 64;
        private int identification;
        private int flagsAndOffset;
        private int lengthField = -1;
        private byte[] options = new byte[0];
        private int firstNextHeader = -1;

        private Ip(int version, byte[] source, byte[] destination) {
            this.version = version;
            this.source = source;
            this.destination = destination;
        }

        /** The IPv4 TTL, or the IPv6 hop limit. */
        public Ip ttl(int value) {
            ttl = value;
            return this;
        }

        public Ip id(int value) {
            ipv4Only("identification");
            identification = value;
            return this;
        }

        public Ip dontFragment() {
            ipv4Only("don't fragment");
            flagsAndOffset |= 0x4000;
            return this;
        }

        public Ip moreFragments() {
            ipv4Only("more fragments");
            flagsAndOffset |= 0x2000;
            return this;
        }

        /** The fragment's offset in bytes, a multiple of 8. */
        public Ip fragmentOffset(int bytes) {
            ipv4Only("a fragment offset");
            if (bytes % 8 != 0) {
                throw new IllegalArgumentException("fragment offset " + bytes + " is not a multiple of 8");
            }
            flagsAndOffset = flagsAndOffset & 0xE000 | bytes / 8;
            return this;
        }

        /**
         * An IPv4 total length other than the bytes built: a header that describes a larger packet
         * than the test holds (a quote, a snap-length cut).
         */
        public Ip totalLength(int value) {
            ipv4Only("total length");
            lengthField = value;
            return this;
        }

        /** An IPv6 payload length other than the bytes built (0: see a jumbo payload option). */
        public Ip payloadLength(int value) {
            ipv6Only("payload length");
            lengthField = value;
            return this;
        }

        /** IPv4 options, a multiple of 4 bytes; the header length grows with them. */
        public Ip options(byte[] value) {
            ipv4Only("options");
            if (value.length % 4 != 0 || value.length > 40) {
                throw new IllegalArgumentException("IPv4 options of " + value.length + " bytes");
            }
            options = value;
            return this;
        }

        /**
         * IPv6 extension headers, each written by the test: the fixed header's next header is
         * {@code nextHeader}, and the last extension header must name the payload that follows.
         */
        public Ip extensionHeaders(int nextHeader, byte[]... headers) {
            ipv6Only("extension headers");
            firstNextHeader = nextHeader;
            options = concat(headers);
            return this;
        }

        public Tcp tcp(int sourcePort, int destinationPort) {
            return new Tcp(this, sourcePort, destinationPort);
        }

        public Udp udp(int sourcePort, int destinationPort) {
            return new Udp(this, sourcePort, destinationPort);
        }

        /** ICMP destination unreachable, fragmentation needed and DF set, with the next-hop MTU (RFC 1191). */
        public Icmp icmpFragNeeded(int mtu) {
            ipv4Only("ICMP");
            return new Icmp(this, ICMP, new byte[] {3, 4, 0, 0, 0, 0, (byte) (mtu >> 8), (byte) mtu});
        }

        /** ICMPv6 packet too big with its 32-bit MTU. */
        public Icmp icmpv6PacketTooBig(long mtu) {
            ipv6Only("ICMPv6");
            return new Icmp(this, ICMPV6, concat(new byte[] {2, 0, 0, 0}, int32(mtu)));
        }

        /** An ICMP (type 8) or ICMPv6 (type 128) echo request, identifier 1, sequence 1, 8 bytes of data. */
        public IpPacket icmpEcho() {
            byte[] message = ByteBuffer.allocate(16).put((byte) (version == 4 ? 8 : 128)).put((byte) 0)
                    .putShort((short) 0)                            // checksum: left 0
                    .putShort((short) 1).putShort((short) 1)        // identifier, sequence
                    .array();
            return carrying(version == 4 ? ICMP : ICMPV6, message);
        }

        /** A GRE header without optional fields (RFC 2784, 4 bytes, as a Linux gre device sends), then the packet. */
        public IpPacket gre(IpPacket inner) {
            byte[] header = concat(new byte[] {0x00, 0x00}, short16(inner.ip.version == 4 ? IPV4 : IPV6));
            return new Carried(this, GRE, concat(header, inner.bytes()), inner.trailingPayload());
        }

        /** IP in IP: protocol 4 for an IPv4 packet inside, 41 for IPv6 (6in4, 6in6). */
        public IpPacket ipInIp(IpPacket inner) {
            return new Carried(this, inner.ip.version == 4 ? IP_IN_IP : IPV6_IN_IP, inner.bytes(),
                    inner.trailingPayload());
        }

        /** UDP from port 50000 (a flow hash) to the VXLAN port, the VXLAN header (I flag, VNI 42), then the frame. */
        public IpPacket vxlan(byte[] innerFrame) {
            byte[] header = {
                0x08, 0x00, 0x00, 0x00,                         // flags: I (VNI valid), reserved
                0x00, 0x00, 0x2A,                               // VNI 42
                0x00};                                          // reserved
            return udp(50000, VXLAN_PORT).payload(concat(header, innerFrame));
        }

        /** Any payload the test writes itself, under this protocol number. */
        public IpPacket carrying(int protocol, byte[]... parts) {
            return new Carried(this, protocol, concat(parts), 0);
        }

        byte[] header(int protocol, int payloadLength) {
            return version == 4 ? ipv4Header(protocol, payloadLength) : ipv6Header(protocol, payloadLength);
        }

        private byte[] ipv4Header(int protocol, int payloadLength) {
            int headerLength = 20 + options.length;
            ByteBuffer header = ByteBuffer.allocate(headerLength)
                    .put((byte) (0x40 | headerLength / 4))          // version 4, header length in words
                    .put((byte) 0)                                  // DSCP, ECN
                    .putShort((short) (lengthField >= 0 ? lengthField : headerLength + payloadLength))
                    .putShort((short) identification)
                    .putShort((short) flagsAndOffset)               // DF 0x4000, MF 0x2000, offset in 8 bytes
                    .put((byte) ttl)
                    .put((byte) protocol)
                    .putShort((short) 0)                            // checksum, filled in below
                    .put(source)
                    .put(destination)
                    .put(options);
            header.putShort(10, (short) checksum(header.array()));
            return header.array();
        }

        private byte[] ipv6Header(int protocol, int payloadLength) {
            return ByteBuffer.allocate(40 + options.length)
                    .putInt(0x6000_0000)                            // version 6, no traffic class, no flow label
                    .putShort((short) (lengthField >= 0 ? lengthField : options.length + payloadLength))
                    .put((byte) (firstNextHeader >= 0 ? firstNextHeader : protocol))
                    .put((byte) ttl)                                // hop limit
                    .put(source)
                    .put(destination)
                    .put(options)                                   // extension headers
                    .array();
        }

        private void ipv4Only(String what) {
            if (version != 4) {
                throw new IllegalStateException("IPv6 has no " + what + " in its fixed header");
            }
        }

        private void ipv6Only(String what) {
            if (version != 6) {
                throw new IllegalStateException("IPv4 has no " + what);
            }
        }
    }

    /** A finished IP packet: its bytes, and the link framings that carry it. */
    public abstract static class IpPacket {
        final Ip ip;
        private final int protocol;
        private final List<int[]> tags = new ArrayList<>();

        IpPacket(Ip ip, int protocol) {
            this.ip = ip;
            this.protocol = protocol;
        }

        /** What follows the IP header (and its options or extension headers). */
        abstract byte[] transport();

        /** How many bytes at the end are payload a small snap length would leave out. */
        int trailingPayload() {
            return 0;
        }

        /** The IP packet, as link type raw IP (101) carries it. */
        public final byte[] bytes() {
            byte[] transport = transport();
            return concat(ip.header(protocol, transport.length), transport);
        }

        /** The packet's length on the wire. */
        public final int length() {
            return bytes().length;
        }

        /** The packet without its TCP or UDP payload, as tcpdump with a small snap length keeps it. */
        public final byte[] headers() {
            byte[] bytes = bytes();
            return Arrays.copyOf(bytes, bytes.length - trailingPayload());
        }

        /**
         * The same packet with an IEEE 802.1Q (0x8100) or 802.1ad (0x88A8) tag in its Ethernet
         * frame, after the tags it has (outermost first); this packet stays untagged.
         */
        public IpPacket vlan(int tagProtocol, int vlanId) {
            IpPacket tagged = new Carried(ip, protocol, transport(), trailingPayload());
            tagged.tags.addAll(tags);
            tagged.tags.add(new int[] {tagProtocol, vlanId});
            return tagged;
        }

        /** An Ethernet frame from {@link #SOURCE_MAC} to {@link #DESTINATION_MAC}. */
        public final byte[] ethernet() {
            return ethernet(DESTINATION_MAC, SOURCE_MAC);
        }

        /**
         * A Linux cooked v2 frame (tcpdump -i any) captured on interface {@code ifindex}: protocol,
         * reserved, interface index, ARPHRD_ETHER, packet type "to us", a 6-byte address.
         */
        public final byte[] sll2(int ifindex) {
            byte[] header = java.nio.ByteBuffer.allocate(20).putShort((short) (ip.version == 4 ? IPV4 : IPV6))
                    .putShort((short) 0).putInt(ifindex).putShort((short) 1).put((byte) 0).put((byte) 6)
                    .put(SOURCE_MAC).putShort((short) 0).array();
            return concat(header, bytes());
        }

        public final byte[] ethernet(byte[] destinationMac, byte[] sourceMac) {
            ByteArrayOutputStream tagged = new ByteArrayOutputStream();
            for (int[] tag : tags) {
                tagged.writeBytes(short16(tag[0]));                 // TPID
                tagged.writeBytes(short16(tag[1] & 0x0FFF));        // priority 0, VLAN id
            }
            tagged.writeBytes(short16(ip.version == 4 ? IPV4 : IPV6));
            return concat(destinationMac, sourceMac, tagged.toByteArray(), bytes());
        }
    }

    /** A TCP header (window 64240, nothing set until a step says so), its options in call order, then the payload. */
    public static final class Tcp extends IpPacket {
        private final int sourcePort;
        private final int destinationPort;
        private long sequence;
        private long acknowledgment;
        private int flags;
        private int window = 64240;
        private final ByteArrayOutputStream options = new ByteArrayOutputStream();
        private byte[] payload = new byte[0];

        private Tcp(Ip ip, int sourcePort, int destinationPort) {
            super(ip, TCP);
            this.sourcePort = sourcePort;
            this.destinationPort = destinationPort;
        }

        public Tcp seq(long value) {
            sequence = value;
            return this;
        }

        public Tcp ack(long value) {
            acknowledgment = value;
            return this;
        }

        /** {@link #SYN}, {@link #ACK}, ... or'ed together. */
        public Tcp flags(int value) {
            flags = value;
            return this;
        }

        public Tcp window(int value) {
            window = value;
            return this;
        }

        /** Option MSS, 4 bytes. */
        public Tcp mss(int value) {
            return options(new byte[] {2, 4, (byte) (value >> 8), (byte) value});
        }

        /** Option SACK permitted, 2 bytes. */
        public Tcp sackPermitted() {
            return options(new byte[] {4, 2});
        }

        /** Option SACK with the given blocks, left and right edge each: 2 + 8 bytes a block. */
        public Tcp sack(long... edges) {
            byte[][] parts = new byte[edges.length + 1][];
            parts[0] = new byte[] {5, (byte) (2 + 4 * edges.length)};
            for (int i = 0; i < edges.length; i++) {
                parts[i + 1] = int32(edges[i]);
            }
            return options(parts);
        }

        /** Option timestamps, 10 bytes. */
        public Tcp timestamps(long value, long echoReply) {
            return options(new byte[] {8, 10}, int32(value), int32(echoReply));
        }

        /** NOP, NOP, timestamps 0 and 0: the 12 bytes Linux puts on every segment. */
        public Tcp linuxTimestamps() {
            return nop().nop().timestamps(0, 0);
        }

        /** Option window scale, 3 bytes. */
        public Tcp windowScale(int shift) {
            return options(new byte[] {3, 3, (byte) shift});
        }

        /** Option NOP, 1 byte. */
        public Tcp nop() {
            return options(new byte[] {1});
        }

        /** Option bytes as the test writes them; all options together must fill whole 4-byte words. */
        public Tcp options(byte[]... bytes) {
            options.writeBytes(concat(bytes));
            return this;
        }

        /** {@code length} bytes of payload (zeros). */
        public Tcp payload(int length) {
            payload = new byte[length];
            return this;
        }

        @Override
        byte[] transport() {
            byte[] optionBytes = options.toByteArray();
            if (optionBytes.length % 4 != 0) {
                throw new IllegalStateException(optionBytes.length + " bytes of TCP options: pad them with nop()");
            }
            return concat(ByteBuffer.allocate(20)
                    .putShort((short) sourcePort)
                    .putShort((short) destinationPort)
                    .putInt((int) sequence)
                    .putInt((int) acknowledgment)
                    .put((byte) ((20 + optionBytes.length) / 4 << 4)) // data offset in words, reserved bits
                    .put((byte) flags)
                    .putShort((short) window)
                    .putShort((short) 0)                            // checksum: left 0
                    .putShort((short) 0)                            // urgent pointer
                    .array(), optionBytes, payload);
        }

        @Override
        int trailingPayload() {
            return payload.length;
        }
    }

    /** A UDP header (checksum 0: none), then the payload. */
    public static final class Udp extends IpPacket {
        private final int sourcePort;
        private final int destinationPort;
        private byte[] payload = new byte[0];

        private Udp(Ip ip, int sourcePort, int destinationPort) {
            super(ip, UDP);
            this.sourcePort = sourcePort;
            this.destinationPort = destinationPort;
        }

        /** {@code length} bytes of payload (zeros). */
        public Udp payload(int length) {
            return payload(new byte[length]);
        }

        public Udp payload(byte[] bytes) {
            payload = bytes;
            return this;
        }

        @Override
        byte[] transport() {
            return concat(short16(sourcePort), short16(destinationPort), short16(8 + payload.length),
                    short16(0), payload);
        }

        @Override
        int trailingPayload() {
            return payload.length;
        }
    }

    /** An ICMP or ICMPv6 error's 8-byte header; {@link #quoting} ends it. */
    public static final class Icmp {
        private final Ip ip;
        private final int protocol;
        private final byte[] header;

        private Icmp(Ip ip, int protocol, byte[] header) {
            this.ip = ip;
            this.protocol = protocol;
            this.header = header;
        }

        /**
         * Quoting the packet as routers do: ICMP its IP header and 8 bytes more (RFC 792), ICMPv6
         * as much as keeps the error within the IPv6 minimum MTU of 1280 (RFC 4443).
         */
        public IpPacket quoting(IpPacket packet) {
            byte[] bytes = packet.bytes();
            int quoted = protocol == ICMP ? (bytes[0] & 0x0F) * 4 + 8 : 1280 - 40 - 8;
            return quoting(packet, Math.min(quoted, bytes.length));
        }

        /** Quoting the first {@code length} bytes of the packet. */
        public IpPacket quoting(IpPacket packet, int length) {
            return quoting(Arrays.copyOf(packet.bytes(), length));
        }

        /** Quoting bytes the test wrote. */
        public IpPacket quoting(byte[] quote) {
            return ip.carrying(protocol, header, quote);
        }
    }

    private static final class Carried extends IpPacket {
        private final byte[] payload;
        private final int trailingPayload;

        private Carried(Ip ip, int protocol, byte[] payload, int trailingPayload) {
            super(ip, protocol);
            this.payload = payload;
            this.trailingPayload = trailingPayload;
        }

        @Override
        byte[] transport() {
            return payload;
        }

        @Override
        int trailingPayload() {
            return trailingPayload;
        }
    }

    private static byte[] short16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] int32(long value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    /** The Internet checksum (RFC 1071) of an IPv4 header whose checksum field is 0. */
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
}
