package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;

/** The --write file: what our readers and libpcap read back is what was written, to the nanosecond. */
class CaptureWriterTest {
    @TempDir
    Path directory;

    private static RecordingSink.Frame frame(int linkType, long timestampNanos, int captured, int original,
                                             int interfaceId) {
        byte[] data = new byte[captured];
        for (int i = 0; i < captured; i++) {
            data[i] = (byte) (i * 7 + interfaceId);
        }
        return new RecordingSink.Frame(linkType, timestampNanos, data, original, interfaceId);
    }

    private Path write(String name, List<CaptureWriter.Interface> interfaces, List<RecordingSink.Frame> frames)
            throws Exception {
        Path file = directory.resolve(name);
        try (CaptureWriter writer = CaptureWriter.create(file, interfaces)) {
            for (RecordingSink.Frame frame : frames) {
                writer.write(frame.interfaceId(), frame.timestampNanos(), frame.data(), 0, frame.data().length,
                        frame.originalLength());
            }
        }
        return file;
    }

    @Test
    void oneInterfaceIsNanosecondPcapKeepingWireLengths() throws Exception {
        List<RecordingSink.Frame> frames = List.of(
                frame(1, 1_795_000_000_123_456_789L, 60, 60, 0),
                frame(1, 1_795_000_000_123_457_000L, 256, 1434, 0),  // cut by the snap length
                frame(1, 1_795_000_001_000_000_001L, 1, 1500, 0));

        Path file = write("one.pcap", List.of(new CaptureWriter.Interface("eth0", 1, 256)), frames);

        RecordingSink own = Captures.readFile(file.toString());
        assertEquals(frames, own.frames);
        assertEquals(List.of(), own.warnings);
        Prerequisites.requireLibpcap();
        assertEquals(frames, Captures.readWithLibpcap(file.toString()).frames);
    }

    @Test
    void severalInterfacesArePcapngWithOneDescriptionEach() throws Exception {
        String longName = "a-rather-long-interface-name-longer-than-the-header-buffer-of-the-writer-0";
        List<CaptureWriter.Interface> interfaces = List.of(
                new CaptureWriter.Interface("eth0.100", 1, 256),
                new CaptureWriter.Interface("ppp1", 101, 200),
                new CaptureWriter.Interface(longName, 276, 262_144));
        // Lengths 1 to 5 take every padding; interfaces interleave.
        List<RecordingSink.Frame> frames = List.of(
                frame(1, 1_795_000_000_000_000_001L, 1, 1, 0),
                frame(101, 1_795_000_000_000_000_002L, 2, 1400, 1),
                frame(276, 1_795_000_000_000_000_003L, 3, 3, 2),
                frame(101, 1_795_000_000_000_000_004L, 4, 4, 1),
                frame(1, 1_795_000_000_999_999_999L, 5, 1514, 0));

        Path file = write("three.pcapng", interfaces, frames);

        RecordingSink own = Captures.readFile(file.toString());
        assertEquals(frames, own.frames);
        assertEquals(List.of(), own.warnings);
    }

    @Test
    void pcapngWithOneLinkTypeIsReadByLibpcapToo() throws Exception {
        Prerequisites.requireLibpcap();
        List<RecordingSink.Frame> frames = List.of(frame(1, 1_795_000_000_000_000_001L, 14, 60, 0),
                frame(1, 1_795_000_000_000_000_002L, 15, 60, 1));

        Path file = write("two.pcapng", List.of(new CaptureWriter.Interface("eth0", 1, 256),
                new CaptureWriter.Interface("eth1", 1, 256)), frames);

        // libpcap reports every pcapng frame on interface 0.
        assertEquals(List.of(frames.get(0), new RecordingSink.Frame(1, frames.get(1).timestampNanos(),
                frames.get(1).data(), 60, 0)), Captures.readWithLibpcap(file.toString()).frames);
    }

    @Test
    void aFileThatCannotBeCreatedIsOneLine() {
        Path file = directory.resolve("no-such-directory").resolve("x.pcap");

        CaptureException error = assertThrows(CaptureException.class,
                () -> CaptureWriter.create(file, List.of(new CaptureWriter.Interface("eth0", 1, 256))));
        assertEquals(file + ": cannot write: no such file", error.getMessage());
    }
}
