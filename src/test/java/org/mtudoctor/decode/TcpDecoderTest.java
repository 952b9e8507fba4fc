package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.decode.Decoding.decode;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Packets.ipv4;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;
import org.mtudoctor.testing.Packets;

/** TCP over raw IPv4 (link type 101), so that offsets read as IP offsets: TCP starts at 20. */
class TcpDecoderTest {

    private static final int RAW = 101;

    /** A SYN from 10.0.1.2:51000 to 10.0.3.2:8080, its options to follow. */
    private static Packets.Tcp syn() {
        return ipv4("10.0.1.2", "10.0.3.2").dontFragment().tcp(51000, 8080).seq(0xFFFFFFF0L).flags(Packet.SYN);
    }

    /** The SYN with the given option bytes. */
    private static byte[] syn(byte[] options) {
        return syn().options(options).bytes();
    }

    /** The SYN with a Linux SYN's options: MSS, SACK permitted, timestamps, NOP, window scale 7; 20 bytes. */
    private static byte[] synWithUsualOptions(int mss) {
        return syn().mss(mss).sackPermitted().timestamps(0x00010203, 0).nop().windowScale(7).bytes();
    }

    @Test
    void syn_with_mss_sack_permitted_timestamps_and_window_scale() {
        Packet packet = decode(RAW, synWithUsualOptions(1356));
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(Content.TCP, packet.content());
        assertEquals(51000, packet.sourcePort());
        assertEquals(8080, packet.destinationPort());
        assertEquals(0xFFFFFFF0L, packet.sequence(), "sequence numbers are unsigned");
        assertEquals(0, packet.acknowledgment());
        assertTrue(packet.hasFlag(Packet.SYN));
        assertFalse(packet.hasFlag(Packet.ACK));
        assertEquals(64240, packet.window());
        assertEquals(40, packet.tcpHeaderLength());
        assertEquals(20, packet.tcpOptionsLength());
        assertEquals(0, packet.payloadLength());
        assertEquals(1356, packet.mss());
        assertEquals(7, packet.windowScale());
        assertTrue(packet.sackPermitted());
        assertTrue(packet.timestamps());
        assertFalse(packet.optionsMalformed());
    }

    @Test
    void no_options_leaves_them_unset() {
        Packet packet = decode(RAW, syn(new byte[0]));
        assertEquals(-1, packet.mss());
        assertEquals(-1, packet.windowScale());
        assertFalse(packet.sackPermitted());
        assertFalse(packet.timestamps());
    }

    @Test
    void end_of_options_stops_the_walk() {
        Packet packet = decode(RAW, syn(bytes(
                0x00,                                   // end of options
                0x00, 0x00, 0x00,                       // padding
                0x02, 0x04, 0x05, 0xB4)));              // an MSS after the end: not read
        assertEquals(-1, packet.mss());
        assertFalse(packet.optionsMalformed());
    }

    @Test
    void option_length_zero_is_malformed() {
        Packet packet = decode(RAW, syn(bytes(
                0x02, 0x04, 0x05, 0x4C,                 // MSS 1356
                0x1E, 0x00,                             // kind 30 with length 0: impossible
                0x01, 0x01)));                          // NOP, NOP
        assertEquals(1356, packet.mss(), "options before the bad one stay");
        assertTrue(packet.optionsMalformed());
        assertEquals(Damage.NONE, packet.damage(), "the segment itself is sound");
        assertEquals(Content.TCP, packet.content());
    }

    @Test
    void option_length_one_is_malformed() {
        Packet packet = decode(RAW, syn(bytes(
                0x03, 0x01,                             // window scale with length 1: impossible
                0x02, 0x04, 0x05, 0x4C,                 // MSS 1356, not reached
                0x01, 0x01)));                          // NOP, NOP
        assertTrue(packet.optionsMalformed());
        assertEquals(-1, packet.mss());
        assertEquals(-1, packet.windowScale());
    }

    @Test
    void option_running_past_the_header_is_malformed() {
        Packet packet = decode(RAW, syn(bytes(
                0x01, 0x01,                             // NOP, NOP
                0x08, 0x0A,                             // timestamps, length 10: 6 bytes are left
                0x00, 0x00, 0x00, 0x00)));
        assertTrue(packet.optionsMalformed());
        assertFalse(packet.timestamps());
        assertEquals(Damage.NONE, packet.damage());
    }

    @Test
    void option_length_byte_past_the_header_is_malformed() {
        Packet packet = decode(RAW, syn(bytes(
                0x01, 0x01, 0x01,                       // NOP, NOP, NOP
                0x02)));                                // MSS kind, its length byte past the header
        assertTrue(packet.optionsMalformed());
        assertEquals(-1, packet.mss());
    }

