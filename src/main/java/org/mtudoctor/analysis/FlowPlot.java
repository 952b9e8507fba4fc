package org.mtudoctor.analysis;

import java.util.List;
import org.mtudoctor.diagnosis.FlowRef;

/**
 * One flow's packets as the HTML report plots them: the sender's data segments and the peer's
 * packets, with sizes and sequence numbers, the peer's acknowledgments and SACK blocks, and the ICMP too-big
 * messages about the flow. Times are microseconds from the flow's first packet ({@code
 * startNanos}, capture time); sequence and acknowledgment numbers are relative to the sender's
 * first sequence number (its SYN's, when the capture has it).
 *
 * @param packets        the sender's and the peer's TCP segments, second views left out
 * @param acks           the peer's acknowledgments of the sender's data, each change of it
 * @param sacks          the blocks of the sender's data the peer's SACK options name, each time named
 * @param icmp           the ICMP too-big messages about the flow's segments
 * @param largestThrough the largest packet of the sender that got through: the peer's ACK or a SACK
 *                       block covered its bytes before any of them was sent again; 0 when none did
 * @param truncated      the flow had more packets than {@link PlotCollector#MAX_PACKETS}: the
 *                       plot stops there
 */
public record FlowPlot(FlowRef flow, long startNanos, List<Segment> packets, List<Ack> acks, List<Sack> sacks,
                       List<TooBig> icmp,
                       int largestThrough, boolean truncated) {

    public FlowPlot {
        packets = List.copyOf(packets);
        acks = List.copyOf(acks);
        sacks = List.copyOf(sacks);
        icmp = List.copyOf(icmp);
    }

    /**
     * A TCP segment with data, or the peer's bare ACK (payload 0).
     *
     * @param fromPeer the peer's, not the sender's
     * @param resend   data the sender had sent before
     */
    public record Segment(long micros, int size, long sequence, int payload, boolean fromPeer, boolean resend) {
    }

    /** The peer's acknowledgment number, relative to the sender's first sequence number. */
    public record Ack(long micros, long ack) {
    }

    /** A block the peer holds beyond its acknowledgment (RFC 2018): from {@code left} to before {@code right}, relative as the ACK. */
    public record Sack(long micros, long left, long right) {
    }

    /** An ICMP too-big message about the flow: who sent it and the MTU it reported. */
    public record TooBig(long micros, int mtu, String reporter) {
    }
}
