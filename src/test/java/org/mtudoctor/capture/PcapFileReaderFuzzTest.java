package org.mtudoctor.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.testing.FuzzSeeds;

/**
 * Coverage-guided fuzzing of the pcap reader with Jazzer. Without JAZZER_FUZZ this replays the seeds
 * and the inputs under src/test/resources/.../PcapFileReaderFuzzTestInputs; see scripts/fuzz.
 */
class PcapFileReaderFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.concat(FuzzSeeds.captures(".pcap"), Stream.of(
                FuzzSeeds.seed("big-endian nanoseconds, two records", Layout.bigEndian()
                        .u32(0xa1b23c4dL)     // magic: nanoseconds
                        .u16(2).u16(4)        // version 2.4
                        .u32(0).u32(0)        // time zone, accuracy
                        .u32(96)              // snap length 96
                        .u32(101)             // link type 101, raw IP
                        .u32(10).u32(999)     // time stamp 10.000000999
                        .u32(4).u32(1500)     // captured 4 of 1500 bytes
                        .bytes(0x45, 0, 0x05, 0xdc)
                        .u32(9).u32(0)        // time stamp 9: earlier than the first
                        .u32(0).u32(0)        // an empty record
                        .toByteArray()),
                FuzzSeeds.seed("version 2.2, original length first", Layout.littleEndian()
                        .u32(0xa1b2c3d4L)     // magic: microseconds
                        .u16(2).u16(2)        // version 2.2: lengths swapped
                        .u32(0).u32(0)        // time zone, accuracy
                        .u32(0)               // snap length 0
                        .u32(1)               // link type 1, Ethernet
                        .u32(1).u32(2)        // time stamp
                        .u32(60).u32(2)       // original length 60, captured 2
                        .bytes(0xff, 0xff)
                        .toByteArray()),
                FuzzSeeds.seed("Kuznetzov record header", Layout.littleEndian()
                        .u32(0xa1b2cd34L)     // magic: patched libpcap, 24-byte record headers
                        .u16(2).u16(4)        // version 2.4
                        .u32(0).u32(0)        // time zone, accuracy
                        .u32(0x8000_0000L)    // snap length 2^31
                        .u32(113)             // link type 113, Linux cooked
                        .u32(1).u32(2)        // time stamp
                        .u32(2).u32(2)        // captured and original length
                        .u32(3).u16(0x0800)   // interface index, protocol
                        .u8(0).fill(1, 0)     // packet type, padding
                        .bytes(0, 4)
                        .toByteArray())));
    }

    @MethodSource("seeds")
    @FuzzTest
    void anyBytesGiveFramesAndWarningsOrOneError(byte[] input) {
        if (input.length < 4 || !PcapFileReader.recognizes(ByteFields.int32(input, 0, true))) {
            return;     // the pcapng target covers the rest; a pcap magic keeps this one on pcap
        }
        ReaderInvariants.check(input);
    }
}
