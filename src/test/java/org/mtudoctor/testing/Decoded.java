package org.mtudoctor.testing;

import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;

/** What the real {@link PacketDecoder} makes of a test's frame, for tests that take a decoded {@link Packet}. */
public final class Decoded {

    private Decoded() {
    }

    /**
     * The packet as {@link Timeline} plays it: a raw-IP frame holding its headers only, the
     * original length saying how big it was, as tcpdump with a small snap length records it.
     */
    public static Packet of(Packets.IpPacket packet) {
        return frame(Timeline.LINKTYPE_RAW, packet.headers(), packet.length());
    }

    /** A frame of link type {@code linkType}, all of it captured, {@code originalLength} bytes on the wire. */
    public static Packet frame(int linkType, byte[] frame, int originalLength) {
        Packet packet = new Packet();
        new PacketDecoder().decode(linkType, frame, 0, frame.length, originalLength, packet);
        return packet;
    }
}
