package org.mtudoctor.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.EvidencePacket;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.LinkType;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.Fix;
import org.mtudoctor.diagnosis.FlowRef;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.diagnosis.Rules;
import org.mtudoctor.diagnosis.Severity;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TooBigHistory.ReportedMtu;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;
import org.mtudoctor.flow.TrafficSummary;

/**
 * The human report: findings first, worst first, each with its evidence in capture time (UTC);
 * then the fix; then what was read. Deterministic: sorted, {@link Locale#ROOT}, '\n'.
 */
public final class TextReport {

    /** Flows named per finding in text; JSON lists them all. */
    static final int FLOWS_SHOWN = 10;

    private final StringBuilder out = new StringBuilder(4096);

    private TextReport() {
    }

    public static String render(Analysis analysis) {
        return render(analysis, null);
    }

    /**
     * The report, with what changed between the capture's interfaces when it is one host's
     * capture of several ({@code interfaces}; null for none).
     */
    public static String render(Analysis analysis, Comparison interfaces) {
        TextReport report = new TextReport();
        report.write(analysis, interfaces);
        return report.out.toString();
    }

    /** One finding's block as the report gives it (for the HTML page, which shows the same words). */
    static String findingBlock(Finding finding, List<EvidencePacket> evidence) {
        TextReport report = new TextReport();
        report.finding(finding);
        report.evidence(evidence);
        return report.out.toString();
    }

    /** The FIX block as the report gives it. */
    static String fixBlock(Fix fix) {
        TextReport report = new TextReport();
        report.fix(fix);
        return report.out.toString();
    }

    /** The capture summary lines and the notes, as the report gives them. */
    static String summaryBlock(Analysis analysis) {
        TextReport report = new TextReport();
        report.traffic(analysis.traffic());
        report.notes(analysis.traffic(), analysis.diagnosis());
        return report.out.toString();
    }

    /**
     * One finding as live mode prints it the moment it is established: the capture time, then
     * the same block the final report has.
     */
    public static String announcement(long time, Finding finding) {
        TextReport report = new TextReport();
        report.line(Times.dateTime(time) + " UTC");
        report.finding(finding);
        return report.out.toString();
    }

    private void write(Analysis analysis, Comparison interfaces) {
        Diagnosis diagnosis = analysis.diagnosis();
        line("mtudoctor: " + String.join(" ", analysis.inputs()));
        traffic(analysis.traffic());
        line("");
        if (diagnosis.findings().isEmpty()) {
            line("No MTU or MSS problem found.");
            line("");
        }
        for (int i = 0; i < diagnosis.findings().size(); i++) {
            finding(diagnosis.findings().get(i));
            evidence(analysis.evidenceOf(i));
            line("");
        }
        if (diagnosis.fix() != null) {
            fix(diagnosis.fix());
            line("");
        }
        if (analysis.flows() != null) {
            flows(analysis.flows());
            line("");
        }
        if (analysis.libpcap() != null) {
            libpcap(analysis.libpcap());
        }
        if (interfaces != null) {
            out.append(CompareReport.betweenInterfaces(interfaces));
        }
        notes(analysis.traffic(), diagnosis);
        line(String.format(Locale.ROOT, "%d problem%s, %d warning%s, %d info",
                diagnosis.count(Severity.PROBLEM), plural(diagnosis.count(Severity.PROBLEM)),
                diagnosis.count(Severity.WARNING), plural(diagnosis.count(Severity.WARNING)),
                diagnosis.count(Severity.INFO))
                + (interfaces == null ? "" : String.format(Locale.ROOT, "; between interfaces %d problem%s, %d warning%s,"
                + " %d info", interfaces.problems(), plural(interfaces.problems()), interfaces.warnings(),
                plural(interfaces.warnings()), interfaces.info())));
    }

    private void traffic(TrafficSummary traffic) {
        StringBuilder summary = new StringBuilder("  ").append(count(traffic.frames(), "packet"));
        if (traffic.frames() > 0) {
            summary.append(", ").append(Times.interval(traffic.firstTime(), traffic.lastTime()))
                    .append(" (").append(Times.seconds(traffic.lastTime() - traffic.firstTime())).append(')');
        }
        line(summary.toString());
        line("  " + count(traffic.tcpFlows(), "TCP flow") + ", "
                + count(traffic.tcpSegments(), "TCP segment") + ", "
                + count(traffic.tooBigMessages(), "ICMP too-big message"));
    }

