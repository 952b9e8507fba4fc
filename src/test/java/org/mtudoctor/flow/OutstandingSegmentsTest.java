package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed ring against a plain list of segments that does the same job the obvious way:
 * random sends, resends and acknowledgments around the 32-bit sequence wrap, through growth and
 * past the capacity, where the oldest segment must go, and through compaction (a closed flow's).
 */
class OutstandingSegmentsTest {

    /** One segment in the reference: what the ring keeps for it. */
    private static final class Segment {
        final int sequence;
        int end;
        int packetLength;
        int sends;
        final long firstSent;
        long lastSent;

        Segment(int sequence, int end, int packetLength, int sends, long time) {
            this.sequence = sequence;
            this.end = end;
            this.packetLength = packetLength;
            this.sends = sends;
            this.firstSent = time;
            this.lastSent = time;
        }
    }

    private static final class Reference {
        final List<Segment> segments = new ArrayList<>();

        int sent(int sequence, int end, int packetLength, boolean retransmission, long time) {
            for (Segment segment : segments) {
                if (segment.sequence == sequence) {
                    // A smaller resend carries the segment now (a fallback, or a shrink after ICMP),
                    // and its sends count afresh.
                    boolean smaller = packetLength > 0 && packetLength < segment.packetLength;
                    segment.sends = smaller ? 1 : segment.sends + 1;
                    segment.packetLength = smaller ? packetLength : Math.max(segment.packetLength, packetLength);
                    if (SequenceNumbers.after(end, segment.end)) {
                        segment.end = end;
                    }
                    segment.lastSent = time;
                    return segment.sends;
                }
            }
            if (segments.size() == OutstandingSegments.CAPACITY) {
                segments.remove(0);
            }
            Segment added = new Segment(sequence, end, packetLength, retransmission ? 2 : 1, time);
            segments.add(added);
            return added.sends;
        }

        int acknowledge(int acknowledged) {
            int largest = 0;
            for (Segment segment : List.copyOf(segments)) {
                if (!SequenceNumbers.after(segment.end, acknowledged)) {
                    largest = Math.max(largest, segment.packetLength);
                    segments.remove(segment);
                }
            }
            return largest;
        }
    }

    @Test
    void keepsWhatAPlainListKeeps() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            OutstandingSegments ring = new OutstandingSegments();
            Reference reference = new Reference();
            // Start near the wrap now and then: sequence arithmetic is modulo 2^32.
            int next = round % 3 == 0 ? -5000 : random.nextInt();
            int acknowledged = next;
            long time = 0;
            for (int step = 0; step < 300; step++) {
                time += random.nextInt(1000);
                int action = random.nextInt(10);
                if (action < 5) {
                    int payload = 1 + random.nextInt(1400);
                    int length = payload + 40;
                    assertEquals(reference.sent(next, next + payload, length, false, time),
                            ring.sent(next, next + payload, length, false, time), "new data, step " + step);
                    next += payload;
                } else if (action < 8) {
                    // A resend from somewhere in the unacknowledged window, maybe larger than before.
                    int span = next - acknowledged;
                    int from = acknowledged + (span > 0 ? random.nextInt(span) : 0);
                    int to = from + 1 + random.nextInt(1400);
                    int length = 40 + to - from;
                    assertEquals(reference.sent(from, to, length, true, time),
                            ring.sent(from, to, length, true, time), "resend, step " + step);
                } else {
                    int span = next - acknowledged;
                    acknowledged += span > 0 ? random.nextInt(span + 1) : 0;
                    assertEquals(reference.acknowledge(acknowledged), ring.acknowledge(acknowledged),
                            "acknowledge, step " + step);
                    if (random.nextInt(3) == 0) {
                        // The flow closed: the ring gives back its spare room, and may grow again.
                        ring.compact();
                    }
                }
                assertSame(reference, ring, time, "step " + step);
            }
        }
    }

    private static void assertSame(Reference reference, OutstandingSegments ring, long now, String when) {
        List<String> expected = new ArrayList<>();
        int best = -1;
        for (int i = 0; i < reference.segments.size(); i++) {
            Segment segment = reference.segments.get(i);
            expected.add(segment.sequence + " " + segment.packetLength + " " + segment.sends + " "
                    + segment.firstSent + " " + segment.lastSent);
            if (segment.sends > 1 && (best < 0 || segment.sends > reference.segments.get(best).sends)) {
                best = i;
            }
        }
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            actual.add(ring.sequence(i) + " " + ring.packetLength(i) + " " + ring.sends(i) + " "
                    + ring.firstSent(i) + " " + ring.lastSent(i));
        }
        assertEquals(expected, actual, when);
        assertEquals(best, ring.mostResent(), "most resent, " + when);
        for (int length : new int[] {100, 800, 1500}) {
            long latest = -1;
            for (Segment segment : reference.segments) {
                if (segment.packetLength > 0 && segment.packetLength < length && segment.lastSent > now / 2) {
                    latest = Math.max(latest, segment.lastSent);
                }
            }
            assertEquals(latest, ring.lastSmallerSentAfter(length, now / 2), "smaller than " + length + ", " + when);
        }
    }
}
