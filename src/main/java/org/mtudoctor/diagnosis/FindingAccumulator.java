package org.mtudoctor.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.MissingBytes;
import org.mtudoctor.flow.OtherTooBig;
import org.mtudoctor.flow.Sender;
import org.mtudoctor.flow.Sender.StalledSegment;
import org.mtudoctor.flow.TooBigHistory;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;

/**
 * What the flows of one finding add up to, while flows end: one small accumulator per kind,
 * each keeping only what its finding reports. {@link #of} is the one place that knows which
 * accumulator a kind has; adding a {@link Kind} stops compiling there until it has one.
 */
abstract sealed class FindingAccumulator {

    /** Flows listed per finding; the rest are counted. */
    static final int MAX_FLOWS_PER_FINDING = 1000;
    /** Flows whose resent sequence numbers are kept as evidence per finding. */
    static final int MAX_RESEND_FLOWS = 5;
    /** Distinct senders named per finding. */
    static final int MAX_SENDERS = 16;

    /**
     * What one finding is about: its kind, the router that reported the MTU (ICMP kinds; the far
     * sender for {@link Kind#RECEIVER_BLACK_HOLE}; else null), and the size that sets it apart (the MTU, the stuck packet, the advertised MSS).
     */
    record Key(Kind kind, IpAddress reporter, int value) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::kind)
                .thenComparing(Key::reporter, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(Key::value);

        /**
         * The finding a sender's evidence of {@code kind} belongs to.
         *
         * @param stalled the sender's silently stalled segment; used by {@link Kind#SILENT_BLACK_HOLE} only
         */
        static Key of(Kind kind, Sender sender, StalledSegment stalled) {
            return switch (kind) {
                case PMTU_BLACK_HOLE, PMTUD_WORKED, PMTUD_UNCONFIRMED, ICMP_MTU_ZERO ->
                        new Key(kind, sender.tooBig().reporter(), sender.tooBig().smallestMtu());
                case SILENT_BLACK_HOLE -> new Key(kind, null, stalled.packetLength());
                // One finding per far sender: its packets take one path to the capture point.
                case RECEIVER_BLACK_HOLE -> new Key(kind, sender.source().address(), 0);
                case MSS_RAISED_IN_PATH -> new Key(kind, null, sender.peerMssWhenExceeded());
                case OFFLOAD_AGGREGATES -> new Key(kind, null, 0);
                case PATH_MTU -> throw new IllegalArgumentException(
                        "path-mtu is about traffic that is no TCP flow: no sender's evidence establishes it");
            };
        }

        /** The finding an ICMP too-big about traffic that is no TCP flow belongs to. */
        static Key of(OtherTooBig message) {
            return new Key(Kind.PATH_MTU, message.reporter(), message.mtu());
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** A new accumulator for the finding {@code key} names. */
    static FindingAccumulator of(Key key) {
        return switch (key.kind()) {
            case PMTU_BLACK_HOLE -> new BlackHole(key);
            case PMTUD_WORKED, PMTUD_UNCONFIRMED -> new Discovery(key);
            case SILENT_BLACK_HOLE -> new SilentBlackHole(key);
            case RECEIVER_BLACK_HOLE -> new ReceiverBlackHole(key);
            case MSS_RAISED_IN_PATH -> new MssRaised(key);
            case ICMP_MTU_ZERO -> new MtuZero(key);
            case OFFLOAD_AGGREGATES -> new Aggregates(key);
            case PATH_MTU -> new PathMtu(key);
        };
    }

    final Key key;
    private final TreeSet<FlowRef> flows = new TreeSet<>();
    private long flowCount;
    /** The tunnel of the flows, the one with the most overhead when they differ. */
    private Encapsulation encapsulation = Encapsulation.NONE;
    /** Largest acknowledged packet of a tunnelled flow, with its tunnel headers: the underlay carries that. */
    private int largestCarried;

    private FindingAccumulator(Key key) {
        this.key = key;
    }

    /**
     * Adds one sender's evidence.
     *
     * @param stalled the sender's silently stalled segment, or null
     */
    final void add(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
        flowCount++;
        // The first MAX_FLOWS_PER_FINDING in order: a flow after the last of a full set stays out
        // without an insertion and a removal (most flows of a big capture are such).
        if (flows.size() < MAX_FLOWS_PER_FINDING || flow.compareTo(flows.last()) < 0) {
            flows.add(flow);
            if (flows.size() > MAX_FLOWS_PER_FINDING) {
                flows.pollLast();
            }
        }
        Encapsulation tunnel = sender.encapsulation();
        // The largest overhead, and of equal ones the first tunnel kind: whichever order the
        // flows end in (the shards of a sharded analysis end them in no fixed order).
        if (tunnel.overhead() > encapsulation.overhead()
                || tunnel.overhead() == encapsulation.overhead() && tunnel.tunnel().compareTo(encapsulation.tunnel()) < 0) {
            encapsulation = tunnel;
        }
        if (tunnel.isTunnel() && sender.largestAcknowledgedPacket() > 0) {
            largestCarried = Math.max(largestCarried, sender.largestAcknowledgedPacket() + tunnel.overhead());
        }
        addEvidence(flow, sender, peer, stalled);
    }

    abstract void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled);

    /**
     * The finding so far.
     *
     * @param underlayTooBig ICMP too-big came back about a tunnel's own packets
     */
    abstract Finding finding(boolean underlayTooBig);

    final List<FlowRef> flows() {
        return List.copyOf(flows);
    }

    final long flowCount() {
        return flowCount;
    }

    final Finding.LostPath lostPath() {
        return new Finding.LostPath(encapsulation, largestCarried);
    }

    /**
     * The ICMP too-big messages of the flows: how many, when, to which senders, and the largest
     * packet the senders sent before the first.
     */
    private static final class IcmpSeen {
        long messages;
        int largestBefore;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean estimated;
        final TreeSet<IpAddress> senders = new TreeSet<>();
        /** Every router and MTU the senders heard, in path order: more than one when several links are small. */
        final TreeSet<TooBigHistory.ReportedMtu> reports = new TreeSet<>();

        void add(Sender sender) {
            TooBigHistory history = sender.tooBig();
            add(history.messages(), history.firstTime(), history.lastTime(), history.estimated(), sender.source().address());
            largestBefore = Math.max(largestBefore, history.largestPacketBefore());
            history.reports().forEach(report -> keepFirst(reports, report));
        }

        /** {@code count} more messages, sent from {@code firstTime} to {@code lastTime} to {@code sender}. */
        void add(long count, long firstTime, long lastTime, boolean mtuEstimated, IpAddress sender) {
            messages += count;
            first = Math.min(first, firstTime);
            last = Math.max(last, lastTime);
            estimated |= mtuEstimated;
            keepFirst(senders, sender);
        }

        List<IpAddress> senders() {
            return List.copyOf(senders);
        }
    }

    /** Adds {@code value}, keeping the first {@value #MAX_SENDERS} in order: a bound on memory. */
    private static <T> void keepFirst(TreeSet<T> values, T value) {
        values.add(value);
        if (values.size() > MAX_SENDERS) {
            values.pollLast();
        }
    }

    /** The resent sequence numbers of the first few flows. */
    private static final class Resends {
        final TreeMap<FlowRef, List<ResentSegment>> byFlow = new TreeMap<>();

        void add(FlowRef flow, List<ResentSegment> segments) {
            byFlow.put(flow, segments);
            if (byFlow.size() > MAX_RESEND_FLOWS) {
                byFlow.pollLastEntry();
            }
        }

        List<Finding.FlowResends> list() {
            List<Finding.FlowResends> list = new ArrayList<>();
            byFlow.forEach((flow, segments) -> list.add(new Finding.FlowResends(flow, segments)));
            return list;
        }
    }

    static final class BlackHole extends FindingAccumulator {
        private final IcmpSeen icmp = new IcmpSeen();
        private final Resends resends = new Resends();
        private int largestResent;
        private long oversizeRetransmissions;

        BlackHole(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            TooBigHistory history = sender.tooBig();
            icmp.add(sender);
            largestResent = Math.max(largestResent, history.largestOversizeRetransmission());
            oversizeRetransmissions += history.oversizeRetransmissions();
            resends.add(flow, history.resentSegments());
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.PmtuBlackHole(key.reporter(), key.value(), icmp.estimated, icmp.messages, icmp.first,
                    icmp.last, icmp.senders(), icmp.largestBefore, largestResent, oversizeRetransmissions, resends.list(),
                    List.copyOf(icmp.reports), lostPath(), flows(), flowCount());
        }
    }

    static final class Discovery extends FindingAccumulator {
        private final IcmpSeen icmp = new IcmpSeen();
        private int largestAfter;
        private long oversizeInFlight;

        Discovery(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            TooBigHistory history = sender.tooBig();
            icmp.add(sender);
            largestAfter = Math.max(largestAfter, history.largestFittingAfter());
            oversizeInFlight += history.oversizeAfter() - history.oversizeRetransmissions();
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.PathMtuDiscovery(key.kind(), key.reporter(), key.value(), icmp.estimated, icmp.messages,
                    icmp.first, icmp.last, icmp.senders(), icmp.largestBefore, largestAfter, oversizeInFlight, List.copyOf(icmp.reports), flows(),
                    flowCount());
        }
    }

    static final class SilentBlackHole extends FindingAccumulator {
        private final Resends resends = new Resends();
        private int largestAcknowledged;
        private int mostSends;
        private long firstSent = Long.MAX_VALUE;
        private long lastSent = Long.MIN_VALUE;
        private long fallbacks;
        private int fallbackPacket;
        private long longestStall;

        SilentBlackHole(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            largestAcknowledged = Math.max(largestAcknowledged, sender.largestAcknowledgedPacket());
            mostSends = Math.max(mostSends, stalled.sends());
            firstSent = Math.min(firstSent, stalled.firstSent());
            lastSent = Math.max(lastSent, stalled.lastSent());
            if (stalled.fellBack()) {
                fallbacks++;
                fallbackPacket = Math.max(fallbackPacket, stalled.fellBackTo());
                longestStall = Math.max(longestStall, stalled.fellBackAt() - stalled.firstSent());
            }
            resends.add(flow, List.of(new ResentSegment(stalled.relativeSequence(), stalled.sends() - 1)));
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            List<FlowRef> flows = flows();
            // The router under the tunnel did send ICMP, about the tunnel's packets: it went to the
            // tunnel's endpoint, and nothing passed it on to the sender inside.
            boolean tunnelled = flows.stream().anyMatch(flow -> flow.encapsulation().isTunnel());
            Finding.SilentBlackHole.Cause cause = underlayTooBig && tunnelled
                    ? Finding.SilentBlackHole.Cause.TUNNEL_UNDERLAY : Finding.SilentBlackHole.Cause.NO_ICMP;
            Finding.SilentBlackHole.Fallback fallback = fallbacks == 0 ? null
                    : new Finding.SilentBlackHole.Fallback(fallbacks, fallbackPacket, longestStall);
            return new Finding.SilentBlackHole(key.value(), largestAcknowledged, mostSends, firstSent, lastSent,
                    resends.list(), fallback, cause, lostPath(), flows, flowCount());
        }
    }

    static final class ReceiverBlackHole extends FindingAccumulator {
        private int largestArrived;
        private int sendable;
        private long missing;
        private long longestStall = -1;
        private long firstMissing = Long.MAX_VALUE;
        private long filledFlows;
        private int largestFill;
        private int receiverMss = -1;
        private int senderMss = -1;

        ReceiverBlackHole(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            long end = Rules.lastActivity(sender, peer);
            MissingBytes.Hole hole = sender.longestHole(end);
            long stall = hole.stall(end);
            largestArrived = Math.max(largestArrived, sender.largestPacket());
            sendable = Math.max(sendable, Rules.sendablePacket(sender, peer));
            missing = Math.max(missing, hole.missing());
            firstMissing = Math.min(firstMissing, hole.revealedAt());
            if (hole.filled()) {
                filledFlows++;
                largestFill = Math.max(largestFill, hole.largestFill());
            }
            // The longest stall's MSS values; of equally long stalls, the largest, so that the
            // order flows end in does not matter.
            if (stall > longestStall || stall == longestStall && (peer.synMss() > receiverMss
                    || peer.synMss() == receiverMss && sender.synMss() > senderMss)) {
                longestStall = stall;
                receiverMss = peer.synMss();
                senderMss = sender.synMss();
            }
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.ReceiverBlackHole(key.reporter(), largestArrived, sendable, missing, longestStall,
                    firstMissing, filledFlows, largestFill, receiverMss, senderMss, flows(), flowCount());
        }
    }

    static final class MssRaised extends FindingAccumulator {
        private int largestSegment;
        private long segments;

        MssRaised(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            largestSegment = Math.max(largestSegment, sender.largestSegmentAbovePeerMss());
            segments += sender.segmentsAbovePeerMss();
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.MssRaisedInPath(key.value(), largestSegment, segments, flows(), flowCount());
        }
    }

    static final class MtuZero extends FindingAccumulator {
        private long messages;

        MtuZero(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            messages += sender.tooBig().messages();
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.IcmpMtuZero(key.reporter(), key.value(), messages, flows(), flowCount());
        }
    }

    static final class Aggregates extends FindingAccumulator {
        private long aggregates;
        private int largestAggregate;

        Aggregates(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            aggregates += sender.aggregates();
            largestAggregate = Math.max(largestAggregate, sender.largestAggregate());
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.OffloadAggregates(aggregates, largestAggregate, flows(), flowCount());
        }
    }

    /** Too-big messages about traffic that is no TCP flow: one router's MTU toward some destinations. */
    static final class PathMtu extends FindingAccumulator {
        private final IcmpSeen icmp = new IcmpSeen();
        private final TreeSet<IpAddress> destinations = new TreeSet<>();
        /** Distinct destinations, up to {@link #MAX_FLOWS_PER_FINDING}: a bound on memory, as for flows. */
        private final Set<IpAddress> counted = new HashSet<>();
        private final TreeSet<Integer> protocols = new TreeSet<>();

        PathMtu(Key key) {
            super(key);
        }

        @Override
        void addEvidence(FlowRef flow, Sender sender, Sender peer, StalledSegment stalled) {
            throw new IllegalStateException("path-mtu is not about a TCP sender");
        }

        void add(OtherTooBig message) {
            icmp.add(1, message.time(), message.time(), message.estimated(), message.source());
            keepFirst(destinations, message.destination());
            if (counted.size() < MAX_FLOWS_PER_FINDING) {
                counted.add(message.destination());
            }
            protocols.add(message.protocol());
        }

        @Override
        Finding finding(boolean underlayTooBig) {
            return new Finding.PathMtu(key.reporter(), key.value(), icmp.estimated, icmp.messages, icmp.first,
                    icmp.last, icmp.senders(), List.copyOf(destinations), counted.size(), List.copyOf(protocols),
                    key.value() < Rules.minimumLinkMtu(key.reporter().version()));
        }
    }
}
