package org.mtudoctor.flow;

import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.decode.IpAddress;

/**
 * The ICMP too-big messages that quoted one sender's packets, and what that sender did after
 * the first of them. This is the evidence that tells a black hole (the sender keeps sending
 * oversize retransmissions) from PMTUD that works (it resends at or below the MTU).
 */
public final class TooBigHistory {

    /** Distinct addresses kept per history; more are only counted. */
    static final int MAX_REPORTERS = 4;
    /** Distinct retransmitted sequence numbers kept as evidence; more are only counted. */
    static final int MAX_RESENT_SEQUENCES = 8;

    private int messages;
    private long firstTime;
    private long lastTime;
    private int smallestMtu = Integer.MAX_VALUE;
    private int largestMtu;
    private boolean estimated;
    private final List<IpAddress> reporters = new ArrayList<>(1);
    private int otherReporters;
    private int firstQuotedSequence;
    private int largestQuotedPacket = -1;
    private int largestPacketBefore;

    private int oversizeAfter;
    private int oversizeRetransmissions;
    private int largestOversizeRetransmission;
    private long lastOversizeRetransmission;
    private final long[] resentSequences = new long[MAX_RESENT_SEQUENCES];
    private final int[] resentCounts = new int[MAX_RESENT_SEQUENCES];
    private int resentDistinct;
    private int fittingAfter;
    private int largestFittingAfter;
    private boolean quotedDataAcknowledged;

    TooBigHistory(int largestPacketBefore) {
        this.largestPacketBefore = largestPacketBefore;
    }

    /** One more ICMP too-big about this sender. */
    void message(IpAddress reporter, int mtu, boolean mtuEstimated, int quotedSequence,
                 boolean sequenceKnown, int quotedPacketLength, long time) {
        if (messages == 0) {
            firstTime = time;
            firstQuotedSequence = quotedSequence;
        } else if (sequenceKnown && SequenceNumbers.after(firstQuotedSequence, quotedSequence)) {
            firstQuotedSequence = quotedSequence;
        }
        messages++;
        lastTime = time;
        smallestMtu = Math.min(smallestMtu, mtu);
        largestMtu = Math.max(largestMtu, mtu);
        estimated |= mtuEstimated;
        largestQuotedPacket = Math.max(largestQuotedPacket, quotedPacketLength);
        if (!reporters.contains(reporter)) {
            if (reporters.size() < MAX_REPORTERS) {
                reporters.add(reporter);
            } else {
                otherReporters++;
            }
        }
    }

    /** A data segment from the sender after the first ICMP. */
    void segmentAfter(int packetLength, boolean retransmission, long relativeSequence,
                      int sequence, long time) {
        if (packetLength <= smallestMtu) {
            fittingAfter++;
            largestFittingAfter = Math.max(largestFittingAfter, packetLength);
            return;
        }
        oversizeAfter++;
        // Only a resend of data at or after what the ICMP quoted proves the sender ignored it:
        // new data already in flight when the ICMP left is expected to arrive oversize.
        if (!retransmission || SequenceNumbers.after(firstQuotedSequence, sequence)) {
            return;
        }
        oversizeRetransmissions++;
        largestOversizeRetransmission = Math.max(largestOversizeRetransmission, packetLength);
        lastOversizeRetransmission = time;
        for (int i = 0; i < resentDistinct; i++) {
            if (resentSequences[i] == relativeSequence) {
                resentCounts[i]++;
                return;
            }
        }
        if (resentDistinct < MAX_RESENT_SEQUENCES) {
            resentSequences[resentDistinct] = relativeSequence;
            resentCounts[resentDistinct] = 1;
            resentDistinct++;
        }
    }

    void acknowledged(int acknowledgment) {
        if (SequenceNumbers.after(acknowledgment, firstQuotedSequence)) {
            quotedDataAcknowledged = true;
        }
    }

    /** ICMP messages counted. */
    public int messages() { return messages; }
    public long firstTime() { return firstTime; }
    public long lastTime() { return lastTime; }
    /** The smallest MTU reported (or estimated, see {@link #estimated()}). */
    public int smallestMtu() { return smallestMtu; }
    public int largestMtu() { return largestMtu; }
    /** At least one message said MTU 0 and the MTU was estimated from RFC 1191's plateaus. */
    public boolean estimated() { return estimated; }
    public List<IpAddress> reporters() { return List.copyOf(reporters); }
    public int otherReporters() { return otherReporters; }
    /** The largest packet length quoted, -1 when no quote carried it. */
    public int largestQuotedPacket() { return largestQuotedPacket; }
    /** Largest packet the sender sent before the first ICMP. */
    public int largestPacketBefore() { return largestPacketBefore; }
    /** Packets above the MTU after the first ICMP, in flight or resent. */
    public int oversizeAfter() { return oversizeAfter; }
    /** Resends of quoted (or later) data above the MTU after the first ICMP: the black-hole evidence. */
    public int oversizeRetransmissions() { return oversizeRetransmissions; }
    public int largestOversizeRetransmission() { return largestOversizeRetransmission; }
    public long lastOversizeRetransmission() { return lastOversizeRetransmission; }
    /** Data packets at or below the MTU after the first ICMP. */
    public int fittingAfter() { return fittingAfter; }
    public int largestFittingAfter() { return largestFittingAfter; }
    /** The peer acknowledged data past the first quoted sequence number. */
    public boolean quotedDataAcknowledged() { return quotedDataAcknowledged; }

    /** Relative sequence numbers resent oversize after the ICMP, with how often each was resent. */
    public List<ResentSegment> resentSegments() {
        List<ResentSegment> segments = new ArrayList<>(resentDistinct);
        for (int i = 0; i < resentDistinct; i++) {
            segments.add(new ResentSegment(resentSequences[i], resentCounts[i]));
        }
        return segments;
    }

    /** A sequence number (relative to the sender's ISN) and how often it was resent. */
    public record ResentSegment(long relativeSequence, int times) {
        /** As the text report writes it: {@code seq 1 x5}. */
        @Override
        public String toString() {
            return "seq " + relativeSequence + " x" + times;
        }
    }
}
