package org.mtudoctor.flow;

import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.Tunnel;

/**
 * One direction of a TCP flow: what one endpoint sent, and how far the other acknowledged it.
 * Sizes are IP packet lengths from the headers. Offload aggregates (GRO/TSO "packets" far above
 * any MTU) are counted apart and never enter the size maxima.
 */
public final class Sender {

    private final Endpoint source;
    private final Endpoint destination;

    private boolean synSeen;
    private int synMss = -1;
    private boolean baseKnown;
    private int base;

    private long packets;
    private int largestPayload;
    private int largestPacket;
    private int largestSegment;
    private long aggregates;
    private int largestAggregate;

    private final SentSequence sent = new SentSequence();
    private long retransmissions;

    private boolean acknowledgedKnown;
    private int acknowledged;
    private int largestAcknowledgedPacket;
    private int synPacketLength;

    private long segmentsAbovePeerMss;
    private int largestSegmentAbovePeerMss;
    private int peerMssWhenExceeded = -1;

    private OutstandingSegments outstanding;
    private TooBigHistory tooBig;
    /** A segment resent smaller after it was sent again and again at one size, until its data is acknowledged. */
    private StalledSegment fallingBack;
    /** The first such segment whose data the peer then acknowledged: the sender fell back. */
    private StalledSegment fellBack;
    /** The raw sequence number of {@link #fallingBack}. */
    private int fallbackSequence;
    /** A data packet above the safe length went without DF: a size limit would fragment it, not drop it. */
    private boolean fragmentable;

    private Encapsulation encapsulation = Encapsulation.NONE;
    private int largestOuterPacket;

    private long secondViews;

    /** When this endpoint's current burst of packets started, and the silence before it. */
    private long burstStart;
    private long quietBeforeBurst;
    /** Bytes sent that the capture never saw; null until a packet showed some. */
    private MissingBytes missing;

    Sender(Endpoint source, Endpoint destination) {
        this.source = source;
        this.destination = destination;
    }

    /**
     * Records one TCP segment this endpoint sent.
     *
     * @param peerMss the MSS the other side advertised in its SYN, -1 when unknown
     * @return false when the segment was a second view of the previous one (see
     *         {@link #isSecondView}) and was not counted
     */
    boolean segment(Packet packet, int peerMss, long time) {
        long previous = sent.lastSeen();
        boolean endKnown = sent.highestEndKnown();
        int endBefore = sent.highestEnd();
        SentSequence.Segment kind = sent.add(packet, time);
        if (kind == SentSequence.Segment.SECOND_VIEW) {
            secondViews++;
            return false;
        }
        if (previous == Long.MIN_VALUE || time - previous > MissingBytes.BURST_GAP_NANOS || time < previous) {
            burstStart = time;
            quietBeforeBurst = previous == Long.MIN_VALUE || time < previous ? 0 : time - previous;
        }
        if (packets++ == 0 && packet.tunnel() != Tunnel.NONE) {
            encapsulation = new Encapsulation(packet.tunnel(), packet.tunnelOverhead());
        }
        int flags = packet.tcpFlags();
        int sequence = (int) packet.sequence();
        int payload = packet.payloadLength();
        int ipPacketLength = packet.ipPacketLength();
        boolean syn = (flags & Packet.SYN) != 0;
        boolean fin = (flags & Packet.FIN) != 0;
        if (syn) {
            if (!synSeen) {
                synSeen = true;
                synMss = packet.mss();
                synPacketLength = ipPacketLength;
            }
            base = sequence;
            baseKnown = true;
        } else if (!baseKnown) {
            // No SYN seen: sequence numbers count from the first one we saw, as Wireshark does.
            base = sequence - 1;
            baseKnown = true;
        }
        // A RST may carry any sequence number; every other segment starts at or below the next
        // byte to send, so one past what the capture saw shows bytes that never reached it.
        if (endKnown && !syn && (flags & Packet.RST) == 0 && SequenceNumbers.after(sequence, endBefore)) {
            if (missing == null) {
                missing = new MissingBytes();
            }
            missing.revealed(endBefore, sequence, base,
                    time - burstStart <= MissingBytes.BURST_HEAD_NANOS ? quietBeforeBurst : 0,
                    acknowledgedKnown && acknowledged == endBefore, time);
        }
        if (kind == SentSequence.Segment.NO_DATA) {
            return true;
        }
        int end = sequence + payload + (syn ? 1 : 0) + (fin ? 1 : 0);
        if (missing != null) {
            missing.arrived(sequence, end, ipPacketLength, time);
        }
        boolean retransmission = kind == SentSequence.Segment.RESEND;
        if (retransmission) {
            retransmissions++;
        }
        if (payload == 0) {
            // A bare FIN waits for its ACK like data: whether the peer answers it tells whether
            // small packets still get through.
            outstanding().sent(sequence, end, ipPacketLength, retransmission, time);
            return true;
        }
        int segmentSize = payload + packet.tcpOptionsLength();
        if (FlowRules.isAggregate(ipPacketLength, segmentSize, peerMss)) {
            aggregates++;
            largestAggregate = Math.max(largestAggregate, ipPacketLength);
            outstanding().sent(sequence, end, 0, retransmission, time);
            return true;
        }
        largestPayload = Math.max(largestPayload, payload);
        largestPacket = Math.max(largestPacket, ipPacketLength);
        largestOuterPacket = Math.max(largestOuterPacket, packet.outerPacketLength());
        largestSegment = Math.max(largestSegment, segmentSize);
        if (peerMss > 0 && segmentSize > peerMss) {
            segmentsAbovePeerMss++;
            largestSegmentAbovePeerMss = Math.max(largestSegmentAbovePeerMss, segmentSize);
            peerMssWhenExceeded = peerMss;
        }
        if (!packet.dontFragment() && ipPacketLength > safePacketLength()) {
            fragmentable = true;
        }
        if (retransmission) {
            noteFallback(sequence, ipPacketLength, time);
        }
        outstanding().sent(sequence, end, ipPacketLength, retransmission, time);
        if (tooBig != null) {
            tooBig.segmentAfter(ipPacketLength, retransmission, relative(sequence), sequence);
        }
        return true;
    }

