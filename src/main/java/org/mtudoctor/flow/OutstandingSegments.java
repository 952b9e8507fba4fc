package org.mtudoctor.flow;

/**
 * The last few data segments a sender put on the wire that the peer has not acknowledged yet,
 * in a fixed ring: enough to tell a retransmission of the same segment from new data, to count
 * how often each was sent, and to learn which packet sizes the path carried (they were ACKed).
 * Memory is fixed per direction; when the window is wider than the ring the oldest entries are
 * forgotten, which only loses evidence, never invents it.
 */
final class OutstandingSegments {

    static final int CAPACITY = 16;

    private final int[] sequence = new int[CAPACITY];
    private final int[] end = new int[CAPACITY];
    private final int[] packetLength = new int[CAPACITY];
    private final int[] sends = new int[CAPACITY];
    private final long[] firstSent = new long[CAPACITY];
    private final long[] lastSent = new long[CAPACITY];
    private int size;

    /**
     * Records one transmission of [sequenceNumber, segmentEnd).
     *
     * @return how many times this segment has now been sent (1 for new data; 2 when a
     *         retransmission's original was not seen)
     */
    int sent(int sequenceNumber, int segmentEnd, int ipPacketLength, boolean retransmission, long time) {
        for (int i = 0; i < size; i++) {
            if (sequence[i] == sequenceNumber) {
                sends[i]++;
                packetLength[i] = Math.max(packetLength[i], ipPacketLength);
                if (SequenceNumbers.after(segmentEnd, end[i])) {
                    end[i] = segmentEnd;
                }
                lastSent[i] = time;
                return sends[i];
            }
        }
        if (size == CAPACITY) {
            System.arraycopy(sequence, 1, sequence, 0, CAPACITY - 1);
            System.arraycopy(end, 1, end, 0, CAPACITY - 1);
            System.arraycopy(packetLength, 1, packetLength, 0, CAPACITY - 1);
            System.arraycopy(sends, 1, sends, 0, CAPACITY - 1);
            System.arraycopy(firstSent, 1, firstSent, 0, CAPACITY - 1);
            System.arraycopy(lastSent, 1, lastSent, 0, CAPACITY - 1);
            size--;
        }
        sequence[size] = sequenceNumber;
        end[size] = segmentEnd;
        packetLength[size] = ipPacketLength;
        sends[size] = retransmission ? 2 : 1;
        firstSent[size] = time;
        lastSent[size] = time;
        size++;
        return sends[size - 1];
    }

    /**
     * The peer acknowledged everything before {@code acknowledged}: drops those segments.
     *
     * @return the largest packet among the segments just acknowledged, 0 if none
     */
    int acknowledge(int acknowledged) {
        int largest = 0;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!SequenceNumbers.after(end[i], acknowledged)) {
                largest = Math.max(largest, packetLength[i]);
                continue;
            }
            sequence[kept] = sequence[i];
            end[kept] = end[i];
            packetLength[kept] = packetLength[i];
            sends[kept] = sends[i];
            firstSent[kept] = firstSent[i];
            lastSent[kept] = lastSent[i];
            kept++;
        }
        size = kept;
        return largest;
    }

    /**
     * The unacknowledged segment sent most often (ties: the earliest), or -1 when none was sent
     * more than once.
     */
    int mostResent() {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (sends[i] > 1 && (best < 0 || sends[i] > sends[best])) {
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
            if (this.packetLength[i] > 0 && this.packetLength[i] < packetLength && lastSent[i] > after) {
                latest = Math.max(latest, lastSent[i]);
            }
        }
        return latest;
    }

    int sequence(int index) { return sequence[index]; }
    int packetLength(int index) { return packetLength[index]; }
    int sends(int index) { return sends[index]; }
    long firstSent(int index) { return firstSent[index]; }
    long lastSent(int index) { return lastSent[index]; }
}