    private void finding(Finding finding) {
        String head = finding.severity().label().toUpperCase(Locale.ROOT) + "  " + finding.kind().label() + ": ";
        Runnable block = switch (finding.kind()) {
            case PMTU_BLACK_HOLE -> () -> blackHole(head, (Finding.PmtuBlackHole) finding);
            case PMTUD_WORKED, PMTUD_UNCONFIRMED -> () -> pathMtuDiscovery(head, (Finding.PathMtuDiscovery) finding);
            case SILENT_BLACK_HOLE -> () -> silentBlackHole(head, (Finding.SilentBlackHole) finding);
            case RECEIVER_BLACK_HOLE -> () -> receiverBlackHole(head, (Finding.ReceiverBlackHole) finding);
            case MSS_RAISED_IN_PATH -> () -> mssRaised(head, (Finding.MssRaisedInPath) finding);
            case ICMP_MTU_ZERO -> () -> mtuZero(head, (Finding.IcmpMtuZero) finding);
            case OFFLOAD_AGGREGATES -> () -> aggregates(head, (Finding.OffloadAggregates) finding);
            case PATH_MTU -> () -> pathMtu(head, (Finding.PathMtu) finding);
        };
        block.run();
    }

    private void blackHole(String head, Finding.PmtuBlackHole hole) {
        line(head + hole.reporter() + " reports MTU " + mtu(hole.mtu(), hole.mtuEstimated())
                + ", but " + addresses(hole.senders()) + " keep" + (hole.senders().size() == 1 ? "s" : "")
                + " sending " + hole.largestResent() + "-byte packets");
        icmp(reporters(hole.reporter(), hole.reports()), hole.icmpMessages(), hole.senders(), hole.mtu(), hole.mtuEstimated(),
                hole.firstIcmp(), hole.lastIcmp());
        routers(hole.reports());
        flowList(hole);
        detail("sizes", "largest packet before the first ICMP " + hole.largestBefore() + " bytes; after it "
                + count(hole.oversizeRetransmissions(), "oversize resend") + " of quoted data, up to "
                + hole.largestResent() + " bytes");
        resends(hole.resends());
        if (hole.fromSendersOwnHost()) {
            detail("cause", "the ICMP comes from the sender's own host (a link or tunnel of its own is smaller), so no"
                    + " network drops it: the host does not act on it (a firewall on it dropping ICMP input, or path MTU"
                    + " discovery off for the socket)");
        } else {
            detail("cause", "the senders never act on the ICMP: something between " + hole.reporter()
                    + " and " + addresses(hole.senders()) + " drops it (an ICMP black hole)");
        }
    }

    private void pathMtuDiscovery(String head, Finding.PathMtuDiscovery discovery) {
        boolean worked = discovery.kind() == Kind.PMTUD_WORKED;
        line(head + discovery.reporter() + " reported MTU " + mtu(discovery.mtu(), discovery.mtuEstimated())
                + (worked ? " and the senders shrank their packets" : "; the capture does not show the senders' answer"));
        icmp(reporters(discovery.reporter(), discovery.reports()), discovery.icmpMessages(), discovery.senders(), discovery.mtu(),
                discovery.mtuEstimated(), discovery.firstIcmp(), discovery.lastIcmp());
        routers(discovery.reports());
        flowList(discovery);
        String after = worked ? "; after it up to " + discovery.largestAfter() + " bytes" : "";
        String inFlight = discovery.oversizeInFlight() > 0
                ? " (" + count(discovery.oversizeInFlight(), "oversize packet") + " already in flight)" : "";
        detail("sizes", "largest packet before the first ICMP " + discovery.largestBefore() + " bytes" + after + inFlight);
        if (discovery.fromSendersOwnHost()) {
            detail("note", "the ICMP comes from the sender's own host: a link or tunnel of its own is the small one");
        }
    }