    @Test
    void sack_blocks_are_read_with_their_edges_unsigned() {
        Packet packet = decode(RAW, ipv4("10.0.3.2", "10.0.1.2").tcp(8080, 51000).seq(1).ack(1000).flags(Packet.ACK)
                .nop().nop().sack(0xFFFFF000L, 0xFFFFF5A0L, 2000, 3400, 5000, 6400).bytes());
        assertEquals(3, packet.sackBlocks());
        assertEquals(0xFFFFF000L, packet.sackLeft(0));
        assertEquals(0xFFFFF5A0L, packet.sackRight(0));
        assertEquals(2000, packet.sackLeft(1));
        assertEquals(3400, packet.sackRight(1));
        assertEquals(6400, packet.sackRight(2));
        assertFalse(packet.optionsMalformed());

        Packet four = decode(RAW, ipv4("10.0.3.2", "10.0.1.2").tcp(8080, 51000).seq(1).ack(1000).flags(Packet.ACK)
                .nop().nop().sack(1, 2, 3, 4, 5, 6, 7, 8).bytes());
        assertEquals(4, four.sackBlocks(), "four blocks fill the 40 option bytes' 34");
        assertEquals(8, four.sackRight(3));
        assertEquals(0, decode(RAW, syn(new byte[0])).sackBlocks(), "none reset");
    }

    @Test
    void sack_of_no_whole_block_is_malformed() {
        Packet packet = decode(RAW, syn(bytes(
                0x05, 0x0C,                             // SACK of 12 bytes: one block and a half
                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
                0x01, 0x01, 0x01, 0x01)));
        assertTrue(packet.optionsMalformed());
        assertEquals(0, packet.sackBlocks());
    }

    @Test
    void known_option_with_the_wrong_length_is_skipped() {
        Packet packet = decode(RAW, syn(bytes(
                0x02, 0x03, 0x05,                       // MSS with length 3: value unusable
                0x04, 0x02,                             // SACK permitted: still read
                0x01, 0x01, 0x01)));                    // NOP, NOP, NOP
        assertTrue(packet.optionsMalformed());
        assertEquals(-1, packet.mss());
        assertTrue(packet.sackPermitted());
    }

    @Test
    void capture_cut_in_the_middle_of_an_option() {
        byte[] whole = synWithUsualOptions(1380);
        // IP 20 + TCP 20 + MSS 4 + SACK-permitted 2 + timestamps kind, length and 2 value bytes.
        Packet packet = decode(RAW, cut(whole, 48), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals("tcp", packet.damagedLayer());
        assertEquals(1380, packet.mss(), "options before the cut are read");
        assertTrue(packet.sackPermitted());
        assertFalse(packet.timestamps());
        assertEquals(-1, packet.windowScale());
        assertEquals(40, packet.tcpHeaderLength(), "the header length still comes from the header");
    }

    @Test
    void capture_cut_between_kind_and_length() {
        byte[] whole = synWithUsualOptions(1380);
        Packet packet = decode(RAW, cut(whole, 41), whole.length);   // only the MSS kind byte
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals(-1, packet.mss());
        assertFalse(packet.optionsMalformed());
    }

    @Test
    void capture_cut_after_the_ports() {
        byte[] whole = synWithUsualOptions(1380);
        Packet packet = decode(RAW, cut(whole, 26), whole.length);
        assertEquals(Damage.TRUNCATED, packet.damage());
        assertEquals(51000, packet.sourcePort());
        assertEquals(-1, packet.sequence());
        assertEquals(Content.IP_OTHER, packet.content(), "TCP needs the sequence number too");
    }

    @Test
    void data_offset_below_five_words_is_malformed() {
        byte[] frame = syn(new byte[0]);
        frame[32] = 0x40;                               // data offset: 4 words, below the fixed 5
        Packet packet = decode(RAW, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals("tcp", packet.damagedLayer());
        assertEquals(Content.TCP, packet.content());
        assertEquals(0, packet.tcpHeaderLength());
    }

    @Test
    void data_offset_past_the_segment_is_malformed() {
        byte[] frame = syn(new byte[0]);
        frame[32] = (byte) 0xF0;                        // data offset: 15 words, segment has 5
        Packet packet = decode(RAW, frame);
        assertEquals(Damage.MALFORMED, packet.damage());
        assertEquals(0, packet.payloadLength());
    }

    @Test
    void payload_length_comes_from_the_ip_length() {
        byte[] frame = ipv4("10.0.3.2", "10.0.1.2").totalLength(1420).dontFragment()
                .tcp(8080, 51000).seq(1).ack(1).flags(Packet.ACK).options(bytes(
                        0x01, 0x01,                     // NOP, NOP
                        0x08, 0x0A, 0, 0, 0, 1, 0, 0, 0, 2))   // timestamps
                .bytes();
        Packet packet = decode(RAW, frame, 1420);       // headers captured, payload not
        assertEquals(Damage.NONE, packet.damage());
        assertEquals(1368, packet.payloadLength());
        assertEquals(12, packet.tcpOptionsLength());
    }
}
