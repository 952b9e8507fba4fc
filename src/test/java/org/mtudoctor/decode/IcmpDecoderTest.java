package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.decode.Decoding.decode;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Bytes.zeros;
import static org.mtudoctor.testing.Packets.FRAGMENT;
import static org.mtudoctor.testing.Packets.ICMP;
import static org.mtudoctor.testing.Packets.ICMPV6;
import static org.mtudoctor.testing.Packets.TCP;
import static org.mtudoctor.testing.Packets.UDP;
import static org.mtudoctor.testing.Packets.ipv4;
import static org.mtudoctor.testing.Packets.ipv6;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;
import org.mtudoctor.testing.Packets;

class IcmpDecoderTest {

    private static final int ETHERNET = 1;
    private static final long QUOTED_SEQUENCE = 0x9A3B_C001L;

    /** IPv4 from the router 10.0.2.1 to 10.0.3.2: frag-needed with the next-hop MTU, its quote to follow. */
    private static Packets.Icmp fragmentationNeeded(int mtu) {
        return ipv4("10.0.2.1", "10.0.3.2").icmpFragNeeded(mtu);
    }

    /** IPv6 from the router fd02::1 to fd03::2: packet too big, MTU 1280, its quote to follow. */
    private static Packets.Icmp packetTooBig() {
        return ipv6("fd02::1", "fd03::2").icmpv6PacketTooBig(1280);
    }

    /** The web server 10.0.3.2:8080's 1420-byte DF segment to the client 10.0.1.2:51000. */
    private static Packets.IpPacket seedSegment() {
        return ipv4("10.0.3.2", "10.0.1.2").dontFragment()
                .tcp(8080, 51000).seq(QUOTED_SEQUENCE).flags(Packet.ACK).payload(1380);
    }

    /**
     * The seed incident: the PPTP server's 1396-byte link refused the seed segment. The router
     * quotes the IP header and the first 8 bytes of TCP (ports, sequence), as RFC 792 asks.
     */
    private static byte[] seedIncident(int mtu) {
        return fragmentationNeeded(mtu).quoting(seedSegment()).ethernet();
    }

    @Test
    void frag_needed_quoting_the_seed_incident_segment() {
        Packet packet = decode(ETHERNET, seedIncident(1396));
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.ICMP_TOO_BIG, packet.content());
        assertEquals(3, packet.icmpType());
        assertEquals(4, packet.icmpCode());
        assertEquals(1396, packet.reportedMtu());
        assertEquals(4, packet.quotedIpVersion());
        assertEquals(IpAddress.parse("10.0.3.2"), IpAddress.of(4, packet.quotedSourceHigh(), packet.quotedSourceLow()));
        assertEquals(IpAddress.parse("10.0.1.2"),
                IpAddress.of(4, packet.quotedDestinationHigh(), packet.quotedDestinationLow()));
        assertEquals(TCP, packet.quotedProtocol());
        assertEquals(1420, packet.quotedPacketLength());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(51000, packet.quotedDestinationPort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
        // The ICMP message's own fields are not mistaken for TCP.
        assertEquals(-1, packet.sourcePort());
        assertEquals(-1, packet.sequence());
    }

    @Test
    void mtu_zero_from_a_pre_rfc1191_router_is_kept_as_sent() {
        Packet packet = decode(ETHERNET, seedIncident(0));
        assertEquals(Content.ICMP_TOO_BIG, packet.content());
        assertEquals(0, packet.reportedMtu());
        assertEquals(1420, packet.quotedPacketLength());
        assertEquals(1006, Rfc1191Plateaus.plateauBelow(packet.quotedPacketLength()));
    }

