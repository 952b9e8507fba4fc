package org.mtudoctor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Reads a capture file through libpcap, by way of pcap4j: the reference our own readers are tested
 * against, and a second opinion on a strange file. It delivers the same frames as our readers
 * (link type, nanosecond time stamp, captured bytes, original length) except where libpcap itself
 * reads differently:
 * <ul>
 * <li>gzip-compressed files are refused with a {@link CaptureException}: libpcap does not decompress,
 *     and a temporary copy of a large capture is a cost the user should choose (gunzip it, or use
 *     the built-in reader, which decompresses as it reads).</li>
 * <li>pcapng files whose interfaces differ in link type or snap length stop at the first such
 *     interface, with libpcap's message as a warning; every frame is reported on interface 0.</li>
 * <li>records larger than the snap length are cut to it, and records above 256 KiB (libpcap's
 *     maximum for most link types) stop the read.</li>
 * <li>a record whose time stamp fraction is out of range (a damaged or hand-made file) is skipped
 *     with a warning: pcap4j cannot represent it.</li>
 * <li>libpcap reports DLT_ values, mapped back here to LINKTYPE_ values; a file written with
 *     LINKTYPE 12 (raw IP on some BSDs) therefore reads as 101 (raw IP) on Linux.</li>
 * </ul>
 * {@link #bytesRead()} stays 0: libpcap does not say how far into the file it is.
 */
final class LibpcapFileSource implements FrameSource {
    private final String name;
    private final PcapHandle handle;

    private LibpcapFileSource(String name, PcapHandle handle) {
        this.name = name;
        this.handle = handle;
    }

    static LibpcapFileSource open(String pathOrDash) throws CaptureException {
        String name = "-".equals(pathOrDash) ? CaptureFiles.STANDARD_INPUT : pathOrDash;
        if (!"-".equals(pathOrDash)) {
            refuseGzip(pathOrDash);
        }
        Libpcap.require();
        try {
            return new LibpcapFileSource(name, Pcaps.openOffline(pathOrDash, PcapHandle.TimestampPrecision.NANO));
        } catch (PcapNativeException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            // libpcap names the file in some messages and not in others.
            String prefix = message.startsWith(pathOrDash + ":") ? "" : name + ": ";
            throw new CaptureException(prefix + message + " (libpcap)", e);
        }
    }

    private static void refuseGzip(String path) throws CaptureException {
        try (FileChannel file = CaptureFiles.openFile(path)) {
            ByteBuffer start = ByteBuffer.allocate(2);
            while (start.hasRemaining() && file.read(start) >= 0) {
                // A regular file returns what it has; the loop only covers short reads.
            }
            if (CaptureFiles.isGzip(start.array(), 0, start.position())) {
                throw new CaptureException(path + ": gzip-compressed, which libpcap cannot read;"
                        + " gunzip it or use the built-in reader");
            }
        } catch (IOException e) {
            throw new CaptureException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void readAll(FrameSink sink) throws IOException {
        DirectRead direct = DirectRead.of(handle);
        if (direct != null) {
            readDirect(direct, Libpcap.linkTypeOf(handle.getDlt().value()), sink);
        } else {
            readThroughPcap4j(sink);
        }
    }

    /** The frames through pcap4j's getNextRawPacketEx: where pcap_next_ex cannot be called straight. */
    void readThroughPcap4j(FrameSink sink) throws IOException {
        int linkType = Libpcap.linkTypeOf(handle.getDlt().value());
        long records = 0;
        while (true) {
            byte[] frame;
            try {
                frame = handle.getNextRawPacketEx();
            } catch (EOFException end) {
                break;
            } catch (PcapNativeException error) {
                sink.warning(stopped(records, Libpcap.message(error)));
                break;
            } catch (IllegalArgumentException outOfRange) {
                // java.sql.Timestamp.setNanos refuses a fraction of a second of 10^9 or more.
                records++;
                sink.warning(skipped(records));
                continue;
            } catch (TimeoutException | NotOpenException e) {
                // Neither happens with a file that is open; say so rather than loop.
                throw new IOException(name + ": libpcap read failed: " + e, e);
            }
            records++;
            sink.frame(linkType, Libpcap.timestampNanos(handle.getTimestamp()), frame, 0, frame.length,
                    ByteFields.lengthField(handle.getOriginalLength()), 0);
        }
    }

    /**
     * The same frames and warnings through pcap_next_ex called straight: pcap4j's per-frame call
     * allocates two native out-pointers, freed only by the collector's cleaner, and a
     * java.sql.Timestamp, which made the old generation hold 50 MB and full collections take
     * 230-280 ms (bench/RESULTS.md).
     */
    private void readDirect(DirectRead direct, int linkType, FrameSink sink) throws IOException {
        long records = 0;
        while (true) {
            int result = direct.next();
            if (result == DirectRead.BREAK) {
                return; // the file's end
            }
            if (result != 1) {
                // pcap_next_ex on a file returns 1, PCAP_ERROR_BREAK at its end, or PCAP_ERROR.
                sink.warning(stopped(records, error()));
                return;
            }
            records++;
            if (!direct.fractionInRange) {
                sink.warning(skipped(records));
                continue;
            }
            sink.frame(linkType, direct.timestampNanos, direct.frame, 0, direct.frame.length,
                    ByteFields.lengthField(direct.originalLength), 0);
        }
    }

    /** libpcap's read failed after {@code records} records, as its message says. */
    private static CaptureWarning stopped(long records, String message) {
        return new CaptureWarning(CaptureWarning.Kind.LIBPCAP, String.format(Locale.ROOT,
                "libpcap stopped after %d records: %s", records, message));
    }

    /** Record number {@code record} skipped: a fraction of a second pcap4j cannot represent. */
    private static CaptureWarning skipped(long record) {
        return new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, String.format(Locale.ROOT,
                "record %d skipped: its time stamp fraction is out of range, which pcap4j cannot represent", record));
    }

    /** pcap_geterr's message; the handle is open while this source is. */
    private String error() throws IOException {
        try {
            return handle.getError();
        } catch (NotOpenException e) {
            throw new IOException(name + ": libpcap read failed: " + e, e);
        }
    }

    @Override
    public void close() {
        handle.close();
    }
}
