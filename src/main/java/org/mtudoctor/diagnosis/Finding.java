package org.mtudoctor.diagnosis;

import java.util.List;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;

/**
 * One finding: a kind, the flows it is about (grouped by cause, so one finding can name many
 * flows), and the evidence. {@link #flows()} holds at most {@link Diagnoser#MAX_FLOWS_PER_FINDING}
 * flows, sorted; {@link #flowCount()} counts them all.
 */
public sealed interface Finding {

    Kind kind();

    List<FlowRef> flows();

    long flowCount();

    default Severity severity() {
        return kind().severity();
    }

    /** Sequence numbers one flow resent, relative to its ISN. */
    record FlowResends(FlowRef flow, List<ResentSegment> segments) {
    }

    /** ICMP too-big from {@code reporter} with {@code mtu}, and the senders kept sending oversize. */
    record PmtuBlackHole(IpAddress reporter, int mtu, boolean mtuEstimated, long icmpMessages,
                         long firstIcmp, long lastIcmp, List<IpAddress> senders,
                         int largestBefore, int largestResent, long oversizeRetransmissions,
                         List<FlowResends> resends, List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.PMTU_BLACK_HOLE;
        }
    }

    /**
     * ICMP too-big from {@code reporter} with {@code mtu}, and what the senders did after: resent
     * at or below the MTU ({@link Kind#PMTUD_WORKED}), or nothing the capture shows
     * ({@link Kind#PMTUD_UNCONFIRMED}).
     */
    record PathMtuDiscovery(Kind kind, IpAddress reporter, int mtu, boolean mtuEstimated, long icmpMessages,
                            long firstIcmp, long lastIcmp, List<IpAddress> senders,
                            int largestBefore, int largestAfter, long oversizeInFlight,
                            List<FlowRef> flows, long flowCount) implements Finding {
        public PathMtuDiscovery {
            if (kind != Kind.PMTUD_WORKED && kind != Kind.PMTUD_UNCONFIRMED) {
                throw new IllegalArgumentException("path MTU discovery finding of kind " + kind);
            }
        }
    }

    /** No ICMP, and a segment of {@code stalledPacket} bytes resent again and again, never acknowledged. */
    record SilentBlackHole(int stalledPacket, int largestAcknowledged, int mostSends,
                           long firstSent, long lastSent, List<FlowResends> resends,
                           List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.SILENT_BLACK_HOLE;
        }
    }

    /** Segments of up to {@code largestSegment} bytes (payload plus options) against an advertised {@code advertisedMss}. */
    record MssRaisedInPath(int advertisedMss, int largestSegment, long segments,
                           List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.MSS_RAISED_IN_PATH;
        }
    }

    /** {@code reporter} sent next-hop MTU 0; {@code estimatedMtu} is the RFC 1191 plateau used instead. */
    record IcmpMtuZero(IpAddress reporter, int estimatedMtu, long messages,
                       List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.ICMP_MTU_ZERO;
        }
    }

    /** GRO/TSO aggregates seen, up to {@code largestAggregate} bytes. */
    record OffloadAggregates(long aggregates, int largestAggregate,
                             List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.OFFLOAD_AGGREGATES;
        }
    }
}
