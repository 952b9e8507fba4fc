package org.mtudoctor.capture;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a channel ahead on a thread of its own, a few chunks at most, so that the work of
 * producing the bytes (inflating gzip) runs on one core while the analysis runs on another.
 * Whole chunks cross between the threads, never single packets: per packet, a hand-over costs
 * more than it saves (bench/RESULTS.md).
 *
 * <p>What the source delivered before it failed is read first; the failure itself is then
 * thrown by the read that reaches it, as the source would have thrown it, so a cut gzip file
 * still gives its analysis up to the cut.
 */
final class ReadAheadChannel implements ReadableByteChannel {
    static final int CHUNK = 1024 * 1024;
    /** Chunks read ahead: with the one being consumed, at most this many MiB are held. */
    static final int CHUNKS = 3;
    private static final long STOP_WAIT_MILLIS = 1000;
    /** Marks the end of the source, after its last chunk. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final ReadableByteChannel source;
    private final BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread reader;
    /** Why the source ended, when not at its end: set before {@link #END} is queued. */
    private volatile Throwable failure;
    private ByteBuffer current;
    private boolean ended;
    private boolean open = true;

    /** Starts reading {@code source} ahead; closing this channel stops that and closes the source. */
    ReadAheadChannel(ReadableByteChannel source, String name) {
        this.source = source;
        for (int i = 0; i < CHUNKS; i++) {
            empty.add(ByteBuffer.allocate(CHUNK));
        }
        reader = new Thread(this::readAhead, "mtudoctor read-ahead: " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** The reading thread: fills empty chunks until the source ends, fails, or this is closed. */
    private void readAhead() {
        try {
            boolean atEnd = false;
            while (!atEnd) {
                ByteBuffer chunk = empty.take();
                chunk.clear();
                try {
                    while (chunk.hasRemaining()) {
                        if (source.read(chunk) < 0) {
                            atEnd = true;
                            break;
                        }
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure = e;
                    atEnd = true;
                }
                chunk.flip();
                if (chunk.hasRemaining()) {
                    filled.put(chunk);
                }
            }
            filled.put(END);
        } catch (InterruptedException closing) {
            // close() wants the thread gone; the source is closed there.
        }
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        while (current == null || !current.hasRemaining()) {
            if (ended) {
                return endOfSource();
            }
            if (current != null) {
                empty.add(current);
            }
            try {
                current = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            if (current == END) {
                current = null;
                ended = true;
            }
        }
        int count = Math.min(target.remaining(), current.remaining());
        target.put(current.slice(current.position(), count));
        current.position(current.position() + count);
        return count;
    }

    /** -1 at the source's end, or what made the source end early, as the source threw it. */
    private int endOfSource() throws IOException {
        Failures.rethrow(failure);
        return -1;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /**
     * Stops the reading thread, waits for it, then closes the source. A thread blocked in a read
     * that an interrupt does not end (a pipe on standard input) is waited for a second at most:
     * it is a daemon, and closing the source ends what it was reading.
     */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        reader.interrupt();
        try {
            reader.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the read-ahead thread");
        } finally {
            source.close();
        }
    }

    /** For tests: whether the reading thread has ended. */
    boolean readerEnded() {
        return !reader.isAlive();
    }
}
