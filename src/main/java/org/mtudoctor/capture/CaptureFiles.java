package org.mtudoctor.capture;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * Opens capture files. The format is recognised by its first bytes, never by the file name:
 * pcap (either byte order, microsecond or nanosecond time stamps), pcapng, and either of them
 * gzip-compressed. {@code "-"} reads standard input.
 */
public final class CaptureFiles {
    /** What standard input is called in messages. */
    static final String STANDARD_INPUT = "standard input";

    private static final int MAGIC_LENGTH = 4;
    private static final int GZIP_BUFFER = 64 * 1024;
    // Small files get a small buffer: a test suite opening hundreds of them should not zero 4 MiB each.
    private static final int MINIMUM_CAPACITY = 64 * 1024;

    private CaptureFiles() {
    }

    /**
     * Opens a capture with mtudoctor's own reader, which allocates nothing per packet.
     *
     * @param pathOrDash a file path, or {@code "-"} for standard input
     * @throws CaptureException when the file cannot be opened or is not a capture; the message is one
     *                          line naming the file
     */
    public static FrameSource open(String pathOrDash) throws CaptureException {
        if ("-".equals(pathOrDash)) {
            // System.in, not FileDescriptor.in: whoever embeds the CLI (a test, a wrapper) decides
            // what standard input is. A pipe delivers at most 64 KiB per read either way.
            return open(STANDARD_INPUT, Channels.newChannel(System.in), false, ReadBuffer.DEFAULT_CAPACITY);
        }
        FileChannel file = openFile(pathOrDash);
        int capacity;
        try {
            capacity = (int) Math.max(MINIMUM_CAPACITY, Math.min(ReadBuffer.DEFAULT_CAPACITY, file.size()));
        } catch (IOException e) {
            closeAfterFailure(file, e);
            throw new CaptureException(pathOrDash + ": " + reason(e), e);
        }
        return open(pathOrDash, file, true, capacity);
    }

    /**
     * Capture time of the first frame of a capture file, in nanoseconds since the epoch, or
     * empty when it has no frame or cannot be read (the analysis then says why). Reads only up
     * to that frame.
     */
    public static OptionalLong firstFrameTime(String path) {
        /** Stops the read at the first frame. */
        final class FirstFrame extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final long time;

            FirstFrame(long time) {
                super(null, null, false, false);
                this.time = time;
            }
        }
        // No read-ahead: it would inflate megabytes of a gzip file to read one frame.
        try (FrameSource source = open(path, openFile(path), true, MINIMUM_CAPACITY, false)) {
            source.readAll(new FrameSink() {
                @Override
                public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                                  int originalLength, int interfaceId) {
                    throw new FirstFrame(timestampNanos);
                }

                @Override
                public void warning(CaptureWarning warning) {
                }
            });
        } catch (FirstFrame first) {
            return OptionalLong.of(first.time);
        } catch (CaptureException | IOException e) {
            // Not readable: the analysis itself reports it.
        }
        return OptionalLong.empty();
    }

    /**
     * Opens a capture through libpcap (pcap4j), as a reference and a fallback. See
     * {@link LibpcapFileSource} for what libpcap reads differently.
     *
     * @param pathOrDash a file path, or {@code "-"} for standard input (read by libpcap itself)
     * @throws CaptureException when libpcap is not installed, the file cannot be opened, or libpcap
     *                          refuses it; the message is one line
     */
    public static FrameSource openWithLibpcap(String pathOrDash) throws CaptureException {
        return LibpcapFileSource.open(pathOrDash);
    }

    /**
     * Opens a capture from a channel, the way {@link #open(String)} does for files and standard input.
     *
     * @param name         how messages name the input
     * @param ownsChannel  closing the source closes the channel
     */
    static FrameSource open(String name, ReadableByteChannel channel, boolean ownsChannel, int capacity)
            throws CaptureException {
        return open(name, channel, ownsChannel, capacity, true);
    }

    /** @param readAhead inflate gzip on a thread of its own ({@link ReadAheadChannel}) */
    private static FrameSource open(String name, ReadableByteChannel channel, boolean ownsChannel, int capacity,
                                    boolean readAhead) throws CaptureException {
        CountingChannel fileBytes = new CountingChannel(channel, ownsChannel);
        Closeable stream = fileBytes;
        try {
            ReadBuffer buffer = new ReadBuffer(fileBytes, capacity, false);
            buffer.request(MAGIC_LENGTH);
            boolean compressed = isGzip(buffer.bytes(), buffer.start(), buffer.available());
            if (compressed) {
                // The bytes already read go back in front of the rest of the file.
                InputStream file = new SequenceInputStream(
                        new ByteArrayInputStream(buffer.bytes(), buffer.start(), buffer.available()),
                        Channels.newInputStream(fileBytes));
                stream = file;
                // Inflating takes a good part of the analysis's time: a thread of its own does it.
                ReadableByteChannel inflater = Channels.newChannel(gzip(name, file));
                ReadableByteChannel inflated = readAhead ? new ReadAheadChannel(inflater, name) : inflater;
                stream = inflated;
                buffer = new ReadBuffer(inflated, ReadBuffer.DEFAULT_CAPACITY, true);
                buffer.request(MAGIC_LENGTH);
            }
            CaptureInput input = new CaptureInput(name, buffer, fileBytes, stream);
            if (buffer.available() >= MAGIC_LENGTH) {
                int magic = ByteFields.int32(buffer.bytes(), buffer.start(), true);
                if (PcapFileReader.recognizes(magic)) {
                    return new PcapFileReader(input);
                }
                if (magic == PcapngFileReader.SECTION_HEADER_BLOCK) {
                    return new PcapngFileReader(input);
                }
            }
            String found = buffer.available() == 0 ? "empty"
                    : "first bytes " + ByteFields.hexPrefix(buffer.bytes(), buffer.start(), buffer.available(), 4);
            throw new CaptureException(String.format(Locale.ROOT, "%s: not a pcap or pcapng file%s (%s)",
                    name, compressed ? " after gzip decompression" : "", found));
        } catch (CaptureException e) {
            closeAfterFailure(stream, e);
            throw e;
        } catch (IOException e) {
            closeAfterFailure(stream, e);
            throw new CaptureException(name + ": " + reason(e), e);
        }
    }

    private static GZIPInputStream gzip(String name, InputStream file) throws CaptureException {
        try {
            return new GZIPInputStream(file, GZIP_BUFFER);
        } catch (IOException e) {
            throw new CaptureException(name + ": gzip header unreadable: " + reason(e), e);
        }
    }

    static boolean isGzip(byte[] bytes, int offset, int available) {
        return available >= 2 && bytes[offset] == (byte) 0x1f && bytes[offset + 1] == (byte) 0x8b;
    }

    /** Opens a regular file for reading, or says in one line why not. */
    static FileChannel openFile(String path) throws CaptureException {
        try {
            Path file = Path.of(path);
            if (Files.isDirectory(file)) {
                throw new CaptureException(path + ": is a directory, not a capture file");
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (InvalidPathException e) {
            throw new CaptureException(path + ": not a valid path (" + e.getReason() + ")", e);
        } catch (IOException e) {
            throw new CaptureException(path + ": " + reason(e), e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof EOFException && e.getMessage() == null) {
            return "cut short";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void closeAfterFailure(Closeable stream, Exception failure) {
        try {
            stream.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
