package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A mistake in the hand-over between the threads shows as a hang: each test has 20 s. */
@Timeout(20)
class ReadAheadChannelTest {

    /**
     * A source of {@code length} pseudo-random bytes that hands them out a few at a time (as an
     * inflater does), then ends, or throws {@code failure} where the end would be.
     */
    private static final class Source implements ReadableByteChannel {
        final byte[] content;
        final Random sizes = new Random(7);
        final AtomicLong delivered = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        final Throwable failure;
        int position;

        Source(int length, Throwable failure) {
            content = new byte[length];
            new Random(length).nextBytes(content);
            this.failure = failure;
        }

        @Override
        public int read(ByteBuffer target) throws IOException {
            if (position == content.length) {
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                return -1;
            }
            int count = Math.min(target.remaining(), Math.min(content.length - position, 1 + sizes.nextInt(70_000)));
            target.put(content, position, count);
            position += count;
            delivered.addAndGet(count);
            return count;
        }

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** Everything the channel gives, read through buffers of an awkward size, until it ends. */
    private static byte[] readAll(ReadableByteChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(10_007);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, ReadAheadChannel.CHUNK - 1, ReadAheadChannel.CHUNK, ReadAheadChannel.CHUNK + 1,
            5 * ReadAheadChannel.CHUNK + 3})
    void givesTheSourcesBytesInOrderThenItsEnd(int length) throws IOException {
        Source source = new Source(length, null);
        try (ReadAheadChannel channel = new ReadAheadChannel(source, "test")) {
            assertArrayEquals(source.content, readAll(channel));
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)), "the end stays the end");
        }
        assertTrue(source.closed.get());
    }

    @Test
    void aFailureComesAfterTheBytesBeforeItAsTheSourceThrewIt() throws IOException {
        for (IOException failure : new IOException[] {new EOFException("Unexpected end of ZLIB input stream"),
                new ZipException("invalid stored block lengths")}) {
            Source source = new Source(2 * ReadAheadChannel.CHUNK + 12_345, failure);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ReadAheadChannel channel = new ReadAheadChannel(source, "test")) {
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                IOException thrown = assertThrows(IOException.class, () -> {
                    while (channel.read(buffer) >= 0) {
                        out.write(buffer.array(), 0, buffer.position());
                        buffer.clear();
                    }
                });
                assertSame(failure, thrown);
                assertSame(failure, assertThrows(IOException.class, () -> channel.read(buffer)), "and again");
            }
            assertArrayEquals(source.content, out.toByteArray());
        }
    }

    @Test
    void anUncheckedFailureOfTheSourceReachesTheReader() throws IOException {
        IllegalStateException failure = new IllegalStateException("inflater ended");
        try (ReadAheadChannel channel = new ReadAheadChannel(new Source(100, failure), "test")) {
            assertSame(failure, assertThrows(IllegalStateException.class, () -> readAll(channel)));
        }
    }

    /**
     * The reading thread fills chunks until none is free, then waits for the reader to give one
     * back. The source fills each chunk to the brim, so the bytes taken from it are exact: CHUNKS
     * whole chunks while the first is being read (it among them), and one more for each chunk the
     * reader has finished. Each count is checked once the thread has taken at least that much and
     * then waits (or has ended, had it never had to wait): it has stopped, not merely been slow.
     */
    @Test
    void readsOnlyAFewChunksAheadOfTheReader() throws Exception {
        Source source = new Source(50 * ReadAheadChannel.CHUNK, null);
        String name = "readsOnlyAFewChunksAheadOfTheReader";
        try (ReadAheadChannel channel = new ReadAheadChannel(source, name)) {
            Thread reader = readAheadThread(name);
            channel.read(ByteBuffer.allocate(1));
            assertStopsAt((long) ReadAheadChannel.CHUNKS * ReadAheadChannel.CHUNK, source, reader);

            // The rest of the first chunk, then a byte of the second: the first is given back.
            assertEquals(ReadAheadChannel.CHUNK - 1, channel.read(ByteBuffer.allocate(ReadAheadChannel.CHUNK)));
            channel.read(ByteBuffer.allocate(1));
            assertStopsAt((ReadAheadChannel.CHUNKS + 1L) * ReadAheadChannel.CHUNK, source, reader);
        }
    }

    /** The channel's reading thread, found by the name it was given. */
    private static Thread readAheadThread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("mtudoctor read-ahead: " + name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no read-ahead thread named " + name));
    }

    /**
     * Waits until {@code reader} has taken at least {@code bytes} from the source and then waits
     * itself or has ended; then it must have taken exactly {@code bytes}. Once that much is taken
     * the test's thread leaves the channel alone, so no lock is contended and a waiting reader
     * waits for a free chunk: nothing will wake it. The class's timeout bounds the waiting.
     */
    private static void assertStopsAt(long bytes, Source source, Thread reader) throws InterruptedException {
        while (source.delivered.get() < bytes && reader.isAlive()) {
            Thread.sleep(1);
        }
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TERMINATED) {
            Thread.sleep(1);
        }
        assertEquals(bytes, source.delivered.get(), "bytes taken from the source, " + reader.getState());
    }

    @Test
    void closingMidwayStopsTheThreadAndClosesTheSource() throws Exception {
        Source source = new Source(50 * ReadAheadChannel.CHUNK, null);
        ReadAheadChannel channel = new ReadAheadChannel(source, "test");
        channel.read(ByteBuffer.allocate(100));
        channel.close();
        assertTrue(channel.readerEnded());
        assertTrue(source.closed.get());
        assertThrows(ClosedChannelException.class, () -> channel.read(ByteBuffer.allocate(1)));
        channel.close();
    }
}
