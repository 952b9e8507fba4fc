package org.mtudoctor.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.OtherTooBig;
import org.mtudoctor.flow.Sender;
import org.mtudoctor.flow.Sender.StalledSegment;
import org.mtudoctor.flow.TcpFlow;

/**
 * Judges each flow as it leaves the flow table by the {@link Rules}, and folds the verdicts into
 * findings grouped by cause: one black-hole finding per reporting router and MTU, however many
 * flows it hit. Only the findings' accumulators are kept, so memory does not grow with packets.
 */
public final class Diagnoser implements FlowTracker.FlowListener {

    /** Flows listed per finding; the rest are counted. */
    public static final int MAX_FLOWS_PER_FINDING = FindingAccumulator.MAX_FLOWS_PER_FINDING;

    private final Map<FindingAccumulator.Key, FindingAccumulator> findings = new TreeMap<>();
    private final FlowObserver flowObserver;
    private long flowsExamined;
    private long evictedFlows;
    private long findingsOnEvicted;
    /** The smallest MTU an ICMP reported for a tunnel's own packets; -1 when none did. */
    private int underlayMtu = -1;
    private boolean underlayTooBig;

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
        boolean contributed = judge(flow.clientSide(), flow.serverSide(), findings)
                | judge(flow.serverSide(), flow.clientSide(), findings);
        if (evicted && contributed) {
            findingsOnEvicted++;
        }
        if (flowObserver != null) {
            flowObserver.flowJudged(flow);
        }
    }

    /**
     * What one sender's evidence says now, as findings about it alone: what live mode announces
     * when a kind is first established.
     */
    public static List<Finding> findingsOf(TcpFlow flow, Sender sender) {
        Map<FindingAccumulator.Key, FindingAccumulator> own = new TreeMap<>();
        judge(sender, flow.peerOf(sender), own);
        List<Finding> list = new ArrayList<>();
        own.values().forEach(accumulator -> list.add(accumulator.finding(false)));
        return list;
    }

    /** Adds one sender's evidence to the findings its kinds belong to; true when it had any. */
    private static boolean judge(Sender sender, Sender peer, Map<FindingAccumulator.Key, FindingAccumulator> findings) {
        FlowRef flow = new FlowRef(sender.source(), sender.destination(), sender.encapsulation());
        StalledSegment stalled = Rules.silentlyStalledWithoutIcmp(sender, peer);
        Set<Kind> kinds = Rules.kindsOf(sender, peer, stalled);
        for (Kind kind : kinds) {
            findings.computeIfAbsent(FindingAccumulator.Key.of(kind, sender, stalled), FindingAccumulator::of)
                    .add(flow, sender, peer, stalled);
        }
        return !kinds.isEmpty();
    }

    @Override
    public void otherTooBig(OtherTooBig message) {
        ((FindingAccumulator.PathMtu) findings.computeIfAbsent(FindingAccumulator.Key.of(message),
                FindingAccumulator::of)).add(message);
    }

    @Override
    public void underlayTooBig(int mtu) {
        underlayTooBig = true;
        underlayMtu = underlayMtu < 0 ? mtu : Math.min(underlayMtu, mtu);
    }

    /** The findings so far, worst first, and the fix when a problem was found. */
    public Diagnosis diagnosis() {
        List<Finding> list = new ArrayList<>();
        for (FindingAccumulator accumulator : findings.values()) {
            list.add(accumulator.finding(underlayTooBig));
        }
        list.sort(Comparator.comparing(Finding::kind)
                .thenComparing(Comparator.comparingLong(Finding::flowCount).reversed()));
        return new Diagnosis(list, fix(list, underlayMtu), flowsExamined, evictedFlows, findingsOnEvicted);
    }

    /** Packets that were lost for their size, as a finding reports them: what the fix must carry. */
    private record LostPackets(int packetLength, int ipVersion, IpAddress reporter, int reportedMtu,
                               Finding.LostPath path) {
    }

    /** The packets a finding says were lost for their size, or null when it says none were. */
    private static LostPackets lostPackets(Finding finding) {
        return switch (finding.kind()) {
            case PMTU_BLACK_HOLE -> {
                Finding.PmtuBlackHole hole = (Finding.PmtuBlackHole) finding;
                yield new LostPackets(hole.largestResent(), hole.reporter().version(), hole.reporter(), hole.mtu(),
                        hole.path());
            }
            case SILENT_BLACK_HOLE -> {
                Finding.SilentBlackHole silent = (Finding.SilentBlackHole) finding;
                yield new LostPackets(silent.stalledPacket(), silent.flows().get(0).source().address().version(), null,
                        -1, silent.path());
            }
            // Its fix is at the receiving end: receiverFix.
            case RECEIVER_BLACK_HOLE, MSS_RAISED_IN_PATH, PMTUD_WORKED, PMTUD_UNCONFIRMED, ICMP_MTU_ZERO,
                 OFFLOAD_AGGREGATES, PATH_MTU -> null;
        };
    }

    /**
     * With no loss seen on the path itself, the fix at the receiving end: the smallest of the
     * largest packets that arrived from the far senders whose packets were lost, so that none
     * sends larger. Null when there is none, or when what arrived bounds no path MTU (no more than
     * every link carries: the report says to find the path MTU first).
     */
    private static Fix receiverFix(List<Finding> findings) {
        Finding.ReceiverBlackHole smallest = null;
        for (Finding finding : findings) {
            if (finding instanceof Finding.ReceiverBlackHole hole && !hole.pathMtuUnbounded()
                    && (smallest == null || hole.largestArrived() < smallest.largestArrived())) {
                smallest = hole;
            }
        }
        return smallest == null ? null
                : Fix.atReceiver(smallest.largestArrived(), smallest.sender().version(), smallest.sender());
    }

    /** An MSS raised in the path: advertised in the SYN, exceeded by segments of {@code sent} bytes. */
    private record RaisedMss(int advertised, int sent) {
    }

    /** The MSS a finding says was raised in the path, or null. */
    private static RaisedMss raisedMss(Finding finding) {
        return switch (finding.kind()) {
            case MSS_RAISED_IN_PATH -> {
                Finding.MssRaisedInPath raised = (Finding.MssRaisedInPath) finding;
                yield new RaisedMss(raised.advertisedMss(), raised.largestSegment());
            }
            case PMTU_BLACK_HOLE, SILENT_BLACK_HOLE, RECEIVER_BLACK_HOLE, PMTUD_WORKED, PMTUD_UNCONFIRMED,
                 ICMP_MTU_ZERO, OFFLOAD_AGGREGATES, PATH_MTU -> null;
        };
    }

    /**
     * The fix for the largest lost packets, those an ICMP reported first: an MTU a router named is
     * the link to change.
     *
     * @param underlayMtu the MTU ICMP reported for tunnel packets themselves, -1 when none did
     */
    private static Fix fix(List<Finding> findings, int underlayMtu) {
        LostPackets lost = null;
        RaisedMss raised = null;
        for (Finding finding : findings) {
            LostPackets candidate = lostPackets(finding);
            // The largest lost packet; one an ICMP reported is preferred to any that none did.
            if (candidate != null && candidate.packetLength() > (lost == null ? 0 : lost.packetLength())
                    && (lost == null || lost.reporter() == null || candidate.reporter() != null)) {
                lost = candidate;
            }
            RaisedMss mss = raisedMss(finding);
            if (mss != null && (raised == null || mss.sent() > raised.sent())) {
                raised = mss;
            }
        }
        if (lost == null) {
            return receiverFix(findings);
        }
        int version = lost.ipVersion();
        // Sizes and MTUs come from the capture, which may lie (an ICMP claiming MTU 40 about a 41-byte
        // packet): the fix stays within the MTUs a link can have, and no clamp follows an impossible MTU.
        int mtu = Math.min(Math.max(lost.packetLength(), Rules.MINIMUM_MTU), Rules.MAXIMUM_MTU);
        int clampMss = lost.reportedMtu() >= Rules.minimumLinkMtu(version)
                ? lost.reportedMtu() - Rules.headerOverhead(version) : -1;
        Fix.TunnelLimit tunnel = Rules.tunnelLimit(lost.path(), underlayMtu, mtu);
        if (tunnel != null && !tunnel.fits() && tunnel.tunnelMtu() >= Rules.minimumLinkMtu(version)) {
            // No link inside the tunnel can take the MTU the packets need: the most the tunnel
            // carries is the fix, and the MSS that fits it the alternative.
            mtu = tunnel.tunnelMtu();
            clampMss = mtu - Rules.headerOverhead(version);
        }
        return new Fix(mtu, version, lost.reporter(), lost.reportedMtu(), clampMss,
                raised == null ? -1 : raised.advertised(), raised == null ? -1 : raised.sent(), tunnel);
    }
}
