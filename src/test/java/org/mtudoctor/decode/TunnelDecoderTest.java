package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.decode.Frames.DONT_FRAGMENT;
import static org.mtudoctor.decode.Frames.ICMP;
import static org.mtudoctor.decode.Frames.MORE_FRAGMENTS;
import static org.mtudoctor.decode.Frames.TCP;
import static org.mtudoctor.decode.Frames.bytes;
import static org.mtudoctor.decode.Frames.cut;
import static org.mtudoctor.decode.Frames.decode;
import static org.mtudoctor.decode.Frames.ethernet;
import static org.mtudoctor.decode.Frames.gre;
import static org.mtudoctor.decode.Frames.ipv4;
import static org.mtudoctor.decode.Frames.ipv6;
import static org.mtudoctor.decode.Frames.synOptions;
import static org.mtudoctor.decode.Frames.tcp;
import static org.mtudoctor.decode.Frames.vxlan;
import static org.mtudoctor.decode.Frames.zeros;
import static org.mtudoctor.testing.Bytes.concat;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/**
 * Each tunnel kind carrying the same inner SYN (MSS 1360, from 10.8.0.2 to 203.0.113.80): the
 * decoded packet is the inner one, and the tunnel, its overhead and the outer length are named.
 */
class TunnelDecoderTest {

    private static final int ETHERNET = 1;
    private static final int IPIP = 4;
    private static final int IPV6_IN_IP = 41;
    private static final int GRE = 47;
    private static final int UDP = 17;
    private static final int IPV4_SYN_LENGTH = 60;   // 20 IP + 20 TCP + 20 options

    /** The inner packet: an IPv4 SYN with MSS 1360, 60 bytes. */
    private static byte[] innerSyn() {
        return concat(
                ipv4(IPV4_SYN_LENGTH, DONT_FRAGMENT, TCP, "10.8.0.2", "203.0.113.80"),
                tcp(51000, 443, 7000, 0, Packet.SYN, synOptions(1360)));
    }

    /** An IPv6 SYN with MSS 1340 inside, 80 bytes. */
    private static byte[] innerIpv6Syn() {
        return concat(
                ipv6(40, TCP, "2001:db8:8::2", "2001:db8:113::80"),
                tcp(51000, 443, 7000, 0, Packet.SYN, synOptions(1340)));
    }

    private static void assertInnerSyn(Packet packet, Tunnel tunnel, int overhead) {
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(4, packet.ipVersion());
        assertEquals(IpAddress.parse("10.8.0.2"), IpAddress.of(4, packet.sourceHigh(), packet.sourceLow()));
        assertEquals(IpAddress.parse("203.0.113.80"),
                IpAddress.of(4, packet.destinationHigh(), packet.destinationLow()));
        assertEquals(IPV4_SYN_LENGTH, packet.ipPacketLength());
        assertEquals(1360, packet.mss());
        assertEquals(tunnel, packet.tunnel());
        assertEquals(overhead, packet.tunnelOverhead());
        assertEquals(IPV4_SYN_LENGTH + overhead, packet.outerPacketLength(), "outer = inner + overhead");
        assertEquals(14, packet.linkHeaderLength(), "the capture's own Ethernet header only");
    }

