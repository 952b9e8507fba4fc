package org.mtudoctor.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Counts the bytes taken from the input itself, beneath any decompression, so that progress can be
 * measured against the size of the file on disk.
 */
final class CountingChannel implements ReadableByteChannel {
    private final ReadableByteChannel channel;
    private final boolean closeUnderlying;
    // Written by the reading thread, read by a progress display on another.
    private volatile long count;

    /** @param closeUnderlying false for standard input, which belongs to the process, not to us */
    CountingChannel(ReadableByteChannel channel, boolean closeUnderlying) {
        this.channel = channel;
        this.closeUnderlying = closeUnderlying;
    }

    long count() {
        return count;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        int read = channel.read(target);
        if (read > 0) {
            count += read;
        }
        return read;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        if (closeUnderlying) {
            channel.close();
        }
    }
}
