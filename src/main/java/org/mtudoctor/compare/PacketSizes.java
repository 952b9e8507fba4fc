package org.mtudoctor.compare;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sizes of the data packets one direction of one connection carried past a point: how many
 * of each IP length, up to {@link #MAX_SIZES} distinct lengths (a connection sends few: full
 * segments, tails, resends), the rest counted apart. Memory follows connections, not packets.
 */
public final class PacketSizes {

    static final int MAX_SIZES = 64;

    /** By IP length: how many, when the last one passed, and the first one's frame number. */
    private final TreeMap<Integer, long[]> counts = new TreeMap<>();
    private long uncounted;
    private int largest;

    void add(int packetLength, long time, long frame) {
        largest = Math.max(largest, packetLength);
        long[] count = counts.get(packetLength);
        if (count != null) {
            count[0]++;
            count[1] = Math.max(count[1], time);
        } else if (counts.size() < MAX_SIZES) {
            counts.put(packetLength, new long[] {1, time, frame});
        } else {
            uncounted++;
        }
    }

    /** The largest data packet seen; 0 when none was. */
    public int largest() {
        return largest;
    }

    /** Packets above {@code length} (the ones past the size cap not among them). */
    public long above(int length) {
        long above = 0;
        for (Map.Entry<Integer, long[]> entry : counts.tailMap(length, false).entrySet()) {
            above += entry.getValue()[0];
        }
        return above;
    }

    /** When the last packet above {@code length} passed; Long.MIN_VALUE when none did. */
    public long lastAbove(int length) {
        long last = Long.MIN_VALUE;
        for (long[] count : counts.tailMap(length, false).values()) {
            last = Math.max(last, count[1]);
        }
        return last;
    }

    /** The frame of the first packet above {@code length}; -1 when none was seen. */
    public long firstFrameAbove(int length) {
        long first = -1;
        for (long[] count : counts.tailMap(length, false).values()) {
            first = first < 0 ? count[2] : Math.min(first, count[2]);
        }
        return first;
    }

    /** The smallest length above {@code length} that was seen, or 0. */
    public int smallestAbove(int length) {
        Integer higher = counts.higherKey(length);
        return higher == null ? 0 : higher;
    }

    public long packets() {
        long packets = uncounted;
        for (long[] count : counts.values()) {
            packets += count[0];
        }
        return packets;
    }
}
