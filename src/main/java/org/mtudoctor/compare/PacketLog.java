package org.mtudoctor.compare;

import java.util.Arrays;

/**
 * The data packets of one direction of one connection as one point saw them, each by what a
 * router on the way leaves alone: the sequence number, the payload length and the IP ID (which
 * tells a resend from the original: Linux gives each its own). Another point's log of the same
 * connection then says which packets crossed from one point to the next and which vanished
 * ({@link PacketMatch}). About 24 bytes a packet, in primitive arrays; a point's logs together
 * hold at most {@link Handshakes#MAX_LOGGED} packets ({@link Handshakes#completeUntil}).
 *
 * <p>Offload aggregates (GRO on a receiving host) are kept apart, as ranges: they are not packets
 * of the wire, but they show that the packets they merged arrived.
 */
public final class PacketLog {

    private static final int FIRST_CAPACITY = 16;

    private long[] keys = new long[FIRST_CAPACITY];
    private long[] times = new long[FIRST_CAPACITY];
    private int[] frames = new int[FIRST_CAPACITY];
    private int[] lengths = new int[FIRST_CAPACITY];
    private int size;
    /** Aggregates: sequence number and payload length, packed as keys are (IP ID 0), and their frames. */
    private long[] merged = new long[0];
    private int[] mergedFrames = new int[0];
    private int mergedSize;

    /** The key of a packet: sequence number (32 bits), payload length (16), IP ID (16). */
    static long key(long sequence, int payloadLength, int ipId) {
        return (sequence & 0xFFFFFFFFL) << 32 | (long) (payloadLength & 0xFFFF) << 16 | ipId & 0xFFFF;
    }

    /** The key without its IP ID: the same segment, whichever transmission of it. */
    static long segment(long key) {
        return key & ~0xFFFFL;
    }

    static long sequence(long key) {
        return key >>> 32;
    }

    static int payloadLength(long key) {
        return (int) (key >>> 16) & 0xFFFF;
    }

    void add(long sequence, int payloadLength, int ipId, int ipLength, long time, long frame) {
        if (size == keys.length) {
            int capacity = size * 2;
            keys = Arrays.copyOf(keys, capacity);
            times = Arrays.copyOf(times, capacity);
            frames = Arrays.copyOf(frames, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        keys[size] = key(sequence, payloadLength, ipId);
        times[size] = time;
        frames[size] = (int) Math.min(frame, Integer.MAX_VALUE);
        lengths[size] = ipLength;
        size++;
    }

    void addMerged(long sequence, int payloadLength, long frame) {
        if (mergedSize == merged.length) {
            int capacity = Math.max(4, mergedSize * 2);
            merged = Arrays.copyOf(merged, capacity);
            mergedFrames = Arrays.copyOf(mergedFrames, capacity);
        }
        merged[mergedSize] = key(sequence, payloadLength, 0);
        mergedFrames[mergedSize] = (int) Math.min(frame, Integer.MAX_VALUE);
        mergedSize++;
    }

    public int size() {
        return size;
    }

    long keyAt(int index) {
        return keys[index];
    }

    long timeAt(int index) {
        return times[index];
    }

    /** The frame number in the point's file. */
    long frameAt(int index) {
        return frames[index];
    }

    /** The packet's IP length, as reports give sizes. */
    int lengthAt(int index) {
        return lengths[index];
    }

    int mergedSize() {
        return mergedSize;
    }

    long mergedAt(int index) {
        return merged[index];
    }

    long mergedFrameAt(int index) {
        return mergedFrames[index];
    }

    /** The frame of the first packet logged that starts at {@code sequence}; -1 when none does. */
    public long firstFrameAt(long sequence) {
        for (int i = 0; i < size; i++) {
            if (sequence(keys[i]) == (sequence & 0xFFFFFFFFL)) {
                return frames[i];
            }
        }
        return -1;
    }
}
