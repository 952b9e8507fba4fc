package org.mtudoctor.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mtudoctor.testing.Json;

/**
 * The verdict of a JSON report in a few lines, to compare with the line the table expects:
 *
 * <pre>
 * exit 3
 * problem pmtu-black-hole, MTU 1396
 * warning mss-raised-in-path
 * fix MTU 1420, link now 1396
 * fix MTU 1450, vxlan +50 on underlay 1500 (icmp) too small for 1500
 * fix MTU 1076 at the receiver
 * </pre>
 *
 * One line per finding, worst first and then by kind, so only the set of findings counts, not
 * their order. "MTU" is the MTU an ICMP reported ("estimated" when it said 0); "secondViews &gt; 0"
 * appears only when packets were seen on two interfaces, and "between interfaces ..." lines give
 * what changed between them (one host's capture of several). Flows, ports, times and counts are left
 * out: they change from run to run.
 */
final class Verdict {

    private static final List<String> SEVERITIES = List.of("problem", "warning", "info");

    private Verdict() {
    }

    static String of(int exitCode, String json) {
        Map<?, ?> report = (Map<?, ?>) Json.parse(json);
        StringBuilder verdict = new StringBuilder("exit ").append(exitCode).append('\n');
        List<String> findings = new ArrayList<>();
        for (Object element : (List<?>) report.get("findings")) {
            findings.add(finding((Map<?, ?>) element));
        }
        findings.sort(Comparator.comparingInt(Verdict::severityRank).thenComparing(Comparator.naturalOrder()));
        findings.forEach(line -> verdict.append(line).append('\n'));
        verdict.append(fix((Map<?, ?>) report.get("fix"))).append('\n');
        if (((Number) ((Map<?, ?>) report.get("capture")).get("secondViews")).longValue() > 0) {
            verdict.append("secondViews > 0\n");
        }
        // One host's capture of several interfaces: what changed between them.
        if (report.get("betweenInterfaces") instanceof Map<?, ?> between) {
            List<String> lines = new ArrayList<>();
            for (Object element : (List<?>) between.get("findings")) {
                Map<?, ?> finding = (Map<?, ?>) element;
                lines.add("between interfaces " + finding.get("severity") + " " + finding.get("kind"));
            }
            lines.sort(null);
            lines.forEach(line -> verdict.append(line).append('\n'));
        }
        return verdict.toString();
    }

    private static String finding(Map<?, ?> finding) {
        String line = finding.get("severity") + " " + finding.get("kind");
        if (finding.get("mtu") != null) {
            line += ", MTU " + finding.get("mtu") + (Boolean.TRUE.equals(finding.get("mtuEstimated")) ? " estimated" : "");
        }
        return line;
    }

    private static String fix(Map<?, ?> fix) {
        if (fix == null) {
            return "no fix";
        }
        String line = "fix MTU " + fix.get("mtu") + ("receiver".equals(fix.get("at")) ? " at the receiver" : "");
        line = fix.get("currentMtu") == null ? line : line + ", link now " + fix.get("currentMtu");
        if (fix.get("tunnel") instanceof Map<?, ?> tunnel) {
            line += ", " + tunnel.get("kind") + " +" + tunnel.get("overhead") + " on underlay " + tunnel.get("underlayMtu")
                    + " (" + tunnel.get("underlayMtuFrom") + ")" + (Boolean.TRUE.equals(tunnel.get("fits")) ? "" : " too small for "
                    + tunnel.get("wantedMtu"));
        }
        return line;
    }

    /** Problems first; a severity this class does not know sorts last. */
    private static int severityRank(String findingLine) {
        int rank = SEVERITIES.indexOf(findingLine.substring(0, findingLine.indexOf(' ')));
        return rank < 0 ? SEVERITIES.size() : rank;
    }
}