    private void silentBlackHole(String head, Finding.SilentBlackHole silent) {
        line(head + silent.stalledPacket() + "-byte packets are resent and never acknowledged, and no ICMP about them comes back");
        flowList(silent);
        detail("sizes", "largest packet acknowledged " + silent.largestAcknowledged() + " bytes; stuck packet "
                + silent.stalledPacket() + " bytes, sent up to " + silent.mostSends() + " times, "
                + Times.interval(silent.firstSent(), silent.lastSent()));
        if (silent.fellBack()) {
            Finding.SilentBlackHole.Fallback fallback = silent.fallback();
            detail("shrank", (fallback.flows() == silent.flowCount() ? "the sender" : fallback.flows() + " of the senders")
                    + " fell back to " + fallback.packet() + "-byte packets after up to "
                    + Times.seconds(fallback.longestStall()) + " and " + (silent.mostSends() - 1)
                    + " timeouts, and those were acknowledged: the sender's own black-hole detection (Linux"
                    + " tcp_mtu_probing, Windows, macOS; RFC 4821) worked around the hole, slowly");
            detail("path", "the path MTU is at least " + silent.largestAcknowledged() + " and below "
                    + silent.stalledPacket() + " bytes");
        }
        resends(silent.resends());
        detail("cause", switch (silent.cause()) {
            case TUNNEL_UNDERLAY -> "the link under the tunnel is smaller: its router's ICMP too-big came back about the"
                    + " tunnel's own packets (see the note below), and no ICMP reached the sender inside the tunnel";
            case NO_ICMP -> "a link on the path is smaller than " + silent.stalledPacket()
                    + " bytes and its router sends no ICMP, or the ICMP is dropped before this capture point";
        });
    }

    private void receiverBlackHole(String head, Finding.ReceiverBlackHole hole) {
        line(head + "bytes from " + hole.sender() + " go missing here and the flow stalls for up to "
                + Times.seconds(hole.longestStall()) + "; no packet above " + hole.largestArrived()
                + " bytes ever arrives from it");
        flowList(hole);
        detail("holes", "up to " + hole.missing() + " bytes the sender sent never arrived, first seen missing at "
                + Times.iso(hole.firstMissing()) + "; " + (hole.neverFilled() ? "they never came"
                        : (hole.filledFlows() == hole.flowCount() ? "" : "in " + hole.filledFlows() + " of the flows ")
                        + "they came at last in packets of up to " + hole.largestFill()
                        + " bytes: the sender fell back to smaller packets"));
        detail("sizes", "largest packet that arrived " + hole.largestArrived() + " bytes; the SYNs' MSS options as seen"
                + " here allow " + hole.sendable() + "-byte packets");
        detail("path", "toward this end the path carries at least " + hole.largestArrived()
                + " bytes, and not the larger packets that went missing (their size is not seen here)");
        if (hole.oneWayClamp()) {
            detail("clamp", "the sender's SYN arrived with MSS " + hole.senderMss() + ", below the " + hole.receiverMss()
                    + " this end's SYN offered: if a middlebox lowered it, it clamps that direction only,"
                    + " and the sender's segments are sized by the unclamped " + hole.receiverMss());
        }
        detail("cause", "a link between " + hole.sender() + " and this capture point is smaller than the packets "
                + "it sends, and no ICMP too-big made it send smaller (seen from the receiving end: whether the link's"
                + " router sends ICMP is not visible here)");
        if (hole.pathMtuUnbounded()) {
            detail("next", "what arrived is no more than every link carries, so it does not bound the path MTU; find it"
                    + " before setting one: tracepath -n " + hole.sender());
        }
    }

    private void mssRaised(String head, Finding.MssRaisedInPath raised) {
        line(head + "segments of " + raised.largestSegment() + " bytes against an advertised MSS of "
                + raised.advertisedMss());
        flowList(raised);
        detail("sizes", count(raised.segments(), "segment") + " above the MSS (segment = TCP payload + options,"
                + " RFC 6691)");
        detail("cause", "the SYN left this capture point with MSS " + raised.advertisedMss()
                + "; something between here and the sender raised it");
    }

