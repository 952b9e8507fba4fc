package org.mtudoctor.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pcapng (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/): blocks of
 * type, length, body and the length again. Section headers set the byte order and start a new list of
 * interfaces; interface descriptions give link type, snap length and time stamp units; enhanced,
 * simple and the obsolete packet blocks carry frames. Other blocks are skipped.
 *
 * <p>Damage to the framing (a length too small, not a multiple of 4, past the end of the input, or
 * disagreeing with the trailer) ends the read with a warning: after it, nothing says where the next
 * block starts. Damage inside a block whose framing is sound (a packet for an interface that was
 * never described, a captured length larger than the block) skips that block with a warning.
 *
 * <p>Unlike libpcap, interfaces may differ in link type and snap length, and captured lengths are
 * trusted beyond the snap length.
 */
final class PcapngFileReader extends BufferedCaptureReader {
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int OBSOLETE_PACKET_BLOCK = 2;
    private static final int SIMPLE_PACKET_BLOCK = 3;
    private static final int ENHANCED_PACKET_BLOCK = 6;

    private static final int BLOCK_HEADER_LENGTH = 8;
    private static final int MINIMUM_BLOCK_LENGTH = 12;
    private static final int SECTION_HEADER_MINIMUM = 28;
    private static final int INTERFACE_DESCRIPTION_MINIMUM = 20;
    private static final int SIMPLE_PACKET_MINIMUM = 16;
    private static final int PACKET_MINIMUM = 32;

    private static final int OPTION_END = 0;
    private static final int OPTION_INTERFACE_NAME = 2;
    /** Interface names longer than this are cut: they are labels in a report. */
    static final int MAXIMUM_NAME_LENGTH = 64;
    private static final int OPTION_TIMESTAMP_RESOLUTION = 9;
    private static final int OPTION_TIMESTAMP_OFFSET = 14;

    private boolean bigEndian;
    private boolean skippingSection;
    // A null entry stands for an interface whose description was unreadable, so later indices stay right.
    private final List<PcapngInterface> interfaces = new ArrayList<>();

    PcapngFileReader(CaptureInput input) throws CaptureException, IOException {
        super(input);
        // The first section header is checked here, so that a text file that happens to start with
        // \n\r\r\n fails before any frame, like any other file that is not a capture.
        if (!buffer.request(MINIMUM_BLOCK_LENGTH)) {
            throw new CaptureException(format("%s: pcapng section header cut short: %d of %d bytes",
                    input.name(), buffer.available(), SECTION_HEADER_MINIMUM));
        }
        if (byteOrderOfSection(buffer.bytes(), buffer.start()) == null) {
            throw new CaptureException(format("%s: not a pcap or pcapng file (first bytes %s)", input.name(),
                    ByteFields.hexPrefix(buffer.bytes(), buffer.start(), buffer.available(), 12)));
        }
    }

    /** True for big-endian, false for little-endian, null when the byte-order magic is neither. */
    private static Boolean byteOrderOfSection(byte[] bytes, int blockStart) {
        int magic = ByteFields.int32(bytes, blockStart + 8, true);
        if (magic == BYTE_ORDER_MAGIC) {
            return Boolean.TRUE;
        }
        return magic == Integer.reverseBytes(BYTE_ORDER_MAGIC) ? Boolean.FALSE : null;
    }

    @Override
    public void readAll(FrameSink sink) throws IOException {
        ReadBuffer in = buffer;
        String damage = null;
        while (true) {
            if (!in.request(BLOCK_HEADER_LENGTH)) {
                damage = in.available() > 0 ? truncated("block header", in, BLOCK_HEADER_LENGTH) : null;
                break;
            }
            // The section header's type reads the same in both byte orders; its byte-order magic, not
            // the previous section, decides how to read its length.
            int type = ByteFields.int32(in.bytes(), in.start(), bigEndian);
            if (type == SECTION_HEADER_BLOCK) {
                if (!in.request(MINIMUM_BLOCK_LENGTH)) {
                    damage = truncated("section header block", in, SECTION_HEADER_MINIMUM);
                    break;
                }
                Boolean sectionBigEndian = byteOrderOfSection(in.bytes(), in.start());
                if (sectionBigEndian == null) {
                    damage = format("section header block at byte %d has byte-order magic %s, expected 1a 2b 3c 4d"
                            + " in either order", in.offset(), ByteFields.hexPrefix(in.bytes(), in.start() + 8, 4, 4));
                    break;
                }
                bigEndian = sectionBigEndian;
            }
            long length = ByteFields.uint32(in.bytes(), in.start() + 4, bigEndian);
            damage = framingDamage(type, length, in.offset());
            if (damage != null) {
                break;
            }
            int blockLength = (int) length;
            if (!in.request(blockLength)) {
                damage = truncated(blockName(type), in, blockLength);
                break;
            }
            byte[] bytes = in.bytes();
            int at = in.start();
            long trailer = ByteFields.uint32(bytes, at + blockLength - 4, bigEndian);
            if (trailer != length) {
                damage = format("%s at byte %d has length %d in its header but %d in its trailer",
                        blockName(type), in.offset(), length, trailer);
                break;
            }
            block(sink, type, bytes, at, blockLength, in.offset());
            in.consume(blockLength);
        }
        finish(sink, damage);
    }

