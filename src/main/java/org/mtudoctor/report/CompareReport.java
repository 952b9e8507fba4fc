package org.mtudoctor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.mtudoctor.compare.Compare;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.compare.Handshake;
import org.mtudoctor.compare.IcmpDropped;
import org.mtudoctor.compare.LostBetween;
import org.mtudoctor.compare.MssRewritten;
import org.mtudoctor.compare.Point;
import org.mtudoctor.compare.TooBigSeen;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Rules;
import org.mtudoctor.flow.FlowRules;

/**
 * The text report of {@code mtudoctor compare}: the points in path order with each one's own
 * verdict, how the neighbours line up (connections matched, clock offset), then what changed
 * between them. Deterministic: {@link Locale#ROOT}, '\n'.
 */
public final class CompareReport {

    private final StringBuilder out = new StringBuilder();
    /** The points by name: two interfaces of one host's capture are worded as what happens inside it. */
    private final Map<String, Point> points = new HashMap<>();

    private CompareReport(Comparison comparison) {
        comparison.points().forEach(point -> points.put(point.name(), point));
    }

    public static String text(Compare.Result result) {
        CompareReport report = new CompareReport(result.comparison());
        report.write(result);
        return report.out.toString();
    }

    private void write(Compare.Result result) {
        line("mtudoctor compare: " + result.points().stream()
                .map(point -> point.point().host() + "=" + point.point().file())
                .distinct().collect(Collectors.joining(" ")));
        line("");
        Comparison comparison = result.comparison();
        line(comparison.ordered() ? "POINTS, from the client's end (by the TTL of the SYNs seen at both)"
                : "POINTS, in the order given (no SYN seen at two points told them apart)");
        for (String name : comparison.order()) {
            Compare.PointResult point = result.point(name);
            Diagnosis diagnosis = point.analysis().analysis().diagnosis();
            String verdict = diagnosis.findings().isEmpty() ? "no MTU or MSS problem"
                    : diagnosis.findings().stream().map(f -> f.severity().label() + " " + f.kind().label())
                            .collect(Collectors.joining(", "));
            line(String.format(Locale.ROOT, "  %-10s %s: %d packets, %d handshakes; %s%s", name, point.point().file(),
                    point.analysis().analysis().traffic().frames(), point.point().handshakes().all().size(), verdict,
                    diagnosis.fix() == null ? "" : "; fix MTU " + diagnosis.fix().mtu()));
        }
        neighbours(comparison);
        if (comparison.neighbours().stream().allMatch(pair -> pair.matched() == 0)) {
            line("  No connection was seen at two points (same initial sequence numbers): nothing to compare.");
        }
        line("");
        findings(comparison);
        connections(comparison);
        for (String error : result.errors()) {
            line("error: " + error);
        }
        long problems = comparison.problems(), warnings = comparison.warnings(), info = comparison.info();
        line(String.format(Locale.ROOT, "%d cross-point problem%s, %d warning%s, %d info", problems,
                problems == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", info));
    }

    /** How each pair of neighbours lines up: connections matched, clocks, packets crossed, NAT. */
    private void neighbours(Comparison comparison) {
        for (Comparison.Neighbours pair : comparison.neighbours()) {
            line("  " + pair.nearClient() + " -> " + pair.nearServer() + ": " + count(pair.matched(), "connection")
                    + " seen at both, " + pair.onlyNearClient() + " at " + pair.nearClient() + " only, "
                    + pair.onlyNearServer() + " at " + pair.nearServer() + " only"
                    + (pair.matched() == 0 ? "" : "; " + pair.nearServer() + "'s clock "
                    + Times.signedSeconds(pair.clockOffsetNanos()) + " from " + pair.nearClient() + "'s"
                    + (pair.transitNanos() < 0 ? " (transit included)"
                    : " (transit " + Times.signedSeconds(pair.transitNanos()).substring(1) + ")")));
            if (pair.matched() > 0) {
                line("    data packets: " + crossed(pair.nearClient(), pair.nearServer(), pair.towardServer()) + "; "
                        + crossed(pair.nearServer(), pair.nearClient(), pair.towardClient()));
            }
            if (pair.renumbered() > 0) {
                line("    " + pair.renumbered() + " of the handshakes at " + pair.nearServer() + " only have the ports and the"
                        + " time of one at " + pair.nearClient() + " only: their sequence numbers were rewritten between the"
                        + " two (a firewall that randomises them, or a proxy's own handshake); not compared");
            }
            if (pair.matched() > 0 && pair.tied()) {
                line("    same TTLs at both (two ends of one link, or one host's two interfaces): placed by the other points, else as given");
            }
            if (pair.translated() > 0) {
                Handshake before = pair.translation().atBefore(), after = pair.translation().atAfter();
                line("    NAT between them: " + count(pair.translated(), "connection") + " translated, e.g. "
                        + before.client() + " -> " + before.server() + " at " + pair.nearClient() + " is "
                        + after.client() + " -> " + after.server() + " at " + pair.nearServer());
            }
        }
    }

    /** {@code --flows}: each connection both neighbours saw, pair by pair; nothing when not asked for. */
    private void connections(Comparison comparison) {
        for (Comparison.Neighbours pair : comparison.neighbours()) {
            if (pair.connections().isEmpty()) {
                continue;
            }
            line("CONNECTIONS " + pair.nearClient() + " -> " + pair.nearServer() + " (MSS: SYN, SYN-ACK at each;"
                    + " data packets crossed/vanished each way)");
            for (Comparison.Matched connection : pair.connections()) {
                Handshake near = connection.atNearClient(), far = connection.atNearServer();
                boolean same = near.client().equals(far.client()) && near.server().equals(far.server());
                line("  " + near.client() + " -> " + near.server() + (same ? "" : " (" + far.client() + " -> "
                        + far.server() + " at " + pair.nearServer() + ")") + ": MSS " + mss(near.synMss()) + "/"
                        + mss(near.synAckMss()) + " at " + pair.nearClient() + ", " + mss(far.synMss()) + "/"
                        + mss(far.synAckMss()) + " at " + pair.nearServer() + "; to server " + counts(connection.towardServer())
                        + ", to client " + counts(connection.towardClient()));
            }
            line("");
        }
    }

    private static String mss(int mss) {
        return mss < 0 ? "-" : Integer.toString(mss);
    }

    private static String counts(Comparison.Crossed crossed) {
        return crossed == null ? "none" : crossed.crossed() + "/" + crossed.vanished();
    }

    /** The cross-point findings, then where to act. */
    private void findings(Comparison comparison) {
        for (LostBetween loss : comparison.losses()) {
            lost(loss);
            line("");
        }
        for (IcmpDropped drop : comparison.icmpDrops()) {
            icmpDropped(drop);
            line("");
        }
        for (MssRewritten rewrite : comparison.rewrites()) {
            rewritten(rewrite);
            line("");
        }
        whereToAct(comparison);
    }

    /**
     * The section of a single capture's report for a capture of one host's several interfaces:
     * how they line up, and what changed between them.
     */
    public static String betweenInterfaces(Comparison comparison) {
        CompareReport report = new CompareReport(comparison);
        report.line("BETWEEN INTERFACES of the capturing host: " + String.join(", ", comparison.order())
                + (comparison.ordered() ? ", from the client's end" : ", in no order the SYNs tell"));
        report.neighbours(comparison);
        report.line("");
        report.findings(comparison);
        return report.out.toString();
    }

    /** The JSON form: points in path order with their own verdicts, neighbours, cross-point findings. */
    public static String json(Compare.Result result) {
        StringBuilder out = new StringBuilder(4096);
        JsonWriter json = new JsonWriter(out, true);
        Comparison comparison = result.comparison();
        json.beginObject().field("ordered", comparison.ordered());
        json.key("points").beginArray();
        for (String name : comparison.order()) {
            Compare.PointResult point = result.point(name);
            Diagnosis diagnosis = point.analysis().analysis().diagnosis();
            json.beginObject().field("name", name).field("file", point.point().file())
                    .field("packets", point.analysis().analysis().traffic().frames())
                    .field("handshakes", point.point().handshakes().all().size());
            json.key("findings").beginArray();
            diagnosis.findings().forEach(finding -> json.beginObject().field("kind", finding.kind().label())
                    .field("severity", finding.severity().label()).endObject());
            json.endArray();
            json.key("fixMtu").valueOrNull(diagnosis.fix() == null ? -1 : diagnosis.fix().mtu());
            json.endObject();
        }
        json.endArray();
        crossPoint(json, comparison);
        json.key("errors").beginArray();
        result.errors().forEach(json::value);
        json.endArray();
        json.endObject();
        return out.append('\n').toString();
    }

    /** The comparison's own fields: neighbours, summary, findings. */
    static void crossPoint(JsonWriter json, Comparison comparison) {
        json.key("neighbours").beginArray();
        for (Comparison.Neighbours pair : comparison.neighbours()) {
            json.beginObject().field("nearClient", pair.nearClient()).field("nearServer", pair.nearServer())
                    .field("matched", pair.matched()).field("onlyNearClient", pair.onlyNearClient())
                    .field("onlyNearServer", pair.onlyNearServer()).field("renumbered", pair.renumbered())
                    .key("clockOffsetMicros");
            if (pair.matched() == 0) {
                json.nullValue(); // a clock behind is negative: null only when nothing matched
            } else {
                json.value(pair.clockOffsetNanos() / 1000);
            }
            json
                    .key("transitMicros").valueOrNull(pair.transitNanos() < 0 ? -1 : pair.transitNanos() / 1000)
                    .field("sameTtls", pair.matched() > 0 && pair.tied())
                    .field("translated", pair.translated());
            crossedJson(json, "towardServer", pair.towardServer());
            crossedJson(json, "towardClient", pair.towardClient());
            if (!pair.connections().isEmpty()) {
                json.key("connections").beginArray();
                for (Comparison.Matched connection : pair.connections()) {
                    Handshake near = connection.atNearClient(), far = connection.atNearServer();
                    json.beginObject().field("client", near.client().toString()).field("server", near.server().toString())
                            .field("clientThere", far.client().toString()).field("serverThere", far.server().toString())
                            .key("synMss").valueOrNull(near.synMss()).key("synAckMss").valueOrNull(near.synAckMss())
                            .key("synMssThere").valueOrNull(far.synMss()).key("synAckMssThere").valueOrNull(far.synAckMss());
                    if (connection.towardServer() != null) {
                        crossedJson(json, "towardServer", connection.towardServer());
                    }
                    if (connection.towardClient() != null) {
                        crossedJson(json, "towardClient", connection.towardClient());
                    }
                    json.endObject();
                }
                json.endArray();
            }
            json.endObject();
        }
        json.endArray();
        json.key("summary").beginObject().field("problems", comparison.problems())
                .field("warnings", comparison.warnings()).field("info", comparison.info()).endObject();
        json.key("findings").beginArray();
        for (LostBetween loss : comparison.losses()) {
            json.beginObject().field("kind", LostBetween.KIND).field("severity", loss.silent() ? "problem" : "info")
                    .field("before", loss.before()).field("after", loss.after()).field("sender", loss.direction())
                    .field("largestArrived", loss.largestArrived()).field("smallestVanished", loss.smallestVanished())
                    .field("vanished", loss.vanished()).field("connections", loss.connections())
                    .field("withIcmp", loss.withIcmp())
                    .field("client", loss.example().client().toString()).field("server", loss.example().server().toString())
                    .field("firstFrame", loss.firstFrame())
                    .field("crossedSize", loss.crossedSize()).field("crossedFrameBefore", loss.crossedFrameBefore())
                    .key("crossedFrameAfter").valueOrNull(loss.crossedFrameAfter())
                    .endObject();
        }
        for (IcmpDropped drop : comparison.icmpDrops()) {
            json.beginObject().field("kind", IcmpDropped.KIND)
                    .field("severity", drop.allDropped() ? "problem" : "warning")
                    .field("before", drop.before()).field("after", drop.after())
                    .field("reporter", drop.reporter().toString()).field("mtu", drop.mtu())
                    .field("sent", drop.sent()).field("arrived", drop.arrived()).field("connections", drop.connections());
            json.key("frames").beginArray();
            drop.examples().forEach(example -> {
                TooBigSeen message = example.message();
                json.beginObject().field("point", drop.before())
                        .field("frame", message.frame()).field("quotedSrc", message.quotedSource().toString())
                        .field("quotedDst", message.quotedDestination().toString())
                        .field("quotedSeq", message.quotedSequence())
                        .key("quotedFrameAfter").valueOrNull(example.quotedFrameAfter()).endObject();
            });
            json.endArray().endObject();
        }
        for (MssRewritten rewrite : comparison.rewrites()) {
            json.beginObject().field("kind", MssRewritten.KIND).field("severity", rewrite.warning() ? "warning" : "info")
                    .field("segment", rewrite.segment().label())
                    .field("before", rewrite.before()).field("beforeMss", rewrite.beforeMss())
                    .field("after", rewrite.after()).field("afterMss", rewrite.afterMss())
                    .field("raised", rewrite.raised()).field("oneWay", rewrite.oneWay())
                    .field("connections", rewrite.connections());
            json.key("examples").beginArray();
            boolean syn = rewrite.segment() == MssRewritten.Segment.SYN;
            for (MssRewritten.Example example : rewrite.examples()) {
                json.beginObject()
                        .field("client", example.atBefore().client().toString())
                        .field("server", example.atBefore().server().toString())
                        .field("beforeFrame", syn ? example.atBefore().synFrame() : example.atBefore().synAckFrame())
                        .field("afterFrame", syn ? example.atAfter().synFrame() : example.atAfter().synAckFrame())
                        .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
    }

    /** A single capture's {@code betweenInterfaces} object: what changed between one host's interfaces. */
    static void betweenInterfaces(JsonWriter json, Comparison comparison) {
        json.key("betweenInterfaces").beginObject().field("ordered", comparison.ordered());
        json.key("interfaces").beginArray();
        comparison.order().forEach(json::value);
        json.endArray();
        crossPoint(json, comparison);
        json.endObject();
    }

    private static void crossedJson(JsonWriter json, String key, Comparison.Crossed crossed) {
        json.key(key).beginObject().field("crossed", crossed.crossed()).field("vanished", crossed.vanished())
                .field("idRewritten", crossed.idRewritten()).endObject();
    }

    /** Where each cross-point problem or warning says to act, worst first; nothing when there is none. */
    private void whereToAct(Comparison comparison) {
        List<String> steps = new ArrayList<>();
        for (IcmpDropped drop : comparison.icmpDrops()) {
            steps.add(capital(between(drop.before(), drop.after())) + ": let ICMP too-big through (IPv4 type 3 code 4,"
                    + " ICMPv6 type 2) " + (host(drop.before(), drop.after()) != null ? "in its firewall's forward chain"
                    : "on every firewall there")
                    + "; it is dropped on its way to the senders.");
        }
        for (LostBetween loss : comparison.losses()) {
            if (loss.silent()) {
                int version = loss.example().server().address().version();
                String clamp = loss.largestArrived() > FlowRules.safePacketLength(version)
                        ? "clamp the MSS of SYNs crossing it to " + (loss.largestArrived() - Rules.headerOverhead(version))
                                + " (or less) where they enter it"
                        : "clamp the MSS of SYNs crossing it to fit its MTU, found first with tracepath (the "
                                + loss.largestArrived() + " bytes that arrived bound nothing)";
                steps.add(capital(between(loss.before(), loss.after())) + ": "
                        + (host(loss.before(), loss.after()) != null ? iface(loss.after()) : "a link")
                        + " carries less than "
                        + loss.smallestVanished() + " bytes and sends no ICMP about it: give it MTU "
                        + loss.smallestVanished() + " or more, or " + clamp + ".");
            }
        }
        for (MssRewritten rewrite : comparison.rewrites()) {
            if (rewrite.raised()) {
                steps.add(capital(between(rewrite.before(), rewrite.after())) + ": "
                        + Objects.requireNonNullElse(host(rewrite.before(), rewrite.after()), "something") + " raises the "
                        + rewrite.segment().label() + "'s MSS (" + rewrite.beforeMss() + " to " + rewrite.afterMss()
                        + "): a clamp at or before " + rewrite.before() + " is undone there; "
                        + (host(rewrite.before(), rewrite.after()) != null ? "stop the raise (its mangle rules), or clamp"
                        + " as the SYNs leave on " + iface(rewrite.after()) + " (postrouting)."
                        : "clamp where the SYNs have passed it (at " + rewrite.after() + " at the latest), or stop the raise.")
                        + " Or give every link of the path MTU " + (rewrite.afterMss() + Rules.headerOverhead(
                        rewrite.examples().get(0).atBefore().client().address().version())) + " at least, which packets"
                        + " of the raised MSS need.");
            } else if (rewrite.oneWay()) {
                steps.add(capital(between(rewrite.before(), rewrite.after())) + ": the clamp there lowers only the "
                        + rewrite.segment().label() + "'s MSS; clamp the " + (rewrite.segment() == MssRewritten.Segment.SYN
                        ? "SYN-ACK" : "SYN") + "s too (tcp flags syn, both directions).");
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        line("WHERE TO ACT");
        steps.forEach(step -> line("  " + step));
        line("");
    }

    private void lost(LostBetween loss) {
        line((loss.silent() ? "PROBLEM" : "INFO") + "  " + LostBetween.KIND + ": the " + loss.direction() + "'s packets above " + loss.largestArrived() + " bytes leave "
                + loss.before() + " and never reach " + loss.after() + "; smaller ones do");
        detail("sizes", count(loss.vanished(), "packet") + " of " + loss.smallestVanished() + " bytes or more vanished, in "
                + count(loss.connections(), "connection") + "; the largest that arrived " + loss.largestArrived() + " bytes");
        Handshake example = loss.example();
        detail("conns", example.client() + " -> " + example.server() + " at " + loss.before() + "; its first packet that"
                + " vanished: " + loss.before() + " frame " + loss.firstFrame());
        detail("frames", "its largest that crossed, " + loss.crossedSize() + " bytes: " + loss.before() + " frame "
                + loss.crossedFrameBefore() + ", " + loss.after() + (loss.crossedFrameAfter() < 0
                ? " inside an offload aggregate" : " frame " + loss.crossedFrameAfter()));
        String host = host(loss.before(), loss.after());
        detail("path", host != null ? host + " forwards packets of " + loss.largestArrived() + " bytes from "
                + iface(loss.before()) + " to " + iface(loss.after()) + ", and not of " + loss.smallestVanished() + ": "
                + iface(loss.after()) + "'s MTU is below that"
                : "between " + loss.before() + " and " + loss.after() + " the path carries at least "
                + loss.largestArrived() + " bytes, and not " + loss.smallestVanished());
        detail("cause", loss.silent() ? (host != null ? iface(loss.after()) + "'s MTU on " + host : "a link between " + loss.before()
                + " and " + loss.after()) + " is smaller, and no"
                + " ICMP too-big about these connections is seen at either point: a silent black hole, located"
                : "a link between them is smaller, and ICMP too-big about " + (loss.withIcmp() == loss.connections()
                ? "these connections" : loss.withIcmp() + " of these connections") + " says so: see the ICMP findings");
    }

    private void icmpDropped(IcmpDropped drop) {
        String host = host(drop.before(), drop.after());
        line((drop.allDropped() ? "PROBLEM" : "WARNING") + "  " + IcmpDropped.KIND + ": ICMP too-big from " + drop.reporter()
                + " (MTU " + drop.mtu() + ") " + (host != null ? "enters " + host + " on " + iface(drop.before())
                : "leaves " + drop.before()) + " and "
                + (drop.allDropped() ? (host != null ? "never leaves on " + iface(drop.after()) : "never reaches " + drop.after())
                : "only " + drop.arrived() + " of " + drop.sent() + (host != null ? " leave on " + iface(drop.after())
                : " reach " + drop.after())));
        detail("icmp", count(drop.sent(), "message") + " at " + drop.before() + ", " + drop.arrived() + " at " + drop.after()
                + ", about " + count(drop.connections(), "connection") + " both points saw");
        boolean first = true;
        for (IcmpDropped.Example example : drop.examples()) {
            TooBigSeen message = example.message();
            detail(first ? "frames" : "", drop.before() + " frame " + message.frame() + ": about "
                    + message.quotedSource() + " -> " + message.quotedDestination() + " seq " + message.quotedSequence()
                    + (example.quotedFrameAfter() < 0 ? "" : "; that segment at " + drop.after() + ": frame "
                    + example.quotedFrameAfter()));
            first = false;
        }
        detail("cause", (host != null ? host + ", from " + iface(drop.before()) + " to " + iface(drop.after()) + ","
                : "something between " + drop.before() + " and " + drop.after()) + " drops ICMP too-big"
                + (drop.allDropped() ? " (an ICMP black hole): the sender never learns the MTU" : " at times"));
    }

    private void rewritten(MssRewritten rewrite) {
        String how = rewrite.raised() ? "raised" : "lowered";
        line((rewrite.warning() ? "WARNING" : "INFO") + "  " + MssRewritten.KIND + ": the " + rewrite.segment().label() + "'s MSS was "
                + how + " " + between(rewrite.before(), rewrite.after()) + ": " + rewrite.beforeMss() + " at "
                + rewrite.before() + ", " + rewrite.afterMss() + " at " + rewrite.after());
        boolean first = true;
        for (MssRewritten.Example example : rewrite.examples()) {
            detail(first ? "conns" : "", (first ? rewrite.connections() + ": " : "") + at(example.atBefore(), rewrite, true)
                    + "; " + at(example.atAfter(), rewrite, false));
            first = false;
        }
        if (rewrite.raised()) {
            String host = host(rewrite.before(), rewrite.after());
            detail("cause", (host != null ? host + ", from " + iface(rewrite.before()) + " to " + iface(rewrite.after()) + ","
                    : "something between " + rewrite.before() + " and " + rewrite.after()) + " raises the MSS of "
                    + rewrite.segment().label() + "s: the other end sends segments larger than the "
                    + rewrite.beforeMss() + " its peer allowed");
        } else if (rewrite.oneWay()) {
            detail("cause", "a clamp " + between(rewrite.before(), rewrite.after()) + " lowers the "
                    + rewrite.segment().label() + "'s MSS only: the other direction is not clamped");
        } else {
            detail("cause", "a clamp " + between(rewrite.before(), rewrite.after()));
        }
    }

    /** Where between two points: "between a and b", or for two interfaces of one host "on isp, from eth1 to eth0". */
    private String between(String before, String after) {
        String host = host(before, after);
        return host != null ? "on " + host + ", from " + iface(before) + " to " + iface(after)
                : "between " + before + " and " + after;
    }

    /** The host whose capture holds both points, as two of its interfaces; null when they are not. */
    private String host(String before, String after) {
        Point one = points.get(before), other = points.get(after);
        return one != null && other != null && one.sameHost(other) ? one.host() : null;
    }

    /** A point's interface, or its name when it is a whole capture. */
    private String iface(String name) {
        Point point = points.get(name);
        return point == null || point.iface().isEmpty() ? name : point.iface();
    }

    private static String capital(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String crossed(String from, String to, Comparison.Crossed crossed) {
        return from + " -> " + to + " " + crossed.crossed() + " crossed, " + crossed.vanished() + " vanished"
                + (crossed.idRewritten() == 0 ? "" : " (" + crossed.idRewritten() + " with another IP ID)");
    }

    private static String at(Handshake handshake, MssRewritten rewrite, boolean before) {
        boolean syn = rewrite.segment() == MssRewritten.Segment.SYN;
        return handshake.client() + " -> " + handshake.server() + " at " + (before ? rewrite.before() : rewrite.after())
                + " (frame " + (syn ? handshake.synFrame() : handshake.synAckFrame()) + ")";
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private void detail(String label, String text) {
        out.append(String.format(Locale.ROOT, "    %-7s%s", label, text).stripTrailing()).append('\n');
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
