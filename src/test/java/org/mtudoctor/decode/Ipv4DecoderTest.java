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

    /** nDPI's tls_invalid_reads.pcap, frame 2: a SYN-ACK whose total length claims 4148 bytes in 52. */
    @Test
    void total_length_beyond_the_frame_is_malformed_but_the_captured_tcp_header_is_read() {
        byte[] frame = bytes(
                0x00, 0x1c, 0xbf, 0x39, 0xa5, 0x25, 0x00, 0x14, 0xd1, 0x41, 0xb9, 0x50, 0x08, 0x00, // Ethernet, IPv4
                0x45, 0x20,                             // IPv4, header 5 words; DSCP
                0x10, 0x34,                             // total length 4148: the frame holds 52
                0x64, 0xba, 0x00, 0x00,                 // identification, no flags
                0x36, 0x06, 0x49, 0x4a,                 // TTL 54, TCP, checksum
                0xce, 0x21, 0x3d, 0x71,                 // 206.33.61.113
                0xc0, 0xa8, 0x0a, 0x65,                 // 192.168.10.101
                0x01, 0xbb, 0x0f, 0x7f,                 // TCP 443 -> 3967
                0xbe, 0xc8, 0x02, 0x2f,                 // sequence
                0x73, 0x54, 0xb5, 0x72,                 // acknowledgment
                0x80, 0x12,                             // header 8 words (32 bytes); SYN ACK
                0x16, 0xd0, 0x86, 0x98, 0x00, 0x00,     // window, checksum, urgent
                0x02, 0x04, 0x05, 0xb4,                 // MSS 1460
                0x01, 0x01, 0x04, 0x02,                 // NOP, NOP, SACK permitted
                0x01, 0x03, 0x03, 0x31);                // NOP, window scale 49 (TShark: exceeds 14)
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage(), "still counted as malformed");
        assertEquals("ipv4", packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(443, packet.sourcePort());
        assertEquals(Packet.SYN | Packet.ACK, packet.tcpFlags());
        assertEquals(1460, packet.mss(), "TShark's tcp.options.mss_val");
        assertTrue(packet.sackPermitted());
        assertTrue(packet.ipLengthFromFrame(), "the claim is a lie: the frame is the honest size");
        assertEquals(66 - 14, packet.ipPacketLength());
        assertEquals(0, packet.payloadLength(), "not 4096 bytes of a would-be offload aggregate");
    }

    /** nDPI's fuzz-2006-06-26-2594.pcap, frame 83: a SYN claiming 122 bytes in 48, its last option cut short. */
    @Test
    void total_length_beyond_the_frame_still_gives_the_options_before_a_bad_one() {
        byte[] frame = bytes(
                0x00, 0x30, 0x54, 0x00, 0x34, 0x56, 0x00, 0xe0, 0xed, 0x01, 0x6e, 0xbd, 0x08, 0x00, // Ethernet, IPv4
                0x45, 0x00,                             // IPv4, header 5 words
                0x00, 0x7a,                             // total length 122: the frame holds 48
                0x69, 0xbb, 0x40, 0x00,                 // identification, DF
                0x80, 0x06, 0x39, 0x7b,                 // TTL 128, TCP, checksum
                0xc0, 0xa8, 0x01, 0x06,                 // 192.168.1.6
                0x93, 0xea, 0x01, 0xfd,                 // 147.234.1.253
                0x0a, 0xa1, 0xe6, 0x77,                 // TCP 2721 -> 58999
                0x1b, 0xea, 0x98, 0x8a,                 // sequence
                0x00, 0x00, 0x00, 0x00,                 // acknowledgment
                0x70, 0x02,                             // header 7 words (28 bytes); SYN
                0x40, 0x00, 0x46, 0x00, 0x00, 0x00,     // window, checksum, urgent
                0x02, 0x04, 0x05, 0xb4,                 // MSS 1460
                0x09, 0x01,                             // kind 9, length 1: impossible, the walk ends
                0x04, 0x02);                            // (SACK permitted, not reached)
        Packet packet = decode(ETHERNET, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("ipv4", packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(1460, packet.mss(), "TShark's tcp.options.mss_val");
        assertTrue(packet.optionsMalformed());
        assertFalse(packet.sackPermitted());
        assertTrue(packet.ipLengthFromFrame());
        assertEquals(62 - 14, packet.ipPacketLength(), "the frame's, not the claimed 122");
        assertEquals(0, packet.payloadLength());
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