    private void mtuZero(String head, Finding.IcmpMtuZero zero) {
        line(head + zero.reporter() + " sent next-hop MTU 0 (a pre-RFC 1191 router); estimated MTU "
                + zero.estimatedMtu() + " from RFC 1191's plateau table");
        detail("icmp", count(zero.messages(), "message"));
        flowList(zero);
    }

    private void pathMtu(String head, Finding.PathMtu path) {
        line(head + path.reporter() + " reports path MTU " + mtu(path.mtu(), path.mtuEstimated()) + " toward "
                + addresses(path.destinations(), path.destinationCount()) + " (" + protocols(path.protocols())
                + ", no TCP flow)");
        icmp(path.reporter().toString(), path.icmpMessages(), path.senders(), path.mtu(), path.mtuEstimated(),
                path.firstIcmp(), path.lastIcmp());
        if (path.belowLinkMinimum()) {
            detail("note", "below IPv" + path.reporter().version() + "'s smallest link MTU, "
                    + Rules.minimumLinkMtu(path.reporter().version()) + ": no link is that small, and senders"
                    + " keep to " + Rules.minimumLinkMtu(path.reporter().version()) + " (RFC 8201, RFC 8021)");
        }
    }

    /** "udp, icmp": the IP protocols by name. */
    private static String protocols(List<Integer> protocols) {
        return protocols.stream().map(TextReport::protocol).collect(Collectors.joining(", "));
    }

