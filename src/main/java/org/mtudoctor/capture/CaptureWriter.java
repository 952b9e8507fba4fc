package org.mtudoctor.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves live frames as a capture file that our readers, libpcap, tcpdump and Wireshark read back.
 *
 * <p>Why not libpcap's own dumper: pcap4j's {@code PcapDumper.dumpRaw} writes every record with its
 * original length equal to the captured length, so a 1420-byte packet cut to the snap length would
 * be saved as a 256-byte packet, and the evidence (its size) would be lost.
 *
 * <p>One interface gives pcap with nanosecond time stamps (magic {@code a1b23c4d}), as
 * {@code tcpdump -w} with {@code --time-stamp-precision=nano} writes it. Several interfaces give
 * pcapng, with one interface description per interface (its name, link type and snap length), as
 * Wireshark's dumpcap writes it: a pcap file has one link type and no interface numbers, and
 * several interfaces may differ in both.
 *
 * <p>Writes are buffered; {@link #flush} is the caller's choice of when the file must be complete.
 */
abstract sealed class CaptureWriter implements Closeable {
    private static final int BUFFER_SIZE = 64 * 1024;

    /** What the file says about one interface. */
    record Interface(String name, int linkType, int snapLength) {
    }

    private final OutputStream out;
    final ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

    private CaptureWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, BUFFER_SIZE);
    }

    /**
     * Creates (or truncates) the file and writes its header.
     *
     * @throws CaptureException when the file cannot be written, naming it
     */
    static CaptureWriter create(Path path, List<Interface> interfaces) throws CaptureException {
        OutputStream file;
        try {
            file = Files.newOutputStream(path);
        } catch (IOException e) {
            throw new CaptureException(path + ": cannot write: " + CaptureFiles.reason(e), e);
        }
        CaptureWriter writer = interfaces.size() == 1 ? new Pcap(file) : new Pcapng(file);
        try {
            writer.writeHeader(interfaces);
            return writer;
        } catch (IOException e) {
            try {
                writer.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new CaptureException(path + ": cannot write: " + CaptureFiles.reason(e), e);
        }
    }

    abstract void writeHeader(List<Interface> interfaces) throws IOException;

    /** Appends one frame: {@code data[offset, offset + capturedLength)}. */
    abstract void write(int interfaceId, long timestampNanos, byte[] data, int offset, int capturedLength,
                        int originalLength) throws IOException;

    final void flush() throws IOException {
        out.flush();
    }

    @Override
    public final void close() throws IOException {
        out.close();
    }

    /** Writes what {@link #header} holds, and clears it for the next one. */
    final void writeHeaderBuffer() throws IOException {
        out.write(header.array(), 0, header.position());
        header.clear();
    }

    final void writeBytes(byte[] data, int offset, int length) throws IOException {
        out.write(data, offset, length);
    }

    /** pcap, nanosecond time stamps, little-endian. */
    static final class Pcap extends CaptureWriter {
        private static final int NANOSECOND_MAGIC = 0xA1B23C4D;

        Pcap(OutputStream out) {
            super(out);
        }

        @Override
        void writeHeader(List<Interface> interfaces) throws IOException {
            Interface only = interfaces.get(0);
            header.putInt(NANOSECOND_MAGIC)
                    .putShort((short) 2).putShort((short) 4) // version 2.4
                    .putInt(0)                                // time zone offset: always 0 (UTC)
                    .putInt(0)                                // time stamp accuracy: unused
                    .putInt(only.snapLength())
                    .putInt(only.linkType());
            writeHeaderBuffer();
        }

        @Override
        void write(int interfaceId, long timestampNanos, byte[] data, int offset, int capturedLength,
                   int originalLength) throws IOException {
            header.putInt((int) Math.floorDiv(timestampNanos, 1_000_000_000L))
                    .putInt((int) Math.floorMod(timestampNanos, 1_000_000_000L))
                    .putInt(capturedLength)
                    .putInt(originalLength);
            writeHeaderBuffer();
            writeBytes(data, offset, capturedLength);
        }
    }

    /** pcapng: a section header, one interface description per interface, enhanced packet blocks. */
    static final class Pcapng extends CaptureWriter {
        private static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
        private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
        private static final int ENHANCED_PACKET_BLOCK = 6;
        private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
        private static final int OPTION_END = 0;
        private static final int OPTION_SHB_USER_APPLICATION = 4;
        private static final int OPTION_IF_NAME = 2;
        private static final int OPTION_IF_TSRESOL = 9;
        private static final int NANOSECONDS = 9;   // if_tsresol: 10^-9 s
        private static final int ENHANCED_PACKET_HEADER = 28;
        private static final byte[] PADDING = new byte[3];

        Pcapng(OutputStream out) {
            super(out);
        }

        @Override
        void writeHeader(List<Interface> interfaces) throws IOException {
            byte[] application = "mtudoctor".getBytes(StandardCharsets.UTF_8);
            int sectionLength = 28 + optionLength(application.length) + 4;
            header.putInt(SECTION_HEADER_BLOCK).putInt(sectionLength)
                    .putInt(BYTE_ORDER_MAGIC)
                    .putShort((short) 1).putShort((short) 0) // version 1.0
                    .putLong(-1);                             // section length: not given
            putOption(OPTION_SHB_USER_APPLICATION, application);
            header.putInt(OPTION_END).putInt(sectionLength);
            writeHeaderBuffer();
            for (Interface described : interfaces) {
                byte[] name = described.name().getBytes(StandardCharsets.UTF_8);
                // The name can be longer than the scratch buffer: it is written on its own.
                int blockLength = 16 + optionLength(name.length) + optionLength(1) + 4 + 4;
                header.putInt(INTERFACE_DESCRIPTION_BLOCK).putInt(blockLength)
                        .putShort((short) described.linkType()).putShort((short) 0)
                        .putInt(described.snapLength())
                        .putShort((short) OPTION_IF_NAME).putShort((short) name.length);
                writeHeaderBuffer();
                writeBytes(name, 0, name.length);
                writeBytes(PADDING, 0, padding(name.length));
                putOption(OPTION_IF_TSRESOL, new byte[] {NANOSECONDS});
                header.putInt(OPTION_END).putInt(blockLength);
                writeHeaderBuffer();
            }
        }

        @Override
        void write(int interfaceId, long timestampNanos, byte[] data, int offset, int capturedLength,
                   int originalLength) throws IOException {
            int blockLength = ENHANCED_PACKET_HEADER + capturedLength + padding(capturedLength) + 4;
            header.putInt(ENHANCED_PACKET_BLOCK).putInt(blockLength)
                    .putInt(interfaceId)
                    .putInt((int) (timestampNanos >>> 32)).putInt((int) timestampNanos)
                    .putInt(capturedLength)
                    .putInt(originalLength);
            writeHeaderBuffer();
            writeBytes(data, offset, capturedLength);
            writeBytes(PADDING, 0, padding(capturedLength));
            header.putInt(blockLength);
            writeHeaderBuffer();
        }

        private void putOption(int code, byte[] value) {
            header.putShort((short) code).putShort((short) value.length).put(value).put(PADDING, 0, padding(value.length));
        }

        private static int optionLength(int valueLength) {
            return 4 + valueLength + padding(valueLength);
        }

        private static int padding(int length) {
            return -length & 3;
        }
    }
}