    private static String framingDamage(int type, long length, long offset) {
        if (length < MINIMUM_BLOCK_LENGTH) {
            return format("%s at byte %d has length %d, less than the %d-byte minimum",
                    blockName(type), offset, length, MINIMUM_BLOCK_LENGTH);
        }
        if (length % 4 != 0) {
            return format("%s at byte %d has length %d, not a multiple of 4", blockName(type), offset, length);
        }
        if (length > ReadBuffer.MAXIMUM_CAPACITY) {
            return format("%s at byte %d has length %d, more than the %d-byte limit",
                    blockName(type), offset, length, ReadBuffer.MAXIMUM_CAPACITY);
        }
        return null;
    }

    private void block(FrameSink sink, int type, byte[] bytes, int at, int length, long offset) {
        if (type == SECTION_HEADER_BLOCK) {
            sectionHeader(sink, bytes, at, length, offset);
        } else if (skippingSection) {
            return;
        } else if (type == ENHANCED_PACKET_BLOCK || type == OBSOLETE_PACKET_BLOCK) {
            packet(sink, type, bytes, at, length, offset);
        } else if (type == SIMPLE_PACKET_BLOCK) {
            simplePacket(sink, bytes, at, length, offset);
        } else if (type == INTERFACE_DESCRIPTION_BLOCK) {
            String[] name = new String[1];
            interfaces.add(interfaceDescription(sink, bytes, at, length, offset, name));
            sink.interfaceDescribed(interfaces.size() - 1, name[0]);
        }
    }

