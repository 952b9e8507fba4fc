package org.mtudoctor.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.Sender;
import org.mtudoctor.flow.Sender.StalledSegment;
import org.mtudoctor.flow.TcpFlow;
import org.mtudoctor.flow.TooBigHistory;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;

/**
 * Judges each flow as it leaves the flow table and folds the verdicts into findings grouped by
 * cause: one black-hole finding per reporting router and MTU, however many flows it hit. Only
 * the groups are kept, so memory does not grow with packets.
 *
 * <p>The black-hole rule: after the first ICMP too-big about a sender, a PMTUD that works may
 * still see one oversize packet (and one ICMP) for each packet already in flight, but every
 * resend of the quoted data comes at or below the MTU. A sender that resends quoted (or later)
 * data above the MTU {@value #BLACK_HOLE_RESENDS} or more times never got the ICMP.
 */
public final class Diagnoser implements FlowTracker.FlowListener {

    /** Oversize resends after an ICMP that prove it was lost: "again and again". */
    static final int BLACK_HOLE_RESENDS = 2;
    /** Sends of one unacknowledged segment, with no ICMP at all, for a silent black hole. */
    static final int SILENT_BLACK_HOLE_SENDS = 3;
    /** Flows listed per finding; the rest are counted. */
    public static final int MAX_FLOWS_PER_FINDING = 1000;
    /** Flows whose resent sequence numbers are kept as evidence per finding. */
    static final int MAX_RESEND_FLOWS = 5;
    /** Distinct senders named per finding. */
    static final int MAX_SENDERS = 16;
    /** The underlay MTU assumed under a tunnel when the capture shows none. */
    static final int STANDARD_ETHERNET_MTU = 1500;

    private final Map<GroupKey, Group> groups = new TreeMap<>();
    private final FlowObserver flowObserver;
    private long flowsExamined;
    private long evictedFlows;
    private long findingsOnEvicted;
    /** The smallest MTU an ICMP reported for a tunnel's own packets; -1 when none did. */
    private int underlayMtu = -1;

    /** Sees every flow after it was judged, e.g. for the --flows table. */
    public interface FlowObserver {
        void flowJudged(TcpFlow flow);
    }

    public Diagnoser() {
        this(null);
    }

    public Diagnoser(FlowObserver flowObserver) {
        this.flowObserver = flowObserver;
    }

    @Override
    public void flowEnded(TcpFlow flow, boolean evicted) {
        flowsExamined++;
        if (evicted) {
            evictedFlows++;
        }
        boolean contributed = judge(flow.clientSide(), flow.serverSide(), groups)
                | judge(flow.serverSide(), flow.clientSide(), groups);
        if (evicted && contributed) {
            findingsOnEvicted++;
        }
        if (flowObserver != null) {
            flowObserver.flowJudged(flow);
        }
    }

    /**
     * The kinds one sender's evidence establishes now. These are the rules; the end-of-flow
     * judgement and live announcements both go through here.
     */
    public static Set<Kind> kindsOf(Sender sender, Sender peer) {
        return kindsOf(sender, silentlyStalledWithoutIcmp(sender, peer));
    }

