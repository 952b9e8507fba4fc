package org.mtudoctor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.MtudoctorProcess;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * A short run of scripts/bench, as CI's smoke of the benchmark (issue 5): a small capture made in
 * network namespaces, one run of each command, the table printed and the ground truth matched.
 * The full benchmark is run by hand and recorded in bench/RESULTS.md.
 */
@Slow
class BenchSmokeTest {

    private static final Path SCRIPT = Path.of("scripts", "bench");
    private static final Duration GENERATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(45);
    /** SIGTERM lets the script stop its processes and delete its namespaces; then SIGKILL. */
    private static final Duration GRACE_AFTER_SIGTERM = Duration.ofSeconds(15);

    @BeforeAll
    static void machineCanRunTheBenchmark() {
        Prerequisites.requireRoot();
        Prerequisites.requireNetworkNamespaces();
        Prerequisites.requireLibpcap();
        for (String tool : List.of("tcpdump", "nft", "ethtool", "sysctl", "python3", "time")) {
            Prerequisites.requireTool(tool);
        }
    }

    @Test
    void aSmallGeneratedCapturePrintsTheTableAndMatchesItsGroundTruth(@TempDir Path directory) throws Exception {
        Path capture = directory.resolve("smoke.pcap");
        String generated = bench(directory, GENERATE_TIMEOUT, Map.of(),
                "generate", "--flows", "200", "--out", capture.toString());
        assertTrue(Files.isRegularFile(Path.of(capture + ".truth")), generated);
        assertTrue(generated.contains("black_holed_flows=2\n"), "ground truth of 200 flows:\n" + generated);

        String report = bench(directory, RUN_TIMEOUT, Map.of("MTUDOCTOR_CMD", MtudoctorProcess.commandLine()),
                "run", "--runs", "1", "--no-tshark", "--gzip", capture.toString());
        for (String row : List.of("| mtudoctor --format json |", "| mtudoctor --reader libpcap --format json |",
                "| tcpdump ICMP filter |", "| tcpdump 'ip proto 200' |", "| mtudoctor --format json, FILE.gz |",
                "| tcpdump ICMP filter -w /dev/null, from zcat FILE.gz |")) {
            assertTrue(report.lines().anyMatch(line -> line.startsWith(row)), "no row " + row + " in:\n" + report);
        }
        assertTrue(report.contains("\nground truth: PASS"), report);
        assertTrue(report.contains("\nlibpcap reader: same findings"), report);
    }

    /**
     * The live benchmark at a low rate (issue 16): the seed capture replayed by tcpreplay into a
     * veth at 20,000 packets a second for 2 s, captured by mtudoctor live and by tcpdump; neither
     * may drop a packet at that rate, and the table says what each received.
     */
    @Test
    void liveCaptureKeepsUpWithALowRateWithoutDrops(@TempDir Path directory) throws Exception {
        Prerequisites.requireTool("tcpreplay");
        String report = bench(directory, RUN_TIMEOUT, Map.of("MTUDOCTOR_CMD", MtudoctorProcess.commandLine()),
                "live", "--rates", "20000", "--seconds", "2", "captures/seed-black-hole.pcap");
        assertTrue(report.contains("\ntcpreplay alone into the veth, nobody capturing: "), report);
        String row = report.lines().filter(line -> line.startsWith("| 20000 |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for 20000 pps in:\n" + report));
        String[] cells = row.split("\\|");
        // | rate | mtudoctor reached | received | dropped | tcpdump reached | received | dropped |
        // tcpdump takes every frame; mtudoctor's kernel filter passes 41 of the seed's 45.
        assertTrue(Long.parseLong(cells[6].strip()) >= 40_000, "tcpdump received every frame replayed: " + row);
        assertTrue(Long.parseLong(cells[3].strip()) >= 40_000 * 41 / 45 - 100, "mtudoctor received: " + row);
        assertEquals("0", cells[4].strip(), "mtudoctor dropped: " + row);
        assertEquals("0", cells[7].strip(), "tcpdump dropped: " + row);
    }

    /**
     * The shard benchmark (issue 16): one thread against two shards on the sample capture, with
     * the table, and the sharded report checked against the one-thread report.
     */
    @Test
    void shardsBenchmarkComparesOneThreadWithTwoShards(@TempDir Path directory) throws Exception {
        String report = bench(directory, RUN_TIMEOUT, Map.of(), "shards", "--runs", "1", "captures/seed-black-hole.pcap");
        for (String row : List.of("| mtudoctor, one thread |", "| mtudoctor, 2 shards |",
                "| tcpdump ICMP filter -w /dev/null |")) {
            assertTrue(report.lines().anyMatch(line -> line.startsWith(row)), "no row " + row + " in:\n" + report);
        }
        assertTrue(report.contains("report was the one-thread report, byte for byte"), report);
    }

    /** scripts/bench ARGUMENTS as a child process; its output (stdout and stderr), or a failure. */
    private static String bench(Path directory, Duration timeout, Map<String, String> environment,
            String... arguments) throws IOException, InterruptedException {
        Path log = Files.createTempFile(directory, "bench", ".log");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.command().addAll(List.of(arguments));
        builder.environment().putAll(environment);
        builder.environment().put("TMPDIR", directory.toAbsolutePath().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(GRACE_AFTER_SIGTERM.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            fail(SCRIPT + " " + String.join(" ", arguments) + " did not finish within " + timeout.toSeconds()
                    + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), SCRIPT + " " + String.join(" ", arguments) + ":\n" + output);
        return output;
    }
}
