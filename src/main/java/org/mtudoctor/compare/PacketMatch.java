package org.mtudoctor.compare;

import java.util.Arrays;

/**
 * One direction of one connection at two points next to each other on the packets' way: which
 * packets that {@code before} saw reached {@code after}, and which vanished between them.
 *
 * <p>A packet is the same at both when its sequence number, payload length and IP ID are (each
 * transmission of a segment its own); left over, the same segment with another IP ID (a router
 * that rewrites IDs); left over still, bytes inside an offload aggregate the next point saw (GRO
 * on a receiving host). What is left then vanished, if the next point was capturing when it
 * should have come by ({@link #judge}).
 */
final class PacketMatch {

    /**
     * Packets whose arrival would fall this close to the end of what the next point logged are
     * not judged: they may still have been on their way.
     */
    static final long EDGE_NANOS = 1_000_000_000L;

    private static final int NONE = -1;
    private static final int MERGED = -2;
    /** A slot of {@link Chains} never used. */
    private static final int EMPTY = Integer.MIN_VALUE;

    private final PacketLog before;
    private final PacketLog after;
    /** For each packet before: its index after, {@link #MERGED}, or {@link #NONE}. */
    private final int[] partner;
    private final long minDelay;
    private final long idRewritten;

    private PacketMatch(PacketLog before, PacketLog after, int[] partner, long minDelay, long idRewritten) {
        this.before = before;
        this.after = after;
        this.partner = partner;
        this.minDelay = minDelay;
        this.idRewritten = idRewritten;
    }

    /**
     * Matches the packets of one direction.
     *
     * @param isn the sending side's initial sequence number, from which aggregates are ordered
     */
    static PacketMatch of(PacketLog before, PacketLog after, long isn) {
        int[] partner = new int[before.size()];
        Arrays.fill(partner, NONE);
        boolean[] used = new boolean[after.size()];
        long minDelay = Long.MAX_VALUE;
        // Exact: the same transmission. Chains keep equal keys in capture order.
        Chains exact = new Chains(after, used, false);
        for (int i = 0; i < before.size(); i++) {
            int j = exact.take(before.keyAt(i));
            if (j >= 0) {
                partner[i] = j;
                used[j] = true;
                minDelay = Math.min(minDelay, after.timeAt(j) - before.timeAt(i));
            }
        }
        // The same segment with another IP ID.
        Chains loose = new Chains(after, used, true);
        long idRewritten = 0;
        for (int i = 0; i < before.size(); i++) {
            if (partner[i] == NONE) {
                int j = loose.take(PacketLog.segment(before.keyAt(i)));
                if (j >= 0) {
                    partner[i] = j;
                    used[j] = true;
                    idRewritten++;
                }
            }
        }
        coverByAggregates(before, after, isn, partner);
        return new PacketMatch(before, after, partner, minDelay, idRewritten);
    }

    /**
     * Equal keys of the next point's unused packets, chained in capture order: an open-addressing
     * table of primitive keys to the first index of each chain, so that a connection of millions
     * of packets costs two arrays, not millions of boxed entries (and no reference array for the
     * garbage collector to scan).
     */
    private static final class Chains {
        private final long[] keys;
        private final int[] heads;
        private final int[] next;
        private final int mask;
        private final boolean segmentOnly;

        Chains(PacketLog log, boolean[] used, boolean segmentOnly) {
            this.segmentOnly = segmentOnly;
            int capacity = Integer.highestOneBit(Math.max(16, log.size() * 2 - 1)) << 1;
            keys = new long[capacity];
            heads = new int[capacity];
            Arrays.fill(heads, EMPTY);
            mask = capacity - 1;
            next = new int[log.size()];
            for (int j = log.size() - 1; j >= 0; j--) {
                if (!used[j]) {
                    int slot = slot(keyOf(log.keyAt(j)));
                    if (heads[slot] == EMPTY) {
                        keys[slot] = keyOf(log.keyAt(j));
                        heads[slot] = NONE;
                    }
                    next[j] = heads[slot];
                    heads[slot] = j;
                }
            }
        }

        private long keyOf(long key) {
            return segmentOnly ? PacketLog.segment(key) : key;
        }

        /** The slot holding {@code key}, or the empty one where it would go (a chain taken to its end keeps its slot). */
        private int slot(long key) {
            int slot = (int) mix(key) & mask;
            while (heads[slot] != EMPTY && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }

        /** The first packet not yet taken with {@code key}, now taken; NONE when there is none. */
        int take(long key) {
            int slot = slot(key);
            int j = heads[slot];
            if (j < 0) {
                return NONE; // EMPTY or NONE
            }
            heads[slot] = next[j];
            return j;
        }
    }

