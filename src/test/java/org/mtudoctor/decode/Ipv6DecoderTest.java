package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.decode.Decoding.decode;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Bytes.zeros;
import static org.mtudoctor.testing.Packets.FRAGMENT;
import static org.mtudoctor.testing.Packets.HOP_BY_HOP;
import static org.mtudoctor.testing.Packets.TCP;
import static org.mtudoctor.testing.Packets.ipv6;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

class Ipv6DecoderTest {

    private static final int ETHERNET = 1;

    private static byte[] hopByHopPadding(int nextHeader) {
        return bytes(
                nextHeader,                             // next header
                0x00,                                   // length: 0 -> 8 bytes
                0x01, 0x04, 0x00, 0x00, 0x00, 0x00);    // PadN option, 4 bytes of padding
    }

    private static byte[] fragmentHeader(int nextHeader, int offsetInBytes, boolean more, int identification) {
        int offsetAndFlags = offsetInBytes | (more ? 1 : 0);
        return bytes(
                nextHeader,                             // next header
                0x00,                                   // reserved
                offsetAndFlags >> 8, offsetAndFlags,    // offset in 8-byte units << 3, M flag
                identification >> 24, identification >> 16, identification >> 8, identification); // id
    }

    @Test
    void plain_tcp() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .tcp(8080, 51000).seq(5).ack(6).flags(Packet.ACK).payload(1000)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(6, packet.ipVersion());
        assertEquals(IpAddress.parse("fd03::2"), IpAddress.of(6, packet.sourceHigh(), packet.sourceLow()));
        assertEquals(IpAddress.parse("fd01::2"),
                IpAddress.of(6, packet.destinationHigh(), packet.destinationLow()));
        assertEquals(1060, packet.ipPacketLength());
        assertEquals(40, packet.ipHeaderLength());
        assertEquals(64, packet.hopLimit());
        assertTrue(packet.dontFragment(), "routers never fragment IPv6");
        assertEquals(1000, packet.payloadLength());
    }

    @Test
    void hop_by_hop_then_first_fragment_then_tcp() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .extensionHeaders(HOP_BY_HOP,
                        hopByHopPadding(FRAGMENT),
                        fragmentHeader(TCP, 0, true, 0x01020304))
                .tcp(8080, 51000).seq(99).ack(1).flags(Packet.ACK).payload(100)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(56, packet.ipHeaderLength(), "40 fixed + 8 hop-by-hop + 8 fragment");
        assertEquals(TCP, packet.protocol());
        assertEquals(0, packet.fragmentOffset());
        assertTrue(packet.moreFragments());
        assertEquals(Content.TCP, packet.content());
        assertEquals(99, packet.sequence());
        assertEquals(100, packet.payloadLength());
    }

    @Test
    void later_fragment_stops_at_the_fragment_header() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .extensionHeaders(HOP_BY_HOP,
                        hopByHopPadding(FRAGMENT),
                        fragmentHeader(TCP, 1232, false, 0x01020304))
                .carrying(TCP, zeros(200))
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(TCP, packet.protocol());
        assertEquals(1232, packet.fragmentOffset());
        assertFalse(packet.moreFragments());
        assertEquals(56, packet.ipHeaderLength());
        assertEquals(-1, packet.sourcePort());
    }

    @Test
    void routing_destination_options_and_authentication_headers_are_walked() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .extensionHeaders(43,                   // next header: routing
                bytes(60,                               // routing: next header destination options
                        0x02,                           //   length 2 -> 24 bytes
                        0x00, 0x00),                    //   type 0, segments left 0
                zeros(20),                              //   reserved and one address
                bytes(51,                               // destination options: next header AH
                        0x00,                           //   length 0 -> 8 bytes
                        0x01, 0x04, 0, 0, 0, 0),        //   PadN
                bytes(TCP,                              // AH: next header TCP
                        0x02,                           //   length 2 -> (2 + 2) x 4 = 16 bytes
                        0x00, 0x00),                    //   reserved
                zeros(12))                              //   SPI, sequence, 4 bytes of ICV
                .tcp(443, 40000).seq(1).ack(1).flags(Packet.ACK)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(40 + 24 + 8 + 16, packet.ipHeaderLength());
        assertEquals(Content.TCP, packet.content());
        assertEquals(443, packet.sourcePort());
    }

    @Test
    void esp_stops_the_walk() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .carrying(50, zeros(32))                // next header: ESP, encrypted
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(50, packet.protocol());
        assertEquals(Damage.NONE, packet.damage());
    }

    @Test
    void no_next_header_with_empty_payload() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .carrying(59)                           // next header: none, payload length 0
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(40, packet.ipPacketLength());
        assertFalse(packet.ipLengthFromFrame());
    }

    @Test
    void payload_length_zero_of_a_jumbogram_uses_the_frame() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .payloadLength(0)                       // payload length 0: see the jumbo option
                .extensionHeaders(HOP_BY_HOP,
                        bytes(TCP,                      // hop-by-hop: next header TCP
                        0x00,                           //   length 0 -> 8 bytes
                        0xC2, 0x04,                     //   jumbo payload option, length 4
                        0x00, 0x00, 0x00, 8 + 20 + 60)) //   jumbo payload length
                .tcp(8080, 51000).seq(1).ack(1).flags(Packet.ACK).payload(60)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertTrue(packet.ipLengthFromFrame());
        assertEquals(40 + 8 + 20 + 60, packet.ipPacketLength());
        assertEquals(60, packet.payloadLength());
    }

    @Test
    void extension_header_longer_than_the_packet_is_malformed() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .carrying(HOP_BY_HOP,
                        bytes(TCP,                      // hop-by-hop: next header TCP
                        0x03),                          //   length 3 -> 32 bytes, packet has 16
                        zeros(14))
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("ipv6", packet.damagedLayer());
        assertEquals(Content.NOT_IP, packet.content(), "the transport protocol was never reached");
        assertEquals(-1, packet.protocol());
    }

    @Test
    void extension_header_cut_by_the_snap_length() {
        byte[] whole = ipv6("fd03::2", "fd01::2")
                .extensionHeaders(HOP_BY_HOP, hopByHopPadding(TCP))
                .tcp(8080, 51000).seq(1).ack(1).flags(Packet.ACK)
                .ethernet();
        Packet packet = decode(ETHERNET, cut(whole, 14 + 40 + 4), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("ipv6", packet.damagedLayer());
        assertEquals(68, packet.ipPacketLength(), "the size still comes from the header");
    }

    @Test
    void payload_length_beyond_the_frame_is_malformed_but_the_captured_tcp_header_is_read() {
        byte[] frame = ipv6("fd03::2", "fd01::2")
                .payloadLength(1440)                    // payload length 1440, frame holds 24
                .tcp(8080, 51000).seq(1).flags(Packet.SYN).mss(1220)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage(), "still counted as malformed");
        assertEquals("ipv6", packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(8080, packet.sourcePort());
        assertEquals(1220, packet.mss());
        assertTrue(packet.ipLengthFromFrame());
        assertEquals(40 + 24, packet.ipPacketLength(), "the frame's, not the claimed 1480");
        assertEquals(0, packet.payloadLength());
    }

    @Test
    void fixed_header_cut() {
        byte[] whole = ipv6("fd03::2", "fd01::2").carrying(59).ethernet();
        Packet packet = decode(ETHERNET, cut(whole, 14 + 39), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals(Content.NOT_IP, packet.content());
    }
}
