package org.mtudoctor.compare;

import java.util.Map;
import java.util.TreeMap;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.LinkType;

/**
 * One capture's frames, split by the interface they were captured on: a host's own capture of
 * several interfaces ({@code tcpdump -i any}, whose Linux cooked v2 header carries the interface
 * index, or a pcapng of several interfaces) is that many capture points, one per interface, and
 * a router's capture then shows what changed inside it, between its links.
 */
final class ByInterface implements FrameSink {

    private static final int SLL2_INTERFACE_INDEX = 4;

    /** By "ifindex N" (Linux cooked v2) or "interface N" (pcapng), or "" for a single one. */
    private final Map<String, Handshakes> points = new TreeMap<>();
    private long frames;

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        String key;
        if (linkType == LinkType.LINUX_SLL2.code() && capturedLength >= SLL2_INTERFACE_INDEX + 4) {
            int at = offset + SLL2_INTERFACE_INDEX;
            key = "ifindex " + ((data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                    | data[at + 3] & 0xFF);
        } else {
            key = interfaceId == 0 ? "" : "interface " + interfaceId;
        }
        Handshakes point = points.computeIfAbsent(key, k -> new Handshakes());
        point.numberNextFrame(++frames);
        point.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
    }

    @Override
    public void warning(CaptureWarning warning) {
        // The per-point analysis reports the capture's warnings.
    }

    /** The interfaces that saw a handshake, each with what it saw; one unnamed when the capture has one. */
    Map<String, Handshakes> points() {
        Map<String, Handshakes> seen = new TreeMap<>();
        points.forEach((key, handshakes) -> {
            if (!handshakes.all().isEmpty()) {
                seen.put(key, handshakes);
            }
        });
        if (seen.size() <= 1 && points.size() >= 1) {
            // One interface, or one that matters: the point is the capture.
            Handshakes only = seen.isEmpty() ? points.values().iterator().next() : seen.values().iterator().next();
            return Map.of("", only);
        }
        return seen;
    }
}