    /**
     * A resend of {@code sequence} in a packet smaller than the one that carried it before: the
     * start of a fallback, kept until the peer acknowledges the data. Of several, the one whose
     * big packet was sent most often is kept: a smaller resend in ordinary SACK recovery must
     * not hide a later fallback after timeouts.
     */
    private void noteFallback(int sequence, int ipPacketLength, long time) {
        int index = outstanding == null ? -1 : outstanding.indexOf(sequence);
        if (index < 0 || ipPacketLength >= outstanding.packetLength(index)
                || fallingBack != null && fallingBack.sends() >= outstanding.sends(index)) {
            return;
        }
        fallingBack = new StalledSegment(relative(sequence), outstanding.packetLength(index), outstanding.sends(index),
                outstanding.firstSent(index), outstanding.lastSent(index), ipPacketLength, time);
        fallbackSequence = sequence;
    }

    /** The peer acknowledged this endpoint's data up to {@code acknowledgment}. */
    void acknowledgedBy(int acknowledgment) {
        if (fallingBack != null && SequenceNumbers.after(acknowledgment, fallbackSequence)) {
            if (fellBack == null || fallingBack.sends() > fellBack.sends()) {
                fellBack = fallingBack;
            }
            fallingBack = null;
        }
        if (missing != null) {
            missing.acknowledged(acknowledgment);
        }
        if (acknowledgedKnown && !SequenceNumbers.after(acknowledgment, acknowledged)) {
            return;
        }
        acknowledged = acknowledgment;
        acknowledgedKnown = true;
        if (synSeen && SequenceNumbers.after(acknowledgment, base)) {
            largestAcknowledgedPacket = Math.max(largestAcknowledgedPacket, synPacketLength);
        }
        if (outstanding != null) {
            largestAcknowledgedPacket = Math.max(largestAcknowledgedPacket, outstanding.acknowledge(acknowledgment));
        }
        if (tooBig != null) {
            tooBig.acknowledged(acknowledgment);
        }
    }

    /** An ICMP too-big quoted one of this endpoint's packets. */
    void tooBig(IpAddress reporter, int mtu, boolean estimated, long quotedSequence, long time) {
        if (tooBig == null) {
            tooBig = new TooBigHistory(largestPacket);
        }
        boolean sequenceKnown = quotedSequence >= 0;
        int sequence = sequenceKnown ? (int) quotedSequence : (sent.highestEndKnown() ? sent.highestEnd() : 0);
        if (!baseKnown && sequenceKnown) {
            base = sequence - 1;
            baseKnown = true;
        }
        tooBig.message(reporter, mtu, estimated, sequence, sequenceKnown, time);
    }

    /**
     * The largest packet this endpoint sent with the segment that starts at {@code sequence}: as
     * sent, while it is unacknowledged and among the last few; once acknowledged, the largest
     * packet this endpoint sent stands for it, if the sequence number lies in what it sent (an
     * ICMP may trail the data it is about). -1 when this endpoint never sent it.
     */
    int sentPacketLength(int sequence) {
        int kept = outstanding == null ? -1 : outstanding.largestPacketAt(sequence);
        if (kept >= 0) {
            return kept;
        }
        boolean sentBefore = baseKnown && sent.highestEndKnown() && SequenceNumbers.after(sequence, base)
                && SequenceNumbers.after(sent.highestEnd(), sequence);
        return sentBefore ? largestPacket : -1;
    }

    private OutstandingSegments outstanding() {
        if (outstanding == null) {
            outstanding = new OutstandingSegments();
        }
        return outstanding;
    }

