package org.mtudoctor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * One reusable byte array that a capture reader walks through: records are parsed where they lie and
 * handed to the sink as (array, offset, length), so the read loop allocates nothing per packet.
 *
 * <p>The window {@code bytes()[start(), start() + available())} holds input not yet consumed. When a
 * record does not fit in what is left, the unconsumed tail moves to the front and the channel refills
 * the rest of the array. The array grows only for a record larger than itself, doubling as the
 * record's bytes arrive rather than at once to the length it claims, and never past
 * {@link #MAXIMUM_CAPACITY}; readers treat a larger record as damage instead of asking for it.
 */
final class ReadBuffer {
    /** Large enough that refills are rare and the channel reads big chunks. */
    static final int DEFAULT_CAPACITY = 4 * 1024 * 1024;

    /** No real frame comes near this; a length field beyond it is damage, not a reason to allocate. */
    static final int MAXIMUM_CAPACITY = 256 * 1024 * 1024;

    private final ReadableByteChannel channel;
    private final boolean decompressing;
    private byte[] bytes;
    private ByteBuffer view;
    private int start;
    private int end;
    private long offsetOfArray;
    private boolean endOfStream;
    private String streamDamage;

    /**
     * @param decompressing the channel inflates gzip: a cut or corrupt stream then ends the input like
     *                      a cut file does, and {@link #streamDamage()} says why, instead of failing
     */
    ReadBuffer(ReadableByteChannel channel, int capacity, boolean decompressing) {
        this.channel = channel;
        this.decompressing = decompressing;
        this.bytes = new byte[capacity];
        this.view = ByteBuffer.wrap(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    int start() {
        return start;
    }

    int available() {
        return end - start;
    }

    /** Position of {@link #start()} in the input stream (after decompression), for messages. */
    long offset() {
        return offsetOfArray + start;
    }

    void consume(int count) {
        start += count;
    }

    /**
     * Makes at least {@code count} bytes available at {@link #start()}, reading as needed. The array
     * may be replaced, so callers fetch {@link #bytes()} and {@link #start()} again afterwards.
     *
     * @return false when the input ends first; {@link #available()} then tells how much is left
     */
    boolean request(int count) throws IOException {
        return end - start >= count || fill(count);
    }

    /** Why a gzip stream ended before its proper end, or null. */
    String streamDamage() {
        return streamDamage;
    }

    private boolean fill(int count) throws IOException {
        if (count > MAXIMUM_CAPACITY) {
            throw new IllegalArgumentException("request of " + count + " bytes exceeds " + MAXIMUM_CAPACITY);
        }
        if (start > 0) {
            // What remains is less than one record, so this copy is small next to the refill.
            System.arraycopy(bytes, start, bytes, 0, end - start);
            moveWindowToFront();
        }
        while (end < count && !endOfStream) {
            if (end == bytes.length) {
                // Grow only as the input delivers: a length field is a claim, and a few bytes claiming
                // 256 MiB must not cost 256 MiB.
                grow();
            }
            view.position(end);
            int read = readChannel();
            if (read < 0) {
                endOfStream = true;
            } else {
                end += read;
            }
        }
        return end >= count;
    }

    /** Doubles the array, which is full of input: what it allocates stays within twice what was read. */
    private void grow() {
        bytes = Arrays.copyOf(bytes, (int) Math.min(MAXIMUM_CAPACITY, 2L * bytes.length));
        view = ByteBuffer.wrap(bytes);
    }

    private void moveWindowToFront() {
        offsetOfArray += start;
        end -= start;
        start = 0;
    }

    private int readChannel() throws IOException {
        try {
            return channel.read(view);
        } catch (EOFException | ZipException damage) {
            if (!decompressing) {
                throw damage;
            }
            streamDamage = damage.getMessage();
            endOfStream = true;
            // The channel may have stored good bytes in this call before the inflater failed.
            return view.position() - end;
        }
    }
}
