package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.decode.Decoding.decode;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.concat;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Bytes.zeros;
import static org.mtudoctor.testing.Packets.ethernet;
import static org.mtudoctor.testing.Packets.ipv4;
import static org.mtudoctor.testing.Packets.ipv6;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;
import org.mtudoctor.testing.Packets;

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
    private static Packets.IpPacket innerSyn() {
        return ipv4("10.8.0.2", "203.0.113.80").dontFragment()
                .tcp(51000, 443).seq(7000).flags(Packet.SYN)
                .mss(1360).sackPermitted().timestamps(0x00010203, 0).nop().windowScale(7);
    }

    /** An IPv6 SYN with MSS 1340 inside, 80 bytes. */
    private static Packets.IpPacket innerIpv6Syn() {
        return ipv6("2001:db8:8::2", "2001:db8:113::80")
                .tcp(51000, 443).seq(7000).flags(Packet.SYN)
                .mss(1340).sackPermitted().timestamps(0x00010203, 0).nop().windowScale(7);
    }

    /** The outer IPv4 header of the tunnels between 192.0.2.1 and 198.51.100.2. */
    private static Packets.Ip outer() {
        return ipv4("192.0.2.1", "198.51.100.2");
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
        byte[] frame = outer().gre(innerSyn()).ethernet();   // no checksum, key or sequence; IPv4 inside
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.GRE, 24);
        assertEquals(1, packet.tunnelCount());
    }

    @Test
    void gre_with_checksum_key_and_sequence_number() {
        byte[] frame = outer().carrying(GRE,
                bytes(0xB0, 0x00,                       // C, K and S present; version 0
                        0x08, 0x00,                     // protocol: IPv4
                        0x12, 0x34, 0x00, 0x00,         // checksum, reserved
                        0x00, 0x00, 0x00, 0x2A,         // key 42
                        0x00, 0x00, 0x00, 0x07),        // sequence number 7
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GRE, 36);
    }

    @Test
    void gre_ipv6_inside() {
        byte[] frame = outer().gre(innerIpv6Syn()).ethernet();   // IPv6 inside
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(6, packet.ipVersion());
        assertEquals(1340, packet.mss());
        assertEquals(Tunnel.GRE, packet.tunnel());
        assertEquals(24, packet.tunnelOverhead());
    }

    @Test
    void gre_transparent_ethernet_bridging_counts_the_inner_ethernet_header() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x00, 0x00, 0x65, 0x58),          // no optional fields; Ethernet inside
                innerSyn().ethernet())                  // inner Ethernet, IPv4
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.GRE, 38);
        assertEquals(0, packet.vlanTagCount());
    }

    @Test
    void gre_with_another_payload_is_left_closed() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x10, 0x00, 0x82, 0x00,           // S present; Aruba's 802.11 (0x8200)
                        0, 0, 0, 1),                    // sequence 1
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(GRE, packet.protocol());
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(Damage.NONE, packet.damage());
    }

    @Test
    void gre_header_cut_by_snap_length() {
        byte[] frame = outer().carrying(GRE,
                bytes(0xB0, 0x00, 0x08, 0x00),          // C, K and S present; IPv4 inside
                zeros(12),                              // checksum, key, sequence number
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, cut(frame, 14 + 20 + 10), frame.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("gre", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    /** PPTP as the seed's pptpd sends it: enhanced GRE with sequence and acknowledgment, PPP with FF 03. */
    @Test
    void pptp_enhanced_gre_with_sequence_acknowledgment_and_ppp_address_control() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x30,                             // K and S present
                        0x81,                           // A present, version 1
                        0x88, 0x0B,                     // protocol: PPP
                        0x00, 4 + IPV4_SYN_LENGTH,      // key: payload length 64
                        0x40, 0x00,                     // key: call ID 0x4000
                        0x00, 0x00, 0x00, 0x05,         // sequence number 5
                        0x00, 0x00, 0x00, 0x04),        // acknowledgment number 4
                bytes(0xFF, 0x03,                       // PPP address and control
                        0x00, 0x21),                    // PPP protocol: IPv4
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.PPTP, 40);
    }

    @Test
    void pptp_with_compressed_address_control_and_protocol() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x30, 0x01, 0x88, 0x0B,           // K, S; version 1; PPP
                        0x00, 1 + IPV4_SYN_LENGTH,      // payload length 61
                        0x40, 0x00,                     // call ID
                        0x00, 0x00, 0x00, 0x05),        // sequence number 5, no acknowledgment
                bytes(0x21),                            // PPP protocol compressed to one byte: IPv4
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.PPTP, 33);
    }

    @Test
    void pptp_acknowledgment_without_payload_carries_no_ip() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x20, 0x81, 0x88, 0x0B,           // K; A, version 1; PPP
                        0x00, 0x00,                     // payload length 0
                        0x40, 0x00,                     // call ID
                        0x00, 0x00, 0x00, 0x04))        // acknowledgment number 4
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void pptp_lcp_is_not_ip() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x20, 0x01, 0x88, 0x0B, 0x00, 0x08, 0x40, 0x00), // K; version 1; PPP; length 8; call ID
                bytes(0xFF, 0x03, 0xC0, 0x21,           // PPP: LCP
                        0x09, 0x01, 0x00, 0x04))        // echo request
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content(), "the outer packet stays what was decoded");
        assertEquals(GRE, packet.protocol());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    /** MPPE, as PPTP clients negotiate it by default: CCP's compressed datagram, protocol 0x00FD. */
    @Test
    void pptp_with_mppe_is_encrypted_ppp() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x30, 0x01, 0x88, 0x0B, 0x00, 0x0C, 0x40, 0x00,  // K S; version 1; PPP; length 12; call ID
                        0x00, 0x00, 0x00, 0x07),                   // sequence number
                bytes(0xFF, 0x03, 0x00, 0xFD),                     // PPP: compressed datagram (CCP)
                bytes(0x90, 0x2A, 0x5C, 0x11, 0xE3, 0x07, 0x61, 0xB2)) // MPPE: coherency count, then ciphertext
                .ethernet();
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
        byte[] frame = outer().carrying(GRE,
                bytes(0x00, 0x01, 0x88, 0x0B),          // no K bit, which RFC 2637 requires
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("pptp-gre", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void ipip() {
        byte[] frame = outer().ipInIp(innerSyn()).ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.IPIP, 20);
    }

    @Test
    void six_in_four() {
        byte[] frame = outer().ipInIp(innerIpv6Syn()).ethernet();
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
        byte[] frame = ipv6("2001:db8::1", "2001:db8::2").ipInIp(innerSyn()).ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertInnerSyn(packet, Tunnel.FOUR_IN_SIX, 40);
        assertEquals(0, packet.sourceHigh());
    }

    @Test
    void vxlan_counts_udp_vxlan_and_inner_ethernet() {
        byte[] frame = ipv4("10.0.5.2", "10.0.5.1")
                .vxlan(innerSyn().ethernet())           // the overlay's Ethernet frame
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.VXLAN, 50);
    }

    @Test
    void udp_to_the_vxlan_port_without_the_i_flag_is_malformed() {
        byte[] frame = ipv4("10.0.5.2", "10.0.5.1").vxlan(innerSyn().ethernet()).ethernet();
        frame[14 + 20 + 8] = 0x00;                      // VXLAN flags: I bit cleared
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("vxlan", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    /** UDP from port 50000 to {@code port}, carrying {@code parts}, between the outer addresses. */
    private static Packets.IpPacket udpTunnel(int port, byte[]... parts) {
        return outer().udp(50000, port).payload(concat(parts));
    }

    @Test
    void vxlan_on_linux_old_default_port() {
        byte[] frame = udpTunnel(8472,
                bytes(0x08, 0x00, 0x00, 0x00,           // flags: I; reserved
                        0x00, 0x00, 0x2A, 0x00),        // VNI 42, reserved
                innerSyn().ethernet())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.VXLAN, 20 + 8 + 8 + 14);
    }

    @Test
    void geneve_with_options_carrying_ethernet() {
        byte[] frame = udpTunnel(6081,
                bytes(0x02,                             // version 0, options 2 words
                        0x00,                           // O and C clear
                        0x65, 0x58,                     // protocol: Ethernet
                        0x00, 0x00, 0x2A, 0x00,         // VNI 42, reserved
                        0x01, 0x03, 0x01,               // option class 0x0103, type 1
                        0x01,                           //   length 1 word after its 4-byte header
                        0x00, 0x00, 0x00, 0x07),        //   its value
                innerSyn().ethernet())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GENEVE, 20 + 8 + 8 + 8 + 14);
    }

    @Test
    void geneve_carrying_ip() {
        byte[] frame = udpTunnel(6081,
                bytes(0x00, 0x00, 0x08, 0x00,           // version 0, no options; protocol: IPv4
                        0x00, 0x00, 0x2A, 0x00),        // VNI 42, reserved
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GENEVE, 20 + 8 + 8);
    }

    @Test
    void geneve_of_an_unknown_version_is_malformed() {
        byte[] frame = udpTunnel(6081,
                bytes(0x40, 0x00, 0x08, 0x00,           // version 1: no layout known
                        0x00, 0x00, 0x2A, 0x00),
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("geneve", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void geneve_options_cut_by_snap_length() {
        byte[] frame = udpTunnel(6081,
                bytes(0x3F, 0x00, 0x65, 0x58,           // 63 words of options, which the frame lacks
                        0x00, 0x00, 0x2A, 0x00),
                innerSyn().ethernet())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("geneve", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void gtp_u_t_pdu() {
        byte[] frame = udpTunnel(2152,
                bytes(0x30,                             // version 1, protocol type GTP; no E, S, PN
                        0xFF,                           // T-PDU
                        0x00, IPV4_SYN_LENGTH,          // length after the 8 bytes
                        0x00, 0x10, 0x06, 0x57),        // TEID
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GTP_U, 20 + 8 + 8);
    }

    /** As zeek's gtp_ext_header.pcap: a sequence number and a PDCP PDU number extension header. */
    @Test
    void gtp_u_with_sequence_number_and_extension_header() {
        byte[] frame = udpTunnel(2152,
                bytes(0x36,                             // version 1, GTP; E and S
                        0xFF,                           // T-PDU
                        0x00, 4 + 4 + IPV4_SYN_LENGTH,  // length
                        0x00, 0x10, 0x06, 0x57,         // TEID
                        0x00, 0x05,                     // sequence number 5
                        0x00,                           // N-PDU number (not flagged)
                        0xC0,                           // next extension header: PDCP PDU number
                        0x01,                           //   length 1 word
                        0x09, 0x04,                     //   PDCP sequence number
                        0x00),                          //   next: no more extension headers
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GTP_U, 20 + 8 + 8 + 4 + 4);
    }

    @Test
    void gtp_u_sequence_number_alone_ignores_the_next_type() {
        byte[] frame = udpTunnel(2152,
                bytes(0x32, 0xFF, 0x00, 4 + IPV4_SYN_LENGTH, // version 1, GTP; S only; T-PDU; length
                        0x00, 0x10, 0x06, 0x57,         // TEID
                        0x00, 0x05, 0x00,               // sequence number 5, N-PDU number
                        0xC0),                          // next extension header type, meaningless without E
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GTP_U, 20 + 8 + 8 + 4);
    }

    @Test
    void gtp_u_extension_header_of_length_zero_is_malformed() {
        byte[] frame = udpTunnel(2152,
                bytes(0x34, 0xFF, 0x00, 8 + IPV4_SYN_LENGTH, // version 1, GTP; E; T-PDU; length
                        0x00, 0x10, 0x06, 0x57,         // TEID
                        0x00, 0x00, 0x00, 0x85,         // sequence, N-PDU, next: PDU session container
                        0x00, 0x00, 0x00, 0x00),        // length 0 words: no end to find
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("gtp-u", packet.damagedLayer());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void gtp_u_echo_request_carries_no_packet() {
        byte[] frame = udpTunnel(2152,
                bytes(0x32, 0x01, 0x00, 0x04,           // version 1, GTP, S; echo request; length 4
                        0x00, 0x00, 0x00, 0x00,         // TEID 0
                        0x00, 0x01, 0x00, 0x00))        // sequence number 1
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void gtp_prime_is_malformed_on_the_gtp_u_port() {
        byte[] frame = udpTunnel(2152,
                bytes(0x20, 0xFF, 0x00, IPV4_SYN_LENGTH, // version 1, protocol type 0: GTP'
                        0x00, 0x10, 0x06, 0x57),
                innerSyn().bytes())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("gtp-u", packet.damagedLayer());
    }

    @Test
    void gre_in_udp() {
        byte[] frame = udpTunnel(4754,
                bytes(0x00, 0x00, 0x08, 0x00),          // GRE: no optional fields; IPv4
                innerSyn().bytes())
                .ethernet();
        assertInnerSyn(decode(ETHERNET, frame), Tunnel.GRE_IN_UDP, 20 + 8 + 4);
    }

    @Test
    void udp_tunnels_are_carriers_for_icmp_about_them() {
        for (int port : new int[] {4789, 8472, 6081, 2152, 4754}) {
            assertTrue(Tunnel.carrier(UDP, port), "UDP to " + port);
        }
        assertFalse(Tunnel.carrier(UDP, 53));
    }

    /** An ERSPAN type II session mirroring the inner SYN's Ethernet frame (as suricata-verify's bug-5437-02). */
    private static byte[] erspanTypeII(int truncatedFlag, byte[] mirroredFrame) {
        return erspanTypeIIPacket(truncatedFlag, mirroredFrame).ethernet();
    }

    private static Packets.IpPacket erspanTypeIIPacket(int truncatedFlag, byte[] mirroredFrame) {
        return outer().carrying(GRE,
                bytes(0x10, 0x00, 0x88, 0xBE,           // GRE: S present; ERSPAN type II
                        0x00, 0x00, 0x00, 0x00),        // sequence number
                bytes(0x10, 0x07,                       // ERSPAN version 1, VLAN 7
                        truncatedFlag, 0x05,            // COS, encapsulation, T, session ID 5
                        0x00, 0x00, 0x00, 0x12),        // reserved, index 18
                mirroredFrame);
    }

    @Test
    void erspan_type_ii_mirror_is_no_tunnel_the_traffic_crossed() {
        Packet packet = decode(ETHERNET, erspanTypeII(0x00, innerSyn().ethernet()));
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(1360, packet.mss());
        assertEquals(IPV4_SYN_LENGTH, packet.ipPacketLength());
        assertEquals(Tunnel.NONE, packet.tunnel(), "a copy, not a path");
        assertEquals(0, packet.tunnelCount());
        assertEquals(0, packet.tunnelOverhead());
        assertEquals(0, packet.outerPacketLength());
        assertEquals(14, packet.linkHeaderLength(), "the mirrored frame's own Ethernet header");
    }

    @Test
    void erspan_mirrored_frame_keeps_its_own_tunnel() {
        Packet packet = decode(ETHERNET, erspanTypeII(0x00, outer().gre(innerSyn()).ethernet()));
        assertInnerSyn(packet, Tunnel.GRE, 24);
        assertEquals(1, packet.tunnelCount());
    }

    @Test
    void erspan_carried_through_a_tunnel_forgets_the_mirrors_path() {
        byte[] frame = ipv4("192.0.2.9", "192.0.2.10")
                .ipInIp(erspanTypeIIPacket(0x00, innerSyn().ethernet()))   // the mirror's session crosses IP in IP
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(1360, packet.mss());
        assertEquals(Tunnel.NONE, packet.tunnel(), "the mirror's IP in IP is not the traffic's");
        assertEquals(0, packet.tunnelCount());
        assertEquals(0, packet.tunnelOverhead());
        assertEquals(0, packet.outerPacketLength());
    }

    @Test
    void erspan_cut_frame_is_truncated_not_malformed() {
        byte[] whole = innerSyn().ethernet();
        byte[] frame = erspanTypeII(0x04, cut(whole, whole.length - 8));   // T: the mirror cut the copy
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals(Content.TCP, packet.content());
        assertEquals(IPV4_SYN_LENGTH, packet.ipPacketLength(), "the mirrored header's length");
        assertEquals(Tunnel.NONE, packet.tunnel());
    }

    @Test
    void erspan_type_i_has_no_header() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x00, 0x00, 0x88, 0xBE),          // GRE without sequence number: ERSPAN type I
                innerSyn().ethernet())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(1360, packet.mss());
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(0, packet.tunnelOverhead());
    }

    @Test
    void erspan_type_iii_with_platform_subheader() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x10, 0x00, 0x22, 0xEB,           // GRE: S present; ERSPAN type III
                        0x00, 0x00, 0x00, 0x01),        // sequence number
                bytes(0x20, 0x07,                       // ERSPAN version 2, VLAN 7
                        0x00, 0x05,                     // COS, BSO, T, session ID 5
                        0x5E, 0x3A, 0x11, 0x00,         // timestamp
                        0x00, 0x00,                     // security group tag
                        0x00,                           // P, frame type 0 (Ethernet), hardware ID
                        0x01),                          // D, granularity, O: platform subheader follows
                bytes(0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00), // platform subheader
                innerSyn().ethernet())
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(1360, packet.mss());
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(0, packet.tunnelOverhead());
    }

    @Test
    void erspan_type_ii_of_the_wrong_version_is_malformed() {
        byte[] frame = erspanTypeII(0x00, innerSyn().ethernet());
        frame[14 + 20 + 8] = 0x20;                      // ERSPAN version 2 under the type II protocol
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("erspan", packet.damagedLayer());
    }

    @Test
    void inner_icmp_frag_needed_through_gre() {
        Packets.IpPacket quoted = ipv4("203.0.113.80", "10.8.0.2").dontFragment()   // 1420 bytes
                .tcp(443, 51000).seq(9000).ack(7001).flags(Packet.ACK).payload(1380);
        byte[] frame = outer()
                .gre(ipv4("10.8.0.1", "203.0.113.80").icmpFragNeeded(1396).quoting(quoted, 40))   // both headers
                .ethernet();
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
                innerSyn().bytes());
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
                outer().gre(innerSyn()).bytes());
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertEquals(Tunnel.PPPOE, packet.tunnel());
        assertEquals(2, packet.tunnelCount());
        assertEquals(8 + 24, packet.tunnelOverhead());
    }

    @Test
    void pppoe_inside_a_bridged_gre_tunnel_counts_as_that_tunnels_bytes() {
        byte[] frame = outer().carrying(GRE,
                bytes(0x00, 0x00, 0x65, 0x58),          // no optional fields; Ethernet inside
                ethernet(0x8864),                       // inner Ethernet: PPPoE session
                bytes(0x11, 0x00, 0x12, 0x34,           // version/type, code, session ID
                        0x00, 2 + IPV4_SYN_LENGTH,      // PPPoE length
                        0x00, 0x21),                    // PPP protocol: IPv4
                innerSyn().bytes())
                .ethernet();
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
        Packets.IpPacket packet = innerSyn();
        for (int i = 0; i < tunnels; i++) {
            packet = outer().ipInIp(packet);
        }
        Packet decoded = decode(ETHERNET, packet.ethernet());
        assertEquals(PacketDecoder.MAX_TUNNELS, decoded.tunnelCount());
        assertEquals(Content.IP_OTHER, decoded.content(), "the fifth IP-in-IP is left closed");
        assertEquals(IPIP, decoded.protocol());
        assertEquals(20 * PacketDecoder.MAX_TUNNELS, decoded.tunnelOverhead());
    }

    @Test
    void first_fragment_of_a_tunnel_packet_still_shows_the_inner_header() {
        Packets.IpPacket inner = ipv4("10.8.0.2", "203.0.113.80").totalLength(1400).dontFragment()
                .tcp(51000, 443).seq(7001).ack(9000).flags(Packet.ACK);   // the rest of the 1400 bytes in later fragments
        byte[] frame = outer().moreFragments().gre(inner).ethernet();    // the first fragment
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
        byte[] tunnelled = outer().ipInIp(innerSyn()).ethernet();
        decoder.decode(ETHERNET, tunnelled, 0, tunnelled.length, tunnelled.length, packet);
        assertEquals(Tunnel.IPIP, packet.tunnel());
        byte[] plain = innerSyn().ethernet();
        decoder.decode(ETHERNET, plain, 0, plain.length, plain.length, packet);
        assertEquals(Tunnel.NONE, packet.tunnel());
        assertEquals(0, packet.tunnelCount());
        assertEquals(0, packet.tunnelOverhead());
        assertEquals(0, packet.outerPacketLength());
        assertTrue(packet.mss() == 1360);
    }
}
