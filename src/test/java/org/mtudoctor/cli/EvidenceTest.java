package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.testing.Json;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.RepositoryCaptures;
import org.mtudoctor.testing.Slow;

/**
 * --evidence on every capture with findings, ours and the public ones: the analysis is the same
 * as without it, every finding gets its packets, and tshark, reading the same frame numbers,
 * agrees that each packet is what its role says (an ICMP too-big from the reporter, a SYN with
 * that MSS, a packet of that size from that port) and that no earlier ICMP would have done.
 */
class EvidenceTest {

    private static final Pattern BYTES = Pattern.compile("(\\d+) bytes");
    /**
     * Captures where tshark 4.0 leaves the evidence's tunnel closed, so it sees no TCP to check:
     * zeek/erspan.pcap is GRE (key present) carrying Ethernet, shown by tshark as data.
     */
    private static final List<String> TUNNELS_TSHARK_LEAVES_CLOSED = List.of("zeek/erspan.pcap");
    private static final Pattern MSS = Pattern.compile("advertised MSS (\\d+)");
    private static final Pattern UP_TO = Pattern.compile("up to (\\d+) bytes");
    private static final Pattern PACKET = Pattern.compile("(\\d+)-byte packet");

    static Stream<Path> capturesWithFindings() throws IOException {
        List<Path> captures = new ArrayList<>();
        for (String name : RepositoryCaptures.madeByKernels()) {
            captures.add(RepositoryCaptures.ROOT.resolve(name));
        }
        Path publicRoot = Prerequisites.publicCaptures();
        if (publicRoot != null) {
            PublicFindingsTest.listed().keySet().forEach(name -> captures.add(publicRoot.resolve(name)));
        }
        return captures.stream();
    }

    @Slow
    @ParameterizedTest
    @MethodSource("capturesWithFindings")
    void everyFindingGetsPacketsThatShowItAsTsharkReadsThem(Path capture) throws Exception {
        Prerequisites.requireTool("tshark");
        CliTest.Run plain = CliTest.run("--format", "json", capture.toString());
        CliTest.Run withEvidence = CliTest.run("--evidence", "--format", "json", capture.toString());
        assertEquals(plain.exitCode(), withEvidence.exitCode(), withEvidence.err());

        Map<?, ?> report = (Map<?, ?>) Json.parse(withEvidence.out());
        List<?> findings = (List<?>) report.get("findings");
        List<?> plainFindings = (List<?>) ((Map<?, ?>) Json.parse(plain.out())).get("findings");
        assertEquals(plainFindings.size(), findings.size());
        Map<Integer, Frame> frames = tshark(capture);
        for (int i = 0; i < findings.size(); i++) {
            Map<?, ?> finding = (Map<?, ?>) findings.get(i);
            Map<Object, Object> withoutEvidence = new LinkedHashMap<>(finding);
            List<?> evidence = (List<?>) withoutEvidence.remove("evidence");
            assertEquals(plainFindings.get(i), withoutEvidence, "the analysis does not change with --evidence");
            List<?> flows = (List<?>) finding.get("flows");
            if (flows.isEmpty()) {
                continue;
            }
            String where = capture + " " + finding.get("kind");
            assertFalse(evidence.isEmpty(), where + ": no evidence");
            Map<?, ?> flow = (Map<?, ?>) flows.get(0);
            String sourcePort = port((String) flow.get("src"));
            String destinationPort = port((String) flow.get("dst"));
            long previous = 0;
            for (Object element : evidence) {
                Map<?, ?> packet = (Map<?, ?>) element;
                assertEquals(capture.toString(), packet.get("input"));
                int number = ((Number) packet.get("frame")).intValue();
                String role = (String) packet.get("role");
                Frame frame = frames.get(number);
                String what = where + " frame " + number + " (" + role + "): " + frame;
                assertTrue(frame != null, what);
                assertTrue(number > previous || role.startsWith("the first segment above") || role.startsWith("the first aggregate"),
                        what + ": evidence of one finding in capture order");
                previous = number;
                assertTrue(((String) packet.get("decoded")).startsWith("["), what + ": pcap4j's decoding");
                if (role.startsWith("the first ICMP too-big")) {
                    String reporter = (String) finding.get("reporter");
                    assertTrue(frame.isTooBig() && frame.from(reporter) && frame.has(frame.sourcePorts, sourcePort)
                            && frame.has(frame.destinationPorts, destinationPort), what);
                    for (int earlier = 1; earlier < number; earlier++) {
                        Frame before = frames.get(earlier);
                        assertFalse(before != null && before.isTooBig() && before.from(reporter)
                                        && before.has(before.sourcePorts, sourcePort)
                                        && before.has(before.destinationPorts, destinationPort),
                                what + ": frame " + earlier + " is an earlier one");
                    }
                } else if (role.startsWith("the receiver's SYN")) {
                    assertTrue(frame.syn && frame.has(frame.mss, group(UP_TO, role)) && frame.has(frame.sourcePorts, destinationPort),
                            what);
                } else if (role.startsWith("the first packet past")) {
                    assertTrue(frame.has(frame.sourcePorts, sourcePort) && frame.lostSegment,
                            what + ": tshark's TCP analysis says \"previous segment not captured\"");
                } else if (role.startsWith("the missing bytes arrive")) {
                    assertTrue(frame.has(frame.sourcePorts, sourcePort) && frame.ofLength(Integer.parseInt(group(PACKET, role)))
                            && (frame.retransmission || frame.outOfOrder), what + ": tshark calls it a resend or out of order");
                } else if (role.startsWith("the SYN that advertised")) {
                    assertTrue(frame.syn && frame.has(frame.mss, group(MSS, role)) && frame.has(frame.sourcePorts, destinationPort),
                            what);
                } else if (frame.sourcePorts.isEmpty()
                        && TUNNELS_TSHARK_LEAVES_CLOSED.stream().anyMatch(name -> capture.endsWith(name))) {
                    continue;
                } else {
                    // Packets of the sender: its port, and the size the role names.
                    assertTrue(frame.has(frame.sourcePorts, sourcePort) && frame.has(frame.destinationPorts, destinationPort),
                            what);
                    if (role.startsWith("the first segment above")) {
                        // Aggregates are not segments: the analysis's largest segment bounds it.
                        assertTrue(Integer.parseInt(group(BYTES, role)) <= ((Number) finding.get("largestSegment")).intValue(),
                                what);
                    } else {
                        assertTrue(frame.ofLength(Integer.parseInt(group(BYTES, role))), what);
                    }
                    if (role.startsWith("the first aggregate")) {
                        int size = Integer.parseInt(group(BYTES, role));
                        assertTrue(size > 1500 && size <= ((Number) finding.get("largestAggregate")).intValue(), what);
                    }
                    if (role.contains("resend")) {
                        assertTrue(frame.retransmission, what + ": tshark's TCP analysis calls it a retransmission");
                    }
                }
            }
        }
    }

