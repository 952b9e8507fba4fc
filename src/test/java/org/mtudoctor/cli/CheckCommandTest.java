package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mtudoctor check: our own captures/ and a regression folder a user sets up by hand. */
class CheckCommandTest {

    @Test
    void everyCaptureInOurFolderGetsItsVerdict() throws IOException {
        CliTest.Run run = CliTest.run("check", "captures");
        long listed = Files.readAllLines(Path.of("captures", "verdicts.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).count();
        assertEquals(ExitCode.OK, run.exitCode(), run.out());
        assertTrue(run.out().endsWith(listed + " passed, 0 failed, 0 new\n"), run.out());
    }

    @Test
    void aFolderMadeByHandReportsPassFailAndNew(@TempDir Path folder) throws IOException {
        Files.copy(Path.of("captures", "seed-black-hole.pcap"), folder.resolve("vpn-monday.pcap"));
        Files.copy(Path.of("captures", "clean.pcap"), folder.resolve("vpn-tuesday.pcap"));
        Files.copy(Path.of("captures", "seed-pmtud-works.pcap"), folder.resolve("new-one.pcap"));

        // No manifest yet: every capture is new, and the table gives the lines to start with.
        CliTest.Run first = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.FINDINGS, first.exitCode());
        assertTrue(first.out().contains("vpn-monday.pcap exit=3 kinds=mss-raised-in-path,pmtu-black-hole mtu=1420"), first.out());

        Files.writeString(folder.resolve("verdicts.txt"), String.join("\n",
                "# our VPN",
                "vpn-monday.pcap   exit=3 kinds=pmtu-black-hole,mss-raised-in-path mtu=1420",
                "vpn-tuesday.pcap  exit=3 kinds=silent-black-hole   # wrong on purpose",
                ""));
        CliTest.Run run = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.FINDINGS, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).startsWith("PASS  vpn-monday.pcap"), run.out());
        assertTrue(lines.get(2).startsWith("FAIL  vpn-tuesday.pcap"), run.out());
        assertTrue(lines.get(2).contains("exit 0 (expected 3)") && lines.get(2).contains("kinds none (expected silent-black-hole)"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("NEW   new-one.pcap"), run.out());
        assertEquals("1 passed, 1 failed, 1 new", lines.get(4));

        // The manifest file named directly checks its lines only.
        Files.writeString(folder.resolve("verdicts.txt"), "vpn-tuesday.pcap exit=0 kinds= mtu=none\n");
        assertEquals(ExitCode.OK, CliTest.run("check", folder.resolve("verdicts.txt").toString()).exitCode());
    }

    @Test
    void capturesInSubfoldersAreCheckedByTheirPathFromTheFolder(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("site-a/monday"));
        Files.copy(Path.of("captures", "seed-black-hole.pcap"), folder.resolve("site-a/monday/vpn.pcap"));
        CliTest.Run first = CliTest.run("check", folder.toString());
        String line = "site-a/monday/vpn.pcap exit=3 kinds=mss-raised-in-path,pmtu-black-hole mtu=1420";
        assertTrue(first.out().contains("NEW   site-a/monday/vpn.pcap") && first.out().contains(line), first.out());

