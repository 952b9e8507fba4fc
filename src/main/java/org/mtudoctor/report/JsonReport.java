package org.mtudoctor.report;

import java.util.List;
import java.util.Map;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.analysis.EvidencePacket;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.Fix;
import org.mtudoctor.diagnosis.FlowRef;
import org.mtudoctor.diagnosis.Severity;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TooBigHistory.ReportedMtu;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;
import org.mtudoctor.flow.TrafficSummary;

/**
 * The machine report: one JSON object. Every field is documented in README.md; numbers that
 * are unknown are null, never a made-up value.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static String render(Analysis analysis) {
        return render(analysis, true, null, null);
    }

    /**
     * The report, with {@code betweenInterfaces} when the capture is one host's capture of several
     * interfaces ({@code interfaces}; null for none).
     */
    public static String render(Analysis analysis, Comparison interfaces) {
        return render(analysis, true, null, interfaces);
    }

    /**
     * The report as one line of JSON Lines, tagged {@code "event": "summary"}: the last line of
     * live mode's --format jsonl.
     */
    public static String summaryLine(Analysis analysis) {
        return render(analysis, false, "summary", null);
    }

    /** One finding as a JSON Lines event, {@code "event": "finding"}, the moment it is established. */
    public static String findingLine(long time, Finding finding) {
        StringBuilder out = new StringBuilder(512);
        JsonWriter json = new JsonWriter(out, false);
        json.beginObject().field("event", "finding").field("time", Times.iso(time)).key("finding");
        finding(json, finding);
        json.endObject();
        return out.append('\n').toString();
    }

    private static String render(Analysis analysis, boolean pretty, String event, Comparison interfaces) {
        StringBuilder out = new StringBuilder(4096);
        JsonWriter json = new JsonWriter(out, pretty);
        json.beginObject();
        if (event != null) {
            json.field("event", event);
        }
        json.key("inputs").beginArray();
        analysis.inputs().forEach(json::value);
        json.endArray();
        capture(json, analysis.traffic(), analysis.diagnosis());
        if (analysis.libpcap() != null) {
            libpcap(json, analysis.libpcap());
        }
        Diagnosis diagnosis = analysis.diagnosis();
        json.key("summary").beginObject()
                .field("problems", diagnosis.count(Severity.PROBLEM))
                .field("warnings", diagnosis.count(Severity.WARNING))
                .field("info", diagnosis.count(Severity.INFO))
                .endObject();
        json.key("findings").beginArray();
        for (int i = 0; i < diagnosis.findings().size(); i++) {
            finding(json, diagnosis.findings().get(i), analysis.evidence() == null ? null : analysis.evidenceOf(i));
        }
        json.endArray();
        json.key("fix");
        if (diagnosis.fix() == null) {
            json.nullValue();
        } else {
            fix(json, diagnosis.fix());
        }
        if (analysis.flows() != null) {
            json.key("flows").beginArray();
            analysis.flows().forEach(flow -> flow(json, flow));
            json.endArray();
        }
        if (interfaces != null) {
            CompareReport.betweenInterfaces(json, interfaces);
        }
        json.endObject();
        return out.append('\n').toString();
    }

    private static void capture(JsonWriter json, TrafficSummary traffic, Diagnosis diagnosis) {
        json.key("capture").beginObject().field("packets", traffic.frames());
        if (traffic.frames() > 0) {
            json.field("first", Times.iso(traffic.firstTime())).field("last", Times.iso(traffic.lastTime()));
        } else {
            json.key("first").nullValue().key("last").nullValue();
        }
        json.field("tcpFlows", traffic.tcpFlows())
                .field("tcpSegments", traffic.tcpSegments())
                .field("secondViews", traffic.secondViews())
                .field("icmpTooBig", traffic.tooBigMessages())
                .field("icmpTooBigWithoutFlow", traffic.tooBigWithoutFlow())
                .field("icmpTooBigAboutTunnels", traffic.tooBigAboutTunnels())
                .field("icmpTooBigNotBelowPacket", traffic.tooBigNotBelowPacket())
                .field("icmpTooBigQuoteRewritten", traffic.tooBigQuoteRewritten())
                .field("truncatedFrames", traffic.truncatedFrames())
                .field("malformedFrames", traffic.malformedFrames())
                .field("encryptedPppFrames", traffic.encryptedPppFrames())
                .field("evictedFlows", diagnosis.evictedFlows())
                .field("expiredFlows", traffic.expiredFlows())
                .field("maxFlows", traffic.maxFlows());
        json.key("unknownLinkTypes").beginArray();
        for (Map.Entry<Integer, Long> unknown : traffic.unknownLinkTypes().entrySet()) {
            json.beginObject().field("linkType", unknown.getKey()).field("frames", unknown.getValue()).endObject();
        }
        json.endArray();
        json.key("warnings").beginArray();
        for (CaptureWarning warning : traffic.warnings()) {
            json.beginObject().field("kind", warning.kind().label()).field("text", warning.text()).endObject();
        }
        json.endArray();
        json.endObject();
    }

    private static void libpcap(JsonWriter json, CaptureStatistics statistics) {
        json.key("libpcap").beginObject()
                .field("received", statistics.received())
                .field("droppedByKernel", statistics.droppedByKernel())
                .field("droppedByInterface", statistics.droppedByInterface());
        json.key("interfaces").beginArray();
        for (CaptureStatistics.Counters counters : statistics.interfaces()) {
            json.beginObject()
                    .field("name", counters.interfaceName())
                    .field("received", counters.received())
                    .field("droppedByKernel", counters.droppedByKernel())
                    .field("droppedByInterface", counters.droppedByInterface())
                    .endObject();
        }
        json.endArray().endObject();
    }

    static void finding(JsonWriter json, Finding finding) {
        finding(json, finding, null);
    }

    /** @param evidence the packets that show the finding (--evidence), or null for no "evidence" key */
    private static void finding(JsonWriter json, Finding finding, List<EvidencePacket> evidence) {
        json.beginObject()
                .field("kind", finding.kind().label())
                .field("severity", finding.severity().label());
        json.key("flows").beginArray();
        for (FlowRef flow : finding.flows()) {
            json.beginObject().field("src", flow.source().toString()).field("dst", flow.destination().toString());
            tunnel(json, flow.encapsulation());
            json.endObject();
        }
        json.endArray();
        json.field("flowCount", finding.flowCount());
        Runnable fields = switch (finding.kind()) {
            case PMTU_BLACK_HOLE -> () -> blackHole(json, (Finding.PmtuBlackHole) finding);
            case PMTUD_WORKED, PMTUD_UNCONFIRMED -> () -> pathMtuDiscovery(json, (Finding.PathMtuDiscovery) finding);
            case SILENT_BLACK_HOLE -> () -> silentBlackHole(json, (Finding.SilentBlackHole) finding);
            case RECEIVER_BLACK_HOLE -> () -> receiverBlackHole(json, (Finding.ReceiverBlackHole) finding);
            case MSS_RAISED_IN_PATH -> () -> mssRaised(json, (Finding.MssRaisedInPath) finding);
            case ICMP_MTU_ZERO -> () -> mtuZero(json, (Finding.IcmpMtuZero) finding);
            case OFFLOAD_AGGREGATES -> () -> aggregates(json, (Finding.OffloadAggregates) finding);
            case PATH_MTU -> () -> pathMtu(json, (Finding.PathMtu) finding);
        };
        fields.run();
        if (evidence != null) {
            json.key("evidence").beginArray();
            for (EvidencePacket packet : evidence) {
                json.beginObject().field("input", packet.input()).field("frame", packet.frame())
                        .field("role", packet.role()).field("decoded", packet.decoded()).endObject();
            }
            json.endArray();
        }
        json.endObject();
    }

    private static void blackHole(JsonWriter json, Finding.PmtuBlackHole hole) {
        icmp(json, hole.reporter(), hole.mtu(), hole.mtuEstimated(), hole.icmpMessages(), hole.firstIcmp(),
                hole.lastIcmp(), hole.senders());
        json.field("fromSendersOwnHost", hole.fromSendersOwnHost())
                .field("largestBefore", hole.largestBefore())
                .field("largestResent", hole.largestResent())
                .field("oversizeRetransmissions", hole.oversizeRetransmissions());
        reports(json, hole.reports());
        resends(json, hole.resends());
    }

    private static void pathMtuDiscovery(JsonWriter json, Finding.PathMtuDiscovery discovery) {
        icmp(json, discovery.reporter(), discovery.mtu(), discovery.mtuEstimated(), discovery.icmpMessages(),
                discovery.firstIcmp(), discovery.lastIcmp(), discovery.senders());
        json.field("fromSendersOwnHost", discovery.fromSendersOwnHost())
                .field("largestBefore", discovery.largestBefore())
                .key("largestAfter").valueOrNull(discovery.largestAfter() > 0 ? discovery.largestAfter() : -1)
                .field("oversizeInFlight", discovery.oversizeInFlight());
        reports(json, discovery.reports());
    }

    private static void silentBlackHole(JsonWriter json, Finding.SilentBlackHole silent) {
        json.field("stalledPacket", silent.stalledPacket())
                .field("largestAcknowledged", silent.largestAcknowledged())
                .field("mostSends", silent.mostSends())
                .field("firstSent", Times.iso(silent.firstSent()))
                .field("lastSent", Times.iso(silent.lastSent()))
                .field("cause", silent.cause().label());
        json.key("fallback");
        if (silent.fellBack()) {
            Finding.SilentBlackHole.Fallback fallback = silent.fallback();
            json.beginObject().field("flows", fallback.flows()).field("packet", fallback.packet())
                    .field("longestStallMillis", fallback.longestStall() / 1_000_000).endObject();
        } else {
            json.nullValue();
        }
        resends(json, silent.resends());
    }

    private static void receiverBlackHole(JsonWriter json, Finding.ReceiverBlackHole hole) {
        json.field("sender", hole.sender().toString())
                .field("largestArrived", hole.largestArrived())
                .field("sendable", hole.sendable())
                .field("missingBytes", hole.missing())
                .field("longestStallMillis", hole.longestStall() / 1_000_000)
                .field("firstMissing", Times.iso(hole.firstMissing()))
                .field("filledFlows", hole.filledFlows())
                .key("largestFill").valueOrNull(hole.filledFlows() > 0 ? hole.largestFill() : -1)
                .field("receiverMss", hole.receiverMss())
                .key("senderMss").valueOrNull(hole.senderMss())
                .field("oneWayClamp", hole.oneWayClamp())
                .field("pathMtuUnbounded", hole.pathMtuUnbounded());
    }

    private static void mssRaised(JsonWriter json, Finding.MssRaisedInPath raised) {
        json.field("advertisedMss", raised.advertisedMss())
                .field("largestSegment", raised.largestSegment())
                .field("segmentsAboveMss", raised.segments());
    }

    private static void mtuZero(JsonWriter json, Finding.IcmpMtuZero zero) {
        json.field("reporter", zero.reporter().toString())
                .field("estimatedMtu", zero.estimatedMtu())
                .field("icmpMessages", zero.messages());
    }

    private static void pathMtu(JsonWriter json, Finding.PathMtu path) {
        icmp(json, path.reporter(), path.mtu(), path.mtuEstimated(), path.icmpMessages(), path.firstIcmp(),
                path.lastIcmp(), path.senders());
        json.key("destinations").beginArray();
        path.destinations().forEach(destination -> json.value(destination.toString()));
        json.endArray();
        json.field("destinationCount", path.destinationCount())
                .field("belowLinkMinimum", path.belowLinkMinimum());
        json.key("protocols").beginArray();
        path.protocols().forEach(protocol -> json.value(TextReport.protocol(protocol)));
        json.endArray();
    }

    private static void aggregates(JsonWriter json, Finding.OffloadAggregates aggregates) {
        json.field("aggregates", aggregates.aggregates())
                .field("largestAggregate", aggregates.largestAggregate());
    }

    /** {@code "tunnel": {"kind": "vxlan", "overhead": 50}}, or null when the packets crossed none. */
    private static void tunnel(JsonWriter json, Encapsulation encapsulation) {
        json.key("tunnel");
        if (encapsulation.isTunnel()) {
            json.beginObject().field("kind", encapsulation.tunnel().label())
                    .field("overhead", encapsulation.overhead()).endObject();
        } else {
            json.nullValue();
        }
    }

    private static void icmp(JsonWriter json, IpAddress reporter, int mtu, boolean estimated, long messages,
                             long first, long last, List<IpAddress> senders) {
        json.field("reporter", reporter.toString())
                .field("mtu", mtu)
                .field("mtuEstimated", estimated)
                .field("icmpMessages", messages)
                .field("firstIcmp", Times.iso(first))
                .field("lastIcmp", Times.iso(last));
        json.key("senders").beginArray();
        senders.forEach(sender -> json.value(sender.toString()));
        json.endArray();
    }

    /** {@code "reports": [{"reporter": "10.0.2.1", "mtu": 1396}]}: every router that reported an MTU. */
    private static void reports(JsonWriter json, List<ReportedMtu> reports) {
        json.key("reports").beginArray();
        for (ReportedMtu report : reports) {
            json.beginObject().field("reporter", report.reporter().toString()).field("mtu", report.mtu()).endObject();
        }
        json.endArray();
    }

    private static void resends(JsonWriter json, List<Finding.FlowResends> resends) {
        json.key("resent").beginArray();
        for (Finding.FlowResends flow : resends) {
            json.beginObject()
                    .field("src", flow.flow().source().toString())
                    .field("dst", flow.flow().destination().toString());
            json.key("segments").beginArray();
            for (ResentSegment segment : flow.segments()) {
                json.beginObject().field("seq", segment.relativeSequence()).field("times", segment.times()).endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    private static void fix(JsonWriter json, Fix fix) {
        json.beginObject()
                .field("at", fix.atReceiver() ? "receiver" : "path")
                .field("mtu", fix.mtu())
                .field("ipUp", FixLines.ipUp(fix))
                .field("ifconfig", FixLines.ifconfig(fix))
                .key("reporter").value(fix.reporter() == null ? null : fix.reporter().toString())
                .key("farSender").value(fix.farSender() == null ? null : fix.farSender().toString())
                .key("currentMtu").valueOrNull(fix.reportedMtu())
                .key("clampMss").valueOrNull(fix.clampMss())
                .field("iptables", fix.atReceiver() ? FixLines.receiverClamp(fix, "FORWARD") : FixLines.iptablesClamp(fix))
                .field("nft", fix.atReceiver() ? FixLines.receiverNftClamp(fix) : FixLines.nftClamp(fix));
        json.key("mssRaised");
        if (fix.mssRaised()) {
            json.beginObject().field("advertised", fix.raisedFrom()).field("sent", fix.raisedTo()).endObject();
        } else {
            json.nullValue();
        }
        json.key("tunnel");
        Fix.TunnelLimit tunnel = fix.tunnel();
        if (tunnel == null) {
            json.nullValue();
        } else {
            json.beginObject()
                    .field("kind", tunnel.kind().label())
                    .field("overhead", tunnel.overhead())
                    .field("underlayMtu", tunnel.underlayMtu())
                    .field("underlayMtuFrom", tunnel.evidence().label())
                    .field("wantedMtu", tunnel.wantedMtu())
                    .field("fits", tunnel.fits())
                    .endObject();
        }
        json.endObject();
    }

    private static void flow(JsonWriter json, FlowSummary flow) {
        json.beginObject()
                .field("client", flow.client().toString())
                .field("server", flow.server().toString())
                .field("rolesKnown", flow.rolesKnown())
                .key("clientMss").valueOrNull(flow.clientMss())
                .key("serverMss").valueOrNull(flow.serverMss())
                .field("clientLargestPayload", flow.clientLargestPayload())
                .field("clientLargestPacket", flow.clientLargestPacket())
                .field("serverLargestPayload", flow.serverLargestPayload())
                .field("serverLargestPacket", flow.serverLargestPacket())
                .field("packets", flow.packets())
                .field("retransmissions", flow.retransmissions())
                .field("icmpTooBig", flow.tooBigMessages());
        tunnel(json, flow.tunnel());
        json.endObject();
    }
}