    @Test
    void gre_ipv4_without_optional_fields() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x0800, zeros(0)),            // no checksum, key or sequence; IPv4 inside
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.GRE, 24);
        assertEquals(1, packet.tunnelCount());
    }

    @Test
    void gre_with_checksum_key_and_sequence_number() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 16 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0xB0, 0x0800, bytes(                // C, K and S present
                        0x12, 0x34, 0x00, 0x00,         // checksum, reserved
                        0x00, 0x00, 0x00, 0x2A,         // key 42
                        0x00, 0x00, 0x00, 0x07)),       // sequence number 7
                innerSyn());
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GRE, 36);
    }

    @Test
    void gre_ipv6_inside() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + 80, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x86DD, zeros(0)),            // IPv6 inside
                innerIpv6Syn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(6, packet.ipVersion());
        assertEquals(1340, packet.mss());
        assertEquals(Tunnel.GRE, packet.tunnel());
        assertEquals(24, packet.tunnelOverhead());
    }

    @Test
    void gre_transparent_ethernet_bridging_counts_the_inner_ethernet_header() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + 14 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x6558, zeros(0)),            // Ethernet inside
                ethernet(0x0800),                       // inner Ethernet, IPv4
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.GRE, 38);
        assertEquals(0, packet.vlanTagCount());
    }

    @Test
    void gre_with_another_payload_is_left_closed() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x10, 0x88BE, bytes(0, 0, 0, 1)),   // ERSPAN type II, sequence 1
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(GRE, packet.protocol());
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(Damage.NONE, packet.damage());
    }

    @Test
    void gre_header_cut_by_snap_length() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 16 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0xB0, 0x0800, zeros(12)),
                innerSyn());
        Packet packet = decode(ETHERNET, cut(frame, 14 + 20 + 10), frame.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("gre", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    /** PPTP as the seed's pptpd sends it: enhanced GRE with sequence and acknowledgment, PPP with FF 03. */
    @Test
    void pptp_enhanced_gre_with_sequence_acknowledgment_and_ppp_address_control() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 16 + 4 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x30,                             // K and S present
                        0x81,                           // A present, version 1
                        0x88, 0x0B,                     // protocol: PPP
                        0x00, 4 + IPV4_SYN_LENGTH,      // key: payload length 64
                        0x40, 0x00,                     // key: call ID 0x4000
                        0x00, 0x00, 0x00, 0x05,         // sequence number 5
                        0x00, 0x00, 0x00, 0x04),        // acknowledgment number 4
                bytes(0xFF, 0x03,                       // PPP address and control
                        0x00, 0x21),                    // PPP protocol: IPv4
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.PPTP, 40);
    }

    @Test
    void pptp_with_compressed_address_control_and_protocol() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 12 + 1 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x30, 0x01, 0x88, 0x0B,           // K, S; version 1; PPP
                        0x00, 1 + IPV4_SYN_LENGTH,      // payload length 61
                        0x40, 0x00,                     // call ID
                        0x00, 0x00, 0x00, 0x05),        // sequence number 5, no acknowledgment
                bytes(0x21),                            // PPP protocol compressed to one byte: IPv4
                innerSyn());
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.PPTP, 33);
    }

    @Test
    void pptp_acknowledgment_without_payload_carries_no_ip() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 12, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x20, 0x81, 0x88, 0x0B,           // K; A, version 1; PPP
                        0x00, 0x00,                     // payload length 0
                        0x40, 0x00,                     // call ID
                        0x00, 0x00, 0x00, 0x04));       // acknowledgment number 4
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void pptp_lcp_is_not_ip() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 8 + 8, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x20, 0x01, 0x88, 0x0B, 0x00, 0x08, 0x40, 0x00), // K; version 1; PPP; length 8; call ID
                bytes(0xFF, 0x03, 0xC0, 0x21,           // PPP: LCP
                        0x09, 0x01, 0x00, 0x04));       // echo request
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content(), "the outer packet stays what was decoded");
        assertEquals(GRE, packet.protocol());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    /** MPPE, as PPTP clients negotiate it by default: CCP's compressed datagram, protocol 0x00FD. */
    @Test
    void pptp_with_mppe_is_encrypted_ppp() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 12 + 4 + 8, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x30, 0x01, 0x88, 0x0B, 0x00, 0x0C, 0x40, 0x00,  // K S; version 1; PPP; length 12; call ID
                        0x00, 0x00, 0x00, 0x07),                   // sequence number
                bytes(0xFF, 0x03, 0x00, 0xFD),                     // PPP: compressed datagram (CCP)
                bytes(0x90, 0x2A, 0x5C, 0x11, 0xE3, 0x07, 0x61, 0xB2)); // MPPE: coherency count, then ciphertext
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.ENCRYPTED_PPP, packet.content());
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Tunnel.NONE, packet.tunnel(), "no IP inside to name the tunnel's flow by");
    }

    @Test
    void ppp_link_and_pppoe_with_compressed_or_encrypted_datagrams() {
        for (int protocol : new int[] {0x00FD, 0x00FB, 0x0053, 0x0055}) {
            byte[] ppp = bytes(0xFF, 0x03, protocol >> 8, protocol & 0xFF, 0x12, 0x34);
            assertEquals(Content.ENCRYPTED_PPP, decode(9, ppp).content(), "LINKTYPE_PPP, protocol " + protocol);
            byte[] pppoe = concat(
                    ethernet(0x8864),
                    bytes(0x11, 0x00, 0x12, 0x34, 0x00, 0x04,       // version/type, session data, session 0x1234, length 4
                            protocol >> 8, protocol & 0xFF, 0x12, 0x34));
            assertEquals(Content.ENCRYPTED_PPP, decode(ETHERNET, pppoe).content(), "PPPoE, protocol " + protocol);
        }
        // CCP's own negotiation (0x80FD) is control, not a datagram.
        assertEquals(Content.NOT_IP, decode(9, bytes(0xFF, 0x03, 0x80, 0xFD, 0x01, 0x01, 0x00, 0x04)).content());
    }

    @Test
    void enhanced_gre_without_a_key_is_malformed() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                bytes(0x00, 0x01, 0x88, 0x0B),          // no K bit, which RFC 2637 requires
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("pptp-gre", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void ipip() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + IPV4_SYN_LENGTH, 0, IPIP, "192.0.2.1", "198.51.100.2"),
                innerSyn());
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.IPIP, 20);
    }

    @Test
    void six_in_four() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 80, 0, IPV6_IN_IP, "192.0.2.1", "198.51.100.2"),
                innerIpv6Syn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(6, packet.ipVersion());
        assertEquals(IpAddress.parse("2001:db8:8::2"), IpAddress.of(6, packet.sourceHigh(), packet.sourceLow()));
        assertEquals(-1, packet.identification(), "no IPv4 identification left from the outer header");
        assertEquals(Tunnel.SIX_IN_FOUR, packet.tunnel());
        assertEquals(20, packet.tunnelOverhead());
        assertEquals(100, packet.outerPacketLength());
    }

    @Test
    void four_in_six_clears_the_outer_addresses_upper_half() {
        byte[] frame = concat(
                ethernet(0x86DD),
                ipv6(IPV4_SYN_LENGTH, IPIP, "2001:db8::1", "2001:db8::2"),
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.FOUR_IN_SIX, 40);
        assertEquals(0, packet.sourceHigh());
    }

    @Test
    void vxlan_counts_udp_vxlan_and_inner_ethernet() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 16 + 14 + IPV4_SYN_LENGTH, 0, UDP, "10.0.5.2", "10.0.5.1"),
                vxlan(16 + 14 + IPV4_SYN_LENGTH),
                ethernet(0x0800),                       // the overlay's Ethernet frame
                innerSyn());
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.VXLAN, 50);
    }

    @Test
    void udp_to_the_vxlan_port_without_the_i_flag_is_malformed() {
        byte[] header = vxlan(16 + 14 + IPV4_SYN_LENGTH);
        header[8] = 0x00;                               // VXLAN flags: I bit cleared
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 16 + 14 + IPV4_SYN_LENGTH, 0, UDP, "10.0.5.2", "10.0.5.1"),
                header, ethernet(0x0800), innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("vxlan", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void inner_icmp_frag_needed_through_gre() {
        byte[] quoted = concat(
                ipv4(1420, DONT_FRAGMENT, TCP, "203.0.113.80", "10.8.0.2"),
                tcp(443, 51000, 9000, 7001, Packet.ACK, zeros(0)));
        byte[] icmp = concat(bytes(
                        3, 4,                           // destination unreachable, fragmentation needed
                        0x00, 0x00,                     // checksum: not checked
                        0x00, 0x00,                     // unused
                        0x05, 0x74),                    // next-hop MTU 1396
                quoted);
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + 20 + icmp.length, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x0800, zeros(0)),
                ipv4(20 + icmp.length, 0, ICMP, "10.8.0.1", "203.0.113.80"),
                icmp);
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.ICMP_TOO_BIG, packet.content());
        assertEquals(1396, packet.reportedMtu());
        assertEquals(IpAddress.parse("10.8.0.1"), IpAddress.of(4, packet.sourceHigh(), packet.sourceLow()));
        assertEquals(1420, packet.quotedPacketLength());
        assertEquals(9000, packet.quotedSequence());
        assertEquals(Tunnel.GRE, packet.tunnel());
    }

    @Test
    void pppoe_session_is_recorded_as_a_tunnel() {
        byte[] frame = concat(
                ethernet(0x8864),                       // PPPoE session
                bytes(0x11, 0x00,                       // version 1, type 1, code: session data
                        0x12, 0x34,                     // session ID
                        0x00, 2 + IPV4_SYN_LENGTH,      // PPPoE length: PPP protocol and IP
                        0x00, 0x21),                    // PPP protocol: IPv4
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(1360, packet.mss());
        assertEquals(Tunnel.PPPOE, packet.tunnel());
        assertEquals(8, packet.tunnelOverhead());
        assertEquals(8 + IPV4_SYN_LENGTH, packet.outerPacketLength());
        assertEquals(22, packet.linkHeaderLength(), "PPPoE stays part of the link header, as before");
    }

    @Test
    void pppoe_then_gre_adds_both_overheads_and_names_the_outermost() {
        byte[] frame = concat(
                ethernet(0x8864),
                bytes(0x11, 0x00, 0x12, 0x34,
                        0x00, 2 + 24 + IPV4_SYN_LENGTH, // PPPoE length
                        0x00, 0x21),                    // PPP protocol: IPv4
                ipv4(24 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x0800, zeros(0)),
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(Tunnel.PPPOE, packet.tunnel());
        assertEquals(2, packet.tunnelCount());
        assertEquals(8 + 24, packet.tunnelOverhead());
    }

    @Test
    void pppoe_inside_a_bridged_gre_tunnel_counts_as_that_tunnels_bytes() {
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + 14 + 8 + IPV4_SYN_LENGTH, 0, GRE, "192.0.2.1", "198.51.100.2"),
                gre(0x00, 0x6558, zeros(0)),            // Ethernet inside
                ethernet(0x8864),                       // inner Ethernet: PPPoE session
                bytes(0x11, 0x00, 0x12, 0x34,           // version/type, code, session ID
                        0x00, 2 + IPV4_SYN_LENGTH,      // PPPoE length
                        0x00, 0x21),                    // PPP protocol: IPv4
                innerSyn());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(Tunnel.GRE, packet.tunnel(), "the outermost tunnel");
        assertEquals(1, packet.tunnelCount(), "the inner PPPoE is part of the GRE tunnel's payload");
        assertEquals(20 + 4 + 14 + 8, packet.tunnelOverhead(), "counted once");
        assertEquals(20 + 4 + 14 + 8 + IPV4_SYN_LENGTH, packet.outerPacketLength());
    }

    @Test
    void nesting_stops_after_the_maximum_number_of_tunnels() {
        int tunnels = PacketDecoder.MAX_TUNNELS + 2;
        byte[] packet = innerSyn();
        for (int i = 0; i < tunnels; i++) {
            packet = concat(ipv4(20 + packet.length, 0, IPIP, "192.0.2.1", "198.51.100.2"), packet);
        }
        Packet decoded = decode(ETHERNET, concat(ethernet(0x0800), packet));
        assertEquals(PacketDecoder.MAX_TUNNELS, decoded.tunnelCount());
        assertEquals(Content.IP_OTHER, decoded.content(), "the fifth IP-in-IP is left closed");
        assertEquals(IPIP, decoded.protocol());
        assertEquals(20 * PacketDecoder.MAX_TUNNELS, decoded.tunnelOverhead());
    }

    @Test
    void first_fragment_of_a_tunnel_packet_still_shows_the_inner_header() {
        byte[] inner = concat(
                ipv4(1400, DONT_FRAGMENT, TCP, "10.8.0.2", "203.0.113.80"),
                tcp(51000, 443, 7001, 9000, Packet.ACK, zeros(0)));
        byte[] frame = concat(
                ethernet(0x0800),
                ipv4(20 + 4 + inner.length, MORE_FRAGMENTS, GRE, "192.0.2.1", "198.51.100.2"), // first fragment
                gre(0x00, 0x0800, zeros(0)),
                inner);                                 // the rest of the 1400 bytes in later fragments
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(1400, packet.ipPacketLength());
        assertEquals(1360, packet.payloadLength());
    }

    @Test
    void reset_clears_the_tunnel_fields() {
        Packet packet = new Packet();
        PacketDecoder decoder = new PacketDecoder();
        byte[] tunnelled = concat(ethernet(0x0800),
                ipv4(20 + IPV4_SYN_LENGTH, 0, IPIP, "192.0.2.1", "198.51.100.2"), innerSyn());
        decoder.decode(ETHERNET, tunnelled, 0, tunnelled.length, tunnelled.length, packet);
        assertEquals(Tunnel.IPIP, packet.tunnel());
        byte[] plain = concat(ethernet(0x0800), innerSyn());
        decoder.decode(ETHERNET, plain, 0, plain.length, plain.length, packet);
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(0, packet.tunnelCount());
        assertEquals(0, packet.tunnelOverhead());
        assertEquals(0, packet.outerPacketLength());
        assertTrue(packet.mss() == 1360);
    }
}
