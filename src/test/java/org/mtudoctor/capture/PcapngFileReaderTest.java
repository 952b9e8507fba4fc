package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pcapng: both byte orders, time stamp options, every packet block type, and lying block lengths. */
class PcapngFileReaderTest {

    @Test
    void readsLittleEndian() throws Exception {
        byte[] capture = {
            // section header block
            0x0a, 0x0d, 0x0d, 0x0a,                             // block type: section header
            0x1c, 0x00, 0x00, 0x00,                             // block length 28
            0x4d, 0x3c, 0x2b, 0x1a,                             // byte-order magic 0x1a2b3c4d little-endian
            0x01, 0x00, 0x00, 0x00,                             // version 1.0
            -1, -1, -1, -1, -1, -1, -1, -1,                     // section length: unknown
            0x1c, 0x00, 0x00, 0x00,                             // block length again
            // interface description block
            0x01, 0x00, 0x00, 0x00,                             // block type: interface description
            0x14, 0x00, 0x00, 0x00,                             // block length 20
            0x01, 0x00,                                         // link type 1, Ethernet
            0x00, 0x00,                                         // reserved
            0x00, 0x00, 0x04, 0x00,                             // snap length 262144
            0x14, 0x00, 0x00, 0x00,                             // block length again
            // enhanced packet block
            0x06, 0x00, 0x00, 0x00,                             // block type: enhanced packet
            0x24, 0x00, 0x00, 0x00,                             // block length 36
            0x00, 0x00, 0x00, 0x00,                             // interface 0
            0x24, 0x0a, 0x06, 0x00,                             // time stamp, high word 0x00060a24
            0x40, 0x22, 0x20, 0x18,                             // low word 0x18202240: 1700000000123456 microseconds
            0x04, 0x00, 0x00, 0x00,                             // captured length 4
            0x3c, 0x00, 0x00, 0x00,                             // original length 60
            (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, // captured bytes
            0x24, 0x00, 0x00, 0x00,                             // block length again
        };

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(new RecordingSink.Frame(1, 1_700_000_000_123_456_000L,
                new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, 60, 0)), sink.frames);
    }

