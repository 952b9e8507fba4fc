package org.mtudoctor.flow;

import java.util.Arrays;

/**
 * The last few data segments a sender put on the wire that the peer has not acknowledged yet,
 * in a fixed ring: enough to tell a retransmission of the same segment from new data, to count
 * how often each was sent, and to learn which packet sizes the path carried (they were ACKed).
 * Memory is fixed per direction; when the window is wider than the ring the oldest entries are
 * forgotten, which only loses evidence, never invents it.
 */
final class OutstandingSegments {

    static final int CAPACITY = 16;
    private static final int INITIAL_CAPACITY = 4;

    // One array for the whole ring, four longs an entry, so a sender's segments sit in a few
    // cache lines: the flow table touches them on every packet of every flow.
    private static final int SEQUENCE_AND_END = 0;
    private static final int LENGTH_AND_SENDS = 1;
    private static final int FIRST_SENT = 2;
    private static final int LAST_SENT = 3;
    /** The largest packet that ever carried the segment, smaller resends or not. */
    private static final int LARGEST = 4;
    private static final int FIELDS = 5;

    private static final long[] NONE = new long[0];

    private long[] entries = new long[INITIAL_CAPACITY * FIELDS];
    private int size;

    private static long pack(int high, int low) {
        return (long) high << 32 | low & 0xFFFF_FFFFL;
    }

    private static int high(long packed) {
        return (int) (packed >>> 32);
    }

    private static int low(long packed) {
        return (int) packed;
    }

    /**
     * Records one transmission of [sequenceNumber, segmentEnd).
     *
     * @return how many times this segment has now been sent (1 for new data; 2 when a
     *         retransmission's original was not seen)
     */
    int sent(int sequenceNumber, int segmentEnd, int ipPacketLength, boolean retransmission, long time) {
        long[] e = entries;
        for (int at = 0, last = size * FIELDS; at < last; at += FIELDS) {
            long sequenceAndEnd = e[at + SEQUENCE_AND_END];
            if (high(sequenceAndEnd) == sequenceNumber) {
                long lengthAndSends = e[at + LENGTH_AND_SENDS];
                // The same data again in a smaller packet (the sender fell back, or shrank after an
                // ICMP): the segment is now carried by the smaller packet, which is what an
                // acknowledgment will prove the path carries, and its sends count afresh.
                boolean smaller = ipPacketLength > 0 && ipPacketLength < high(lengthAndSends);
                int sends = smaller ? 1 : low(lengthAndSends) + 1;
                e[at + LENGTH_AND_SENDS] = pack(smaller ? ipPacketLength : Math.max(high(lengthAndSends), ipPacketLength),
                        sends);
                if (SequenceNumbers.after(segmentEnd, low(sequenceAndEnd))) {
                    e[at + SEQUENCE_AND_END] = pack(sequenceNumber, segmentEnd);
                }
                e[at + LAST_SENT] = time;
                e[at + LARGEST] = Math.max(e[at + LARGEST], ipPacketLength);
                return sends;
            }
        }
        if (size == CAPACITY) {
            System.arraycopy(e, FIELDS, e, 0, (CAPACITY - 1) * FIELDS);
            size--;
        } else if (size * FIELDS == e.length) {
            e = entries = Arrays.copyOf(e, Math.min(CAPACITY, Math.max(INITIAL_CAPACITY, 2 * size)) * FIELDS);
        }
        int at = size * FIELDS;
        int sends = retransmission ? 2 : 1;
        e[at + SEQUENCE_AND_END] = pack(sequenceNumber, segmentEnd);
        e[at + LENGTH_AND_SENDS] = pack(ipPacketLength, sends);
        e[at + FIRST_SENT] = time;
        e[at + LAST_SENT] = time;
        e[at + LARGEST] = ipPacketLength;
        size++;
        return sends;
    }

    /**
     * The peer acknowledged everything before {@code acknowledged}: drops those segments.
     *
     * @return the largest packet among the segments just acknowledged, 0 if none
     */
    int acknowledge(int acknowledged) {
        long[] e = entries;
        int largest = 0;
        int kept = 0;
        for (int at = 0, last = size * FIELDS; at < last; at += FIELDS) {
            if (!SequenceNumbers.after(low(e[at + SEQUENCE_AND_END]), acknowledged)) {
                largest = Math.max(largest, high(e[at + LENGTH_AND_SENDS]));
                continue;
            }
            if (kept != at) {
                System.arraycopy(e, at, e, kept, FIELDS);
            }
            kept += FIELDS;
        }
        size = kept / FIELDS;
        return largest;
    }

    /**
     * Gives back the ring's spare room: the flow has closed, and lingers a while in the table
     * with whatever it had not seen acknowledged (mostly nothing).
     */
    void compact() {
        if (size == 0) {
            entries = NONE;
        } else if (size * FIELDS < entries.length) {
            entries = Arrays.copyOf(entries, size * FIELDS);
        }
    }

    /**
     * The unacknowledged segment sent most often (ties: the earliest), or -1 when none was sent
     * more than once.
     */
    int mostResent() {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (sends(i) > 1 && (best < 0 || sends(i) > sends(best))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The last time a segment smaller than {@code packetLength} (and not an aggregate) was sent
     * after {@code after}, or -1 when none was: evidence of whether small packets still flowed
     * while a big one was stuck.
     */
    long lastSmallerSentAfter(int packetLength, long after) {
        long latest = -1;
        for (int i = 0; i < size; i++) {
            int length = packetLength(i);
            if (length > 0 && length < packetLength && lastSent(i) > after) {
                latest = Math.max(latest, lastSent(i));
            }
        }
        return latest;
    }

    /** The largest packet that ever carried the segment starting at {@code sequenceNumber}; -1 when none is kept. */
    int largestPacketAt(int sequenceNumber) {
        int index = indexOf(sequenceNumber);
        return index < 0 ? -1 : (int) entries[index * FIELDS + LARGEST];
    }

    /** The index of the segment starting at {@code sequenceNumber}; -1 when none is kept. */
    int indexOf(int sequenceNumber) {
        for (int index = 0; index < size; index++) {
            if (sequence(index) == sequenceNumber) {
                return index;
            }
        }
        return -1;
    }

    int size() { return size; }
    int sequence(int index) { return high(entries[index * FIELDS + SEQUENCE_AND_END]); }
    int packetLength(int index) { return high(entries[index * FIELDS + LENGTH_AND_SENDS]); }
    int sends(int index) { return low(entries[index * FIELDS + LENGTH_AND_SENDS]); }
    long firstSent(int index) { return entries[index * FIELDS + FIRST_SENT]; }
    long lastSent(int index) { return entries[index * FIELDS + LAST_SENT]; }
}