    private void sectionHeader(FrameSink sink, byte[] bytes, int at, int length, long offset) {
        interfaces.clear();
        skippingSection = false;
        if (length < SECTION_HEADER_MINIMUM) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, tooShort(SECTION_HEADER_BLOCK, offset, length, SECTION_HEADER_MINIMUM)));
            return;
        }
        int versionMajor = ByteFields.uint16(bytes, at + 12, bigEndian);
        if (versionMajor != 1) {
            // The format says to skip a section of a version one does not know, not to give up.
            skippingSection = true;
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, format("section at byte %d has pcapng major version %d, expected 1; section skipped",
                    offset, versionMajor)));
        }
    }

    /** The interface's description; its {@code if_name}, when it has one, goes to {@code name[0]}. */
    private PcapngInterface interfaceDescription(FrameSink sink, byte[] bytes, int at, int length, long offset,
                                                 String[] name) {
        if (length < INTERFACE_DESCRIPTION_MINIMUM) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, tooShort(INTERFACE_DESCRIPTION_BLOCK, offset, length, INTERFACE_DESCRIPTION_MINIMUM)
                    + format("; interface %d unusable", interfaces.size())));
            return null;
        }
        int linkType = ByteFields.uint16(bytes, at + 8, bigEndian);
        long snapLength = ByteFields.uint32(bytes, at + 12, bigEndian);
        boolean binaryResolution = false;
        int exponent = PcapngInterface.DEFAULT_EXPONENT;
        long offsetSeconds = 0;
        int option = at + 16;
        int end = at + length - 4;
        while (end - option >= 4) {
            int code = ByteFields.uint16(bytes, option, bigEndian);
            int valueLength = ByteFields.uint16(bytes, option + 2, bigEndian);
            int value = option + 4;
            if (code == OPTION_END) {
                break;
            }
            if (valueLength > end - value) {
                sink.warning(new CaptureWarning(CaptureWarning.Kind.OPTION_IGNORED, format("interface description block at byte %d: option %d claims %d bytes,"
                        + " only %d left in the block; later options ignored", offset, code, valueLength, end - value)));
                break;
            }
            if (code == OPTION_TIMESTAMP_RESOLUTION && checkOptionLength(sink, offset, "if_tsresol", valueLength, 1)) {
                int resolution = bytes[value] & 0xFF;
                boolean binary = (resolution & 0x80) != 0;
                int resolutionExponent = resolution & 0x7F;
                if (resolutionExponent > (binary ? PcapngInterface.MAXIMUM_BINARY_EXPONENT
                        : PcapngInterface.MAXIMUM_DECIMAL_EXPONENT)) {
                    sink.warning(new CaptureWarning(CaptureWarning.Kind.OPTION_IGNORED, format("interface description block at byte %d: if_tsresol %s^-%d is finer than"
                            + " 64-bit time stamps allow; microseconds assumed", offset, binary ? "2" : "10",
                            resolutionExponent)));
                } else {
                    binaryResolution = binary;
                    exponent = resolutionExponent;
                }
            } else if (code == OPTION_TIMESTAMP_OFFSET && checkOptionLength(sink, offset, "if_tsoffset", valueLength, 8)) {
                offsetSeconds = ByteFields.int64(bytes, value, bigEndian);
            } else if (code == OPTION_INTERFACE_NAME && valueLength > 0) {
                name[0] = printable(new String(bytes, value, valueLength, java.nio.charset.StandardCharsets.UTF_8));
            }
            // Values are padded to 4 bytes; the last one may lack its padding, which ends the loop.
            option = value + ((valueLength + 3) & ~3);
        }
        return new PcapngInterface(linkType, snapLength, binaryResolution, exponent, offsetSeconds);
    }

    /**
     * A name from the file, fit for a report line: control and other unprintable characters (a
     * crafted file's escape sequences, line breaks) become '?', at most {@link #MAXIMUM_NAME_LENGTH}.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAXIMUM_NAME_LENGTH));
        text.codePoints().limit(MAXIMUM_NAME_LENGTH).forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? '?' : c));
        return out.toString();
    }

    private static boolean checkOptionLength(FrameSink sink, long offset, String option, int length, int expected) {
        if (length != expected) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.OPTION_IGNORED, format("interface description block at byte %d: %s option of %d bytes, expected %d;"
                    + " ignored", offset, option, length, expected)));
        }
        return length == expected;
    }

    /** Enhanced Packet Block, and the obsolete Packet Block, which differs only in a 16-bit interface id. */
    private void packet(FrameSink sink, int type, byte[] bytes, int at, int length, long offset) {
        if (length < PACKET_MINIMUM) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, tooShort(type, offset, length, PACKET_MINIMUM) + "; block skipped"));
            return;
        }
        int interfaceId = type == ENHANCED_PACKET_BLOCK
                ? ByteFields.int32(bytes, at + 8, bigEndian)
                : ByteFields.uint16(bytes, at + 8, bigEndian);
        PcapngInterface description = describedInterface(sink, type, interfaceId, offset);
        if (description == null) {
            return;
        }
        long units = ByteFields.uint32(bytes, at + 12, bigEndian) << 32 | ByteFields.uint32(bytes, at + 16, bigEndian);
        long captured = ByteFields.uint32(bytes, at + 20, bigEndian);
        int original = ByteFields.int32(bytes, at + 24, bigEndian);
        int room = length - PACKET_MINIMUM;
        if (captured > room) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, format("%s at byte %d claims %d captured bytes, but the block holds only %d; block skipped",
                    blockName(type), offset, captured, room)));
            return;
        }
        sink.frame(description.linkType(), description.timestampNanos(units), bytes, at + 28, (int) captured,
                ByteFields.lengthField(original), interfaceId);
    }

    /**
     * A Simple Packet Block has no interface id (always the first interface), no time stamp (0, as
     * libpcap gives) and no captured length: that is the original length cut to the snap length and
     * to what the block holds.
     */
    private void simplePacket(FrameSink sink, byte[] bytes, int at, int length, long offset) {
        if (length < SIMPLE_PACKET_MINIMUM) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, tooShort(SIMPLE_PACKET_BLOCK, offset, length, SIMPLE_PACKET_MINIMUM) + "; block skipped"));
            return;
        }
        PcapngInterface description = describedInterface(sink, SIMPLE_PACKET_BLOCK, 0, offset);
        if (description == null) {
            return;
        }
        int original = ByteFields.int32(bytes, at + 8, bigEndian);
        long captured = Math.min(Integer.toUnsignedLong(original), length - SIMPLE_PACKET_MINIMUM);
        if (description.snapLength() > 0) {
            captured = Math.min(captured, description.snapLength());
        }
        sink.frame(description.linkType(), description.timestampNanos(0), bytes, at + 12, (int) captured,
                ByteFields.lengthField(original), 0);
    }

    private PcapngInterface describedInterface(FrameSink sink, int type, int interfaceId, long offset) {
        PcapngInterface description = interfaceId >= 0 && interfaceId < interfaces.size()
                ? interfaces.get(interfaceId) : null;
        if (description == null) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.BLOCK_SKIPPED, format("%s at byte %d refers to interface %d, but the section describes %s; block skipped",
                    blockName(type), offset, Integer.toUnsignedLong(interfaceId),
                    interfaceId >= 0 && interfaceId < interfaces.size()
                            ? "it in an unreadable block" : "only " + interfaces.size())));
        }
        return description;
    }

    private static String tooShort(int type, long offset, int length, int minimum) {
        return format("%s at byte %d is %d bytes, less than the %d bytes of its fixed fields",
                blockName(type), offset, length, minimum);
    }

    private static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER_BLOCK -> "section header block";
            case INTERFACE_DESCRIPTION_BLOCK -> "interface description block";
            case OBSOLETE_PACKET_BLOCK -> "packet block";
            case SIMPLE_PACKET_BLOCK -> "simple packet block";
            case ENHANCED_PACKET_BLOCK -> "enhanced packet block";
            default -> format("block of type 0x%08x", type);
        };
    }
}
