package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic pcap format, one test per byte order, precision and kind of damage. */
class PcapFileReaderTest {

    @Test
    void readsLittleEndianMicroseconds() throws Exception {
        byte[] capture = {
            // file header
            (byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, // magic 0xa1b2c3d4 little-endian: microseconds
            0x02, 0x00, 0x04, 0x00,                             // version 2.4
            0x00, 0x00, 0x00, 0x00,                             // time zone offset
            0x00, 0x00, 0x00, 0x00,                             // time stamp accuracy
            (byte) 0xff, (byte) 0xff, 0x00, 0x00,               // snap length 65535
            0x01, 0x00, 0x00, 0x00,                             // link type 1, Ethernet
            // record
            0x00, (byte) 0xf1, 0x53, 0x65,                      // seconds 1700000000
            0x40, (byte) 0xe2, 0x01, 0x00,                      // microseconds 123456
            0x04, 0x00, 0x00, 0x00,                             // captured length 4
            0x3c, 0x00, 0x00, 0x00,                             // original length 60
            (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, // captured bytes
        };

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(new RecordingSink.Frame(1, 1_700_000_000_123_456_000L,
                new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, 60, 0)), sink.frames);
    }

    @Test
    void readsBigEndianNanoseconds() throws Exception {
        byte[] capture = {
            // file header
            (byte) 0xa1, (byte) 0xb2, 0x3c, 0x4d,               // magic 0xa1b23c4d big-endian: nanoseconds
            0x00, 0x02, 0x00, 0x04,                             // version 2.4
            0x00, 0x00, 0x00, 0x00,                             // time zone offset
            0x00, 0x00, 0x00, 0x00,                             // time stamp accuracy
            0x00, 0x04, 0x00, 0x00,                             // snap length 262144
            0x00, 0x00, 0x00, 0x65,                             // link type 101, raw IP
            // record
            0x65, 0x53, (byte) 0xf1, 0x00,                      // seconds 1700000000
            0x3b, (byte) 0x9a, (byte) 0xc9, (byte) 0xff,        // nanoseconds 999999999
            0x00, 0x00, 0x00, 0x03,                             // captured length 3
            0x00, 0x00, 0x05, (byte) 0xdc,                      // original length 1500
            0x45, 0x00, 0x05,                                   // captured bytes: start of an IPv4 header
        };

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(List.of(new RecordingSink.Frame(101, 1_700_000_000_999_999_999L, new byte[] {0x45, 0x00, 0x05},
                1500, 0)), sink.frames);
    }

    /** Little-endian microsecond file header with the given snap length and link type field. */
    private static Layout header(long snapLength, long linkTypeField) {
        return Layout.littleEndian()
                .u32(0xa1b2c3d4L)     // magic: microseconds
                .u16(2).u16(4)        // version 2.4
                .u32(0)               // time zone offset
                .u32(0)               // time stamp accuracy
                .u32(snapLength)      // snap length
                .u32(linkTypeField);  // link type
    }

    @Test
    void snapLengthIsOnlyInformation() throws Exception {
        for (long snapLength : new long[] {0, 4, 0xffff_ffffL}) {
            byte[] capture = header(snapLength, 1)
                    .u32(10).u32(0)   // time stamp 10.000000
                    .u32(8)           // captured length 8: more than a snap length of 4
                    .u32(8)           // original length 8
                    .fill(8, 0x55)    // captured bytes
                    .toByteArray();

            RecordingSink sink = Captures.readBytes(capture);

            assertEquals(List.of(), sink.warnings, "snap length " + snapLength);
            assertEquals(8, sink.frame(0).data().length, "snap length " + snapLength);
        }
    }

    @Test
    void linkTypeIgnoresTheFrameCheckSequenceBits() throws Exception {
        byte[] capture = header(65535, 0x1400_0001L) // link type 1 with "FCS present, 4 bytes" in the top bits
                .u32(1).u32(0).u32(1).u32(1)            // time stamp 1.0, captured 1, original 1
                .u8(0xaa)                               // captured byte
                .toByteArray();

        assertEquals(1, Captures.readBytes(capture).frame(0).linkType());
    }

    @Test
    void truncatedLastRecordKeepsEarlierFramesAndWarns() throws Exception {
        byte[] capture = header(65535, 1)
                .u32(1).u32(0).u32(4).u32(4)   // record at byte 24: time 1.0, captured 4, original 4
                .fill(4, 0x11)                 // its bytes
                .u32(2).u32(0).u32(58).u32(58) // record at byte 44: captured 58, so 74 bytes with its header
                .fill(24, 0x22)                // only 24 of its 58 bytes: the file was cut here
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("truncated record at byte 44: 40 of 74 bytes present"), sink.warnings);
    }