    static String protocol(int number) {
        return switch (number) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> "protocol " + number;
        };
    }

    private void aggregates(String head, Finding.OffloadAggregates aggregates) {
        line(head + count(aggregates.aggregates(), "GRO/TSO aggregate") + " of up to "
                + aggregates.largestAggregate() + " bytes; left out of every size judgement");
        flowList(aggregates);
        detail("hint", "capture with offload off for wire sizes: ethtool -K DEV gro off gso off tso off");
    }

    /** The routers that sent the messages: the finding's, or each one when several reported. */
    private static String reporters(IpAddress reporter, List<ReportedMtu> reports) {
        if (reports.size() <= 1) {
            return reporter.toString();
        }
        List<IpAddress> routers = reports.stream().map(ReportedMtu::reporter).distinct().toList();
        return routers.size() == 1 ? reporter.toString() : addresses(routers);
    }

    private void icmp(String reporter, long messages, List<IpAddress> senders, int mtu, boolean estimated,
                      long first, long last) {
        detail("icmp", count(messages, "too-big message") + " from " + reporter + " to " + addresses(senders)
                + ", MTU " + mtu(mtu, estimated) + ", " + Times.interval(first, last));
    }

    /** Several routers on the path reported MTUs: each, in path order; the smallest is the finding's. */
    private void routers(List<ReportedMtu> reports) {
        if (reports.size() > 1) {
            detail("hops", reports.stream().map(report -> report.reporter() + " MTU " + report.mtu())
                    .collect(Collectors.joining(", ")) + ": several small links on the path, the smallest counts");
        }
    }

    private void flowList(Finding finding) {
        List<FlowRef> flows = finding.flows();
        int shown = Math.min(FLOWS_SHOWN, flows.size());
        for (int i = 0; i < shown; i++) {
            detail(i == 0 ? "flows" : "", (i == 0 ? finding.flowCount() + ": " : "   ") + flows.get(i));
        }
        if (finding.flowCount() > shown) {
            detail("", "   and " + (finding.flowCount() - shown) + " more (--format json lists them)");
        }
        tunnels(flows);
    }

    /** The tunnels the flows' packets crossed, in the order of the flows, each with its overhead. */
    private void tunnels(List<FlowRef> flows) {
        Map<Encapsulation, Long> byTunnel = flows.stream().map(FlowRef::encapsulation)
                .filter(Encapsulation::isTunnel)
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
        byTunnel.forEach((tunnel, count) -> detail("tunnel", "inside " + tunnel.tunnel().title() + ", "
                + tunnel.overhead() + " bytes of tunnel headers on each packet"
                + (count < flows.size() ? " (" + count + " of the " + flows.size() + " flows)" : "")));
    }

    /** Each packet that shows the finding, where it is, and pcap4j's decoding of it in full. */
    private void evidence(List<EvidencePacket> packets) {
        for (EvidencePacket packet : packets) {
            detail("packet", packet.toString());
            packet.decoded().lines().forEach(field -> line("             " + field));
        }
    }

    private void resends(List<Finding.FlowResends> resends) {
        boolean first = true;
        for (Finding.FlowResends flow : resends) {
            String segments = flow.segments().stream()
                    .map(ResentSegment::toString)
                    .collect(Collectors.joining(", "));
            detail(first ? "resent" : "", flow.flow() + ": " + segments);
            first = false;
        }
    }

    private void fix(Fix fix) {
        line("FIX");
        if (fix.atReceiver()) {
            receiverFix(fix);
            return;
        }
        if (fix.tunnelTooSmall()) {
            tunnelFix(fix);
            return;
        }
        if (fix.reporter() != null) {
            line("  Set MTU " + fix.mtu() + " on the link of " + fix.reporter() + " that reports MTU "
                    + fix.reportedMtu() + ": it carries the " + fix.mtu() + "-byte packets that are lost now.");
        } else {
            line("  Set MTU " + fix.mtu() + " on the smallest link of the path: it carries the "
                    + fix.mtu() + "-byte packets that are lost now.");
        }
        line(fix.ipVersion() == 6
                ? "  In /etc/ppp/ip-up, or ipv6-up for an IPv6-only link (pppd passes the interface in $IFNAME):"
                : "  In /etc/ppp/ip-up (pppd passes the interface in $IFNAME):");
        line("    " + FixLines.ipUp(fix));
        line("  or with net-tools:");
        line("    " + FixLines.ifconfig(fix));
        line("  Alternative: clamp the TCP MSS to the path MTU on the forwarding host:");
        line("    " + FixLines.iptablesClamp(fix));
        line("    " + FixLines.nftClamp(fix));
        if (fix.clampMss() > 0) {
            line("  or to a fixed MSS that fits MTU " + fix.reportedMtu() + ":");
            line("    " + FixLines.iptablesSetMss(fix));
        }
        if (fix.tunnel() != null) {
            Fix.TunnelLimit tunnel = fix.tunnel();
            line("  The packets cross " + article(tunnel.kind().title()) + " tunnel (" + tunnel.overhead() + " bytes of headers): MTU "
                    + fix.mtu() + " inside it makes " + (fix.mtu() + tunnel.overhead()) + "-byte packets under it,");
            line(tunnel.fits() ? "  which fit its MTU of " + underlay(tunnel) + "."
                    : "  which do not fit its MTU of " + underlay(tunnel) + ": inside it there is room for "
                            + tunnel.tunnelMtu() + ", less than IPv" + fix.ipVersion() + " needs.");
        }
        raisedMssWarning(fix);
    }

    /** The packets are lost on their way to this end: make the far sender send smaller, from here. */
    private void receiverFix(Fix fix) {
        line("  Packets from " + fix.farSender() + " are lost on their way here, on a path that this end cannot change.");
        line("  Make it send at most " + fix.mtu() + "-byte packets, the largest that arrived: advertise MSS "
                + fix.clampMss() + " in the SYNs toward it.");
        line("  On this host:");
        line("    " + FixLines.receiverClamp(fix, "OUTPUT"));
        line("  or on the router in front of it:");
        line("    " + FixLines.receiverClamp(fix, "FORWARD"));
        line("    " + FixLines.receiverNftClamp(fix));
        line("  or lower the MTU of this end's link toward it, so every SYN advertises MSS " + fix.clampMss()
                + " ($IFNAME: the interface):");
        line("    " + FixLines.ipUp(fix));
        line("  The path may carry more than " + fix.mtu() + " bytes: tracepath -n " + fix.farSender() + " finds its MTU.");
    }

    /** The lost packets need an MTU the tunnel they cross cannot carry: clamp, or shrink to the tunnel. */
    private void tunnelFix(Fix fix) {
        Fix.TunnelLimit tunnel = fix.tunnel();
        line("  The lost " + tunnel.wantedMtu() + "-byte packets cross " + article(tunnel.kind().title()) + " tunnel, which adds "
                + tunnel.overhead() + " bytes: " + (tunnel.wantedMtu() + tunnel.overhead()) + " bytes under it,");
        line("  where the MTU is " + underlay(tunnel) + ".");
        line("  The tunnel cannot carry MTU " + tunnel.wantedMtu() + "; it carries " + tunnel.tunnelMtu() + " at most.");
        line(String.format(Locale.ROOT, "  Clamp the TCP MSS to %d (%d - %d - %d) where TCP enters the tunnel (FORWARD on a",
                fix.clampMss(), tunnel.underlayMtu(), tunnel.overhead(), Rules.headerOverhead(fix.ipVersion())));
        line("  router, OUTPUT for the host's own connections):");
        line("    " + FixLines.iptablesSetMss(fix));
        line("    " + FixLines.nftSetMss(fix));
        line(tunnel.pppd()
                ? "  or set MTU " + fix.mtu() + " on the tunnel's PPP links, in /etc/ppp/ip-up (pppd passes the interface in $IFNAME):"
                : "  or set MTU " + fix.mtu() + " on the tunnel interface at both ends ($IFNAME: its name):");
        line("    " + FixLines.ipUp(fix));
        line("  or with net-tools:");
        line("    " + FixLines.ifconfig(fix));
        raisedMssWarning(fix);
    }

    private static String underlay(Fix.TunnelLimit tunnel) {
        return tunnel.underlayMtu() + switch (tunnel.evidence()) {
            case ICMP -> " (reported by ICMP about the tunnel's packets)";
            case ACKNOWLEDGED -> " at least (acknowledged packets that large crossed it)";
            case ASSUMED -> " (assumed: standard Ethernet; the capture shows no other)";
        };
    }

    private void raisedMssWarning(Fix fix) {
        if (fix.mssRaised()) {
            line("  Warning: the MSS was raised after this capture point (" + fix.raisedFrom() + " advertised, "
                    + fix.raisedTo() + " sent).");
            line("  A clamp on this host is undone downstream, as it was here: raise the MTU instead,");
            line("  or clamp after the point that raises it.");
        }
    }

    private void flows(List<FlowSummary> flows) {
        line("FLOWS (" + flows.size() + ")");
        line(String.format(Locale.ROOT, "  %-46s %-46s %6s %6s %13s %13s %7s %6s %4s  %s",
                "client", "server", "c.mss", "s.mss", "c>s pay/pkt", "s>c pay/pkt", "packets", "retx", "icmp", "tunnel"));
        for (FlowSummary flow : flows) {
            line(String.format(Locale.ROOT, "  %-46s %-46s %6s %6s %13s %13s %7d %6d %4d  %s",
                    flow.client() + (flow.rolesKnown() ? "" : "?"), flow.server(),
                    mss(flow.clientMss()), mss(flow.serverMss()),
                    flow.clientLargestPayload() + "/" + flow.clientLargestPacket(),
                    flow.serverLargestPayload() + "/" + flow.serverLargestPacket(),
                    flow.packets(), flow.retransmissions(), flow.tooBigMessages(),
                    // "pptp+40": the tunnel and the bytes its headers add to each packet.
                    flow.tunnel().isTunnel() ? flow.tunnel().tunnel().label() + "+" + flow.tunnel().overhead() : "-"));
        }
        if (flows.stream().anyMatch(flow -> !flow.rolesKnown())) {
            line("  ? no SYN captured: client and server are guessed from packet order");
        }
    }

    private void libpcap(CaptureStatistics statistics) {
        line("libpcap: " + count(statistics.received(), "frame") + " received, "
                + statistics.droppedByKernel() + " dropped by the kernel, "
                + statistics.droppedByInterface() + " dropped by the interface");
        if (statistics.dropped()) {
            line("warning: libpcap dropped frames: the analysis may be incomplete"
                    + " (a BPF filter narrowed to the traffic in question lets it keep up)");
        }
    }

    private void notes(TrafficSummary traffic, Diagnosis diagnosis) {
        for (CaptureWarning warning : traffic.warnings()) {
            line("warning: " + warning.text());
        }
        if (traffic.warningsDropped() > 0) {
            line("warning: " + traffic.warningsDropped() + " more warnings not shown");
        }
        for (Map.Entry<Integer, Long> unknown : traffic.unknownLinkTypes().entrySet()) {
            line("note: " + count(unknown.getValue(), "frame") + " of " + LinkType.describe(unknown.getKey())
                    + " skipped: link type not decoded");
        }
        if (traffic.secondViews() > 0) {
            line("note: " + count(traffic.secondViews(), "TCP packet") + " seen a second time on another interface"
                    + " (in and out of a forwarding host, as with tcpdump -i any): counted once");
        }
        if (traffic.truncatedFrames() > 0) {
            line("note: " + count(traffic.truncatedFrames(), "frame") + " cut short by the snap length, decoded as far as captured");
        }
        if (traffic.malformedFrames() > 0) {
            line("note: " + count(traffic.malformedFrames(), "malformed frame") + " decoded up to the damage");
        }
        if (traffic.encryptedPppFrames() > 0) {
            line("note: " + count(traffic.encryptedPppFrames(), "PPP frame") + " compressed or encrypted (MPPE, as PPTP"
                    + " uses): the traffic inside cannot be analysed here; capture it decrypted, on the server's ppp interfaces");
        }
        if (traffic.tooBigAboutTunnels() > 0) {
            line("note: " + count(traffic.tooBigAboutTunnels(), "ICMP too-big message")
                    + " about a tunnel's own packets: the MTU of the link under the tunnel");
        }
        if (traffic.tooBigNotBelowPacket() > 0) {
            line("note: " + count(traffic.tooBigNotBelowPacket(), "ICMP too-big message")
                    + " reported an MTU no smaller than the packet quoted: set aside, as senders ignore them"
                    + " (a router giving its link's MTU for a packet its own tunnel made too big?)");
        }
        if (traffic.tooBigQuoteRewritten() > 0) {
            line("note: " + count(traffic.tooBigQuoteRewritten(), "ICMP too-big message")
                    + " quoted a total length no larger than the MTU reported, about a segment the flow sent larger:"
                    + " the router rewrote the quote; counted, as senders act on them");
        }
        long otherWithoutFlow = traffic.tooBigWithoutFlow() - traffic.tooBigAboutTunnels();
        if (otherWithoutFlow > 0) {
            line("note: " + count(otherWithoutFlow, "ICMP too-big message")
                    + " quote no TCP flow (another protocol, or a quote cut short)");
        }
        if (diagnosis.evictedFlows() > 0) {
            line("note: " + count(diagnosis.evictedFlows(), "flow") + " evicted from the full flow table (--max-flows "
                    + traffic.maxFlows() + "); " + diagnosis.findingsOnEvicted()
                    + " of them contributed to findings with the evidence seen before eviction");
        }
    }

    static String mtu(int mtu, boolean estimated) {
        return estimated ? mtu + " (estimated)" : Integer.toString(mtu);
    }

    private static String mss(int mss) {
        return mss < 0 ? "none" : Integer.toString(mss);
    }

    /** The addresses as {@link #addresses(List)} names them, when {@code count} were seen in all. */
    private static String addresses(List<IpAddress> addresses, long count) {
        if (count <= addresses.size()) {
            return addresses(addresses);
        }
        return addresses.get(0) + ", " + addresses.get(1) + " and " + (count - 2) + " more";
    }

    private static String addresses(List<IpAddress> addresses) {
        if (addresses.size() <= 3) {
            return addresses.stream().map(IpAddress::toString).collect(Collectors.joining(", "));
        }
        return addresses.get(0) + ", " + addresses.get(1) + " and " + (addresses.size() - 2) + " more";
    }

    private static String count(long count, String noun) {
        return count + " " + noun + plural(count);
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }

    private void detail(String label, String text) {
        out.append(String.format(Locale.ROOT, "    %-7s%s", label, text).stripTrailing()).append('\n');
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    /** "a GRE", "an IP-in-IP": the article a tunnel's name takes, by how it is read aloud. */
    private static String article(String title) {
        return ("AEFHILMNORSX".indexOf(title.charAt(0)) >= 0 ? "an " : "a ") + title;
    }
}
