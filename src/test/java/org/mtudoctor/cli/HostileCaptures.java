package org.mtudoctor.cli;

import static org.mtudoctor.testing.Bytes.concat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mtudoctor.testing.PcapFiles;

/**
 * Hostile captures made at test time from the real ones in captures/: their records, rewritten or
 * with damage appended, written back as pcap or pcapng. Only little-endian microsecond pcap files
 * over Ethernet are read, which is what scripts/scenario writes.
 */
final class HostileCaptures {
    private static final int ETHERNET = 14;
    private static final int ENHANCED_PACKET_BLOCK = 6;

    private HostileCaptures() {
    }

    /** One pcap record: time, the captured bytes, and the length on the wire. */
    record Record(long seconds, long micros, byte[] frame, int originalLength) {
        Record withFrame(byte[] newFrame, int newOriginalLength) {
            return new Record(seconds, micros, newFrame, newOriginalLength);
        }

        Record withSeconds(long newSeconds) {
            return new Record(newSeconds, micros, frame, originalLength);
        }
    }

    /** A pcap file as its header and records. */
    record Pcap(byte[] header, List<Record> records) {
        static Pcap read(String path) {
            ByteBuffer file = ByteBuffer.wrap(bytes(Path.of(path))).order(ByteOrder.LITTLE_ENDIAN);
            if (file.getInt(0) != 0xa1b2c3d4) {
                throw new IllegalArgumentException(path + ": not a little-endian microsecond pcap file");
            }
            byte[] header = Arrays.copyOf(file.array(), PcapFiles.PCAP_HEADER);
            List<Record> records = new ArrayList<>();
            for (int at = PcapFiles.PCAP_HEADER; at < file.limit(); ) {
                int captured = file.getInt(at + 8);
                records.add(new Record(Integer.toUnsignedLong(file.getInt(at)), file.getInt(at + 4),
                        Arrays.copyOfRange(file.array(), at + PcapFiles.RECORD_HEADER, at + PcapFiles.RECORD_HEADER + captured),
                        file.getInt(at + 12)));
                at += PcapFiles.RECORD_HEADER + captured;
            }
            return new Pcap(header, records);
        }

        Pcap withSnapLength(long snapLength) {
            byte[] changed = header.clone();
            ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putInt(16, (int) snapLength);
            return new Pcap(changed, records);
        }

        Pcap withRecords(List<Record> newRecords) {
            return new Pcap(header, newRecords);
        }

        /** The file, each record's captured length being its frame's length. */
        byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(header);
            for (Record record : records) {
                out.writeBytes(PcapFiles.recordHeader(record.seconds(), record.micros(), record.frame().length,
                        record.originalLength()));
                out.writeBytes(record.frame());
            }
            return out.toByteArray();
        }
    }

    /**
     * Where the ICMP header of an Ethernet frame starts when it carries an IPv4 fragmentation-needed
     * or an ICMPv6 packet-too-big message (without extension headers), else -1.
     */
    static int tooBigOffset(byte[] frame) {
        int etherType = (frame[12] & 0xFF) << 8 | frame[13] & 0xFF;
        if (etherType == 0x0800 && frame[ETHERNET + 9] == 1) {
            int icmp = ETHERNET + (frame[ETHERNET] & 0x0F) * 4;
            return frame[icmp] == 3 && frame[icmp + 1] == 4 ? icmp : -1;
        }
        if (etherType == 0x86DD && frame[ETHERNET + 6] == 58) {
            int icmp = ETHERNET + 40;
            return frame[icmp] == 2 ? icmp : -1;
        }
        return -1;
    }

    /**
     * The seed black hole as a pcapng with text in every option a capture tool shows: {@code text}
     * holds 7 strings, for shb_hardware and if_name, shb_os, shb_userappl, the section's comment,
     * if_description, the interface's comment, and each packet's comment.
     */
    static String seedWithText(Path file, String[] text) {
        byte[] sectionOptions = concat(textOption(2, text[0]), textOption(3, text[1]),   // shb_hardware, shb_os
                textOption(4, text[2]), textOption(1, text[3]), new byte[4]);             // shb_userappl, opt_comment, end
        byte[] interfaceOptions = concat(textOption(2, text[0]), textOption(3, text[4]),  // if_name, if_description
                textOption(1, text[5]), new byte[4]);                                    // opt_comment, end
        List<byte[]> blocks = new ArrayList<>();
        blocks.add(block(0x0A0D0D0A, concat(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array(), sectionOptions)));
        blocks.add(block(1, concat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) 0).putInt(65535).array(), interfaceOptions)));
        for (Record record : Pcap.read(CliTest.BLACK_HOLE).records()) {
            long micros = record.seconds() * 1_000_000 + record.micros();
            byte[] fixed = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros)
                    .putInt(record.frame().length).putInt(record.originalLength()).array();
            byte[] padding = new byte[(4 - record.frame().length % 4) % 4];
            blocks.add(block(ENHANCED_PACKET_BLOCK, concat(fixed, record.frame(), padding,
                    textOption(1, text[6]), new byte[4])));                              // opt_comment, end
        }
        return write(file, concat(blocks.toArray(new byte[0][])));
    }

    /** A pcapng block, little-endian: type, length, body padded to 4 bytes, length again. */
    static byte[] block(int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        int length = 12 + padded;
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(type).putInt(length).put(body).position(8 + padded).putInt(length).array();
    }

    /** A block whose length fields say what the test wants: {@code length} in front, {@code trailer} behind. */
    static byte[] lyingBlock(int type, int bodyBytes, long length, long trailer) {
        return ByteBuffer.allocate(12 + bodyBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(type).putInt((int) length).position(8 + bodyBytes).putInt((int) trailer).array();
    }

    /** A pcapng option with a UTF-8 text value, padded to 4 bytes. */
    static byte[] textOption(int code, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + ((text.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) code).putShort((short) text.length).put(text).array();
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }
}