    /** @param stalled {@link #silentlyStalledWithoutIcmp}'s answer for this sender */
    private static Set<Kind> kindsOf(Sender sender, StalledSegment stalled) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        TooBigHistory history = sender.tooBig();
        if (history != null) {
            kinds.add(tooBigKind(history));
            if (history.estimated()) {
                kinds.add(Kind.ICMP_MTU_ZERO);
            }
        } else if (stalled != null) {
            kinds.add(Kind.SILENT_BLACK_HOLE);
        }
        if (sender.segmentsAbovePeerMss() > 0) {
            kinds.add(Kind.MSS_RAISED_IN_PATH);
        }
        if (sender.aggregates() > 0) {
            kinds.add(Kind.OFFLOAD_AGGREGATES);
        }
        return kinds;
    }

    private static Kind tooBigKind(TooBigHistory history) {
        if (history.oversizeRetransmissions() >= BLACK_HOLE_RESENDS) {
            return Kind.PMTU_BLACK_HOLE;
        }
        if (history.fittingAfter() > 0 || history.quotedDataAcknowledged()) {
            return Kind.PMTUD_WORKED;
        }
        return Kind.PMTUD_UNCONFIRMED;
    }

    /** A silent black hole needs no ICMP at all: with ICMP, the ICMP kinds judge the sender. */
    private static StalledSegment silentlyStalledWithoutIcmp(Sender sender, Sender peer) {
        return sender.tooBig() == null ? silentlyStalled(sender, peer) : null;
    }

    /** The segment that makes a silent black hole of this sender, or null when there is none. */
    private static StalledSegment silentlyStalled(Sender sender, Sender peer) {
        StalledSegment stalled = sender.stalledSegment();
        if (stalled == null || stalled.sends() < SILENT_BLACK_HOLE_SENDS) {
            return null;
        }
        int length = stalled.packetLength();
        // Smaller packets must have got through (something was acknowledged), and the stuck one
        // must be larger than anything acknowledged and than what every link carries:
        // otherwise a dead peer or plain loss explains it as well as an MTU does.
        if (sender.largestAcknowledgedPacket() == 0 || length <= sender.largestAcknowledgedPacket()
                || length <= sender.safePacketLength()) {
            return null;
        }
        // Small packets must still get through while the big one is stuck. A smaller segment
        // sent during the stall that the peer never answered, not even with a duplicate ACK,
        // says they do not: the peer or the whole path is gone, whatever the size.
        long smallerSent = sender.lastSmallerSentDuring(stalled);
        if (smallerSent >= 0 && peer.lastSeen() < smallerSent) {
            return null;
        }
        return stalled;
    }

    /**
     * What one sender's evidence says now, as findings about it alone: what live mode announces
     * when a kind is first established.
     */
    public static List<Finding> findingsOf(TcpFlow flow, Sender sender) {
        Map<GroupKey, Group> own = new TreeMap<>();
        judge(sender, flow.peerOf(sender), own);
        List<Finding> findings = new ArrayList<>();
        own.values().forEach(group -> findings.add(group.toFinding()));
        return findings;
    }

    /** Adds one sender's findings to {@code groups}; true when it had any. */
    private static boolean judge(Sender sender, Sender peer, Map<GroupKey, Group> groups) {
        FlowRef ref = new FlowRef(sender.source(), sender.destination(), sender.encapsulation());
        StalledSegment stalled = silentlyStalledWithoutIcmp(sender, peer);
        Set<Kind> kinds = kindsOf(sender, stalled);
        for (Kind kind : kinds) {
            switch (kind) {
                case PMTU_BLACK_HOLE, PMTUD_WORKED, PMTUD_UNCONFIRMED -> addTooBig(kind, sender, ref, groups);
                case ICMP_MTU_ZERO -> {
                    TooBigHistory history = sender.tooBig();
                    Group zero = group(groups, kind, history.reporter(), history.smallestMtu());
                    zero.addFlow(ref, sender);
                    zero.icmpMessages += history.messages();
                }
                case SILENT_BLACK_HOLE -> {
                    Group group = group(groups, kind, null, stalled.packetLength());
                    group.addFlow(ref, sender);
                    group.largestAcknowledged = Math.max(group.largestAcknowledged, sender.largestAcknowledgedPacket());
                    group.mostSends = Math.max(group.mostSends, stalled.sends());
                    group.firstSent = Math.min(group.firstSent, stalled.firstSent());
                    group.lastSent = Math.max(group.lastSent, stalled.lastSent());
                    group.addResends(ref, List.of(new ResentSegment(stalled.relativeSequence(), stalled.sends() - 1)));
                }
                case MSS_RAISED_IN_PATH -> {
                    Group group = group(groups, kind, null, sender.peerMssWhenExceeded());
                    group.addFlow(ref, sender);
                    group.largestSegment = Math.max(group.largestSegment, sender.largestSegmentAbovePeerMss());
                    group.segments += sender.segmentsAbovePeerMss();
                }
                case OFFLOAD_AGGREGATES -> {
                    Group group = group(groups, kind, null, 0);
                    group.addFlow(ref, sender);
                    group.aggregates += sender.aggregates();
                    group.largestAggregate = Math.max(group.largestAggregate, sender.largestAggregate());
                }
            }
        }
        return !kinds.isEmpty();
    }

    private static void addTooBig(Kind kind, Sender sender, FlowRef ref, Map<GroupKey, Group> groups) {
        TooBigHistory history = sender.tooBig();
        Group group = group(groups, kind, history.reporter(), history.smallestMtu());
        group.addFlow(ref, sender);
        group.addIcmp(history);
        group.senders(sender.source().address());
        group.largestBefore = Math.max(group.largestBefore, history.largestPacketBefore());
        group.largestAfter = Math.max(group.largestAfter, history.largestFittingAfter());
        group.oversizeInFlight += history.oversizeAfter() - history.oversizeRetransmissions();
        if (kind == Kind.PMTU_BLACK_HOLE) {
            group.largestResent = Math.max(group.largestResent, history.largestOversizeRetransmission());
            group.oversizeRetransmissions += history.oversizeRetransmissions();
            group.addResends(ref, history.resentSegments());
        }
    }

    private static Group group(Map<GroupKey, Group> groups, Kind kind, IpAddress reporter, int value) {
        return groups.computeIfAbsent(new GroupKey(kind, reporter, value), Group::new);
    }

    @Override
    public void underlayTooBig(int mtu) {
        underlayMtu = underlayMtu < 0 ? mtu : Math.min(underlayMtu, mtu);
    }

    /** The findings so far, worst first, and the fix when a problem was found. */
    public Diagnosis diagnosis() {
        List<Finding> findings = new ArrayList<>();
        Map<Finding, Group> sources = new IdentityHashMap<>();
        for (Group group : groups.values()) {
            Finding finding = group.toFinding();
            findings.add(finding);
            sources.put(finding, group);
        }
        findings.sort(Comparator.comparing(Finding::kind)
                .thenComparing(Comparator.comparingLong(Finding::flowCount).reversed()));
        return new Diagnosis(findings, fix(findings, sources, underlayMtu), flowsExamined, evictedFlows,
                findingsOnEvicted);
    }

    /**
     * @param sources     the group each finding was made from
     * @param underlayMtu the MTU ICMP reported for tunnel packets themselves, -1 when none did
     */
    private static Fix fix(List<Finding> findings, Map<Finding, Group> sources, int underlayMtu) {
        int mtu = 0, version = 4, reportedMtu = -1, raisedFrom = -1, raisedTo = -1;
        IpAddress reporter = null;
        Group lost = null;
        for (Finding finding : findings) {
            if (finding instanceof Finding.PmtuBlackHole hole && hole.largestResent() > mtu) {
                mtu = hole.largestResent();
                reporter = hole.reporter();
                reportedMtu = hole.mtu();
                version = hole.reporter().version();
                lost = sources.get(finding);
            } else if (finding instanceof Finding.SilentBlackHole silent && silent.stalledPacket() > mtu
                    && reporter == null) {
                mtu = silent.stalledPacket();
                version = silent.flows().get(0).source().address().version();
                lost = sources.get(finding);
            } else if (finding instanceof Finding.MssRaisedInPath raised && raised.largestSegment() > raisedTo) {
                raisedFrom = raised.advertisedMss();
                raisedTo = raised.largestSegment();
            }
        }
        if (mtu == 0) {
            return null;
        }
        // Sizes and MTUs come from the capture, which may lie (an ICMP claiming MTU 40 about a 41-byte
        // packet): the fix stays within the MTUs a link can have, and no clamp follows an impossible MTU.
        mtu = Math.min(Math.max(mtu, Fix.MINIMUM_MTU), Fix.MAXIMUM_MTU);
        int clampMss = reportedMtu >= Fix.minimumLinkMtu(version) ? reportedMtu - Fix.headerOverhead(version) : -1;
        Fix.TunnelLimit tunnel = tunnelLimit(lost.encapsulation, lost.largestCarried, underlayMtu, mtu);
        if (tunnel != null && !tunnel.fits() && tunnel.tunnelMtu() >= Fix.minimumLinkMtu(version)) {
            // No link inside the tunnel can take the MTU the packets need: the most the tunnel
            // carries is the fix, and the MSS that fits it the alternative.
            mtu = tunnel.tunnelMtu();
            clampMss = mtu - Fix.headerOverhead(version);
        }
        return new Fix(mtu, version, reporter, reportedMtu, clampMss, raisedFrom, raisedTo, tunnel);
    }

    /**
     * The tunnel the lost packets crossed against the link under it, or null without a tunnel.
     * That link's MTU is what an ICMP about the tunnel's packets reported, else at least what
     * acknowledged packets show it carried, else standard Ethernet's.
     */
    private static Fix.TunnelLimit tunnelLimit(Encapsulation encapsulation, int largestCarried, int underlayMtu,
                                               int wantedMtu) {
        if (!encapsulation.isTunnel()) {
            return null;
        }
        int underlay = STANDARD_ETHERNET_MTU;
        Fix.UnderlayEvidence evidence = Fix.UnderlayEvidence.ASSUMED;
        // An MTU that leaves less than the smallest link inside the tunnel is no real link's.
        if (underlayMtu - encapsulation.overhead() >= Fix.MINIMUM_MTU) {
            underlay = underlayMtu;
            evidence = Fix.UnderlayEvidence.ICMP;
        } else if (largestCarried > STANDARD_ETHERNET_MTU) {
            underlay = largestCarried;
            evidence = Fix.UnderlayEvidence.ACKNOWLEDGED;
        }
        if (underlay <= encapsulation.overhead()) {
            return null;
        }
        return new Fix.TunnelLimit(encapsulation.tunnel(), encapsulation.overhead(), underlay, evidence, wantedMtu);
    }

    private record GroupKey(Kind kind, IpAddress reporter, int value) implements Comparable<GroupKey> {
        private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::kind)
                .thenComparing(GroupKey::reporter, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(GroupKey::value);

        @Override
        public int compareTo(GroupKey other) {
            return ORDER.compare(this, other);
        }
    }

    /** Everything a finding of any kind accumulates; each kind reads the fields it has. */
    private static final class Group {
        final GroupKey key;
        final TreeSet<FlowRef> flows = new TreeSet<>();
        long flowCount;
        final TreeSet<IpAddress> senders = new TreeSet<>();
        final TreeMap<FlowRef, List<ResentSegment>> resends = new TreeMap<>();
        long icmpMessages;
        long firstIcmp = Long.MAX_VALUE;
        long lastIcmp = Long.MIN_VALUE;
        boolean estimated;
        int largestBefore, largestAfter, largestResent;
        long oversizeRetransmissions, oversizeInFlight;
        int largestAcknowledged, mostSends;
        long firstSent = Long.MAX_VALUE, lastSent = Long.MIN_VALUE;
        int largestSegment;
        long segments;
        long aggregates;
        int largestAggregate;
        /** The tunnel of the flows, the one with the most overhead when they differ. */
        Encapsulation encapsulation = Encapsulation.NONE;
        /** Largest acknowledged packet of a tunnelled flow, with its tunnel headers: the underlay carries that. */
        int largestCarried;

        Group(GroupKey key) {
            this.key = key;
        }

        void addFlow(FlowRef flow, Sender sender) {
            flowCount++;
            flows.add(flow);
            if (flows.size() > MAX_FLOWS_PER_FINDING) {
                flows.pollLast();
            }
            Encapsulation tunnel = sender.encapsulation();
            if (tunnel.overhead() > encapsulation.overhead()) {
                encapsulation = tunnel;
            }
            if (tunnel.isTunnel() && sender.largestAcknowledgedPacket() > 0) {
                largestCarried = Math.max(largestCarried, sender.largestAcknowledgedPacket() + tunnel.overhead());
            }
        }

        void addIcmp(TooBigHistory history) {
            icmpMessages += history.messages();
            firstIcmp = Math.min(firstIcmp, history.firstTime());
            lastIcmp = Math.max(lastIcmp, history.lastTime());
            estimated |= history.estimated();
        }

        void senders(IpAddress sender) {
            senders.add(sender);
            if (senders.size() > MAX_SENDERS) {
                senders.pollLast();
            }
        }

        void addResends(FlowRef flow, List<ResentSegment> segments) {
            resends.put(flow, segments);
            if (resends.size() > MAX_RESEND_FLOWS) {
                resends.pollLastEntry();
            }
        }

        Finding toFinding() {
            List<FlowRef> flowList = List.copyOf(flows);
            List<Finding.FlowResends> resendList = new ArrayList<>();
            resends.forEach((flow, segments) -> resendList.add(new Finding.FlowResends(flow, segments)));
            return switch (key.kind()) {
                case PMTU_BLACK_HOLE -> new Finding.PmtuBlackHole(key.reporter(), key.value(), estimated,
                        icmpMessages, firstIcmp, lastIcmp, List.copyOf(senders), largestBefore, largestResent,
                        oversizeRetransmissions, resendList, flowList, flowCount);
                case PMTUD_WORKED, PMTUD_UNCONFIRMED -> new Finding.PathMtuDiscovery(key.kind(), key.reporter(),
                        key.value(), estimated, icmpMessages, firstIcmp, lastIcmp, List.copyOf(senders),
                        largestBefore, largestAfter, oversizeInFlight, flowList, flowCount);
                case SILENT_BLACK_HOLE -> new Finding.SilentBlackHole(key.value(), largestAcknowledged, mostSends,
                        firstSent, lastSent, resendList, flowList, flowCount);
                case MSS_RAISED_IN_PATH -> new Finding.MssRaisedInPath(key.value(), largestSegment, segments,
                        flowList, flowCount);
                case ICMP_MTU_ZERO -> new Finding.IcmpMtuZero(key.reporter(), key.value(), icmpMessages,
                        flowList, flowCount);
                case OFFLOAD_AGGREGATES -> new Finding.OffloadAggregates(aggregates, largestAggregate,
                        flowList, flowCount);
            };
        }
    }
}
