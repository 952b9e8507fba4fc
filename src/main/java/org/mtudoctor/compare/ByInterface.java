package org.mtudoctor.compare;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
 *
 * <p>An interface is named by the user ({@code --ifname 3=eth0}: the file holds only indexes,
 * and the index of another host means nothing here, so nothing is guessed), else by the pcapng
 * description's {@code if_name}, else by its number.
 */
public final class ByInterface implements FrameSink {

    private static final int SLL2_INTERFACE_INDEX = 4;

    private final boolean everyCapture;
    private final Map<Integer, String> names;
    /** By label, in the order first seen. */
    private final Map<String, Handshakes> points = new LinkedHashMap<>();
    /** Interface ids, and a label by number for a quick look-up per frame. */
    private final Map<Integer, String> pcapngLabels = new HashMap<>();
    private final Map<Integer, String> sll2Labels = new HashMap<>();
    private int described;
    private long frames;

    /**
     * @param everyCapture keep the handshakes of a capture of one interface too ({@code compare},
     *                     where each file is a point), not only of several
     * @param names        interface names by index (Linux cooked v2) or pcapng interface number
     */
    public ByInterface(boolean everyCapture, Map<Integer, String> names) {
        this.everyCapture = everyCapture;
        this.names = Map.copyOf(names);
    }

    @Override
    public void interfaceDescribed(int interfaceId, String name) {
        described++;
        pcapngLabels.put(interfaceId, names.getOrDefault(interfaceId, name != null && !name.isBlank() ? name
                : "interface " + interfaceId));
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        frames++;
        String label;
        if (linkType == LinkType.LINUX_SLL2.code() && capturedLength >= SLL2_INTERFACE_INDEX + 4) {
            int at = offset + SLL2_INTERFACE_INDEX;
            int index = (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
                    | data[at + 3] & 0xFF;
            label = sll2Labels.computeIfAbsent(index, i -> names.getOrDefault(i, "ifindex " + Integer.toUnsignedString(i)));
        } else if (described >= 2) {
            label = pcapngLabels.getOrDefault(interfaceId, "interface " + interfaceId);
        } else if (everyCapture) {
            label = "";
        } else {
            return; // one interface: nothing to line up inside the capture
        }
        Handshakes point = points.computeIfAbsent(label, k -> new Handshakes());
        point.numberNextFrame(frames);
        point.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
    }

    @Override
    public void warning(CaptureWarning warning) {
        // The per-point analysis reports the capture's warnings.
    }

    /**
     * The interfaces that saw a handshake, each with what it saw, by label; when fewer than two
     * did, the capture is one point, labelled "" (and nothing when this keeps only captures of
     * several interfaces).
     */
    public Map<String, Handshakes> points() {
        Map<String, Handshakes> seen = new TreeMap<>();
        points.forEach((key, handshakes) -> {
            if (!handshakes.all().isEmpty()) {
                seen.put(key, handshakes);
            }
        });
        if (seen.size() >= 2) {
            return seen;
        }
        if (!everyCapture) {
            return Map.of();
        }
        // One interface, or one that matters: the point is the capture.
        Handshakes only = !seen.isEmpty() ? seen.values().iterator().next()
                : points.isEmpty() ? new Handshakes() : points.values().iterator().next();
        return Map.of("", only);
    }
}
