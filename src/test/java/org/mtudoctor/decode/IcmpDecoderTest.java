package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.decode.Frames.DONT_FRAGMENT;
import static org.mtudoctor.decode.Frames.ICMP;
import static org.mtudoctor.decode.Frames.ICMPV6;
import static org.mtudoctor.decode.Frames.TCP;
import static org.mtudoctor.decode.Frames.bytes;
import static org.mtudoctor.decode.Frames.cut;
import static org.mtudoctor.decode.Frames.decode;
import static org.mtudoctor.decode.Frames.ethernet;
import static org.mtudoctor.decode.Frames.ipv4;
import static org.mtudoctor.decode.Frames.ipv6;
import static org.mtudoctor.decode.Frames.tcp;
import static org.mtudoctor.decode.Frames.zeros;
import static org.mtudoctor.testing.Bytes.concat;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

class IcmpDecoderTest {

    private static final int ETHERNET = 1;
    private static final long QUOTED_SEQUENCE = 0x9A3B_C001L;

    /** ICMP destination unreachable, fragmentation needed, with the next-hop MTU. */
    private static byte[] fragmentationNeeded(int mtu) {
        return bytes(
                0x03,                                   // type: destination unreachable
                0x04,                                   // code: fragmentation needed and DF set
                0x00, 0x00,                             // checksum: not checked
                0x00, 0x00,                             // unused
                mtu >> 8, mtu);                         // next-hop MTU
    }

    /** Ethernet + IPv4 from the router 10.0.2.1 to 10.0.3.2 + frag-needed + the quote. */
    private static byte[] fragmentationNeededFrame(int mtu, byte[] quote) {
        return concat(
                ethernet(0x0800),
                ipv4(20 + 8 + quote.length, 0, ICMP, "10.0.2.1", "10.0.3.2"),
                fragmentationNeeded(mtu),
                quote);
    }

    /** Ethernet + IPv6 from the router fd02::1 to fd03::2 + packet too big, MTU 1280 + the quote. */
    private static byte[] packetTooBigFrame(byte[] quote) {
        return concat(
                ethernet(0x86DD),
                ipv6(8 + quote.length, ICMPV6, "fd02::1", "fd03::2"),
                bytes(0x02,                             // type: packet too big
                        0x00,                           // code 0
                        0x00, 0x00,                     // checksum: not checked
                        0x00, 0x00, 0x05, 0x00),        // MTU: 1280
                quote);
    }

    /**
     * The seed incident: the web server 10.0.3.2:8080 sent a 1420-byte DF segment to the client
     * 10.0.1.2:51000; the PPTP server's 1396-byte link refused it. The router quotes the IP header
     * and the first 8 bytes of TCP, as RFC 792 asks.
     */
    private static byte[] seedIncident(int mtu) {
        byte[] quote = concat(
                ipv4(1420, DONT_FRAGMENT, TCP, "10.0.3.2", "10.0.1.2"),   // quoted IP header
                cut(tcp(8080, 51000, QUOTED_SEQUENCE, 0, Packet.ACK, zeros(0)), 8)); // ports, sequence
        return fragmentationNeededFrame(mtu, quote);
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
        byte[] quote = concat(
                ipv4(1420, DONT_FRAGMENT, TCP, "10.0.3.2", "10.0.1.2"),   // quoted IP header
                bytes(0x1F, 0x90,                       // quoted source port 8080
                        0xC7, 0x38));                   // quoted destination port 51000; no more
        byte[] frame = fragmentationNeededFrame(1396, quote);
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
        byte[] quotedHeader = concat(
                ipv4(1420, DONT_FRAGMENT, TCP, "10.0.3.2", "10.0.1.2"),
                bytes(0x94, 0x04, 0x00, 0x00));         // router alert option, length 4
        quotedHeader[0] = 0x46;                         // quoted version 4, header length 6 words
        byte[] quote = concat(quotedHeader,
                cut(tcp(8080, 51000, QUOTED_SEQUENCE, 0, Packet.ACK, zeros(0)), 8));
        byte[] frame = fragmentationNeededFrame(1396, quote);
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(51000, packet.quotedDestinationPort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
    }

    @Test
    void icmp_error_quoting_an_icmp_error_stops_at_the_quoted_header() {
        byte[] innerError = concat(
                ipv4(56, DONT_FRAGMENT, ICMP, "10.0.1.2", "10.0.3.2"),   // quoted: itself an ICMP error
                fragmentationNeeded(1200),              // whose own quote is left out
                zeros(8));
        byte[] frame = fragmentationNeededFrame(1396, innerError);
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(1396, packet.reportedMtu(), "the outer error's MTU, not the quoted one");
        assertEquals(ICMP, packet.quotedProtocol());
        assertEquals(-1, packet.quotedSourcePort());
        assertEquals(-1, packet.quotedSequence());
    }

    @Test
    void other_icmp_is_ip_other() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(28, 0, ICMP, "10.0.1.2", "10.0.3.2"),
                bytes(0x08, 0x00,                       // type: echo request, code 0
                        0x00, 0x00,                     // checksum
                        0x00, 0x01, 0x00, 0x01));       // identifier, sequence
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(8, packet.icmpType());
        assertEquals(-1, packet.reportedMtu());
    }

    @Test
    void port_unreachable_is_not_too_big() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(56, 0, ICMP, "10.0.1.2", "10.0.3.2"),
                bytes(0x03, 0x03,                       // destination unreachable, code 3: port
                        0x00, 0x00, 0x00, 0x00, 0x00, 0x00),
                ipv4(28, 0, 17, "10.0.3.2", "10.0.1.2"),
                zeros(8));
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
        byte[] quote = concat(
                ipv6(1440, TCP, "fd03::2", "fd01::2"), // quoted: 1480 bytes, too big for 1280
                tcp(8080, 51000, QUOTED_SEQUENCE, 1, Packet.ACK, zeros(0)),
                zeros(64));                             // some quoted payload
        byte[] frame = packetTooBigFrame(quote);
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
        byte[] quote = concat(
                ipv6(8 + 1432, 44, "fd03::2", "fd01::2"),  // quoted: next header fragment
                bytes(TCP, 0x00,                        // fragment: next header TCP, reserved
                        0x00, 0x01,                     //   offset 0, more fragments
                        0x00, 0x00, 0x00, 0x07),        //   identification
                cut(tcp(8080, 51000, QUOTED_SEQUENCE, 1, Packet.ACK, zeros(0)), 8));
        byte[] frame = packetTooBigFrame(quote);
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(TCP, packet.quotedProtocol());
        assertEquals(8080, packet.quotedSourcePort());
        assertEquals(QUOTED_SEQUENCE, packet.quotedSequence());
    }

    @Test
    void icmpv6_other_type_is_ip_other() {
        byte[] frame = concat(
                ethernet(0x86DD),
                ipv6(8, ICMPV6, "fd02::1", "fd03::2"),
                bytes(0x80, 0x00,                       // type: echo request, code 0
                        0x00, 0x00, 0x00, 0x01, 0x00, 0x01)); // checksum, identifier, sequence
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(128, packet.icmpType());
    }
}
