package org.mtudoctor.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.testing.FuzzSeeds;

/**
 * Coverage-guided fuzzing of the pcapng reader with Jazzer. Without JAZZER_FUZZ this replays the
 * seeds and the inputs under src/test/resources/.../PcapngFileReaderFuzzTestInputs; see scripts/fuzz.
 */
class PcapngFileReaderFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.concat(FuzzSeeds.captures(".pcapng"), Stream.of(
                FuzzSeeds.seed("two sections, every packet block", Layout.littleEndian()
                        // section 1, little-endian
                        .u32(0x0a0d0d0aL).u32(28)   // section header, 28 bytes
                        .u32(0x1a2b3c4dL)           // byte-order magic
                        .u16(1).u16(0).u64(-1)      // version 1.0, section length unknown
                        .u32(28)
                        .u32(1).u32(44)             // interface description, 44 bytes
                        .u16(101).u16(0)            // link type 101, raw IP; reserved
                        .u32(0)                     // snap length 0: none
                        .u16(9).u16(1)              // if_tsresol, 1 byte
                        .u8(0x80 | 20).fill(3, 0)   // 2^-20 seconds, padding
                        .u16(14).u16(8).u64(-5)     // if_tsoffset -5 seconds
                        .u16(0).u16(0)              // end of options
                        .u32(44)
                        .u32(6).u32(36)             // enhanced packet, 36 bytes
                        .u32(0)                     // interface 0
                        .u32(0).u32(1 << 20)        // time stamp: 1 second
                        .u32(4).u32(1400)           // captured 4 of 1400 bytes
                        .bytes(0x45, 0, 0x05, 0x78)
                        .u32(36)
                        .u32(3).u32(20)             // simple packet, 20 bytes
                        .u32(60)                    // original length 60
                        .bytes(0x60, 0, 0, 0)
                        .u32(20)
                        .u32(2).u32(36)             // obsolete packet block, 36 bytes
                        .u16(0).u16(0)              // interface 0, drops
                        .u32(0).u32(7)              // time stamp
                        .u32(4).u32(4)              // captured and original length
                        .bytes(0x45, 0, 0, 4)
                        .u32(36)
                        .u32(0x0BAD).u32(12).u32(12) // an unknown block, skipped
                        // section 2, big-endian
                        .order(ByteOrder.BIG_ENDIAN)
                        .u32(0x0a0d0d0aL).u32(28)
                        .u32(0x1a2b3c4dL)
                        .u16(1).u16(0).u64(-1)
                        .u32(28)
                        .u32(1).u32(20)             // interface description, 20 bytes
                        .u16(1).u16(0)              // Ethernet
                        .u32(0x8000_0000L)          // snap length 2^31
                        .u32(20)
                        .u32(6).u32(32)             // enhanced packet with no bytes
                        .u32(0).u32(0).u32(0)
                        .u32(0).u32(0)
                        .u32(32)
                        .toByteArray())));
    }

    @MethodSource("seeds")
    @FuzzTest
    void anyBytesGiveFramesAndWarningsOrOneError(byte[] input) {
        if (input.length < 4 || ByteFields.int32(input, 0, true) != PcapngFileReader.SECTION_HEADER_BLOCK) {
            return;     // the pcap target covers the rest; a section header keeps this one on pcapng
        }
        ReaderInvariants.check(input);
    }
}
