package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Json;

/** The command as a user runs it: arguments in, report and exit code out. */
class CliTest {

    static final String BLACK_HOLE = "captures/seed-black-hole.pcap";
    static final String PMTUD_WORKS = "captures/seed-pmtud-works.pcap";

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    static void assertOneLineError(Run run, String expectedFragment) {
        String err = run.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertTrue(err.contains(expectedFragment), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void seedBlackHoleNamesTheHoleTheRaisedMssAndTheFix() {
        Run run = run(BLACK_HOLE);
        assertEquals(ExitCode.FINDINGS, run.exitCode());
        assertTrue(run.out().contains("PROBLEM  pmtu-black-hole: 10.0.2.1 reports MTU 1396"), run.out());
        assertTrue(run.out().contains("mss-raised-in-path: segments of 1380 bytes against an advertised MSS of 1356"));
        assertTrue(run.out().contains("ip link set dev \"$IFNAME\" mtu 1420"));
        assertTrue(run.out().indexOf("PROBLEM") < run.out().indexOf("WARNING"), "worst first");
    }

    @Test
    void helpListsTheExitCodes() {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        for (String code : new String[] {"0   no problem", "1   internal error", "2   usage", "3   problem", "4   unreadable"}) {
            assertTrue(run.out().contains(code), "help lacks '" + code + "':\n" + run.out());
        }
        assertTrue(run.out().contains("\nExamples:\n  mtudoctor captures/seed-black-hole.pcap\n"), run.out());
        for (String command : new String[] {"live", "compare", "check"}) {
            assertTrue(run(command, "--help").out().contains("\nExamples:\n  mtudoctor " + command + " "), command);
        }
    }

    @Test
    void aUsageErrorIsItsLineAndWhereHelpIsNotTheWholeHelp() {
        Run run = run("--no-such-option", BLACK_HOLE);
        assertEquals("", run.out());
        assertEquals("mtudoctor: Unknown option: '--no-such-option'\nTry 'mtudoctor --help' for more information.\n", run.err());
        Run live = run("live", "-i", "lo", "--format", "xml");
        assertEquals(ExitCode.USAGE, live.exitCode());
        assertTrue(live.err().endsWith("\nTry 'mtudoctor live --help' for more information.\n") && live.err().lines().count() == 2,
                live.err());
        // A near miss names what was meant, as git does.
        assertTrue(run("--flow", BLACK_HOLE).err().contains("--flows"));
    }

    @Test
    void versionNamesTheBuildTheJavaAndTheLibpcap() {
        Run run = run("--version");
        assertEquals(0, run.exitCode());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).matches("mtudoctor \\S+ \\(commit ([0-9a-f]{7}( \\+ changes)?, \\d{4}-\\d\\d-\\d\\d|unknown)\\)"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.runtime.version") + ", "), lines.get(1));
        assertTrue(lines.get(2).startsWith("libpcap version ") || lines.get(2).startsWith("libpcap is not installed"), lines.get(2));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCode.USAGE, run().exitCode(), "no capture");
        assertEquals(ExitCode.USAGE, run("--format", "xml", BLACK_HOLE).exitCode());
        assertEquals(ExitCode.USAGE, run("--max-flows", "0", BLACK_HOLE).exitCode());
        assertEquals(ExitCode.USAGE, run("--no-such-option", BLACK_HOLE).exitCode());
    }

    @Test
    void aFileThatIsNotACaptureIsOneLineAndExitFour(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello, this is not a capture\n");
        Run run = run(text.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("", run.out());
        assertOneLineError(run, "not a pcap or pcapng file");
    }

    @Test
    void aMissingFileIsOneLineAndExitFour(@TempDir Path dir) {
        Run run = run(dir.resolve("nowhere.pcap").toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertOneLineError(run, "nowhere.pcap");
    }

    @Test
    void aBadInputAmongGoodOnesKeepsTheAnalysisOfTheOthers(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        Run run = run(BLACK_HOLE, empty.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertTrue(run.out().contains("pmtu-black-hole"), "the readable capture is still reported");
        assertOneLineError(run, "empty.pcap");
    }

    @Test
    void aCaptureCutMidRecordWarnsAndExitsByTheFindings(@TempDir Path dir) throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(BLACK_HOLE));
        // Cut the last two records short: the black hole's evidence comes well before.
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 30));
        Run run = run(cut.toString());
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.err());
        assertTrue(run.out().contains("warning: "), run.out());
        assertTrue(run.out().contains("pmtu-black-hole"));

        // JSON gives the warning's kind, for a log shipper to filter on, beside the same text.
        Map<?, ?> capture = (Map<?, ?>) ((Map<?, ?>) Json.parse(run("--format", "json", cut.toString()).out())).get("capture");
        List<?> warnings = (List<?>) capture.get("warnings");
        assertEquals(1, warnings.size(), warnings.toString());
        Map<?, ?> warning = (Map<?, ?>) warnings.get(0);
        assertEquals("cut-short", warning.get("kind"));
        assertTrue(run.out().contains("warning: " + warning.get("text") + "\n"), warning + " in\n" + run.out());
    }

    @Test
    void gzipAndStandardInputGiveTheSameReportAsThePlainFile(@TempDir Path dir) throws IOException {
        Path gzip = dir.resolve("seed.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(Path.of(BLACK_HOLE), out);
        }
        String plain = run("--format", "json", BLACK_HOLE).out();
        String unzipped = run("--format", "json", gzip.toString()).out();
        assertEquals(plain.replace(BLACK_HOLE, "X"), unzipped.replace(gzip.toString(), "X"));

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(BLACK_HOLE))));
            Run piped = run("--format", "json", "-");
            assertEquals(ExitCode.FINDINGS, piped.exitCode(), piped.err());
            assertEquals(plain.replace(BLACK_HOLE, "X"), piped.out().replace("\"-\"", "\"X\""));
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void failOnWarningCountsTheRaisedMss() {
        assertEquals(ExitCode.OK, run(PMTUD_WORKS).exitCode());
        assertEquals(ExitCode.FINDINGS, run("--fail-on", "warning", PMTUD_WORKS).exitCode());
    }

    @Test
    void aTinyFlowTableEvictsAndSaysSo() {
        // Three flows? The seed capture has one TCP flow; two inputs make the same flow twice,
        // so use the working twin as a second flow.
        Run run = run("--max-flows", "1", BLACK_HOLE, PMTUD_WORKS);
        assertTrue(run.out().contains("evicted from the full flow table (--max-flows 1)"), run.out());
        assertTrue(run.out().contains("pmtu-black-hole"), "the evicted flow's black hole is still found");
    }

    @Test
    void jsonCarriesTheIssueFields() {
        String json = run("--format", "json", "--flows", BLACK_HOLE).out();
        for (String field : new String[] {"\"kind\": \"pmtu-black-hole\"", "\"severity\": \"problem\"",
                "\"src\": \"10.0.3.2:8080\"", "\"mtu\": 1420", "\"ipUp\": \"ip link set dev \\\"$IFNAME\\\" mtu 1420\"",
                "\"clientMss\": 1356", "\"serverMss\": 1460"}) {
            assertTrue(json.contains(field), "JSON lacks " + field + ":\n" + json);
        }
        assertTrue(json.startsWith("{") && json.endsWith("}\n"));
        assertEquals(StandardCharsets.UTF_8.decode(StandardCharsets.UTF_8.encode(json)).toString(), json);
    }
}
