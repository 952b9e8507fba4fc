package org.mtudoctor.capture;

import java.io.IOException;

/**
 * Reads the classic libpcap format: a 24-byte file header, then records of a 16-byte header and the
 * captured bytes (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/).
 *
 * <p>Where the format leaves room, this reader follows the specification rather than libpcap:
 * each record's captured length is trusted up to {@link ReadBuffer#MAXIMUM_CAPACITY} even when it
 * exceeds the header's snap length (libpcap cuts such records to the snap length, or refuses them
 * past 256 KiB), and time stamp seconds are unsigned (libpcap reads them signed).
 */
final class PcapFileReader extends BufferedCaptureReader {
    static final int FILE_HEADER_LENGTH = 24;
    private static final int MICROSECOND_MAGIC = 0xA1B2C3D4;
    private static final int NANOSECOND_MAGIC = 0xA1B23C4D;
    // Alexey Kuznetzov's patched libpcap: the record header carries 8 more bytes
    // (interface index, protocol, packet type), which we skip.
    private static final int KUZNETZOV_MAGIC = 0xA1B2CD34;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int KUZNETZOV_RECORD_HEADER_LENGTH = 24;
    // The upper 6 bits of the link type field carry FCS information, not the link type;
    // the same mask as libpcap's LT_LINKTYPE.
    private static final int LINK_TYPE_MASK = 0x03FF_FFFF;

    private final boolean bigEndian;
    private final long nanosPerFractionUnit;
    private final int recordHeaderLength;
    private final int linkType;
    private final LengthOrder lengthOrder;

    /**
     * Files before version 2.3 store the original length before the captured length, and some 2.3
     * files do either. libpcap swaps them back, and so do we, or such files read as nonsense.
     */
    private enum LengthOrder {
        CAPTURED_FIRST, ORIGINAL_FIRST, CAPTURED_NOT_ABOVE_ORIGINAL
    }

    /** True when the first four bytes, read big-endian, are a pcap magic number in either byte order. */
    static boolean recognizes(int firstFourBytes) {
        return isMagic(firstFourBytes) || isMagic(Integer.reverseBytes(firstFourBytes));
    }

    private static boolean isMagic(int value) {
        return value == MICROSECOND_MAGIC || value == NANOSECOND_MAGIC || value == KUZNETZOV_MAGIC;
    }

    PcapFileReader(CaptureInput input) throws CaptureException, IOException {
        super(input);
        if (!buffer.request(FILE_HEADER_LENGTH)) {
            throw new CaptureException(format("%s: pcap file header cut short: %d of %d bytes",
                    input.name(), buffer.available(), FILE_HEADER_LENGTH));
        }
        byte[] header = buffer.bytes();
        int at = buffer.start();
        int magic = ByteFields.int32(header, at, true);
        bigEndian = isMagic(magic);
        if (!bigEndian) {
            magic = Integer.reverseBytes(magic);
        }
        nanosPerFractionUnit = magic == NANOSECOND_MAGIC ? 1 : 1000;
        recordHeaderLength = magic == KUZNETZOV_MAGIC ? KUZNETZOV_RECORD_HEADER_LENGTH : RECORD_HEADER_LENGTH;
        int versionMajor = ByteFields.uint16(header, at + 4, bigEndian);
        int versionMinor = ByteFields.uint16(header, at + 6, bigEndian);
        // Bytes 8-15 (time zone, accuracy) are always zero in practice; bytes 16-19, the snap length,
        // only say what the capture asked for, and each record says what it got.
        linkType = ByteFields.int32(header, at + 20, bigEndian) & LINK_TYPE_MASK;
        lengthOrder = lengthOrder(versionMajor, versionMinor);
        buffer.consume(FILE_HEADER_LENGTH);
    }

    private static LengthOrder lengthOrder(int versionMajor, int versionMinor) {
        if (versionMajor == 2 && versionMinor < 3 || versionMajor == 543) {
            return LengthOrder.ORIGINAL_FIRST;
        }
        if (versionMajor == 2 && versionMinor == 3) {
            return LengthOrder.CAPTURED_NOT_ABOVE_ORIGINAL;
        }
        return LengthOrder.CAPTURED_FIRST;
    }

    @Override
    public void readAll(FrameSink sink) throws IOException {
        ReadBuffer in = buffer;
        int headerLength = recordHeaderLength;
        String damage = null;
        while (in.request(headerLength)) {
            byte[] bytes = in.bytes();
            int at = in.start();
            long seconds = ByteFields.uint32(bytes, at, bigEndian);
            long fraction = ByteFields.uint32(bytes, at + 4, bigEndian);
            int captured = ByteFields.int32(bytes, at + 8, bigEndian);
            int original = ByteFields.int32(bytes, at + 12, bigEndian);
            if (lengthOrder != LengthOrder.CAPTURED_FIRST
                    && (lengthOrder == LengthOrder.ORIGINAL_FIRST || Integer.compareUnsigned(captured, original) > 0)) {
                int swap = captured;
                captured = original;
                original = swap;
            }
            if (captured < 0 || captured > ReadBuffer.MAXIMUM_CAPACITY - headerLength) {
                damage = format("record at byte %d claims %d captured bytes, more than the %d-byte limit",
                        in.offset(), Integer.toUnsignedLong(captured), ReadBuffer.MAXIMUM_CAPACITY - headerLength);
                break;
            }
            int recordLength = headerLength + captured;
            if (!in.request(recordLength)) {
                damage = truncated("record", in, recordLength);
                break;
            }
            bytes = in.bytes();
            at = in.start();
            // An out-of-range fraction (a damaged or hand-made file) simply carries into the seconds.
            long timestampNanos = seconds * 1_000_000_000L + fraction * nanosPerFractionUnit;
            sink.frame(linkType, timestampNanos, bytes, at + headerLength, captured,
                    ByteFields.lengthField(original), 0);
            in.consume(recordLength);
        }
        if (damage == null && in.available() > 0) {
            damage = truncated("record header", in, headerLength);
        }
        finish(sink, damage);
    }
}