        // The line the table gave, as the manifest's, passes.
        Files.writeString(folder.resolve("verdicts.txt"), line + "\n");
        CliTest.Run run = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.out());
        assertTrue(run.out().endsWith("1 passed, 0 failed, 0 new\n"), run.out());
    }

    @Test
    void aMalformedManifestIsOneLineWithItsLineNumber(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("verdicts.txt"), "a.pcap exit=3\nb.pcap mtux=1400\n");
        CliTest.Run run = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        CliTest.assertOneLineError(run, "verdicts.txt:2: unknown key 'mtux'");
        Files.writeString(folder.resolve("verdicts.txt"), "a.pcap kinds=pmtu-blackhole\n");
        CliTest.assertOneLineError(CliTest.run("check", folder.toString()), "verdicts.txt:1: unknown finding kind 'pmtu-blackhole'");
    }

    @Test
    void aLineOfSeveralPointsChecksTheirComparison(@TempDir Path folder) throws IOException {
        Files.copy(Path.of("captures", "silent-black-hole-ends.pcap"), folder.resolve("vpn.pcap"));
        Files.copy(Path.of("captures", "silent-black-hole-ends-client.pcap"), folder.resolve("client.pcap"));
        Files.writeString(folder.resolve("verdicts.txt"), String.join("\n",
                "vpn.pcap exit=3 kinds=silent-black-hole,mss-raised-in-path mtu=1420",
                "client.pcap exit=3 kinds=receiver-black-hole mtu=none",
                "client.pcap,vpn.pcap exit=3 kinds=lost-between",
                "vpn=vpn.pcap,client=client.pcap exit=3 kinds=mss-rewritten", ""));
        CliTest.Run run = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out());
        assertTrue(run.out().contains("PASS  client.pcap,vpn.pcap "), run.out());
        assertTrue(run.out().contains("FAIL  vpn=vpn.pcap,client=client.pcap")
                && run.out().contains("kinds lost-between (expected mss-rewritten)"), run.out());
        assertTrue(run.out().endsWith("3 passed, 1 failed, 0 new\n"), "the points are listed by their own lines: " + run.out());

        Files.writeString(folder.resolve("verdicts.txt"), "client.pcap,vpn.pcap kinds=pmtu-black-hole\n");
        CliTest.assertOneLineError(CliTest.run("check", folder.toString()), "verdicts.txt:1: unknown cross-point kind"
                + " 'pmtu-black-hole' (expected: icmp-dropped-between, lost-between, mss-rewritten)");
        Files.writeString(folder.resolve("verdicts.txt"), "client.pcap,vpn.pcap mtu=1420\n");
        CliTest.assertOneLineError(CliTest.run("check", folder.toString()),
                "verdicts.txt:1: mtu does not apply to a comparison of several points");
    }

    @Test
    void aListedCaptureThatIsMissingFailsWithTheReason(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("verdicts.txt"), "gone.pcap exit=0\n");
        CliTest.Run run = CliTest.run("check", folder.toString());
        assertEquals(ExitCode.FINDINGS, run.exitCode());
        assertTrue(run.out().contains("FAIL  gone.pcap  exit 4 (expected 0): "), run.out());
    }

    @Test
    void jsonListsEveryResult() {
        CliTest.Run run = CliTest.run("check", "--format", "json", "captures");
        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().contains("\"status\": \"pass\""), run.out());
        assertTrue(run.out().contains("\"failed\": 0"), run.out());
    }

    /**
     * check --format junit, read back by Maven Surefire's report parser (what
     * maven-surefire-report-plugin reads TEST-*.xml with): a test case per capture, named by its
     * path, the failure's message what differed, and what mtudoctor says now in system-out.
     */
    @Test
    void junitXmlIsReadByAJunitConsumerWithATestCasePerCapture(@TempDir Path folder) throws Exception {
        Files.copy(Path.of("captures", "seed-black-hole.pcap"), folder.resolve("vpn-monday.pcap"));
        Files.copy(Path.of("captures", "clean.pcap"), folder.resolve("vpn-tuesday.pcap"));
        Files.copy(Path.of("captures", "seed-pmtud-works.pcap"), folder.resolve("new-one.pcap"));
        Files.writeString(folder.resolve("verdicts.txt"), String.join("\n",
                "vpn-monday.pcap   exit=3 kinds=pmtu-black-hole,mss-raised-in-path mtu=1420",
                "vpn-tuesday.pcap  exit=3 kinds=silent-black-hole",
                ""));
        CliTest.Run run = CliTest.run("check", "--format", "junit", folder.toString());
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.err());
        Path xml = folder.resolve("TEST-mtudoctor.xml");
        Files.writeString(xml, run.out());

        TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
        List<ReportTestSuite> suites = parser.parse(xml.toString());
        assertTrue(parser.isValid(), run.out());
        assertEquals(1, suites.size(), run.out());
        ReportTestSuite suite = suites.get(0);
        assertEquals(3, suite.getNumberOfTests());
        assertEquals(2, suite.getNumberOfFailures());
        assertEquals(0, suite.getNumberOfErrors());
        Map<String, ReportTestCase> cases = suite.getTestCases().stream()
                .collect(Collectors.toMap(ReportTestCase::getName, testCase -> testCase));
        assertEquals(Set.of("vpn-monday.pcap", "vpn-tuesday.pcap", "new-one.pcap"), cases.keySet());
        assertTrue(cases.get("vpn-monday.pcap").isSuccessful());
        ReportTestCase tuesday = cases.get("vpn-tuesday.pcap");
        assertTrue(tuesday.hasFailure());
        assertEquals("exit 0 (expected 3); kinds none (expected silent-black-hole)", tuesday.getFailureMessage());
        assertEquals("verdict", tuesday.getFailureType());
        assertEquals("new", cases.get("new-one.pcap").getFailureType());
        // system-out: what it says now, and the line that would make it pass.
        assertTrue(run.out().contains("<system-out>exit 0, mtu none, no findings\nverdicts.txt line: vpn-tuesday.pcap exit=0 kinds= mtu=none\n</system-out>"),
                run.out());
        assertTrue(run.out().contains("verdicts.txt line: new-one.pcap exit=0 kinds=mss-raised-in-path,pmtud-worked mtu=none"), run.out());
    }
}
