package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.decode.Decoding.decode;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Bytes.zeros;
import static org.mtudoctor.testing.Packets.TCP;
import static org.mtudoctor.testing.Packets.ipv4;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

class Ipv4DecoderTest {

    private static final int ETHERNET = 1;

    /** Ethernet + IPv4 + TCP with {@code payloadLength} bytes of data: 54 + payload bytes. */
    private static byte[] segment(int payloadLength) {
        return ipv4("10.0.3.2", "10.0.1.2").dontFragment()
                .tcp(8080, 51000).seq(3_000_000_000L).ack(1).flags(Packet.ACK | Packet.PSH).payload(payloadLength)
                .ethernet();
    }

    /** Ethernet + IPv4 with 8 bytes of options + a bare SYN: 62 bytes. */
    private static byte[] synWithIpOptions() {
        return ipv4("10.0.3.2", "10.0.1.2").dontFragment()
                .options(bytes(0x94, 0x04, 0x00, 0x00,  // router alert option, length 4
                        0x01, 0x01, 0x01, 0x00))        // NOP, NOP, NOP, end of options: header length 7 words
                .tcp(8080, 51000).seq(7).flags(Packet.SYN)
                .ethernet();
    }

    @Test
    void fixed_header_fields() {
        Packet packet = decode(ETHERNET, segment(100));
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(4, packet.ipVersion());
        assertEquals(0, packet.sourceHigh());
        assertEquals(IpAddress.parse("10.0.3.2").low(), packet.sourceLow());
        assertEquals(IpAddress.parse("10.0.1.2").low(), packet.destinationLow());
        assertEquals(140, packet.ipPacketLength());
        assertEquals(20, packet.ipHeaderLength());
        assertEquals(TCP, packet.protocol());
        assertEquals(64, packet.hopLimit());
        assertTrue(packet.dontFragment());
        assertFalse(packet.moreFragments());
        assertEquals(0, packet.fragmentOffset());
        assertFalse(packet.ipLengthFromFrame());
        assertEquals(100, packet.payloadLength());
        assertEquals(3_000_000_000L, packet.sequence());
    }

    @Test
    void header_with_options_moves_the_transport() {
        byte[] frame = synWithIpOptions();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(28, packet.ipHeaderLength());
        assertEquals(Content.TCP, packet.content());
        assertEquals(8080, packet.sourcePort());
        assertEquals(7, packet.sequence());
        assertEquals(0, packet.payloadLength());
    }

    @Test
    void options_cut_by_the_snap_length() {
        byte[] frame = synWithIpOptions();
        Packet packet = decode(ETHERNET, cut(frame, 38), frame.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("ipv4", packet.damagedLayer());
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(48, packet.ipPacketLength());
        assertEquals(-1, packet.sourcePort());
    }

    @Test
    void first_fragment_carries_the_tcp_header() {
        byte[] frame = ipv4("10.0.3.2", "10.0.1.2").moreFragments()   // MF set, offset 0
                .tcp(8080, 51000).seq(42).ack(1).flags(Packet.ACK).payload(1460)
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.TCP, packet.content());
        assertTrue(packet.moreFragments());
        assertEquals(0, packet.fragmentOffset());
        assertEquals(8080, packet.sourcePort());
        assertEquals(1460, packet.payloadLength());
    }

    @Test
    void later_fragment_has_no_transport_header() {
        byte[] frame = ipv4("10.0.3.2", "10.0.1.2").fragmentOffset(1480)   // MF clear, offset 185 x 8
                .carrying(TCP, zeros(500))
                .ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(TCP, packet.protocol());
        assertEquals(1480, packet.fragmentOffset());
        assertFalse(packet.moreFragments());
        assertEquals(-1, packet.sourcePort());
        assertEquals(520, packet.ipPacketLength());
    }

    @Test
    void snap_length_cut_keeps_sizes_from_the_headers() {
        byte[] whole = segment(1460);                   // a 1514-byte frame on the wire
        Packet packet = decode(ETHERNET, cut(whole, 96), whole.length);
        assertEquals(Damage.NONE, packet.damage(), "the cut falls inside the payload, not a header");
        assertEquals(1500, packet.ipPacketLength());
        assertEquals(1460, packet.payloadLength());
        assertEquals(Content.TCP, packet.content());
    }

    @Test
    void snap_length_cut_inside_the_tcp_header() {
        byte[] whole = segment(1460);
        Packet packet = decode(ETHERNET, cut(whole, 14 + 20 + 10), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("tcp", packet.damagedLayer());
        assertEquals(Content.TCP, packet.content(), "ports and sequence number were captured");
        assertEquals(3_000_000_000L, packet.sequence());
        assertEquals(-1, packet.acknowledgment());
        assertEquals(1500, packet.ipPacketLength());
    }

    @Test
    void header_cut_before_the_addresses() {
        byte[] whole = segment(0);
        Packet packet = decode(ETHERNET, cut(whole, 14 + 19), whole.length);
        assertEquals(Content.NOT_IP, packet.content());
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("ipv4", packet.damagedLayer());
    }

    @Test
    void total_length_zero_from_segmentation_offload_uses_the_frame() {
        byte[] frame = segment(2896);                   // two segments' worth, before the NIC splits them
        frame[16] = 0x00;                               // total length: 0, as offload leaves it
        frame[17] = 0x00;
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.NONE, packet.damage());
        assertTrue(packet.ipLengthFromFrame());
        assertEquals(2936, packet.ipPacketLength());
        assertEquals(2896, packet.payloadLength());
    }

    @Test
    void total_length_shorter_than_the_header_is_malformed() {
        byte[] frame = segment(10);
        frame[16] = 0x00;                               // total length: 16, less than the 20-byte header
        frame[17] = 0x10;
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("ipv4", packet.damagedLayer());
        assertTrue(packet.ipLengthFromFrame());
        assertEquals(50, packet.ipPacketLength(), "64-byte frame less 14 of Ethernet");
        assertEquals(Content.IP_OTHER, packet.content());
    }

    @Test
    void total_length_beyond_the_frame_is_malformed() {
        byte[] frame = segment(10);
        frame[16] = 0x05;                               // total length: 1500, frame holds 50
        frame[17] = (byte) 0xDC;
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(-1, packet.sourcePort());
    }

    @Test
    void header_length_below_five_words_is_malformed() {
        byte[] frame = segment(0);
        frame[14] = 0x44;                               // version 4, header length 4 words: impossible
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals(Content.NOT_IP, packet.content());
    }

    @Test
    void version_that_contradicts_the_ethertype_is_malformed() {
        byte[] frame = segment(0);
        frame[14] = 0x65;                               // version 6 behind EtherType IPv4
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals(Content.NOT_IP, packet.content());
    }

    @Test
    void udp_is_ip_other() {
        byte[] frame = ipv4("10.0.3.2", "10.0.1.2").udp(53, 49152).ethernet();
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Content.IP_OTHER, packet.content());
        assertEquals(17, packet.protocol());
        assertEquals(Damage.NONE, packet.damage());
    }
}
