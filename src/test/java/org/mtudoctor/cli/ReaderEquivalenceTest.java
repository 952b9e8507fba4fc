package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Prerequisites;

/**
 * Our reader and libpcap must give the same analysis, whole report and exit code, on every
 * capture in captures/ and in the public captures. Where libpcap cannot read a file the way it
 * is stored, the file is listed here with the reason, and the test checks that the difference
 * is exactly that one.
 */
class ReaderEquivalenceTest {

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
        List<Path> files = captures(Path.of("captures"));
        assertTrue(files.size() >= 3, "captures/ holds " + files);
        List<String> differences = new ArrayList<>();
        for (Path file : files) {
            compare(file, differences);
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void publicCapturesGiveTheSameReportWithBothReaders() throws IOException {
        Prerequisites.requireLibpcap();
        Path root = Prerequisites.requirePublicCaptures();
        Map<String, String> unexplained = new TreeMap<>();
        List<String> explained = new ArrayList<>();
        int compared = 0;
        for (Path file : captures(root)) {
            String name = root.relativize(file).toString();
            List<String> differences = new ArrayList<>();
            compare(file, differences);
            compared++;
            if (LIBPCAP_DIFFERS.containsKey(name)) {
                explained.add(name + ": " + LIBPCAP_DIFFERS.get(name) + (differences.isEmpty() ? " (no difference in the analysis)" : ""));
            } else if (!differences.isEmpty()) {
                unexplained.put(name, differences.get(0));
            }
        }
        System.out.println("ReaderEquivalenceTest: " + compared + " public captures compared; explained:\n  "
                + String.join("\n  ", explained));
        assertEquals(Map.of(), unexplained);
    }

    private static void compare(Path file, List<String> differences) {
        String name = file.toString();
        CliTest.Run own = CliTest.run("--format", "json", "--flows", name);
        CliTest.Run libpcap = CliTest.run("--format", "json", "--flows", "--reader", "libpcap", name);
        if (own.exitCode() == ExitCode.INTERNAL_ERROR || libpcap.exitCode() == ExitCode.INTERNAL_ERROR) {
            differences.add(name + ": internal error: " + own.err().strip() + libpcap.err().strip());
        } else if (own.exitCode() != libpcap.exitCode()) {
            differences.add(name + ": exit " + own.exitCode() + " (own) vs " + libpcap.exitCode() + " (libpcap) " + libpcap.err().strip());
        } else if (!own.out().equals(libpcap.out())) {
            differences.add(name + ": reports differ");
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
