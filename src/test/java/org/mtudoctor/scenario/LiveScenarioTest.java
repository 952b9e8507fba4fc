package org.mtudoctor.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.cli.Cli;
import org.mtudoctor.testing.HtmlPages;
import org.mtudoctor.testing.MtudoctorProcess;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * mtudoctor live on the VPN host's upstream link while the seed scenario runs for real: the
 * black hole must be announced while the transfer is still stuck, and Ctrl-C (SIGINT) must
 * give the final report with the exit code the offline analysis of the same traffic gives.
 * The same on a VXLAN underlay, where every packet of the flow is inside the tunnel.
 */
@Slow
class LiveScenarioTest {

    @BeforeAll
    static void machineCanRunScenarios() {
        Prerequisites.requireRoot();
        Prerequisites.requireNetworkNamespaces();
        Prerequisites.requireLibpcap();
        for (String tool : List.of("tcpdump", "nft", "ethtool", "ss", "sysctl", "curl", "python3")) {
            Prerequisites.requireTool(tool);
        }
    }

    /** mtudoctor live from this test's classes (the jar is built after the tests). */
    static String sniffer(String... arguments) {
        return MtudoctorProcess.commandLine() + " live -i \"$SCENARIO_DEV\" " + String.join(" ", arguments);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** What the offline analysis says about a capture, as the fresh-scenario test compares it. */
    static String offlineVerdict(Path capture) {
        StringWriter out = new StringWriter();
        int exitCode = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(new StringWriter()))
                .execute("--format", "json", capture.toString());
        return Verdict.of(exitCode, out.toString());
    }

    /** The jsonl sniffer's last line, its summary, after it exited 3 on the scenario's SIGINT. */
    static String summaryAfterSigint(Path directory) throws IOException {
        assertEquals("3", read(directory.resolve("sniffer.exit")).strip(),
                "exit code after SIGINT; stderr:\n" + read(directory.resolve("sniffer.err")));
        List<String> lines = read(directory.resolve("sniffer.out")).lines().toList();
        String summary = lines.get(lines.size() - 1);
        assertTrue(summary.startsWith("{\"event\":\"summary\""), summary);
        return summary;
    }

    @Test
    void theBlackHoleIsAnnouncedWhileStuckAndSigintGivesTheSameReportAsOffline(@TempDir Path directory) throws Exception {
        Path written = directory.resolve("live-write.pcap");
        Path page = directory.resolve("live.html");
        Path log = directory.resolve("scenario.log");
        ScenarioScript.run("seed-black-hole", directory, log, FreshScenarioTest.TIMEOUT,
                Map.of("SCENARIO_SNIFFER", sniffer("--format", "jsonl", "--write", written.toString(),
                        "--html", page.toString())));

        String beforeStop = read(directory.resolve("sniffer.before-stop"));
        assertTrue(beforeStop.lines().anyMatch(line -> line.startsWith("{\"event\":\"finding\"")
                        && line.contains("\"kind\":\"pmtu-black-hole\"")),
                "no black hole announced before the stop:\n" + beforeStop + ScenarioScript.output(log));
        String summary = summaryAfterSigint(directory);
        String offline = offlineVerdict(directory.resolve("seed-black-hole.pcap"));
        assertEquals(offline, Verdict.of(3, summary), "live verdict vs tcpdump's capture of the same traffic");
        assertEquals(offline, offlineVerdict(written), "--write's file read back with -r");

        // --html, written when it stopped: the stuck flow drawn from the packets -w saved.
        String data = HtmlPages.data(read(page));
        assertTrue(data.contains("\"kind\":\"pmtu-black-hole\",\"severity\":\"problem\",\"mtu\":1396"), data);
        assertTrue(data.matches("(?s).*\"size\":\\[[^\\]]*1420.*"), "the 1420-byte packets plotted: " + data);
        assertTrue(read(page).contains("<h1 id=\"verdict\" class=\"problem\">PMTU black hole: "), "the verdict");
    }

