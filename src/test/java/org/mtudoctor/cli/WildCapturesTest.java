package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.testing.Json;
import org.mtudoctor.testing.Prerequisites;

/**
 * Real captures from other people's networks (../shared/captures-wild), each with the verdict a
 * network engineer read in it with tshark (its expected.tsv and VERDICTS.md): every TCP verdict
 * must hold. Most are traps: offload artefacts, ordinary loss, a small MSS that is obeyed, which
 * must stay without a problem or a warning. They are read in place, never copied here.
 */
class WildCapturesTest {

    /** One line of expected.tsv: capture, verdict, flow, mtu ("-": none), problem ("no", "udp only"). */
    record Expected(String capture, String verdict, String flow, String mtu, String problem) {
        @Override
        public String toString() {
            return capture;
        }
    }

    static Stream<Expected> verdicts() throws IOException {
        Path folder = Prerequisites.requireWildCaptures();
        List<Expected> verdicts = new ArrayList<>();
        List<String> lines = Files.readAllLines(folder.resolve("expected.tsv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String[] columns = line.split("\t");
                assertEquals(5, columns.length, "expected.tsv: " + line);
                verdicts.add(new Expected(columns[0], columns[1], columns[2], columns[3], columns[4]));
            }
        }
        assertFalse(verdicts.isEmpty(), "expected.tsv lists no capture");
        return verdicts.stream();
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void everyTcpVerdictHolds(Expected expected) {
        Path capture = Prerequisites.requireWildCaptures().resolve(expected.capture());
        CliTest.Run run = CliTest.run("--quiet", "--format", "json", capture.toString());
        String where = expected.capture() + " (" + expected.verdict() + ")";
        Map<?, ?> report = (Map<?, ?>) Json.parse(run.out());
        List<?> findings = (List<?>) report.get("findings");
        Set<String> kinds = new TreeSet<>();
        findings.forEach(finding -> kinds.add((String) ((Map<?, ?>) finding).get("kind")));

        if (expected.problem().equals("no") || expected.problem().equals("udp only")) {
            // The traps: no problem and no warning, whatever else is said.
            assertEquals(0, run.exitCode(), where + ": " + run.err());
            for (Object finding : findings) {
                String severity = (String) ((Map<?, ?>) finding).get("severity");
                assertEquals("info", severity, where + ": " + finding);
            }
        }
        String verdict = expected.verdict();
        if (verdict.startsWith("none")) {
            // "none (offload-aggregates allowed)": only the kinds in the parentheses may come.
            Set<String> allowed = new TreeSet<>();
            int allowedAt = verdict.indexOf(" allowed)");
            if (allowedAt > 0) {
                allowed.addAll(List.of(verdict.substring(verdict.indexOf('(') + 1, allowedAt).split(",\\s*")));
            }
            assertTrue(allowed.containsAll(kinds), where + ": " + kinds);
            return;
        }
        String kind = Kind.fromLabel(verdict).label();
        Map<?, ?> finding = findings.stream().map(Map.class::cast).filter(f -> kind.equals(f.get("kind")))
                .findFirst().orElse(null);
        assertTrue(finding != null, where + ": " + kinds);
        String[] ends = expected.flow().split("->");
        boolean named = ((List<?>) finding.get("flows")).stream().map(Map.class::cast)
                .anyMatch(flow -> ends[0].equals(flow.get("src")) && ends[1].equals(flow.get("dst")));
        assertTrue(named, where + ": flow " + expected.flow() + " in " + finding.get("flows"));
        if (!expected.mtu().equals("-")) {
            assertEquals(Integer.parseInt(expected.mtu()), ((Number) finding.get("mtu")).intValue(), where);
        }
    }
}