    @Test
    void standardInputCannotBeReadTwice() {
        CliTest.Run run = CliTest.run("--evidence", "-");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("--evidence reads the captures a second time"), run.err());
    }

    @Test
    void withoutTheOptionTheReportHasNoEvidence() {
        CliTest.Run run = CliTest.run("--format", "json", CliTest.BLACK_HOLE);
        assertFalse(run.out().contains("\"evidence\""), run.out());
        assertFalse(CliTest.run(CliTest.BLACK_HOLE).out().contains("    packet "));
    }

    private static String port(String endpoint) {
        return endpoint.substring(endpoint.lastIndexOf(':') + 1);
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " in " + text);
        return matcher.group(1);
    }

    /** What tshark says of one frame; list fields hold every header's value (outer, inner, quoted). */
    private record Frame(List<String> icmpTypes, List<String> icmpCodes, List<String> icmp6Types, boolean syn,
                         List<String> mss, List<String> ipLengths, List<String> ipv6PayloadLengths,
                         List<String> sources, List<String> sourcePorts, List<String> destinationPorts,
                         boolean retransmission, boolean lostSegment, boolean outOfOrder) {
        boolean isTooBig() {
            return icmpTypes.contains("3") && icmpCodes.contains("4") || icmp6Types.contains("2");
        }

        boolean from(String address) {
            return sources.contains(address);
        }

        boolean has(List<String> values, String value) {
            return values.contains(value);
        }

        boolean ofLength(int packetLength) {
            return ipLengths.contains(Integer.toString(packetLength))
                    || ipv6PayloadLengths.contains(Integer.toString(packetLength - 40));
        }
    }

    private static Map<Integer, Frame> tshark(Path capture) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number", "-e", "icmp.type", "-e", "icmp.code", "-e", "icmpv6.type", "-e", "tcp.flags.syn",
                "-e", "tcp.options.mss_val", "-e", "ip.len", "-e", "ipv6.plen", "-e", "ip.src", "-e", "ipv6.src",
                "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.analysis.retransmission",
                "-e", "tcp.analysis.fast_retransmission", "-e", "tcp.analysis.lost_segment",
                "-e", "tcp.analysis.out_of_order")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark on " + capture);
        Map<Integer, Frame> frames = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = Arrays.copyOf(line.split("\t", -1), 16);
            List<String> sources = new ArrayList<>(list(f[8]));
            sources.addAll(list(f[9]));
            frames.put(Integer.parseInt(f[0]), new Frame(list(f[1]), list(f[2]), list(f[3]),
                    list(f[4]).contains("1") || list(f[4]).contains("True"), list(f[5]), list(f[6]), list(f[7]),
                    sources, list(f[10]), list(f[11]), !list(f[12]).isEmpty() || !list(f[13]).isEmpty(),
                    !list(f[14]).isEmpty(), !list(f[15]).isEmpty()));
        }
        return frames;
    }

    private static List<String> list(String field) {
        return field == null || field.isEmpty() ? List.of() : List.of(field.split(","));
    }
}
