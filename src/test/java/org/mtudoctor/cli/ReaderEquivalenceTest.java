package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.RepositoryCaptures;
import org.mtudoctor.testing.Slow;

/**
 * Our reader and libpcap must give the same analysis, whole report and exit code, on every
 * capture in captures/ and in the public captures. Where libpcap cannot read a file the way it
 * is stored, the file is listed here with the reason, and the test checks that the difference
 * is exactly that one.
 *
 * <p>Whatever the capture, and with either reader, mtudoctor ends within {@link #TIME_LIMIT}
 * with an exit code a capture may give (0, 3 or 4): never 1, a bug, nor 2, a usage error. The
 * files listed as differing are held to that too.
 */
@Slow
class ReaderEquivalenceTest {

    /** No finding, findings, unreadable input: the exit codes a capture can rightly give. */
    static final Set<Integer> CAPTURE_EXIT_CODES = Set.of(ExitCode.OK, ExitCode.FINDINGS, ExitCode.BAD_INPUT);

    /** Per run of one file with one reader; the largest public capture takes well under a second. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(30);

    /** Files libpcap refuses or reads differently, by path relative to the public captures. */
    static final Map<String, String> LIBPCAP_DIFFERS = Map.of(
            "zeek/ldap/gap-data-missing.pcapng", "libpcap refuses pcapng whose interfaces differ in snap length",
            "zeek/ldap/modify-request.pcapng", "libpcap refuses pcapng whose interfaces differ in snap length",
            "tcpdump/timestamp_invalid_micro.pcap", "pcap4j's Timestamp refuses a microsecond field of 10^6 or more",
            "tcpdump/timestamp_invalid_nano.pcap", "pcap4j's Timestamp refuses nanosecond fields of 10^9 or more",
            "tcpdump/icmp-icmp_print-oobr-1.pcap", "libpcap cuts a record longer than the file's snap length");
    // LibpcapDifferentialTest checks each of these differences frame by frame.

    @Test
    void ownCapturesGiveTheSameReportWithBothReaders() throws IOException {
        Prerequisites.requireLibpcap();
        List<Path> files = RepositoryCaptures.madeByKernels().stream().map(RepositoryCaptures.ROOT::resolve).toList();
        assertTrue(files.size() >= 3, "captures/ holds " + files);
        List<String> differences = new ArrayList<>();
        Map<String, String> badExits = new TreeMap<>();
        for (Path file : files) {
            compare(file, file.toString(), differences, badExits);
        }
        assertEquals(Map.of(), badExits, "exit codes outside " + CAPTURE_EXIT_CODES);
        assertEquals(List.of(), differences);
    }

    @Test
    void publicCapturesGiveTheSameReportWithBothReaders() throws IOException {
        Prerequisites.requireLibpcap();
        Path root = Prerequisites.requirePublicCaptures();
        Map<String, String> unexplained = new TreeMap<>();
        Map<String, String> badExits = new TreeMap<>();
        List<String> explained = new ArrayList<>();
        int compared = 0;
        for (Path file : captures(root)) {
            String name = root.relativize(file).toString();
            List<String> differences = new ArrayList<>();
            compare(file, name, differences, badExits);
            compared++;
            if (LIBPCAP_DIFFERS.containsKey(name)) {
                explained.add(name + ": " + LIBPCAP_DIFFERS.get(name) + (differences.isEmpty() ? " (no difference in the analysis)" : ""));
            } else if (!differences.isEmpty()) {
                unexplained.put(name, differences.get(0));
            }
        }
        System.out.println("ReaderEquivalenceTest: " + compared + " public captures compared; explained:\n  "
                + String.join("\n  ", explained));
        assertEquals(Map.of(), badExits, "exit codes outside " + CAPTURE_EXIT_CODES);
        assertEquals(Map.of(), unexplained);
    }

    /**
     * Runs both readers on {@code file}; an exit code outside {@link #CAPTURE_EXIT_CODES} goes to
     * {@code badExits} under {@code name}, a difference between the two to {@code differences}.
     */
    private static void compare(Path file, String name, List<String> differences, Map<String, String> badExits) {
        CliTest.Run own = runWithinLimit("--format", "json", "--flows", file.toString());
        CliTest.Run libpcap = runWithinLimit("--format", "json", "--flows", "--reader", "libpcap", file.toString());
        checkExit(name + " (own reader)", own, badExits);
        checkExit(name + " (libpcap)", libpcap, badExits);
        if (own.exitCode() != libpcap.exitCode()) {
            differences.add(name + ": exit " + own.exitCode() + " (own) vs " + libpcap.exitCode() + " (libpcap) " + libpcap.err().strip());
        } else if (!own.out().equals(libpcap.out())) {
            differences.add(name + ": reports differ");
        }
    }

    private static CliTest.Run runWithinLimit(String... args) {
        return assertTimeoutPreemptively(TIME_LIMIT, () -> CliTest.run(args),
                () -> "mtudoctor " + String.join(" ", args) + " still running after " + TIME_LIMIT.toSeconds() + " s");
    }

    private static void checkExit(String what, CliTest.Run run, Map<String, String> badExits) {
        if (!CAPTURE_EXIT_CODES.contains(run.exitCode())) {
            badExits.put(what, "exit " + run.exitCode() + ": " + run.err().strip());
        }
    }

    static List<Path> captures(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".pcap") || file.toString().endsWith(".pcapng"))
                    .sorted()
                    .toList();
        }
    }
}