    long relative(int sequence) {
        return SequenceNumbers.relative(sequence, base);
    }

    public Endpoint source() { return source; }
    public Endpoint destination() { return destination; }
    public boolean synSeen() { return synSeen; }
    /** The MSS this endpoint advertised in its SYN; -1 when the SYN had none or was not captured. */
    public int synMss() { return synMss; }
    public long packets() { return packets; }
    public int largestPayload() { return largestPayload; }
    /** Largest IP packet this endpoint sent, aggregates excluded. */
    public int largestPacket() { return largestPacket; }
    /** Largest payload plus TCP options, the quantity the MSS bounds (RFC 6691). */
    public int largestSegment() { return largestSegment; }
    public long aggregates() { return aggregates; }
    public int largestAggregate() { return largestAggregate; }
    public long retransmissions() { return retransmissions; }
    /** Packets seen a second time on another interface of the capture, and counted once. */
    public long secondViews() { return secondViews; }
    /** Largest packet the peer acknowledged: proof the path carries that size. */
    public int largestAcknowledgedPacket() { return largestAcknowledgedPacket; }
    public long segmentsAbovePeerMss() { return segmentsAbovePeerMss; }
    public int largestSegmentAbovePeerMss() { return largestSegmentAbovePeerMss; }
    /** The peer's SYN MSS that segments exceeded, -1 when none did. */
    public int peerMssWhenExceeded() { return peerMssWhenExceeded; }
    /** The tunnel this endpoint's first packet crossed, {@link Encapsulation#NONE} when none. */
    public Encapsulation encapsulation() { return encapsulation; }
    /** Largest packet the link under that tunnel carried for this endpoint, aggregates excluded; 0 without a tunnel. */
    public int largestOuterPacket() { return largestOuterPacket; }
    /** ICMP too-big evidence about this sender, or null when no ICMP quoted it. */
    /** The flow has closed: keep what judging it needs in as little memory as it needs. */
    void compact() {
        if (outstanding != null) {
            outstanding.compact();
        }
    }

    public TooBigHistory tooBig() { return tooBig; }

    /** Packets up to this length pass any link of this IP version; MTU trouble needs more. */
    public int safePacketLength() {
        return FlowRules.safePacketLength(source.address().version());
    }

    /**
     * The unacknowledged segment this endpoint sent most often, or null when nothing was resent.
     */
    public StalledSegment stalledSegment() {
        if (outstanding == null) {
            return null;
        }
        int index = outstanding.mostResent();
        if (index < 0) {
            return null;
        }
        return new StalledSegment(relative(outstanding.sequence(index)), outstanding.packetLength(index),
                outstanding.sends(index), outstanding.firstSent(index), outstanding.lastSent(index));
    }

    /**
     * A segment sent again and again and never acknowledged at its size. Length 0 marks an
     * aggregate. {@code fellBackTo} is the smaller packet the sender then resent its data in,
     * which the peer acknowledged, at {@code fellBackAt}; 0 and -1 while it is still stuck.
     */
    public record StalledSegment(long relativeSequence, int packetLength, int sends,
                                 long firstSent, long lastSent, int fellBackTo, long fellBackAt) {

        /** A segment still stuck. */
        public StalledSegment(long relativeSequence, int packetLength, int sends, long firstSent, long lastSent) {
            this(relativeSequence, packetLength, sends, firstSent, lastSent, 0, -1);
        }

        /** The sender resent the data smaller and the peer acknowledged it. */
        public boolean fellBack() {
            return fellBackTo > 0;
        }
    }

    /**
     * The first segment this endpoint sent again and again at one size, then resent smaller,
     * whereupon the peer acknowledged its data: the sender fell back, as its own black-hole
     * detection does (Linux tcp_mtu_probing, Windows, macOS; RFC 4821). Null when none did.
     */
    public StalledSegment fellBack() {
        return fellBack;
    }

    /** A data packet above the safe length went without DF: a smaller link would fragment it. */
    public boolean fragmentable() {
        return fragmentable;
    }

    /**
     * The last time this endpoint sent a smaller segment, still unacknowledged, after the stalled
     * one was first sent; -1 when it sent none.
     */
    public long lastSmallerSentDuring(StalledSegment stalled) {
        return outstanding == null ? -1 : outstanding.lastSmallerSentAfter(stalled.packetLength(), stalled.firstSent());
    }

    /**
     * The hole in this endpoint's data that stalled the flow longest, as the capture point saw
     * it (a still open one counted until {@code end}); null when none was seen.
     */
    public MissingBytes.Hole longestHole(long end) {
        return missing == null ? null : missing.longest(end);
    }

    /** Capture time of this endpoint's last counted packet; Long.MIN_VALUE before any. */
    public long lastSeen() {
        return sent.lastSeen();
    }
}
