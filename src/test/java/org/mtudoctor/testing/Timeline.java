package org.mtudoctor.testing;

import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.LinkType;

/**
 * Packets at capture times, played into a {@link FrameSink} as raw IP frames (LINKTYPE_RAW, 101).
 * Each frame holds the packet's headers only, with the original length saying how big the packet
 * was, exactly as tcpdump with a small snap length records it; the decoders that read them are the
 * real ones.
 */
public final class Timeline {

    public static final int LINKTYPE_RAW = LinkType.RAW.code();

    private record Frame(long time, byte[] bytes, int originalLength) {
    }

    private final List<Frame> frames = new ArrayList<>();
    private long time = 1_700_000_000_000_000_000L;

    /** Advances capture time by {@code micros}. */
    public Timeline after(long micros) {
        time += micros * 1000;
        return this;
    }

    /** The packet, captured now. */
    public Timeline add(Packets.IpPacket packet) {
        frames.add(new Frame(time, packet.headers(), packet.length()));
        return this;
    }

    public void playInto(FrameSink sink) {
        for (Frame frame : frames) {
            sink.frame(LINKTYPE_RAW, frame.time(), frame.bytes(), 0, frame.bytes().length, frame.originalLength(), 0);
        }
    }
}