    @Test
    void onTheUnderlayTheVxlanTunnelIsOpenedLiveAsInTheFile(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("scenario.log");
        ScenarioScript.run("vxlan-routed-black-hole", directory, log, FreshScenarioTest.TIMEOUT,
                Map.of("SCENARIO_SNIFFER", sniffer("--format", "jsonl"), "SCENARIO_SNIFFER_AT", "underlay"));

        String summary = summaryAfterSigint(directory);
        String offline = offlineVerdict(directory.resolve("vxlan-routed-black-hole-underlay.pcap"));
        // The verdict names the tunnel and the underlay MTU its ICMP reported: the live filter
        // must have passed both the VXLAN packets and the ICMP about them.
        assertTrue(offline.contains("vxlan +50 on underlay 1500 (icmp)"), offline + ScenarioScript.output(log));
        assertEquals(offline, Verdict.of(3, summary), "live verdict on the underlay vs tcpdump's capture of it");
    }

    @Test
    void theWorkingTwinIsAnnouncedAsPmtudThatWorksAndExitsZero(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("scenario.log");
        ScenarioScript.run("seed-pmtud-works", directory, log, FreshScenarioTest.TIMEOUT,
                Map.of("SCENARIO_SNIFFER", sniffer()));
        assertTrue(read(directory.resolve("sniffer.before-stop")).contains("INFO  pmtud-worked"),
                read(directory.resolve("sniffer.out")));
        assertEquals("0", read(directory.resolve("sniffer.exit")).strip(), read(directory.resolve("sniffer.err")));
        String report = read(directory.resolve("sniffer.out"));
        assertTrue(report.contains("libpcap: ") && report.contains(" dropped by the kernel"), report);
    }

    /**
     * A fleet's view: during the seed's live run, /metrics (scraped with curl in the sniffer's
     * namespace, read back with Prometheus's own Python parser) shows the black hole.
     */
    @Test
    void theBlackHoleIsAMetricAFleetCanAlertOn(@TempDir Path directory) throws Exception {
        Prerequisites.requireTool("curl");
        Path log = directory.resolve("scenario.log");
        ScenarioScript.run("seed-black-hole", directory, log, FreshScenarioTest.TIMEOUT,
                Map.of("SCENARIO_SNIFFER", sniffer("--metrics", "9464"),
                        "SCENARIO_SNIFFER_SCRAPE", "http://127.0.0.1:9464/metrics"));
        Path scrape = directory.resolve("sniffer.scrape");
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3");
        String parse = String.join("\n",
                "import sys",
                "from prometheus_client.parser import text_string_to_metric_families",
                "for family in text_string_to_metric_families(open(sys.argv[1]).read()):",
                "    for s in family.samples:",
                "        labels = ','.join(f'{k}=\"{v}\"' for k, v in sorted(s.labels.items()))",
                "        print(f'{family.type} {s.name}{{{labels}}} {s.value}')",
                "");
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", parse, scrape.toString()).redirectErrorStream(true).start();
        String samples = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Prerequisites.require(python.waitFor() == 0 || !samples.contains("No module named"),
                "Prometheus's Python client (apt-get install python3-prometheus-client)");
        assertEquals(0, python.exitValue(), samples + "\n" + read(scrape) + ScenarioScript.output(log));
        List<String> lines = samples.lines().toList();
        assertTrue(lines.contains("counter mtudoctor_findings_total{kind=\"pmtu-black-hole\",severity=\"problem\"} 1.0"),
                samples);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(
                "counter mtudoctor_icmp_too_big_total{mtu=\"1396\",reporter=\"10.0.2.1\"} ")), samples);
        assertTrue(lines.stream().anyMatch(line -> line.matches("gauge mtudoctor_black_hole_flows\\{\\} [1-9].*")), samples);
        assertTrue(lines.stream().anyMatch(line -> line.matches("counter mtudoctor_libpcap_dropped_total\\{by=\"kernel\",interface=\"\\S+\"\\} 0\\.0")),
                samples);
        assertTrue(read(directory.resolve("sniffer.err")).contains("mtudoctor: metrics on http://127.0.0.1:9464/metrics"));
    }
}