    @Test
    void readsBigEndianWithNanosecondResolution() throws Exception {
        byte[] capture = {
            // section header block
            0x0a, 0x0d, 0x0d, 0x0a,                             // block type: section header
            0x00, 0x00, 0x00, 0x1c,                             // block length 28
            0x1a, 0x2b, 0x3c, 0x4d,                             // byte-order magic big-endian
            0x00, 0x01, 0x00, 0x00,                             // version 1.0
            -1, -1, -1, -1, -1, -1, -1, -1,                     // section length: unknown
            0x00, 0x00, 0x00, 0x1c,                             // block length again
            // interface description block
            0x00, 0x00, 0x00, 0x01,                             // block type: interface description
            0x00, 0x00, 0x00, 0x20,                             // block length 32
            0x00, 0x71,                                         // link type 113, Linux cooked
            0x00, 0x00,                                         // reserved
            0x00, 0x00, (byte) 0xff, (byte) 0xff,               // snap length 65535
            0x00, 0x09, 0x00, 0x01,                             // option if_tsresol, 1 byte
            0x09, 0x00, 0x00, 0x00,                             // 10^-9 seconds, then 3 bytes of padding
            0x00, 0x00, 0x00, 0x00,                             // end of options
            0x00, 0x00, 0x00, 0x20,                             // block length again
            // enhanced packet block
            0x00, 0x00, 0x00, 0x06,                             // block type: enhanced packet
            0x00, 0x00, 0x00, 0x24,                             // block length 36
            0x00, 0x00, 0x00, 0x00,                             // interface 0
            0x17, (byte) 0x97, (byte) 0x9c, (byte) 0xfe,        // time stamp, high word
            0x3d, (byte) 0x85, (byte) 0xcd, 0x15,               // low word: 1700000000123456789 nanoseconds
            0x00, 0x00, 0x00, 0x02,                             // captured length 2
            0x00, 0x00, 0x00, 0x02,                             // original length 2
            0x00, 0x04, 0x00, 0x00,                             // captured bytes, then 2 bytes of padding
            0x00, 0x00, 0x00, 0x24,                             // block length again
        };

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(new RecordingSink.Frame(113, 1_700_000_000_123_456_789L, new byte[] {0x00, 0x04}, 2, 0)),
                sink.frames);
    }

    /** Section header block, 28 bytes. */
    private static Layout sectionHeader(Layout layout) {
        return layout
                .u32(0x0a0d0d0aL)     // block type: section header
                .u32(28)              // block length
                .u32(0x1a2b3c4dL)     // byte-order magic
                .u16(1).u16(0)        // version 1.0
                .u64(-1)              // section length: unknown
                .u32(28);             // block length again
    }

    /** Interface description block without options, 20 bytes. */
    private static Layout interfaceDescription(Layout layout, int linkType, long snapLength) {
        return layout
                .u32(1)               // block type: interface description
                .u32(20)              // block length
                .u16(linkType)        // link type
                .u16(0)               // reserved
                .u32(snapLength)      // snap length
                .u32(20);             // block length again
    }

    /** Interface description block with an {@code if_name} option of {@code name}'s UTF-8 bytes. */
    private static Layout namedInterface(Layout layout, int linkType, String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int padded = (bytes.length + 3) & ~3;
        int length = 20 + 4 + padded + 4;
        layout.u32(1).u32(length).u16(linkType).u16(0).u32(65535)
                .u16(2).u16(bytes.length);  // if_name
        for (byte b : bytes) {
            layout.u8(b & 0xFF);
        }
        return layout.fill(padded - bytes.length, 0)
                .u16(0).u16(0)              // opt_endofopt
                .u32(length);
    }

    /** Enhanced packet block of {@code captured} bytes of {@code fill}, padded to 4 bytes. */
    private static Layout enhancedPacket(Layout layout, long interfaceId, long units, int captured, int fill) {
        int padded = (captured + 3) & ~3;
        return layout
                .u32(6)                    // block type: enhanced packet
                .u32(32 + padded)          // block length
                .u32(interfaceId)          // interface
                .u32(units >>> 32)         // time stamp, high word
                .u32(units)                // time stamp, low word
                .u32(captured)             // captured length
                .u32(captured)             // original length
                .fill(captured, fill)      // captured bytes
                .fill(padded - captured, 0)
                .u32(32 + padded);         // block length again
    }

    private static Layout ethernetSection() {
        return interfaceDescription(sectionHeader(Layout.littleEndian()), 1, 65535);
    }

    @Test
    void binaryResolutionAndTimeStampOffset() throws Exception {
        byte[] capture = sectionHeader(Layout.littleEndian())
                .u32(1)                   // block type: interface description
                .u32(44)                  // block length
                .u16(1).u16(0)            // link type 1, reserved
                .u32(65535)               // snap length
                .u16(9).u16(1)            // option if_tsresol, 1 byte
                .u8(0x80 | 20).fill(3, 0) // 2^-20 seconds, padding
                .u16(14).u16(8)           // option if_tsoffset, 8 bytes
                .u64(100)                 // 100 seconds added to every time stamp
                .u16(0).u16(0)            // end of options
                .u32(44)                  // block length again
                .u32(6).u32(36).u32(0)    // enhanced packet block, 36 bytes, interface 0
                .u32(0x6553fL)            // time stamp high word
                .u32(0x10080000L)         // low word: (1700000000 << 20) + 2^19, i.e. 1700000000.5 s
                .u32(1).u32(1)            // captured 1, original 1
                .u8(0x7e).fill(3, 0)      // captured byte, padding
                .u32(36)                  // block length again
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(1_700_000_100_500_000_000L, sink.frame(0).timestampNanos());
    }

    @Test
    void finestResolutionsConvertWithoutOverflow() {
        long units = 1_700_000_000L;
        // 10^-19 s units: 1700000000 units are 170 picoseconds, which truncate to 0 ns.
        assertEquals(0, new PcapngInterface(1, 0, false, 19, 0).timestampNanos(units));
        // 2^-63 s units: the largest fraction is just under one second.
        assertEquals(999_999_999, new PcapngInterface(1, 0, true, 63, 0).timestampNanos(Long.MAX_VALUE));
        // 2^-40 s units, 3.25 s: the fraction's product with 10^9 needs more than 64 bits.
        assertEquals(3_250_000_000L, new PcapngInterface(1, 0, true, 40, 0).timestampNanos((13L << 40) / 4));
        // 10^0: whole seconds.
        assertEquals(units * 1_000_000_000L, new PcapngInterface(1, 0, false, 0, 0).timestampNanos(units));
    }

    @Test
    void resolutionFinerThan64BitsAllowIsWarnedAndMicrosecondsAssumed() throws Exception {
        byte[] capture = sectionHeader(Layout.littleEndian())
                .u32(1).u32(32)           // interface description block, 32 bytes
                .u16(1).u16(0).u32(0)     // Ethernet, no snap length
                .u16(9).u16(1)            // option if_tsresol
                .u8(20).fill(3, 0)        // 10^-20 s: one second would not fit in 64 bits
                .u16(0).u16(0)            // end of options
                .u32(32)
                .toByteArray();
        byte[] withPacket = enhancedPacket(new Layout(ByteOrder.LITTLE_ENDIAN), 0, 5_000_000, 1, 0).toByteArray();

        RecordingSink sink = Captures.readBytes(concatenate(capture, withPacket));

        assertEquals(List.of("interface description block at byte 28: if_tsresol 10^-20 is finer than 64-bit"
                + " time stamps allow; microseconds assumed"), sink.warnings);
        assertEquals(5_000_000_000L, sink.frame(0).timestampNanos());
    }

    @Test
    void interfacesWithDifferentLinkTypes() throws Exception {
        Layout layout = sectionHeader(Layout.littleEndian());
        interfaceDescription(layout, 1, 65535);       // interface 0: Ethernet
        interfaceDescription(layout, 101, 65535);     // interface 1: raw IP
        interfaceDescription(layout, 276, 65535);     // interface 2: Linux cooked v2
        enhancedPacket(layout, 2, 1, 20, 0xa2);
        enhancedPacket(layout, 0, 2, 14, 0xa0);
        enhancedPacket(layout, 1, 3, 20, 0xa1);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(276, 1, 101), sink.frames.stream().map(RecordingSink.Frame::linkType).toList());
        assertEquals(List.of(2, 0, 1), sink.frames.stream().map(RecordingSink.Frame::interfaceId).toList());
        assertEquals((byte) 0xa1, sink.frame(2).data()[0]);
    }

    @Test
    void interfaceNamesReachTheSinkPrintable() throws Exception {
        Layout layout = sectionHeader(Layout.littleEndian());
        namedInterface(layout, 1, "eth0");
        interfaceDescription(layout, 1, 65535);                      // no name
        namedInterface(layout, 1, "\u001b[2J<script>alert(1)</script>\r\nppp0\u2028");
        namedInterface(layout, 1, "x".repeat(300));

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of("0=eth0", "1=null", "2=?[2J<script>alert(1)</script>??ppp0?",
                "3=" + "x".repeat(PcapngFileReader.MAXIMUM_NAME_LENGTH)), sink.interfaces,
                "control characters and line separators replaced, long names cut; markup is for the HTML to escape");
    }

    @Test
    void simplePacketBlocksCutCapturedLengthToSnapLengthAndBlock() throws Exception {
        Layout layout = interfaceDescription(sectionHeader(Layout.littleEndian()), 1, 64);
        layout.u32(3)                 // block type: simple packet
              .u32(80)                // block length: 64 bytes of data
              .u32(100)               // original length 100, more than the snap length 64
              .fill(64, 0x51)         // captured bytes
              .u32(80);               // block length again
        layout.u32(3).u32(28)         // simple packet block, 28 bytes
              .u32(10)                // original length 10
              .fill(10, 0x52).fill(2, 0) // captured bytes, padding
              .u32(28);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(), sink.warnings);
        assertEquals(64, sink.frame(0).data().length);
        assertEquals(100, sink.frame(0).originalLength());
        assertEquals(10, sink.frame(1).data().length);
        assertEquals(0, sink.frame(1).interfaceId());
        assertEquals(0, sink.frame(1).timestampNanos());
    }

    @Test
    void simplePacketBlockIsCutToWhatTheBlockHolds() throws Exception {
        Layout layout = interfaceDescription(sectionHeader(Layout.littleEndian()), 1, 0); // no snap length
        layout.u32(3).u32(24)         // simple packet block, 24 bytes: room for 8 bytes of data
              .u32(1500)              // original length 1500
              .fill(8, 0x53)          // captured bytes
              .u32(24);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(8, sink.frame(0).data().length);
        assertEquals(1500, sink.frame(0).originalLength());
    }

    @Test
    void obsoletePacketBlock() throws Exception {
        Layout layout = ethernetSection();
        interfaceDescription(layout, 9, 65535);   // interface 1: PPP
        layout.u32(2)                 // block type: packet (obsolete)
              .u32(36)                // block length
              .u16(1)                 // interface 1
              .u16(7)                 // drops count
              .u32(0).u32(2_000_000)  // time stamp: 2 seconds in microseconds
              .u32(3).u32(40)         // captured 3, original 40
              .bytes(0xff, 0x03, 0x00).u8(0) // captured bytes, padding
              .u32(36);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(new RecordingSink.Frame(9, 2_000_000_000L, new byte[] {(byte) 0xff, 0x03, 0x00}, 40, 1)),
                sink.frames);
    }

    @Test
    void unknownBlocksAreSkipped() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(0x0000_0bad)       // block type nobody defined
              .u32(20)                // block length
              .u32(6).u32(36)         // contents that look like an enhanced packet block header
              .u32(20);
        layout.u32(5).u32(12).u32(12);    // interface statistics block, empty
        enhancedPacket(layout, 0, 1, 5, 0x77);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(), sink.warnings);
        assertEquals(1, sink.frames.size());
        assertEquals(5, sink.frame(0).data().length);
    }

    @Test
    void newSectionResetsInterfacesAndMaySwitchByteOrder() throws Exception {
        Layout layout = ethernetSection();
        interfaceDescription(layout, 113, 65535);    // interface 1 of the first section
        enhancedPacket(layout, 1, 1, 4, 0x01);
        layout.order(ByteOrder.BIG_ENDIAN);
        sectionHeader(layout);                       // second section, big-endian, at byte 104
        interfaceDescription(layout, 101, 65535);    // its interface 0: raw IP
        enhancedPacket(layout, 0, 2, 4, 0x02);
        enhancedPacket(layout, 1, 3, 4, 0x03);       // interface 1 belonged to the first section

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(113, 101), sink.frames.stream().map(RecordingSink.Frame::linkType).toList());
        assertEquals(2_000, sink.frame(1).timestampNanos()); // 2 microseconds, read big-endian
        assertEquals(List.of("enhanced packet block at byte 188 refers to interface 1, but the section describes"
                + " only 1; block skipped"), sink.warnings);
    }

    @Test
    void packetBeforeAnyInterfaceIsSkipped() throws Exception {
        Layout layout = sectionHeader(Layout.littleEndian());
        enhancedPacket(layout, 0, 1, 4, 0x01);
        interfaceDescription(layout, 1, 0);
        enhancedPacket(layout, 0, 1, 4, 0x02);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("enhanced packet block at byte 28 refers to interface 0, but the section describes"
                + " only 0; block skipped"), sink.warnings);
    }

    @Test
    void capturedLengthLargerThanTheBlockSkipsTheBlock() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(6).u32(36).u32(0)  // enhanced packet block at byte 48, 36 bytes: room for 4
              .u32(0).u32(1)
              .u32(5)                 // captured length 5: one byte more than the block holds
              .u32(5)
              .fill(4, 0)
              .u32(36);
        enhancedPacket(layout, 0, 2, 4, 0x09);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("enhanced packet block at byte 48 claims 5 captured bytes, but the block holds"
                + " only 4; block skipped"), sink.warnings);
    }

    @Test
    void blockLengthTooSmallStopsTheRead() throws Exception {
        Layout layout = ethernetSection();
        enhancedPacket(layout, 0, 1, 4, 0x01);       // at byte 48, 36 bytes
        layout.u32(6).u32(8).u32(8);                 // at byte 84: length 8 would not even hold its trailer

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("enhanced packet block at byte 84 has length 8, less than the 12-byte minimum"),
                sink.warnings);
    }

    @Test
    void blockLengthNotAMultipleOfFourStopsTheRead() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(6).u32(37).fill(29, 0);           // at byte 48

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(0, sink.frames.size());
        assertEquals(List.of("enhanced packet block at byte 48 has length 37, not a multiple of 4"), sink.warnings);
    }

    @Test
    void blockLongerThanTheFileIsATruncation() throws Exception {
        Layout layout = ethernetSection();
        enhancedPacket(layout, 0, 1, 4, 0x01);
        layout.u32(6).u32(1000)       // at byte 84: claims 1000 bytes
              .u32(0).u32(0).u32(1)
              .u32(968).u32(968)
              .fill(100, 0);          // but the file ends after 128 of them

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("truncated enhanced packet block at byte 84: 128 of 1000 bytes present"), sink.warnings);
    }

    @Test
    void trailerDisagreeingWithHeaderStopsTheRead() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(6).u32(36).u32(0)  // enhanced packet block at byte 48, 36 bytes
              .u32(0).u32(1).u32(4).u32(4)
              .fill(4, 0x01)
              .u32(40);               // trailer says 40
        enhancedPacket(layout, 0, 2, 4, 0x02);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(0, sink.frames.size());
        assertEquals(List.of("enhanced packet block at byte 48 has length 36 in its header but 40 in its trailer"),
                sink.warnings);
    }

    @Test
    void hugeBlockLengthIsDamageNotAnAllocation() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(6).u32(0xffff_fff0L).fill(64, 0);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of("enhanced packet block at byte 48 has length 4294967280, more than the 268435456-byte"
                + " limit"), sink.warnings);
    }

    @Test
    void truncatedBlockHeaderWarns() throws Exception {
        Layout layout = ethernetSection();
        enhancedPacket(layout, 0, 1, 4, 0x01);
        layout.u32(6).u8(36);         // 5 bytes of a block header at byte 84

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("truncated block header at byte 84: 5 of 8 bytes present"), sink.warnings);
    }

    @Test
    void sectionOfUnknownMajorVersionIsSkipped() throws Exception {
        Layout layout = ethernetSection();
        enhancedPacket(layout, 0, 1, 4, 0x01);
        layout.u32(0x0a0d0d0aL).u32(28).u32(0x1a2b3c4dL)
              .u16(2).u16(0)          // version 2.0: at byte 84
              .u64(-1).u32(28);
        interfaceDescription(layout, 1, 0);
        enhancedPacket(layout, 0, 2, 4, 0x02);       // skipped with its section
        sectionHeader(layout);                        // version 1 again
        interfaceDescription(layout, 1, 0);
        enhancedPacket(layout, 0, 3, 4, 0x03);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of(1, 3), sink.frames.stream().map(frame -> (int) frame.data()[0]).toList());
        assertEquals(List.of("section at byte 84 has pcapng major version 2, expected 1; section skipped"),
                sink.warnings);
    }

    @Test
    void badByteOrderMagicInALaterSectionStopsTheRead() throws Exception {
        Layout layout = ethernetSection();
        layout.u32(0x0a0d0d0aL).u32(28)
              .u32(0x12345678)        // not the byte-order magic
              .u16(1).u16(0).u64(-1).u32(28);

        RecordingSink sink = Captures.readBytes(layout.toByteArray());

        assertEquals(List.of("section header block at byte 48 has byte-order magic 78 56 34 12, expected"
                + " 1a 2b 3c 4d in either order"), sink.warnings);
    }

    @Test
    void firstSectionWithoutByteOrderMagicIsNotACapture() {
        byte[] text = "\n\r\r\nnot a capture at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        CaptureException error = assertThrows(CaptureException.class, () -> Captures.readBytes(text));
        assertEquals("test input: not a pcap or pcapng file (first bytes 0a 0d 0d 0a 6e 6f 74 20 61 20 63 61)",
                error.getMessage());
    }

    private static byte[] concatenate(byte[] first, byte[] second) {
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
