package org.mtudoctor.decode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.testing.Decoded;

/** Runs the real decoder over a test's frame, or over every frame of a capture file. */
final class Decoding {

    private Decoding() {
    }

    static Packet decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length);
    }

    static Packet decode(int linkType, byte[] frame, int originalLength) {
        return Decoded.frame(linkType, frame, originalLength);
    }

    /** Decodes every frame of a capture file in order, handing each decoded packet (reused) to {@code action}. */
    static void decodeEach(Path file, Consumer<Packet> action) throws CaptureException, IOException {
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        try (FrameSource source = CaptureFiles.open(file.toString())) {
            source.readAll(new FrameSink() {
                @Override
                public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                                  int originalLength, int interfaceId) {
                    decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
                    action.accept(packet);
                }
            });
        }
    }
}
