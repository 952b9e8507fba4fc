package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/** The libpcap path: same frames as ours, libpcap's messages surfaced, and libpcap missing. */
class LibpcapFileSourceTest {
    @TempDir
    Path directory;

    private static final byte[] TWO_RECORDS = Layout.littleEndian()
            .u32(0xa1b2c3d4L).u16(2).u16(4)  // microsecond pcap, version 2.4
            .u32(0).u32(0)
            .u32(65535)                      // snap length
            .u32(113)                        // Linux cooked
            .u32(1_700_000_000L).u32(999_999) // time stamp 1700000000.999999
            .u32(3).u32(1500)                // captured 3, original 1500
            .bytes(0x00, 0x00, 0x03)
            .u32(1_700_000_001L).u32(0)
            .u32(2).u32(2)
            .bytes(0x45, 0x00)
            .toByteArray();

    private Path write(String name, byte[] contents) throws IOException {
        return Files.write(directory.resolve(name), contents);
    }

    @Test
    void deliversTheSameFramesAsOurReader() throws Exception {
        Prerequisites.requireLibpcap();
        Path file = write("two.pcap", TWO_RECORDS);

        RecordingSink libpcap = Captures.readWithLibpcap(file.toString());

        assertEquals(List.of(), libpcap.warnings);
        assertEquals(Captures.readFile(file.toString()).frames, libpcap.frames);
        assertEquals(1_700_000_000_999_999_000L, libpcap.frame(0).timestampNanos());
        assertEquals(1500, libpcap.frame(0).originalLength());
    }

    @Test
    void truncatedFileEndsWithLibpcapsMessageAsAWarning() throws Exception {
        Prerequisites.requireLibpcap();
        Path file = write("cut.pcap", java.util.Arrays.copyOf(TWO_RECORDS, TWO_RECORDS.length - 1));

        RecordingSink libpcap = Captures.readWithLibpcap(file.toString());

        assertEquals(1, libpcap.frames.size());
        assertEquals(List.of("libpcap stopped after 1 records: truncated dump file; tried to read 2 captured bytes,"
                + " only got 1"), libpcap.warnings);
    }

    @Test
    void pcapngInterfacesWithDifferentLinkTypesStopLibpcap() throws Exception {
        Prerequisites.requireLibpcap();
        Layout layout = Layout.littleEndian()
                .u32(0x0a0d0d0aL).u32(28).u32(0x1a2b3c4dL).u16(1).u16(0).u64(-1).u32(28) // section header
                .u32(1).u32(20).u16(1).u16(0).u32(65535).u32(20)                       // interface 0: Ethernet
                .u32(6).u32(36).u32(0).u32(0).u32(1).u32(4).u32(4).fill(4, 0x01).u32(36) // packet on 0
                .u32(1).u32(20).u16(101).u16(0).u32(65535).u32(20)                     // interface 1: raw IP
                .u32(6).u32(36).u32(1).u32(0).u32(2).u32(4).u32(4).fill(4, 0x02).u32(36); // packet on 1
        Path file = write("two-link-types.pcapng", layout.toByteArray());

        RecordingSink libpcap = Captures.readWithLibpcap(file.toString());
        RecordingSink own = Captures.readFile(file.toString());

        assertEquals(List.of("libpcap stopped after 1 records: an interface has a type 101 different from the type"
                + " of the first interface"), libpcap.warnings);
        assertEquals(own.frames.subList(0, 1), libpcap.frames);
        assertEquals(2, own.frames.size());
    }

    @Test
    void fileLibpcapDoesNotKnowIsACaptureException() throws Exception {
        Prerequisites.requireLibpcap();
        Path file = write("x.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII));

        CaptureException error = assertThrows(CaptureException.class,
                () -> CaptureFiles.openWithLibpcap(file.toString()));
        assertEquals(file + ": unknown file format (libpcap)", error.getMessage());
    }

    @Test
    void missingFileIsTheSameOneLineErrorAsOurs() {
        String missing = directory.resolve("no-such.pcap").toString();

        CaptureException error = assertThrows(CaptureException.class, () -> CaptureFiles.openWithLibpcap(missing));
        assertEquals(missing + ": no such file", error.getMessage());
    }

    @Test
    void gzipIsRefusedWithAWayOut() throws Exception {
        Path file = write("x.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00});

        CaptureException error = assertThrows(CaptureException.class,
                () -> CaptureFiles.openWithLibpcap(file.toString()));
        assertEquals(file + ": gzip-compressed, which libpcap cannot read; gunzip it or use the built-in reader",
                error.getMessage());
    }

    @Slow
    @Test
    void missingLibpcapIsAOneLineCaptureExceptionNotAnError() throws Exception {
        // pcap4j takes the library's name from this property; a name that cannot load is libpcap missing.
        Path file = write("two.pcap", TWO_RECORDS);

        String output = probe(List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap-missing.so"),
                "libpcap", file.toString(), null);

        assertEquals("error: " + Libpcap.MISSING, output);
    }

    @Slow
    @Test
    void standardInputThroughBothReaders() throws Exception {
        Prerequisites.requireLibpcap();
        Path file = write("two.pcap", TWO_RECORDS);
        String expected = CaptureProbe.summary(Captures.readFile(file.toString()));

        assertEquals(expected, probe(List.of(), "own", "-", file));
        assertEquals(expected, probe(List.of(), "libpcap", "-", file));
    }

    @Slow
    @Test
    void gzipOnStandardInputIsReadByOurReader() throws Exception {
        Path plain = write("two.pcap", TWO_RECORDS);
        Path compressed = directory.resolve("two.pcap.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(compressed))) {
            out.write(TWO_RECORDS);
        }

        assertEquals(CaptureProbe.summary(Captures.readFile(plain.toString())), probe(List.of(), "own", "-", compressed));
    }

    @Test
    void timestampsKeepTheirNanosecondsBeforeAndAfter1970() {
        Timestamp after = new Timestamp(1_700_000_000_000L);
        after.setNanos(123_456_789);
        assertEquals(1_700_000_000_123_456_789L, Libpcap.timestampNanos(after));

        // One second and 0.25 s before the epoch, as pcap4j builds it: whole seconds, then nanoseconds.
        Timestamp before = new Timestamp(-2_000L);
        before.setNanos(750_000_000);
        assertEquals(-1_250_000_000L, Libpcap.timestampNanos(before));
    }

    @Test
    void platformSpecificDltValuesMapBackToLinkTypes() {
        assertEquals(101, Libpcap.linkTypeOf(12));  // DLT_RAW on Linux
        assertEquals(1, Libpcap.linkTypeOf(1));
        assertEquals(276, Libpcap.linkTypeOf(276));
    }

    /** Runs {@link CaptureProbe} in a JVM of its own and returns what it printed. */
    private static String probe(List<String> jvmOptions, String reader, String path, Path standardInput)
            throws IOException, InterruptedException {
        return ChildJvm.run(List.of(), jvmOptions, CaptureProbe.class, List.of(reader, path), standardInput);
    }
}
