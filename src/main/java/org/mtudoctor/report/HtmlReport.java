package org.mtudoctor.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.FlowPlot;
import org.mtudoctor.compare.Compare;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.Fix;
import org.mtudoctor.diagnosis.Severity;
import org.mtudoctor.flow.FlowSummary;

/**
 * {@code --html FILE}: one self-contained page (the verdict, each finding as the text report words
 * it, a plot of each problem's flows, the fix with copy buttons, the capture summary, --flows as a
 * sortable table). Everything is inline, uPlot too (vendored, see uplot.VERSION), and a
 * Content-Security-Policy forbids every request: the page opens offline and sends nothing.
 *
 * <p>The page's words are escaped here; the plots are drawn in the browser from the data block
 * ({@link #data}), whose strings are JSON-escaped with '&lt;' written as \u003c, so no string from
 * a capture (a pcapng comment, an interface name) can end the script or open a tag.
 */
public final class HtmlReport {

    private static final String RESOURCES = "/org/mtudoctor/report/html/";

    private final StringBuilder out = new StringBuilder(256 * 1024);

    private HtmlReport() {
    }

    /**
     * The page.
     *
     * @param plots      for each finding, in the diagnosis's order, the plots of its flows; null
     *                   when no packets were kept to draw them from (live without -w)
     * @param interfaces what changed between the capture's interfaces, or null
     */
    public static String render(Analysis analysis, List<List<FlowPlot>> plots, Comparison interfaces) {
        HtmlReport page = new HtmlReport();
        page.write(analysis, plots, interfaces);
        return page.out.toString();
    }

    /** The data the plots are drawn from, as the page embeds it (JSON; golden-tested apart from the page). */
    public static String data(Analysis analysis, List<List<FlowPlot>> plots) {
        return dataJson(verdict(analysis.diagnosis()), List.of(new PointPlots("", analysis, plots)));
    }

    private static String dataJson(String verdict, List<PointPlots> points) {
        StringBuilder json = new StringBuilder(64 * 1024);
        JsonWriter writer = new JsonWriter(json, false); // compact: a flow of 100,000 packets is 6 numbers each
        writer.beginObject().field("verdict", verdict);
        writer.key("plots").beginArray();
        for (PointPlots point : points) {
            List<Finding> findings = point.analysis().diagnosis().findings();
            for (int i = 0; point.plots() != null && i < findings.size(); i++) {
                if (point.plots().get(i).isEmpty()) {
                    continue;
                }
                Finding finding = findings.get(i);
                writer.beginObject();
                if (point.prefix().isEmpty()) {
                    writer.field("finding", i);
                } else {
                    writer.field("finding", point.prefix() + i);
                }
                writer.field("kind", finding.kind().label()).field("severity", finding.severity().label());
                writer.key("mtu").valueOrNull(reportedMtu(finding));
                writer.key("flows").beginArray();
                for (FlowPlot plot : point.plots().get(i)) {
                    flow(writer, plot);
                }
                writer.endArray().endObject();
            }
        }
        writer.endArray().endObject();
        return json.append('\n').toString();
    }

    private static void flow(JsonWriter json, FlowPlot plot) {
        json.beginObject().field("flow", plot.flow().toString()).field("start", Times.iso(plot.startNanos()))
                .field("startMillis", plot.startNanos() / 1_000_000)
                .field("largestThrough", plot.largestThrough()).field("truncated", plot.truncated());
        List<FlowPlot.Segment> packets = plot.packets();
        json.key("t").beginArray();
        packets.forEach(p -> json.value(p.micros()));
        json.endArray().key("size").beginArray();
        packets.forEach(p -> json.value(p.size()));
        json.endArray().key("seq").beginArray();
        packets.forEach(p -> json.value(p.sequence()));
        json.endArray().key("len").beginArray();
        packets.forEach(p -> json.value(p.payload()));
        // 0: the sender's new data, 1: the sender's resend, 2: the peer's packet.
        json.endArray().key("kind").beginArray();
        packets.forEach(p -> json.value(p.fromPeer() ? 2 : p.resend() ? 1 : 0));
        json.endArray().key("ackT").beginArray();
        plot.acks().forEach(a -> json.value(a.micros()));
        json.endArray().key("ack").beginArray();
        plot.acks().forEach(a -> json.value(a.ack()));
        json.endArray().key("sackT").beginArray();
        plot.sacks().forEach(b -> json.value(b.micros()));
        json.endArray().key("sackL").beginArray();
        plot.sacks().forEach(b -> json.value(b.left()));
        json.endArray().key("sackR").beginArray();
        plot.sacks().forEach(b -> json.value(b.right()));
        json.endArray().key("icmpT").beginArray();
        plot.icmp().forEach(m -> json.value(m.micros()));
        json.endArray().key("icmpMtu").beginArray();
        plot.icmp().forEach(m -> json.value(m.mtu()));
        json.endArray().endObject();
    }

