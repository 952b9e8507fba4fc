package org.mtudoctor.scenario;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.cli.Cli;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * The check that is not golden (issue 3): every scenario runs afresh on this machine's kernel
 * (scripts/scenario, in new network namespaces), and mtudoctor's verdict on the new capture must
 * be the one captures/README.md promises: exit code, finding kinds and severities, the MTU an ICMP
 * reported, the MTU to set. The kernel is the judge, not yesterday's file.
 *
 * <p>Needs root, network namespaces and the script's tools: outside CI it skips and says why, with
 * CI=true it fails instead. The fresh captures and the script's output stay in
 * target/fresh-captures/ for whoever reads a failed CI log. About 90 s in all: each stalled transfer
 * waits for curl's 7 s timeout. {@code -Dscenario.timeout=SECONDS} changes the deadline per
 * scenario (default 120).
 */
@Slow
class FreshScenarioTest {

    static final Path KEPT = Path.of("target", "fresh-captures");
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("scenario.timeout", 120));

    // Verdicts shared by several scenarios: each line as Verdict writes it.
    static final String SEED_BLACK_HOLE = """
            exit 3
            problem pmtu-black-hole, MTU 1396
            warning mss-raised-in-path
            fix MTU 1420, link now 1396
            """;
    // The seed at vpn captured with tcpdump -i any: its own 1396 link stops the 1420-byte packets
    // between its interfaces, and says so with ICMP.
    static final String SEED_BLACK_HOLE_ANY = SEED_BLACK_HOLE + """
            secondViews > 0
            between interfaces info lost-between
            """;
    // vpn's ICMP frag-needed (MTU 1396) reaches the server, which shrinks; isp raised the MSS.
    static final String PMTUD_WORKED_RAISED = """
            exit 0
            warning mss-raised-in-path
            info pmtud-worked, MTU 1396
            no fix
            """;
    static final String NO_FINDINGS = """
            exit 0
            no fix
            """;
    // A silent black hole at vpn's upstream with the MSS raised behind it, whether or not the
    // sender later works around it: the 1420-byte segment that never got through sets the fix.
    static final String SILENT_BLACK_HOLE_RAISED = """
            exit 3
            problem silent-black-hole
            warning mss-raised-in-path
            fix MTU 1420
            """;
    // The receiving end's view of a black hole: the server's data stalls after a small segment,
    // and bytes it sent never arrive; nothing that arrived bounds the path MTU, so no MTU to set.
    static final String RECEIVER_BLACK_HOLE = """
            exit 3
            problem receiver-black-hole
            no fix
            """;

    /**
     * A capture and its verdict; a {@code *} in the verdict stands for any number, where the
     * kernel's timing decides it (an MTU probe that may or may not run before the transfer ends).
     */
    record Capture(String file, String verdict) {
        boolean matches(String actual) {
            String pattern = Arrays.stream(verdict.split("\\*", -1))
                    .map(Pattern::quote)
                    .collect(Collectors.joining("\\d+"));
            return actual.matches(pattern);
        }
    }

    /**
     * A scenario, its captures, and for one captured at several points, lines that
     * {@code mtudoctor compare} on all of them (named by their labels) must print; empty otherwise.
     */
    record Scenario(String name, List<Capture> captures, List<String> compareLines) {
        Scenario(String name, List<Capture> captures) {
            this(name, captures, List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A scenario whose one capture is NAME.pcap. */
    static Scenario scenario(String name, String verdict) {
        return new Scenario(name, List.of(new Capture(name + ".pcap", verdict)));
    }

    static Scenario scenario(String name, Capture... captures) {
        return new Scenario(name, List.of(captures));
    }

    static Capture capture(String file, String verdict) {
        return new Capture(file, verdict);
    }

    /** One row per scenario of scripts/scenario --list, with what captures/README.md says of it. */
    static Stream<Scenario> scenarios() {
        return Stream.of(
                scenario("seed-black-hole", SEED_BLACK_HOLE),
                scenario("seed-pmtud-works", PMTUD_WORKED_RAISED),
                scenario("clean", NO_FINDINGS),
                scenario("seed-fixed", """
                        exit 0
                        warning mss-raised-in-path
                        no fix
                        """),
                scenario("silent-black-hole", SILENT_BLACK_HOLE_RAISED),
                scenario("silent-black-hole-ends",
                        capture("silent-black-hole-ends.pcap", SILENT_BLACK_HOLE_RAISED),
                        // As at seed-black-hole-ends' client: a stall after a small segment, and the
                        // server's ACK of the client's FIN shows the bytes that never came.
                        capture("silent-black-hole-ends-client.pcap", RECEIVER_BLACK_HOLE)),
                scenario("clamp-works",
                        capture("clamp-works.pcap", NO_FINDINGS),
                        // A lowered MSS is what a clamp is for: no finding at the client either.
                        capture("clamp-works-client.pcap", NO_FINDINGS)),
                // One finding by the smallest link's router, naming both (golden two-routers).
                scenario("two-routers", """
                        exit 0
                        info pmtud-worked, MTU 1300
                        no fix
                        """),
                // The quoted total length (548) was rewritten; the quoted sequence names a 1420-byte segment.
                scenario("quote-rewritten", PMTUD_WORKED_RAISED),
                scenario("mtu-zero", """
                        exit 0
                        info icmp-mtu-zero
                        info pmtud-worked, MTU 1006 estimated
                        no fix
                        """),
                scenario("ipv6-black-hole", """
                        exit 3
                        problem pmtu-black-hole, MTU 1400
                        warning mss-raised-in-path
                        fix MTU 1500, link now 1400
                        """),
                scenario("ipv6-pmtud-works", """
                        exit 0
                        warning mss-raised-in-path
                        info pmtud-worked, MTU 1400
                        no fix
                        """),
                scenario("seed-black-hole-any", SEED_BLACK_HOLE_ANY),
                scenario("seed-black-hole-offload", """
                        exit 3
                        problem pmtu-black-hole, MTU 1396
                        warning mss-raised-in-path
                        info offload-aggregates
                        fix MTU 1420, link now 1396
                        """),
                scenario("seed-black-hole-snap96", SEED_BLACK_HOLE),
                scenario("seed-black-hole-pcapng", capture("seed-black-hole-pcapng.pcapng", SEED_BLACK_HOLE)),
                scenario("seed-black-hole-ends",
                        capture("seed-black-hole-ends.pcap", SEED_BLACK_HOLE),
                        // The client sees a stall after a small segment, then bytes that never came.
                        capture("seed-black-hole-ends-client.pcap", RECEIVER_BLACK_HOLE),
                        // The server never sees the ICMP that isp drops.
                        capture("seed-black-hole-ends-server.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1420
                                """)),
                // A silent black hole that the sender worked around by falling back to smaller segments.
                scenario("fallback-probing-1",
                        capture("fallback-probing-1.pcap", SILENT_BLACK_HOLE_RAISED),
                        // The client: a stall, then the missing bytes only in 1076-byte resends. The fix is
                        // the largest packet that arrived: 1076, or more when the server's MTU probe
                        // (1377 bytes, below the 1396 link) ran before the transfer ended.
                        capture("fallback-probing-1-client.pcap", """
                                exit 3
                                problem receiver-black-hole
                                fix MTU * at the receiver
                                """)),
                // Falls back at once, each oversize packet sent once: no stall, not a black hole.
                scenario("fallback-probing-2",
                        capture("fallback-probing-2.pcap", """
                                exit 0
                                warning mss-raised-in-path
                                no fix
                                """),
                        // The hole is filled within milliseconds: ordinary recovery at the client too.
                        capture("fallback-probing-2-client.pcap", NO_FINDINGS)),
                // A one-segment hole that the reply's tail surrounds, filled by smaller resends after the RTOs.
                scenario("fallback-small-reply",
                        capture("fallback-small-reply.pcap", SILENT_BLACK_HOLE_RAISED),
                        capture("fallback-small-reply-client.pcap", """
                                exit 3
                                problem receiver-black-hole
                                fix MTU * at the receiver
                                """)),
                // The seed behind vpn's masquerade at four points; compare matches the connection through
                // the NAT and locates both the MSS raise and the ICMP drop between vpn and server.
                new Scenario("seed-nat", List.of(
                        capture("seed-nat.pcap", SEED_BLACK_HOLE),
                        capture("seed-nat-client.pcap", RECEIVER_BLACK_HOLE),
                        capture("seed-nat-vpn-in.pcap", RECEIVER_BLACK_HOLE),
                        capture("seed-nat-server.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1420
                                """)), List.of(
                        "NAT between them: 1 connection translated",
                        "PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) leaves seed-nat and never"
                                + " reaches seed-nat-server",
                        "WARNING  mss-rewritten: the SYN's MSS was raised between seed-nat and seed-nat-server: 1356 at"
                                + " seed-nat, 1380 at seed-nat-server")),
                // A clamp of the SYN-ACKs only: the server, told 1460, sends 1500-byte packets.
                new Scenario("syn-ack-clamp", List.of(
                        capture("syn-ack-clamp.pcap", """
                                exit 3
                                problem pmtu-black-hole, MTU 1396
                                fix MTU 1500, link now 1396
                                """),
                        capture("syn-ack-clamp-client.pcap", RECEIVER_BLACK_HOLE),
                        capture("syn-ack-clamp-server.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1500
                                """)), List.of(
                        "WARNING  mss-rewritten: the SYN-ACK's MSS was lowered between syn-ack-clamp and"
                                + " syn-ack-clamp-client: 1460 at syn-ack-clamp, 1356 at syn-ack-clamp-client",
                        "PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) leaves syn-ack-clamp and"
                                + " never reaches syn-ack-clamp-server")),
                // vpn's tcpdump -i any beside the server's capture: compare splits vpn by interface.
                new Scenario("seed-any-ends", List.of(
                        capture("seed-any-ends.pcap", SEED_BLACK_HOLE_ANY),
                        capture("seed-any-ends-server.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1420
                                """)), List.of(
                        "INFO  lost-between: the server's packets above 255 bytes leave seed-any-ends ifindex 3 and never"
                                + " reach seed-any-ends ifindex 2",
                        "PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) leaves seed-any-ends ifindex 3"
                                + " and never reaches seed-any-ends-server")),
                // isp's own tcpdump -i any: the MSS raise and the ICMP drop happen between its links.
                new Scenario("seed-isp-any", List.of(
                        capture("seed-isp-any.pcap", SEED_BLACK_HOLE + """
                                secondViews > 0
                                between interfaces problem icmp-dropped-between
                                between interfaces warning mss-rewritten
                                """),
                        capture("seed-isp-any-vpn.pcap", SEED_BLACK_HOLE),
                        capture("seed-isp-any-server.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1420
                                """)), List.of(
                        "PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) enters seed-isp-any on"
                                + " ifindex 2 and never leaves on ifindex 3",
                        "WARNING  mss-rewritten: the SYN's MSS was raised on seed-isp-any, from ifindex 2 to ifindex 3:"
                                + " 1356 at seed-isp-any ifindex 2, 1380 at seed-isp-any ifindex 3")),
                scenario("vxlan-overlay",
                        capture("vxlan-overlay.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1500
                                """),
                        // Decoded through VXLAN: 1500 + 50 does not fit the underlay's (assumed) 1500.
                        capture("vxlan-overlay-underlay.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1450, vxlan +50 on underlay 1500 (assumed) too small for 1500
                                """)),
                scenario("vxlan-routed-black-hole",
                        capture("vxlan-routed-black-hole.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1500
                                """),
                        // The router's ICMP about the VXLAN packets themselves gives the underlay MTU.
                        capture("vxlan-routed-black-hole-underlay.pcap", """
                                exit 3
                                problem silent-black-hole
                                fix MTU 1450, vxlan +50 on underlay 1500 (icmp) too small for 1500
                                """)));
    }

    @Test
    void everyScenarioHasARow() throws Exception {
        assertEquals(ScenarioScript.names(), scenarios().map(Scenario::name).toList(),
                "each scenario of " + ScenarioScript.SCRIPT + " --list needs a row in scenarios(), in the same order");
    }

    /** The runs themselves, apart so that the table check above runs on any machine. */
    @Nested
    @Execution(ExecutionMode.SAME_THREAD) // one scenario at a time: they share the CPU and the timing
    class OnThisKernel {

        @BeforeAll
        static void machineCanRunScenarios() {
            Prerequisites.requireRoot();
            Prerequisites.requireNetworkNamespaces();
            for (String tool : List.of("tcpdump", "nft", "ethtool", "ss", "sysctl", "curl", "python3", "editcap")) {
                Prerequisites.requireTool(tool);
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("org.mtudoctor.scenario.FreshScenarioTest#scenarios")
        void freshCapturesGetThePromisedVerdicts(Scenario scenario, @TempDir Path directory) throws Exception {
            Files.createDirectories(KEPT);
            for (Capture capture : scenario.captures()) {
                Files.deleteIfExists(KEPT.resolve(capture.file())); // no stale file from an earlier run
            }
            Path log = KEPT.resolve(scenario.name() + ".log");
            long start = System.nanoTime();
            ScenarioScript.run(scenario.name(), directory, log, TIMEOUT);
            System.out.printf(Locale.ROOT, "fresh %s: %.1f s%n", scenario.name(), (System.nanoTime() - start) / 1e9);

            for (Capture capture : scenario.captures()) {
                Path fresh = directory.resolve(capture.file());
                if (!Files.isRegularFile(fresh)) {
                    fail(scenario.name() + " wrote no " + capture.file() + "; its output:\n" + ScenarioScript.output(log));
                }
                Files.copy(fresh, KEPT.resolve(capture.file()), StandardCopyOption.REPLACE_EXISTING);
            }
            if (!scenario.compareLines().isEmpty()) {
                List<String> arguments = new ArrayList<>(List.of("compare"));
                scenario.captures().forEach(capture -> arguments.add(KEPT.resolve(capture.file()).toString()));
                Run compare = mtudoctor(arguments.toArray(String[]::new));
                for (String expected : scenario.compareLines()) {
                    if (!compare.out().contains(expected)) {
                        fail(scenario.name() + ": mtudoctor compare does not say \"" + expected + "\":\n" + compare.out()
                                + compare.err() + "\nscenario output (" + log.toAbsolutePath() + "):\n"
                                + ScenarioScript.output(log));
                    }
                }
            }
            if (scenario.captures().size() == 1) { // assertAll would print a lone failure twice: summary, suppressed
                assertVerdict(scenario, scenario.captures().get(0), log);
                return;
            }
            assertAll(scenario.name(), scenario.captures().stream().map(capture -> () -> assertVerdict(scenario, capture, log)));
        }
    }

    /** Checks the verdict on the kept copy of CAPTURE, the path a CI log reader can find. */
    private static void assertVerdict(Scenario scenario, Capture capture, Path log) {
        Path kept = KEPT.resolve(capture.file());
        Run json = mtudoctor("--format", "json", kept.toString());
        String actual;
        try {
            actual = Verdict.of(json.exitCode(), json.out());
        } catch (RuntimeException unreadable) {
            throw new AssertionError(scenario.name() + ": cannot read mtudoctor's JSON on " + kept.toAbsolutePath()
                    + " (" + unreadable + "); exit " + json.exitCode() + ", stderr: " + json.err() + "\n" + json.out(),
                    unreadable);
        }
        if (!capture.matches(actual)) {
            Run text = mtudoctor(kept.toString());
            assertEquals(capture.verdict(), actual, scenario.name() + ": the verdict on the fresh capture "
                    + kept.toAbsolutePath() + " differs from the table (the committed one is captures/" + capture.file()
                    + ").\nmtudoctor says:\n" + text.out() + text.err() + "\nscenario output (" + log.toAbsolutePath()
                    + "):\n" + ScenarioScript.output(log));
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    private static Run mtudoctor(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(arguments);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