    @Test
    void quote_that_ends_after_the_ports() {
        byte[] frame = fragmentationNeeded(1396)
                .quoting(seedSegment(), 20 + 4)         // the IP header and the ports; no more
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage(), "the router sent a short quote; nothing was cut");
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(51000, packet.quotedDestinationPort());
        assertEquals(-1, packet.quotedSequence());
    }

    @Test
    void quote_cut_by_the_snap_length_is_truncation() {
        byte[] whole = seedIncident(1396);
        Packet packet = decode(ETHERNET, cut(whole, whole.length - 4), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("icmp-quote", packet.damagedLayer());
        assertEquals(1396, packet.reportedMtu());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(-1, packet.quotedSequence());
    }

    @Test
    void quote_cut_before_the_addresses() {
        byte[] whole = seedIncident(1396);
        Packet packet = decode(ETHERNET, cut(whole, 14 + 20 + 8 + 12), whole.length);
        assertEquals(Content.ICMP_TOO_BIG, packet.content());
        assertEquals(1420, packet.quotedPacketLength());
        assertEquals(TCP, packet.quotedProtocol(), "byte 9 of the quote was captured");
        assertEquals(0, packet.quotedSourceLow());
        assertEquals(-1, packet.quotedSourcePort());
    }

    @Test
    void quote_with_ip_options_respects_its_header_length() {
        Packets.IpPacket quoted = ipv4("10.0.3.2", "10.0.1.2").dontFragment()
                .options(bytes(0x94, 0x04, 0x00, 0x00)) // router alert option, length 4: header length 6 words
                .tcp(8080, 51000).seq(QUOTED_SEQUENCE).flags(Packet.ACK).payload(1376);   // 1420 bytes
        byte[] frame = fragmentationNeeded(1396).quoting(quoted).ethernet();   // 24 bytes of header, 8 of TCP
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(51000, packet.quotedDestinationPort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
    }

    @Test
    void icmp_error_quoting_an_icmp_error_stops_at_the_quoted_header() {
        byte[] innerError = ipv4("10.0.1.2", "10.0.3.2").totalLength(56).dontFragment()
                .icmpFragNeeded(1200)                   // quoted: itself an ICMP error
                .quoting(zeros(8))                      // whose own quote is left out
                .bytes();
        byte[] frame = fragmentationNeeded(1396).quoting(innerError).ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(1396, packet.reportedMtu(), "the outer error's MTU, not the quoted one");
        assertEquals(ICMP, packet.quotedProtocol());
        assertEquals(-1, packet.quotedSourcePort());
        assertEquals(-1, packet.quotedSequence());
    }

    @Test
    void other_icmp_is_ip_other() {
        byte[] frame = ipv4("10.0.1.2", "10.0.3.2").carrying(ICMP,
                bytes(0x08, 0x00,                       // type: echo request, code 0
                        0x00, 0x00,                     // checksum
                        0x00, 0x01, 0x00, 0x01))        // identifier, sequence
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(8, packet.icmpType());
        assertEquals(-1, packet.reportedMtu());
    }

    @Test
    void port_unreachable_is_not_too_big() {
        byte[] frame = ipv4("10.0.1.2", "10.0.3.2").carrying(ICMP,
                bytes(0x03, 0x03,                       // destination unreachable, code 3: port
                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
                ipv4("10.0.3.2", "10.0.1.2").carrying(UDP, zeros(8)).bytes())   // the quoted datagram
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(-1, packet.reportedMtu());
    }

    @Test
    void icmp_header_cut_before_the_mtu() {
        byte[] whole = seedIncident(1396);
        Packet packet = decode(ETHERNET, cut(whole, 14 + 20 + 6), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("icmp", packet.damagedLayer());
        assertEquals(Content.IP_OTHER, packet.content(), "too big, but the MTU was not captured");
        assertEquals(-1, packet.reportedMtu());
    }

    @Test
    void icmpv6_packet_too_big_quoting_ipv6_tcp() {
        Packets.IpPacket quoted = ipv6("fd03::2", "fd01::2")   // 1480 bytes, too big for 1280
                .tcp(8080, 51000).seq(QUOTED_SEQUENCE).ack(1).flags(Packet.ACK).payload(1420);
        byte[] frame = packetTooBig().quoting(quoted, 40 + 20 + 64).ethernet();   // some quoted payload
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.ICMP_TOO_BIG, packet.content());
        assertEquals(2, packet.icmpType());
        assertEquals(1280, packet.reportedMtu());
        assertEquals(6, packet.quotedIpVersion());
        assertEquals(IpAddress.parse("fd03::2"), IpAddress.of(6, packet.quotedSourceHigh(), packet.quotedSourceLow()));
        assertEquals(IpAddress.parse("fd01::2"),
                IpAddress.of(6, packet.quotedDestinationHigh(), packet.quotedDestinationLow()));
        assertEquals(1480, packet.quotedPacketLength());
        assertEquals(TCP, packet.quotedProtocol());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(51000, packet.quotedDestinationPort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
    }

    @Test
    void icmpv6_quote_with_a_fragment_header() {
        Packets.IpPacket quoted = ipv6("fd03::2", "fd01::2")   // 1480 bytes
                .extensionHeaders(FRAGMENT,
                        bytes(TCP, 0x00,                // fragment: next header TCP, reserved
                        0x00, 0x01,                     //   offset 0, more fragments
                        0x00, 0x00, 0x00, 0x07))        //   identification
                .tcp(8080, 51000).seq(QUOTED_SEQUENCE).ack(1).flags(Packet.ACK).payload(1412);
        byte[] frame = packetTooBig().quoting(quoted, 40 + 8 + 8).ethernet();   // up to the sequence number
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(TCP, packet.quotedProtocol());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
    }

    @Test
    void icmpv6_other_type_is_ip_other() {
        byte[] frame = ipv6("fd02::1", "fd03::2").carrying(ICMPV6,
                bytes(0x80, 0x00,                       // type: echo request, code 0
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x01)) // checksum, identifier, sequence
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(128, packet.icmpType());
    }
}
