package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Every link type mtudoctor reads, each carrying the same small TCP segment. */
class LinkDecoderTest {

    /** IPv4 + TCP ACK without options or payload, 40 bytes. */
    private static byte[] ipv4Segment() {
        return ipv4("192.0.2.1", "198.51.100.2").dontFragment()
                .tcp(40000, 443).seq(1000).ack(2000).flags(Packet.ACK).bytes();
    }

    /** IPv6 + TCP ACK without options or payload, 60 bytes. */
    private static byte[] ipv6Segment() {
        return ipv6("2001:db8::1", "2001:db8::2")
                .tcp(40000, 443).seq(1000).ack(2000).flags(Packet.ACK).bytes();
    }

    private static void assertIpv4Segment(Packet packet, int linkHeaderLength) {
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(4, packet.ipVersion());
        assertEquals(IpAddress.parse("192.0.2.1"), IpAddress.of(4, packet.sourceHigh(), packet.sourceLow()));
        assertEquals(40, packet.ipPacketLength());
        assertEquals(40000, packet.sourcePort());
        assertEquals(443, packet.destinationPort());
        assertEquals(linkHeaderLength, packet.linkHeaderLength());
    }

    private static void assertIpv6Segment(Packet packet, int linkHeaderLength) {
        assertEquals(Damage.NONE, packet.damage(), () -> "damaged at " + packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(6, packet.ipVersion());
        assertEquals(IpAddress.parse("2001:db8::2"),
                IpAddress.of(6, packet.destinationHigh(), packet.destinationLow()));
        assertEquals(60, packet.ipPacketLength());
        assertEquals(443, packet.destinationPort());
        assertEquals(linkHeaderLength, packet.linkHeaderLength());
    }

    @Test
    void ethernet_ipv4() {
        byte[] frame = concat(ethernet(0x0800), ipv4Segment());
        assertIpv4Segment(decode(1, frame), 14);
    }

    @Test
    void ethernet_ipv6() {
        byte[] frame = concat(ethernet(0x86DD), ipv6Segment());
        assertIpv6Segment(decode(1, frame), 14);
    }

    @Test
    void ethernet_padding_to_60_bytes_is_not_read_as_tcp() {
        byte[] frame = concat(ethernet(0x0800), ipv4Segment(), zeros(6));   // 6 bytes of padding
        Packet packet = decode(1, frame);
        assertIpv4Segment(packet, 14);
        assertEquals(0, packet.payloadLength());
    }

    @Test
    void ethernet_8021ad_outer_and_8021q_inner_tag() {
        byte[] frame = concat(
                ethernet(0x88A8),                       // EtherType: 802.1ad service tag
                bytes(0x00, 0x64,                       // priority 0, VLAN 100
                        0x81, 0x00),                    // next EtherType: 802.1Q customer tag
                bytes(0x00, 0x0A,                       // priority 0, VLAN 10
                        0x08, 0x00),                    // next EtherType: IPv4
                ipv4Segment());
        Packet packet = decode(1, frame);
        assertIpv4Segment(packet, 22);
        assertEquals(2, packet.vlanTagCount());
    }

    @Test
    void ethernet_old_qinq_9100_tag() {
        byte[] frame = concat(
                ethernet(0x9100),                       // EtherType: pre-standard QinQ
                bytes(0x00, 0x64, 0x86, 0xDD),          // VLAN 100, next EtherType: IPv6
                ipv6Segment());
        Packet packet = decode(1, frame);
        assertIpv6Segment(packet, 18);
        assertEquals(1, packet.vlanTagCount());
    }

    @Test
    void ethernet_vlan_tag_cut_by_snap_length() {
        byte[] frame = concat(
                ethernet(0x8100),                       // EtherType: 802.1Q
                bytes(0x00, 0x0A));                     // VLAN 10, then the capture ends
        Packet packet = decode(1, frame, 60);
        assertEquals(Content.NOT_IP, packet.content());
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("vlan", packet.damagedLayer());
    }

    @Test
    void ethernet_pppoe_session() {
        byte[] frame = concat(
                ethernet(0x8864),                       // EtherType: PPPoE session
                bytes(0x11,                             // PPPoE version 1, type 1
                        0x00,                           // code: session data
                        0x12, 0x34,                     // session id
                        0x00, 42,                       // length: PPP protocol + IP packet
                        0x00, 0x21),                    // PPP protocol: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(1, frame), 22);
    }

    @Test
    void ethernet_pppoe_session_with_compressed_ppp_protocol() {
        byte[] frame = concat(
                ethernet(0x8864),                       // EtherType: PPPoE session
                bytes(0x11,                             // PPPoE version 1, type 1
                        0x00,                           // code: session data
                        0x00, 0x2D,                     // session id
                        0x00, 41,                       // length: PPP protocol + IP packet
                        0x21),                          // PPP protocol compressed to 1 byte: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(1, frame), 21);
    }

    @Test
    void ethernet_pppoe_cut_before_the_ppp_protocol() {
        byte[] frame = concat(
                ethernet(0x8864),                       // EtherType: PPPoE session
                bytes(0x11, 0x00, 0x00, 0x2D, 0x00, 41)); // PPPoE header, then the capture ends
        Packet packet = decode(1, frame, 100);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("pppoe", packet.damagedLayer());
    }

    @Test
    void ethernet_mpls_two_labels() {
        byte[] frame = concat(
                ethernet(0x8847),                       // EtherType: MPLS unicast
                bytes(0x00, 0x01, 0x00, 0x40),          // label 16, not bottom of stack, TTL 64
                bytes(0x00, 0x02, 0x01, 0x40),          // label 32, bottom of stack, TTL 64
                ipv4Segment());
        assertIpv4Segment(decode(1, frame), 22);
    }

    @Test
    void ethernet_arp_is_not_ip() {
        byte[] frame = concat(ethernet(0x0806), zeros(28));   // EtherType: ARP
        Packet packet = decode(1, frame);
        assertEquals(Content.NOT_IP, packet.content());
        assertEquals(Damage.NONE, packet.damage());
    }

    @Test
    void ethernet_header_cut() {
        Packet packet = decode(1, cut(concat(ethernet(0x0800), ipv4Segment()), 13), 54);
        assertEquals(Content.NOT_IP, packet.content());
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("ethernet", packet.damagedLayer());
    }

    @Test
    void linux_cooked_v1() {
        byte[] frame = concat(bytes(
                        0x00, 0x00,                     // packet type: to us
                        0x00, 0x01,                     // ARPHRD type: Ethernet
                        0x00, 0x06,                     // link-layer address length
                        0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, // link-layer address, padded to 8
                        0x08, 0x00),                    // protocol: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(113, frame), 16);
    }

    @Test
    void linux_cooked_v1_with_vlan_tag() {
        byte[] frame = concat(bytes(
                        0x00, 0x00,                     // packet type: to us
                        0x00, 0x01,                     // ARPHRD type: Ethernet
                        0x00, 0x06,                     // link-layer address length
                        0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, // link-layer address, padded to 8
                        0x81, 0x00),                    // protocol: 802.1Q
                bytes(0x00, 0x0A, 0x86, 0xDD),          // VLAN 10, next EtherType: IPv6
                ipv6Segment());
        Packet packet = decode(113, frame);
        assertIpv6Segment(packet, 20);
        assertEquals(1, packet.vlanTagCount());
    }

    @Test
    void linux_cooked_v2() {
        byte[] frame = concat(bytes(
                        0x86, 0xDD,                     // protocol: IPv6
                        0x00, 0x00,                     // reserved
                        0x00, 0x00, 0x00, 0x02,         // interface index
                        0x00, 0x01,                     // ARPHRD type: Ethernet
                        0x04,                           // packet type: outgoing
                        0x06,                           // link-layer address length
                        0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00), // link-layer address, padded
                ipv6Segment());
        assertIpv6Segment(decode(276, frame), 20);
    }

    @Test
    void linux_cooked_v2_header_cut() {
        Packet packet = decode(276, zeros(19), 100);          // one byte short of the header
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("sll2", packet.damagedLayer());
    }

    @Test
    void raw_ip_link_types_read_the_version_nibble() {
        for (int linkType : new int[] {101, 12, 14}) {
            assertIpv4Segment(decode(linkType, ipv4Segment()), 0);
            assertIpv6Segment(decode(linkType, ipv6Segment()), 0);
        }
    }

    @Test
    void raw_ip_with_an_impossible_version_is_malformed() {
        byte[] frame = ipv4Segment();
        frame[0] = 0x55;                                // version 5: neither IPv4 nor IPv6
        Packet packet = decode(101, frame);
        assertEquals(Content.NOT_IP, packet.content());
        assertEquals(Damage.MALFORMED, packet.damage());
    }

    @Test
    void ipv4_and_ipv6_link_types() {
        assertIpv4Segment(decode(228, ipv4Segment()), 0);
        assertIpv6Segment(decode(229, ipv6Segment()), 0);
    }

    @Test
    void null_loopback_in_host_byte_order_little_endian() {
        byte[] frame = concat(bytes(0x02, 0x00, 0x00, 0x00), // family: AF_INET, little-endian
                ipv4Segment());
        assertIpv4Segment(decode(0, frame), 4);
    }

    @Test
    void null_loopback_in_network_byte_order() {
        byte[] frame = concat(bytes(0x00, 0x00, 0x00, 0x02), // family: AF_INET, big-endian
                ipv4Segment());
        assertIpv4Segment(decode(0, frame), 4);
    }

    @Test
    void null_loopback_ipv6_families_of_each_bsd() {
        for (int family : new int[] {24, 28, 30}) {       // NetBSD/OpenBSD, FreeBSD, Darwin
            byte[] littleEndian = concat(bytes(family, 0x00, 0x00, 0x00), ipv6Segment());
            byte[] bigEndian = concat(bytes(0x00, 0x00, 0x00, family), ipv6Segment());
            assertIpv6Segment(decode(0, littleEndian), 4);
            assertIpv6Segment(decode(0, bigEndian), 4);
        }
    }

    @Test
    void openbsd_loop_is_big_endian() {
        byte[] frame = concat(bytes(0x00, 0x00, 0x00, 0x18), // family: AF_INET6 (24), big-endian
                ipv6Segment());
        assertIpv6Segment(decode(108, frame), 4);
    }

    @Test
    void null_loopback_unknown_family_is_not_ip() {
        byte[] frame = concat(bytes(0x07, 0x00, 0x00, 0x00), // family 7: not IP on any BSD
                ipv4Segment());
        assertEquals(Content.NOT_IP, decode(0, frame).content());
    }

    @Test
    void ppp_with_two_byte_protocol() {
        byte[] frame = concat(bytes(0x00, 0x21),        // PPP protocol: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(9, frame), 2);
    }

    @Test
    void ppp_with_address_and_control() {
        byte[] frame = concat(bytes(
                        0xFF,                           // address: all stations
                        0x03,                           // control: unnumbered information
                        0x00, 0x57),                    // PPP protocol: IPv6
                ipv6Segment());
        assertIpv6Segment(decode(9, frame), 4);
    }

    @Test
    void ppp_with_compressed_protocol() {
        byte[] frame = concat(bytes(0x21),              // PPP protocol compressed to 1 byte: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(9, frame), 1);
    }

    @Test
    void ppp_lcp_is_not_ip() {
        byte[] frame = concat(bytes(0xFF, 0x03,         // address, control
                        0xC0, 0x21),                    // PPP protocol: LCP
                zeros(8));
        assertEquals(Content.NOT_IP, decode(9, frame).content());
    }

    @Test
    void ppp_in_hdlc_framing() {
        byte[] frame = concat(bytes(
                        0xFF,                           // address: all stations
                        0x03,                           // control: unnumbered information
                        0x00, 0x21),                    // PPP protocol: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(50, frame), 4);
    }

    @Test
    void cisco_hdlc_frame_under_a_ppp_link_type() {
        byte[] frame = concat(bytes(
                        0x0F,                           // Cisco HDLC address: unicast
                        0x00,                           // control
                        0x08, 0x00),                    // EtherType: IPv4
                ipv4Segment());
        assertIpv4Segment(decode(9, frame), 4);
        assertIpv4Segment(decode(50, frame), 4);
    }

    @Test
    void cisco_hdlc_link_type_with_mpls() {
        byte[] frame = concat(bytes(
                        0x0F,                           // Cisco HDLC address: unicast
                        0x00,                           // control
                        0x88, 0x47),                    // EtherType: MPLS unicast
                bytes(0x00, 0x01, 0x2D, 0xFE),          // label 18, bottom of stack, TTL 254
                ipv4Segment());
        assertIpv4Segment(decode(104, frame), 8);
    }

    @Test
    void ppp_with_mpls() {
        byte[] frame = concat(bytes(0xFF, 0x03,         // address, control
                        0x02, 0x81),                    // PPP protocol: MPLS unicast
                bytes(0x18, 0x93, 0x0D, 0x40),          // label, bottom of stack, TTL 64
                ipv6Segment());
        assertIpv6Segment(decode(9, frame), 8);
    }

    @Test
    void unknown_link_type() {
        Packet packet = decode(105, concat(zeros(24), ipv4Segment()));   // 802.11
        assertEquals(Content.UNKNOWN_LINK, packet.content());
        assertEquals(105, packet.linkType());
    }
}