    /** The MTU an ICMP reported for the finding, drawn as a line; -1 (null) when it has none. */
    private static int reportedMtu(Finding finding) {
        if (finding instanceof Finding.PmtuBlackHole hole) {
            return hole.mtu();
        }
        if (finding instanceof Finding.PathMtuDiscovery discovery) {
            return discovery.mtu();
        }
        if (finding instanceof Finding.IcmpMtuZero zero) {
            return zero.estimatedMtu();
        }
        return -1;
    }

    /** The verdict in one sentence: the worst finding's headline, and the MTU to set. */
    static String verdict(Diagnosis diagnosis) {
        if (diagnosis.findings().isEmpty()) {
            return "No MTU or MSS problem found.";
        }
        Finding worst = diagnosis.findings().get(0);
        String headline = TextReport.findingBlock(worst, List.of()).lines().findFirst().orElse("");
        headline = headline.substring(headline.indexOf(": ") + 2);
        String sentence = title(worst.kind().label()) + ": " + headline;
        Fix fix = diagnosis.fix();
        return fix == null ? sentence + "." : sentence + ". Set MTU " + fix.mtu() + ".";
    }

    private void write(Analysis analysis, List<List<FlowPlot>> plots, Comparison interfaces) {
        Diagnosis diagnosis = analysis.diagnosis();
        String inputs = String.join(" ", analysis.inputs());
        head("mtudoctor: " + inputs, "mtudoctor " + inputs, diagnosis.findings().isEmpty() ? "ok"
                : diagnosis.findings().get(0).severity().label(), verdict(diagnosis));
        analysisSections(analysis, plots, "", "h2");
        if (interfaces != null) {
            out.append("<section class=\"interfaces\"><h2>Between interfaces</h2>\n<pre>")
                    .append(escape(CompareReport.betweenInterfaces(interfaces))).append("</pre></section>\n");
        }
        tail(dataJson(verdict(diagnosis), List.of(new PointPlots("", analysis, plots))));
    }

    /** One capture's findings (with their plots' places), fix, summary and flows; {@code prefix} tells points apart. */
    private void analysisSections(Analysis analysis, List<List<FlowPlot>> plots, String prefix, String heading) {
        Diagnosis diagnosis = analysis.diagnosis();
        for (int i = 0; i < diagnosis.findings().size(); i++) {
            Finding finding = diagnosis.findings().get(i);
            out.append("<section class=\"finding ").append(finding.severity().label()).append("\" id=\"finding-")
                    .append(prefix).append(i).append("\">\n<").append(heading).append('>')
                    .append(finding.severity().label().toUpperCase(Locale.ROOT)).append(' ')
                    .append(escape(finding.kind().label())).append("</").append(heading).append(">\n<pre>")
                    .append(escape(TextReport.findingBlock(finding, analysis.evidenceOf(i)))).append("</pre>\n");
            if (plots == null && finding.severity() == Severity.PROBLEM) {
                out.append("<p class=\"no-plot\">No plot: the capture kept no packets to draw them from"
                        + " (run mtudoctor live with -w FILE as well as --html).</p>\n");
            } else if (plots != null && !plots.get(i).isEmpty()) {
                out.append("<div class=\"plots\" data-finding=\"").append(prefix).append(i).append("\"></div>\n");
            }
            out.append("</section>\n");
        }
        if (diagnosis.fix() != null) {
            fix(TextReport.fixBlock(diagnosis.fix()), prefix);
        }
        out.append("<section class=\"capture\"><").append(heading).append(">Capture</").append(heading).append(">\n<pre>")
                .append(escape(TextReport.summaryBlock(analysis))).append("</pre></section>\n");
        if (analysis.flows() != null) {
            flows(analysis.flows());
        }
    }