    @Test
    void truncatedRecordHeaderWarns() throws Exception {
        byte[] capture = header(65535, 1)
                .u32(1).u32(0).u32(4).u32(4)   // record at byte 24
                .fill(4, 0x11)                 // its bytes
                .u32(2).u32(0).u16(58)         // 10 bytes of the next record header
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(1, sink.frames.size());
        assertEquals(List.of("truncated record header at byte 44: 10 of 16 bytes present"), sink.warnings);
    }

    @Test
    void absurdCapturedLengthIsDamageNotAnAllocation() throws Exception {
        byte[] capture = header(65535, 1)
                .u32(1).u32(0)
                .u32(0xffff_fff0L)  // captured length near 4 GiB
                .u32(60)            // original length
                .fill(64, 0)        // some bytes, far fewer than claimed
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(0, sink.frames.size());
        assertEquals(List.of("record at byte 24 claims 4294967280 captured bytes, more than the 268435440-byte limit"),
                sink.warnings);
    }

    @Test
    void fileHeaderCutShortIsNotACapture() {
        byte[] capture = {
            (byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, // magic
            0x02, 0x00, 0x04, 0x00,                             // version 2.4, then the file ends
        };

        CaptureException error = assertThrows(CaptureException.class, () -> Captures.readBytes(capture));
        assertEquals("test input: pcap file header cut short: 8 of 24 bytes", error.getMessage());
    }

    @Test
    void versionBefore2Point3StoresOriginalLengthFirst() throws Exception {
        byte[] capture = Layout.littleEndian()
                .u32(0xa1b2c3d4L).u16(2).u16(2)  // version 2.2
                .u32(0).u32(0).u32(65535).u32(1)
                .u32(1).u32(0)
                .u32(60)                         // original length, in the slot later versions use for captured
                .u32(4)                          // captured length
                .fill(4, 0x33)
                .toByteArray();

        RecordingSink.Frame frame = Captures.readBytes(capture).frame(0);

        assertEquals(4, frame.data().length);
        assertEquals(60, frame.originalLength());
    }

    @Test
    void version2Point3SwapsOnlyWhenCapturedExceedsOriginal() throws Exception {
        byte[] capture = Layout.littleEndian()
                .u32(0xa1b2c3d4L).u16(2).u16(3)  // version 2.3: lengths in either order
                .u32(0).u32(0).u32(65535).u32(1)
                .u32(1).u32(0).u32(4).u32(60)    // captured 4, original 60: already in order
                .fill(4, 0x33)
                .u32(2).u32(0).u32(60).u32(4)    // "captured" 60 > "original" 4: written swapped
                .fill(4, 0x44)
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(2, sink.frames.size());
        for (RecordingSink.Frame frame : sink.frames) {
            assertEquals(4, frame.data().length);
            assertEquals(60, frame.originalLength());
        }
    }

    @Test
    void kuznetzovRecordsCarryEightMoreHeaderBytes() throws Exception {
        byte[] capture = Layout.bigEndian()
                .u32(0xa1b2cd34L).u16(2).u16(4)  // Kuznetzov's patched format, big-endian
                .u32(0).u32(0).u32(65535).u32(1)
                .u32(5).u32(250_000)             // time stamp 5.250000
                .u32(2).u32(2)                   // captured 2, original 2
                .u32(3)                          // interface index
                .u16(0x0800)                     // protocol
                .u8(0)                           // packet type
                .u8(0)                           // padding
                .bytes(0xca, 0xfe)               // captured bytes
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture);

        assertEquals(List.of(), sink.warnings);
        assertEquals(5_250_000_000L, sink.frame(0).timestampNanos());
        assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe}, sink.frame(0).data());
    }

    @Test
    void fractionOutOfRangeCarriesIntoSeconds() throws Exception {
        byte[] capture = header(65535, 1)
                .u32(7)          // seconds
                .u32(1_500_000)  // "microseconds" 1500000: a damaged or hand-made file
                .u32(1).u32(1).u8(0)
                .toByteArray();

        assertEquals(8_500_000_000L, Captures.readBytes(capture).frame(0).timestampNanos());
    }

    @Test
    void originalLengthAbove2GibIsPinnedNotNegative() throws Exception {
        byte[] capture = header(65535, 1)
                .u32(1).u32(0)
                .u32(1)               // captured 1
                .u32(0x8000_0000L)    // original length 2 GiB: not a real frame
                .u8(0)
                .toByteArray();

        assertEquals(Integer.MAX_VALUE, Captures.readBytes(capture).frame(0).originalLength());
    }
}
