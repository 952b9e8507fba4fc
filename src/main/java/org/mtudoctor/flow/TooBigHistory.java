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

    /** Distinct retransmitted sequence numbers kept as evidence; more are only counted. */
    static final int MAX_RESENT_SEQUENCES = 8;
    /** Distinct routers and MTUs kept: a path has few routers with smaller links. */
    static final int MAX_REPORTS = 4;

    private int messages;
    private long firstTime;
    private long lastTime;
    private int smallestMtu = Integer.MAX_VALUE;
    private boolean estimated;
    /** Who reported the smallest MTU: the router whose link is the smallest. */
    private IpAddress reporter;
    private final List<ReportedMtu> reports = new ArrayList<>(1);
    private int firstQuotedSequence;
    private final int largestPacketBefore;

    private int oversizeAfter;
    private int oversizeRetransmissions;
    private int largestOversizeRetransmission;
    /** Made at the first oversize resend: most senders an ICMP reaches never resend oversize. */
    private long[] resentSequences;
    private int[] resentCounts;
    private int resentDistinct;
    private int fittingAfter;
    private int largestFittingAfter;
    private boolean quotedDataAcknowledged;

    TooBigHistory(int largestPacketBefore) {
        this.largestPacketBefore = largestPacketBefore;
    }

    /** One more ICMP too-big about this sender. */
    void message(IpAddress reporter, int mtu, boolean mtuEstimated, int quotedSequence,
                 boolean sequenceKnown, long time) {
        if (mtu < smallestMtu) {
            this.reporter = reporter;
        }
        if (reports.size() < MAX_REPORTS && !reported(reporter, mtu)) {
            reports.add(new ReportedMtu(reporter, mtu));
        }
        if (messages == 0) {
            firstTime = time;
            firstQuotedSequence = quotedSequence;
        } else if (sequenceKnown && SequenceNumbers.after(firstQuotedSequence, quotedSequence)) {
            firstQuotedSequence = quotedSequence;
        }
        messages++;
        lastTime = time;
        smallestMtu = Math.min(smallestMtu, mtu);
        estimated |= mtuEstimated;
    }

    /** Whether {@code reporter} has reported {@code mtu} before (without a record a message: a flow gets dozens). */
    private boolean reported(IpAddress reporter, int mtu) {
        for (int i = 0; i < reports.size(); i++) {
            ReportedMtu report = reports.get(i);
            if (report.mtu() == mtu && report.reporter().equals(reporter)) {
                return true;
            }
        }
        return false;
    }

    /** A data segment from the sender after the first ICMP. */
    void segmentAfter(int packetLength, boolean retransmission, long relativeSequence, int sequence) {
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
        for (int i = 0; i < resentDistinct; i++) {
            if (resentSequences[i] == relativeSequence) {
                resentCounts[i]++;
                return;
            }
        }
        if (resentDistinct < MAX_RESENT_SEQUENCES) {
            if (resentSequences == null) {
                resentSequences = new long[MAX_RESENT_SEQUENCES];
                resentCounts = new int[MAX_RESENT_SEQUENCES];
            }
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
    /** At least one message said MTU 0 and the MTU was estimated from RFC 1191's plateaus. */
    public boolean estimated() { return estimated; }
    /** The router that reported the smallest MTU (the first to, when several did). */
    public IpAddress reporter() { return reporter; }
    /**
     * Each router and the MTU it reported, in the order first heard, up to {@value #MAX_REPORTS}:
     * several on one path with different MTUs when there are several small links.
     */
    public List<ReportedMtu> reports() { return List.copyOf(reports); }
    /** Largest packet the sender sent before the first ICMP. */
    public int largestPacketBefore() { return largestPacketBefore; }
    /** Packets above the MTU after the first ICMP, in flight or resent. */
    public int oversizeAfter() { return oversizeAfter; }
    /** Resends of quoted (or later) data above the MTU after the first ICMP: the black-hole evidence. */
    public int oversizeRetransmissions() { return oversizeRetransmissions; }
    public int largestOversizeRetransmission() { return largestOversizeRetransmission; }
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

    /** A router and the MTU it reported. */
    public record ReportedMtu(IpAddress reporter, int mtu) implements Comparable<ReportedMtu> {
        /** Path order as MTUs tell it: the larger MTU first, then by address. */
        @Override
        public int compareTo(ReportedMtu other) {
            int byMtu = Integer.compare(other.mtu, mtu);
            return byMtu != 0 ? byMtu : reporter.compareTo(other.reporter);
        }
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
