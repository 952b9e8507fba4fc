package org.mtudoctor.diagnosis;

import java.util.List;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.FlowRules;
import org.mtudoctor.flow.TooBigHistory.ReportedMtu;
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

    /**
     * An ICMP too-big from the sender's own address, or from loopback: the host itself reports
     * that a link or tunnel of its own is smaller (Linux sends one to a local sender whose packet
     * a tunnel cannot carry). No router on the path sent it, and no network between can drop it.
     */
    static boolean fromSendersOwnHost(IpAddress reporter, List<IpAddress> senders) {
        return reporter.isLoopback() || senders.contains(reporter);
    }

    /** Sequence numbers one flow resent, relative to its ISN. */
    record FlowResends(FlowRef flow, List<ResentSegment> segments) {
    }

    /**
     * The way the lost packets went, as the fix needs it: the tunnel of the finding's flows (the
     * one with the most overhead when they differ), and the largest acknowledged packet of a
     * tunnelled flow with its tunnel headers, which the link under the tunnel carried (0: none).
     */
    record LostPath(Encapsulation tunnel, int largestCarried) {
        public static final LostPath NO_TUNNEL = new LostPath(Encapsulation.NONE, 0);

        public LostPath {
            if (tunnel == null || largestCarried < 0) {
                throw new IllegalArgumentException("lost path " + tunnel + " carrying " + largestCarried);
            }
        }
    }

    /** ICMP too-big from {@code reporter} with {@code mtu}, and the senders kept sending oversize. */
    record PmtuBlackHole(IpAddress reporter, int mtu, boolean mtuEstimated, long icmpMessages,
                         long firstIcmp, long lastIcmp, List<IpAddress> senders,
                         int largestBefore, int largestResent, long oversizeRetransmissions,
                         List<FlowResends> resends, List<ReportedMtu> reports, LostPath path, List<FlowRef> flows,
                         long flowCount)
            implements Finding {
        public Kind kind() {
            return Kind.PMTU_BLACK_HOLE;
        }

        /** The ICMP came from a sender's own host; see {@link Finding#fromSendersOwnHost}. */
        public boolean fromSendersOwnHost() {
            return Finding.fromSendersOwnHost(reporter, senders);
        }
    }

    /**
     * ICMP too-big from {@code reporter} with {@code mtu}, and what the senders did after: resent
     * at or below the MTU ({@link Kind#PMTUD_WORKED}), or nothing the capture shows
     * ({@link Kind#PMTUD_UNCONFIRMED}).
     */
    record PathMtuDiscovery(Kind kind, IpAddress reporter, int mtu, boolean mtuEstimated, long icmpMessages,
                            long firstIcmp, long lastIcmp, List<IpAddress> senders,
                            int largestBefore, int largestAfter, long oversizeInFlight, List<ReportedMtu> reports,
                            List<FlowRef> flows, long flowCount) implements Finding {
        public PathMtuDiscovery {
            if (kind != Kind.PMTUD_WORKED && kind != Kind.PMTUD_UNCONFIRMED) {
                throw new IllegalArgumentException("path MTU discovery finding of kind " + kind);
            }
        }

        /** The ICMP came from a sender's own host; see {@link Finding#fromSendersOwnHost}. */
        public boolean fromSendersOwnHost() {
            return Finding.fromSendersOwnHost(reporter, senders);
        }
    }

    /**
     * No ICMP, and a segment of {@code stalledPacket} bytes resent again and again, never
     * acknowledged; {@code cause} is what the capture says about why.
     */
    record SilentBlackHole(int stalledPacket, int largestAcknowledged, int mostSends,
                           long firstSent, long lastSent, List<FlowResends> resends, Fallback fallback, Cause cause,
                           LostPath path, List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.SILENT_BLACK_HOLE;
        }

        /**
         * Senders that worked around the black hole by resending the stuck data in smaller packets,
         * which the peer acknowledged: how many flows, the largest packet they fell back to, and
         * the longest stall before it (capture-time nanoseconds).
         */
        public record Fallback(long flows, int packet, long longestStall) {
        }

        /** Flows whose senders fell back; null when none did. */
        public boolean fellBack() {
            return fallback != null;
        }

        /** Why no ICMP reached the sender, as far as one capture point can tell. */
        public enum Cause {
            /**
             * The flows crossed a tunnel, and ICMP too-big did come back about the tunnel's own
             * packets: the link under the tunnel is the small one, and nothing passed its
             * router's ICMP on to the sender inside the tunnel.
             */
            TUNNEL_UNDERLAY("tunnel-underlay"),
            /** A link on the path is smaller and its router sends no ICMP, or the ICMP is dropped before this capture point. */
            NO_ICMP("no-icmp");

            private final String label;

            Cause(String label) {
                this.label = label;
            }

            public String label() {
                return label;
            }
        }
    }

    /**
     * Seen from the receiving end: bytes {@code sender} sent never reached the capture point for
     * up to {@code longestStall} (capture-time nanoseconds), holes of up to {@code missing} bytes,
     * while no packet larger than {@code largestArrived} bytes ever arrived from it though the
     * SYNs' MSS options, as seen here, allow {@code sendable}: the path MTU is at least
     * {@code largestArrived} and below the size of the lost packets, which is not seen here (a
     * clamp or a raise on the path may have changed what the sender was told). {@code filledFlows} of the flows had
     * their holes filled at last, by packets of up to {@code largestFill} bytes (the sender fell
     * back); in the others the bytes never came. {@code receiverMss} and {@code senderMss} are the
     * MSS options of the receiver's SYN and of the sender's SYN as it arrived, in the flow that
     * stalled longest ({@code senderMss} -1 when not captured): the sender's smaller one while
     * it sends the larger segments says a middlebox clamped its SYN and not the receiver's.
     */
    record ReceiverBlackHole(IpAddress sender, int largestArrived, int sendable, long missing, long longestStall,
                             long firstMissing, long filledFlows, int largestFill, int receiverMss, int senderMss,
                             List<FlowRef> flows, long flowCount) implements Finding {
        public Kind kind() {
            return Kind.RECEIVER_BLACK_HOLE;
        }

        /** Every flow's hole stayed open: the bytes never came. */
        public boolean neverFilled() {
            return filledFlows == 0;
        }

        /**
         * What arrived is no more than every link of the IP version carries, so it says nothing
         * about the path MTU: it must be found before any MTU is set.
         */
        public boolean pathMtuUnbounded() {
            return largestArrived <= FlowRules.safePacketLength(sender.version());
        }

        /** The sender's SYN arrived with a smaller MSS than the receiver's: its direction is clamped, this one not. */
        public boolean oneWayClamp() {
            return senderMss > 0 && senderMss < receiverMss;
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

    /**
     * ICMP too-big from {@code reporter} with {@code mtu} about traffic that is no TCP flow of the
     * capture: the path MTU toward {@code destinations} (the first {@value FindingAccumulator#MAX_SENDERS},
     * sorted; {@code destinationCount} counts them, up to 1000), for packets of the IP {@code protocols}
     * given. It names no flow. {@code belowLinkMinimum}: the MTU is below the smallest a link of
     * its IP version may have (IPv6's 1280), which senders do not go below (RFC 8201 section 4).
     */
    record PathMtu(IpAddress reporter, int mtu, boolean mtuEstimated, long icmpMessages, long firstIcmp,
                   long lastIcmp, List<IpAddress> senders, List<IpAddress> destinations, long destinationCount,
                   List<Integer> protocols, boolean belowLinkMinimum) implements Finding {
        public Kind kind() {
            return Kind.PATH_MTU;
        }

        public List<FlowRef> flows() {
            return List.of();
        }

        public long flowCount() {
            return 0;
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