    private void head(String title, String tool, String severity, String verdict) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(resource("uPlot.min.css")).append('\n').append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n");
        out.append("<header><p class=\"tool\">").append(escape(tool)).append("</p>\n<h1 id=\"verdict\" class=\"")
                .append(severity).append("\">").append(escape(verdict)).append("</h1></header>\n<main>\n");
    }

    private void tail(String data) {
        out.append("</main>\n<script type=\"application/json\" id=\"mtudoctor-data\">\n")
                .append(scriptSafe(data)).append("</script>\n<script>\n")
                .append(resource("uPlot.iife.min.js")).append("\n</script>\n<script>\n").append(resource("report.js"))
                .append("\n</script>\n</body>\n</html>\n");
    }

    /** One capture's plots, its findings' places named with {@code prefix}. */
    public record PointPlots(String prefix, Analysis analysis, List<List<FlowPlot>> plots) {
    }

    /**
     * The page of {@code mtudoctor compare --html}: the cross-point verdict, the comparison as its
     * text report gives it, then each capture's own findings, plots and fix.
     *
     * @param points each capture read (one per file: a host's interfaces share it), in path order,
     *               with the name it goes by and its plots
     */
    public static String renderComparison(Compare.Result result, List<Map.Entry<String, PointPlots>> points) {
        HtmlReport page = new HtmlReport();
        Comparison comparison = result.comparison();
        String verdict = comparisonVerdict(CompareReport.text(result));
        String severity = comparison.problems() > 0 ? "problem" : comparison.warnings() > 0 ? "warning" : "ok";
        String names = String.join(" ", points.stream().map(Map.Entry::getKey).toList());
        page.head("mtudoctor compare: " + names, "mtudoctor compare " + names, severity, verdict);
        page.out.append("<section class=\"comparison\"><h2>Between the points</h2>\n<pre>")
                .append(escape(CompareReport.text(result))).append("</pre></section>\n");
        for (Map.Entry<String, PointPlots> point : points) {
            page.out.append("<section class=\"point\"><h2>Point ").append(escape(point.getKey())).append("</h2>\n");
            page.analysisSections(point.getValue().analysis(), point.getValue().plots(), point.getValue().prefix(), "h3");
            page.out.append("</section>\n");
        }
        page.tail(dataJson(verdict, points.stream().map(Map.Entry::getValue).toList()));
        return page.out.toString();
    }

    /** The comparison's worst cross-point finding in one sentence, from its text report's headline. */
    static String comparisonVerdict(String text) {
        for (String severity : List.of("PROBLEM  ", "WARNING  ")) {
            for (String line : text.lines().toList()) {
                if (line.startsWith(severity)) {
                    String kindAndRest = line.substring(severity.length());
                    int colon = kindAndRest.indexOf(": ");
                    return title(kindAndRest.substring(0, colon)) + ": " + kindAndRest.substring(colon + 2) + ".";
                }
            }
        }
        return "No problem between the points.";
    }

    /** The fix: its words as paragraphs, each command (the indented lines) in a block with a copy button. */
    private void fix(String block, String prefix) {
        out.append("<section class=\"fix\" id=\"fix").append(prefix.isEmpty() ? "" : "-" + prefix.replace("-", ""))
                .append("\"><h2>Fix</h2>\n");
        for (String line : block.lines().skip(1).toList()) {
            if (line.startsWith("    ")) {
                out.append("<div class=\"command\"><code>").append(escape(line.strip()))
                        .append("</code><button type=\"button\" class=\"copy\">Copy</button></div>\n");
            } else {
                out.append("<p>").append(escape(line.strip())).append("</p>\n");
            }
        }
        out.append("</section>\n");
    }

    /** --flows as a table the page sorts by a click on a column's head (report.js). */
    private void flows(List<FlowSummary> flows) {
        out.append("<section class=\"flows\"><h2>Flows (").append(flows.size()).append(")</h2>\n<table class=\"sortable\">")
                .append("<thead><tr><th>client</th><th>server</th><th>client MSS</th><th>server MSS</th>")
                .append("<th>client largest packet</th><th>server largest packet</th><th>packets</th>")
                .append("<th>retransmissions</th><th>ICMP too-big</th><th>tunnel</th></tr></thead>\n<tbody>\n");
        for (FlowSummary flow : flows) {
            out.append("<tr><td>").append(escape(flow.client() + (flow.rolesKnown() ? "" : "?"))).append("</td><td>")
                    .append(escape(flow.server().toString())).append("</td>");
            cell(flow.clientMss());
            cell(flow.serverMss());
            cell(flow.clientLargestPacket());
            cell(flow.serverLargestPacket());
            cell(flow.packets());
            cell(flow.retransmissions());
            cell(flow.tooBigMessages());
            out.append("<td>").append(flow.tunnel().isTunnel() ? escape(flow.tunnel().tunnel().label()) + "+"
                    + flow.tunnel().overhead() : "-").append("</td></tr>\n");
        }
        out.append("</tbody></table></section>\n");
    }

    private void cell(long number) {
        out.append("<td class=\"number\">").append(number < 0 ? "-" : Long.toString(number)).append("</td>");
    }

    /** Text for HTML: the five characters that matter escaped. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * JSON made safe inside a script element: '<' (and so "&lt;/script", "&lt;!--") written as
     * \u003c, and the two line separators JavaScript once took for line ends, escaped. In JSON
     * these characters occur only inside strings, where the escapes mean the same.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** A kind's label as a title: "pmtu-black-hole" is "PMTU black hole". */
    static String title(String label) {
        StringBuilder title = new StringBuilder();
        for (String word : label.split("-")) {
            boolean acronym = List.of("pmtu", "pmtud", "mss", "icmp", "mtu").contains(word);
            String written = acronym ? word.toUpperCase(Locale.ROOT) : word;
            if (title.length() == 0 && !acronym) {
                written = Character.toUpperCase(written.charAt(0)) + written.substring(1);
            }
            title.append(title.length() == 0 ? "" : " ").append(written);
        }
        return title.toString();
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