    /** Packets left over whose bytes lie inside one aggregate the next point saw. */
    private static void coverByAggregates(PacketLog before, PacketLog after, long isn, int[] partner) {
        int n = after.mergedSize();
        if (n == 0) {
            return;
        }
        // Start (relative to the ISN) in the high half, index in the low; the sign bit flipped, so
        // that a signed sort orders the unsigned starts.
        long[] ranges = new long[n];
        for (int k = 0; k < n; k++) {
            ranges[k] = (relative(after.mergedAt(k), isn) << 32 | k) ^ Long.MIN_VALUE;
        }
        Arrays.sort(ranges);
        for (int k = 0; k < n; k++) {
            ranges[k] ^= Long.MIN_VALUE;
        }
        long[] starts = new long[n];
        long[] farthestEnd = new long[n]; // the farthest end among the ranges sorted up to here
        long farthest = -1;
        for (int k = 0; k < n; k++) {
            int index = (int) ranges[k];
            starts[k] = ranges[k] >>> 32;
            farthest = Math.max(farthest, starts[k] + PacketLog.payloadLength(after.mergedAt(index)));
            farthestEnd[k] = farthest;
        }
        for (int i = 0; i < partner.length; i++) {
            if (partner[i] != NONE) {
                continue;
            }
            long start = relative(before.keyAt(i), isn);
            int k = Arrays.binarySearch(starts, start);
            k = k >= 0 ? lastEqual(starts, k) : -k - 2; // the last range starting at or before it
            if (k >= 0 && farthestEnd[k] >= start + PacketLog.payloadLength(before.keyAt(i))) {
                partner[i] = MERGED;
            }
        }
    }

    private static int lastEqual(long[] sorted, int k) {
        while (k + 1 < sorted.length && sorted[k + 1] == sorted[k]) {
            k++;
        }
        return k;
    }

    private static long relative(long key, long isn) {
        return (PacketLog.sequence(key) - isn) & 0xFFFFFFFFL;
    }

    /**
     * The least time a matched packet took from {@code before} to {@code after}, as their clocks
     * tell it (the clock offset plus the transit); Long.MAX_VALUE when none matched exactly.
     */
    long minDelay() {
        return minDelay;
    }

    /** Packets matched only with another IP ID: something between rewrites IDs. */
    long idRewritten() {
        return idRewritten;
    }

    /**
     * What crossed and what vanished, the next point's clock being {@code offset} ahead of this
     * one's: a packet that did not cross vanished only when the next point was capturing, and
     * logging, when it should have come by.
     *
     * @param capturingFrom  the next point's first frame time
     * @param capturingUntil its last
     * @param loggedUntil    its logs are complete until then (Long.MAX_VALUE: to the end)
     */
    Crossing judge(long offset, long capturingFrom, long capturingUntil, long loggedUntil) {
        long crossed = 0, vanished = 0;
        int largestCrossed = 0, largestIndex = -1;
        long lastJudged = Math.min(capturingUntil, loggedUntil == Long.MAX_VALUE ? Long.MAX_VALUE
                : loggedUntil - EDGE_NANOS);
        for (int i = 0; i < partner.length; i++) {
            if (partner[i] != NONE) {
                crossed++;
                if (before.lengthAt(i) > largestCrossed) {
                    largestCrossed = before.lengthAt(i);
                    largestIndex = i;
                }
            }
        }
        long vanishedAbove = 0;
        int smallestVanishedAbove = Integer.MAX_VALUE;
        int firstVanishedAbove = -1;
        for (int i = 0; i < partner.length; i++) {
            long arrival = before.timeAt(i) + offset;
            if (partner[i] != NONE || arrival < capturingFrom || arrival > lastJudged) {
                continue;
            }
            vanished++;
            if (before.lengthAt(i) > largestCrossed) {
                vanishedAbove++;
                smallestVanishedAbove = Math.min(smallestVanishedAbove, before.lengthAt(i));
                firstVanishedAbove = firstVanishedAbove < 0 ? i : firstVanishedAbove;
            }
        }
        long largestAfterFrame = largestIndex < 0 ? -1 : partner[largestIndex] == MERGED ? -1
                : after.frameAt(partner[largestIndex]);
        return new Crossing(crossed, vanished, largestCrossed,
                largestIndex < 0 ? -1 : before.frameAt(largestIndex), largestAfterFrame, vanishedAbove,
                vanishedAbove == 0 ? 0 : smallestVanishedAbove,
                firstVanishedAbove < 0 ? -1 : before.frameAt(firstVanishedAbove));
    }

    /**
     * One direction of one connection between two points.
     *
     * @param crossed                packets that reached the next point
     * @param vanished               packets that did not, while it was capturing
     * @param largestCrossed         the IP length of the largest that crossed; 0 when none did
     * @param largestFrameBefore     that packet's frame at the first point; -1 when none crossed
     * @param largestFrameAfter      its frame at the next; -1 when it arrived inside an aggregate
     * @param vanishedAbove          vanished packets larger than every one that crossed
     * @param smallestVanishedAbove  the smallest of those; 0 when there is none
     * @param firstVanishedAboveFrame the first of those, its frame at the first point; -1 when none
     */
    record Crossing(long crossed, long vanished, int largestCrossed, long largestFrameBefore, long largestFrameAfter,
                    long vanishedAbove, int smallestVanishedAbove, long firstVanishedAboveFrame) {
    }
}
