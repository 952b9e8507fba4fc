package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point: recognising formats, gzip, channels that deliver little at a time, and errors. */
class CaptureFilesTest {
    @TempDir
    Path directory;

    /**
     * A pcap file of {@code count} records whose sizes and contents come from a fixed seed, with the
     * frames a correct reader must deliver for it.
     */
    private record Generated(byte[] capture, List<RecordingSink.Frame> frames) {
        static Generated of(int count, int maximumLength, long seed) {
            Random random = new Random(seed);
            Layout layout = Layout.littleEndian()
                    .u32(0xa1b23c4dL).u16(2).u16(4)  // nanosecond pcap, version 2.4
                    .u32(0).u32(0)
                    .u32(0)                          // snap length 0: not stated
                    .u32(1);                         // Ethernet
            List<RecordingSink.Frame> frames = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                byte[] data = new byte[random.nextInt(maximumLength + 1)];
                random.nextBytes(data);
                long seconds = 1_600_000_000L + index;
                int nanos = random.nextInt(1_000_000_000);
                layout.u32(seconds).u32(nanos).u32(data.length).u32(data.length + index);
                for (byte value : data) {
                    layout.u8(value);
                }
                frames.add(new RecordingSink.Frame(1, seconds * 1_000_000_000L + nanos, data, data.length + index, 0));
            }
            return new Generated(layout.toByteArray(), frames);
        }
    }

    private Path write(String name, byte[] contents) throws IOException {
        return Files.write(directory.resolve(name), contents);
    }

    private static byte[] gzip(byte[] contents) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            out.write(contents);
        }
        return compressed.toByteArray();
    }

    @Test
    void readsAFileByPathAndCountsItsBytes() throws Exception {
        Generated generated = Generated.of(50, 1514, 1);
        Path file = write("plain.pcap", generated.capture());

        try (FrameSource source = CaptureFiles.open(file.toString())) {
            assertTrue(source instanceof PcapFileReader);
            RecordingSink sink = Captures.readAll(source);
            assertEquals(generated.frames(), sink.frames);
            assertEquals(List.of(), sink.warnings);
            assertEquals(generated.capture().length, source.bytesRead());
        }
    }

    @Test
    void channelDeliveringAFewBytesAtATimeIntoATinyBuffer() throws Exception {
        // A 64-byte buffer must grow for most records and compact for all others, and reads of 1 to 7
        // bytes make every record straddle refills.
        Generated generated = Generated.of(300, 2000, 2);
        ReadableByteChannel trickle = new ReadableByteChannel() {
            private final ReadableByteChannel whole = Channels.newChannel(new ByteArrayInputStream(generated.capture()));
            private final Random sizes = new Random(3);

            @Override
            public int read(ByteBuffer target) throws IOException {
                ByteBuffer part = target.slice();
                part.limit(Math.min(part.limit(), 1 + sizes.nextInt(7)));
                int read = whole.read(part);
                if (read > 0) {
                    target.position(target.position() + read);
                }
                return read;
            }

            @Override
            public boolean isOpen() {
                return whole.isOpen();
            }

            @Override
            public void close() throws IOException {
                whole.close();
            }
        };

        try (FrameSource source = CaptureFiles.open("trickle", trickle, true, 64)) {
            RecordingSink sink = Captures.readAll(source);
            assertEquals(List.of(), sink.warnings);
            assertEquals(generated.frames(), sink.frames);
        }
    }

    @Test
    void gzipFileIsDecompressedWhileReading() throws Exception {
        Generated generated = Generated.of(40, 600, 4);
        byte[] compressed = gzip(generated.capture());
        Path file = write("capture.pcap.gz", compressed);

        try (FrameSource source = CaptureFiles.open(file.toString())) {
            RecordingSink sink = Captures.readAll(source);
            assertEquals(generated.frames(), sink.frames);
            assertEquals(List.of(), sink.warnings);
            assertEquals(compressed.length, source.bytesRead(), "progress counts the compressed file");
        }
    }

    @Test
    void gzipStreamWithoutAFileIsDecompressedToo() throws Exception {
        Generated generated = Generated.of(10, 100, 5);

        RecordingSink sink = Captures.readBytes(gzip(generated.capture()));

        assertEquals(generated.frames(), sink.frames);
    }

    @Test
    void cutGzipStreamDeliversWhatItHoldsAndWarns() throws Exception {
        Generated generated = Generated.of(200, 1000, 6);
        byte[] compressed = gzip(generated.capture());

        RecordingSink sink = Captures.readBytes(Arrays.copyOf(compressed, compressed.length / 2));

        assertTrue(sink.frames.size() > 50 && sink.frames.size() < 150, sink.frames.size() + " frames");
        assertEquals(generated.frames().subList(0, sink.frames.size()), sink.frames);
        assertEquals(2, sink.warnings.size(), sink.warnings.toString());
        assertTrue(sink.warnings.get(0).matches("gzip stream damaged after \\d+ decompressed bytes:"
                + " Unexpected end of ZLIB input stream"), sink.warnings.get(0));
        assertTrue(sink.warnings.get(1).startsWith("truncated record"), sink.warnings.get(1));
    }

    @Test
    void textIsNotACapture() throws Exception {
        Path file = write("x.txt", "Hello, world\n".getBytes(StandardCharsets.US_ASCII));

        CaptureException error = assertThrows(CaptureException.class, () -> CaptureFiles.open(file.toString()));
        assertEquals(file + ": not a pcap or pcapng file (first bytes 48 65 6c 6c)", error.getMessage());
    }

    @Test
    void emptyFileIsNotACapture() throws Exception {
        Path file = write("empty.pcap", new byte[0]);

        CaptureException error = assertThrows(CaptureException.class, () -> CaptureFiles.open(file.toString()));
        assertEquals(file + ": not a pcap or pcapng file (empty)", error.getMessage());
    }

    @Test
    void fileShorterThanAMagicNumberShowsWhatItHas() {
        CaptureException error = assertThrows(CaptureException.class, () -> Captures.readBytes(new byte[] {0x0a, 0x0d}));
        assertEquals("test input: not a pcap or pcapng file (first bytes 0a 0d)", error.getMessage());
    }

    @Test
    void gzipOfSomethingElseIsNotACapture() throws Exception {
        byte[] compressed = gzip("<html></html>".getBytes(StandardCharsets.US_ASCII));

        CaptureException error = assertThrows(CaptureException.class, () -> Captures.readBytes(compressed));
        assertEquals("test input: not a pcap or pcapng file after gzip decompression (first bytes 3c 68 74 6d)",
                error.getMessage());
    }

    @Test
    void gzipHeaderCutShort() {
        byte[] compressed = {0x1f, (byte) 0x8b, 0x08}; // gzip magic and method, then nothing

        CaptureException error = assertThrows(CaptureException.class, () -> Captures.readBytes(compressed));
        assertEquals("test input: gzip header unreadable: cut short", error.getMessage());
    }

    @Test
    void missingFileAndDirectoryAreOneLineErrors() {
        String missing = directory.resolve("no-such.pcap").toString();
        assertEquals(missing + ": no such file",
                assertThrows(CaptureException.class, () -> CaptureFiles.open(missing)).getMessage());
        assertEquals(directory + ": is a directory, not a capture file",
                assertThrows(CaptureException.class, () -> CaptureFiles.open(directory.toString())).getMessage());
    }

    @Test
    void closingTheSourceClosesAChannelItOwns() throws Exception {
        ReadableByteChannel channel = Channels.newChannel(new ByteArrayInputStream(Generated.of(1, 10, 7).capture()));

        CaptureFiles.open("owned", channel, true, 1024).close();

        assertFalse(channel.isOpen());
    }

    @Test
    void failedOpenClosesTheChannel() {
        ReadableByteChannel channel = Channels.newChannel(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}));

        assertThrows(CaptureException.class, () -> CaptureFiles.open("junk", channel, true, 1024));

        assertFalse(channel.isOpen());
    }
}
