package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.PublicCaptures;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.RepositoryCaptures;
import org.mtudoctor.testing.Slow;

/**
 * TShark as an oracle for the values mtudoctor's diagnosis rests on. In every capture of
 * captures/ and of the public captures, frame by frame, the MSS option of a TCP segment, the next-hop MTU of an ICMP fragmentation
 * needed and the MTU of an ICMPv6 packet too big that our decoder extracts, and the SACK blocks
 * the HTML report's time-sequence plot draws, must be what TShark finds in the same frame
 * ({@code tcp.options.mss_val}, {@code icmp.mtu}, {@code icmpv6.mtu}, {@code tcp.options.sack_le}
 * and {@code sack_re}, absolute).
 * Each frame where they differ is listed in {@link #KNOWN_DIFFERENCES} with the reason
 * ({@link #OWN_CAPTURE_DIFFERENCES} for captures/); the test
 * fails on a difference that is not listed, and on a listed one that no longer occurs.
 *
 * <p>How TShark's fields are read. TShark decodes more than the frame's own message: tunnels,
 * the packet an ICMP error quotes, the headers an sFlow datagram samples; {@code -T fields} lists
 * every occurrence in that order. The frame's own message is taken to be the first {@code tcp},
 * {@code icmp} or {@code icmpv6} in {@code frame.protocols}, and its value the first occurrence
 * of the field: for tcp the first MSS; for icmp the first MTU when the first type and code are 3
 * and 4; for icmpv6 the first MTU when the first type is 2. So the SYN an ICMP error quotes is
 * not the frame's (mtudoctor reads a quote's addresses, ports and sequence, never its options),
 * while the TCP inside a tunnel is: mtudoctor opens GRE, PPTP, IP in IP, VXLAN, Geneve, GTP-U,
 * GRE in UDP and ERSPAN's mirrored frames, and the frames of other tunnels (CAPWAP, AYIYA,
 * Aruba's GRE, ...) are listed. TShark's IP reassembly is off: like mtudoctor, it then decodes each frame
 * by itself, the transport header in a first fragment only.
 *
 * <p>Speed. TShark takes about 0.3 s to start, which on 518 files is over 80 s on two idle
 * cores. So the files are joined in batches with {@code mergecap -a}, at most two TShark runs at
 * a time, and TShark's frame numbers are split back into files by each file's frame count from
 * our reader (which {@code PublicCapturesTest} holds to capinfos' count). Since TShark's state
 * (conversations, heuristics) then spans a batch, every file with a difference is decoded again
 * by TShark alone, and that run is the one compared.
 */
@Slow
class TsharkOracleTest {

    private static final String TUNNEL = "tunnel mtudoctor does not open (it opens GRE, PPTP, IP in IP, VXLAN, Geneve,"
            + " GTP-U, GRE in UDP and ERSPAN's mirrored frames)";

    /** The same for the captures in captures/, made by scripts/scenario. */
    private static final List<KnownDifference> OWN_CAPTURE_DIFFERENCES = List.of();

    /**
     * Public captures' frames where our decoder and TShark differ, and why. In all of them TShark
     * finds a value and we find none; nowhere do we find a value TShark does not, or a different one.
     */
    private static final List<KnownDifference> KNOWN_DIFFERENCES = List.of(
            tunnel("nDPI/capwap_data.pcapng", "1,2,3,4,5,6", "CAPWAP data over UDP, 802.11 inside"),
            tunnel("zeek/tunnels/ayiya3.pcap", "12,13", "AYIYA over UDP, IPv6 inside"),
            tunnel("zeek/tunnels/gre-aruba.pcap", "5,9,12,19,26,30,37,38,58,1370,1508,1509,1586,1596,1637,1698,1791",
                    "Aruba GRE (0x8200), 802.11 inside"),
            tunnel("zeek/tunnels/gre-aruba.pcap",
                    "21,56-57,127-131,135,137-138,157-159,161-391,393,396-416,418,420,426,428,431-433,"
                    + "435,437,439-467,509-525,541-548,550-559,561-660,662-687,733-755,771-881,885,887,889,"
                    + "892,894,896,908,910-962,990-998,1000-1009,1017-1022,1028-1076,1083-1108,1110-1111,"
                    + "1113-1132,1153-1241,1243-1249,1251,1253-1262,1264,1269-1270,1278-1279,1286-1288,"
                    + "1290-1335,1393-1434,1436-1470,1530-1538,1605-1633,1635-1636,1643-1645,1647,"
                    + "1649-1653,1725-1732,1800-1802,1804-1807,1809-1829,1837-1858,1861-1862,2064-2211,"
                    + "2213-2266,2288-2315,2326,2328-2343,2345-2352,2355-2360",
                    "Aruba GRE (0x8200), 802.11 inside: the SACK blocks of its TCP"),
            new KnownDifference("nDPI/ajp.pcap", "3,6,22,25", "Cisco FabricPath (EtherType 0x8903) wraps a second"
                    + " Ethernet header, which mtudoctor does not open"),
            new KnownDifference("zeek/pbb.pcap", "5,6", "802.1ah provider backbone bridging (EtherType 0x88e7,"
                    + " MAC in MAC), which mtudoctor does not open"),
            new KnownDifference("tcpdump/arcnet-rfc1051-arp-icmp-http.pcap", "11,12", "link type ARCNET_LINUX (129),"
                    + " which mtudoctor does not decode and counts as an unknown link type"),
            new KnownDifference("tcpdump/arcnet-rfc1201-arp-icmp-http.pcap", "13,14", "link type ARCNET_LINUX (129),"
                    + " which mtudoctor does not decode and counts as an unknown link type"),
            new KnownDifference("suricata-verify/filestore-5408/input.pcap", "116", "TShark decodes the packet"
                    + " headers an sFlow datagram samples; they are copies, not traffic of this link, and mtudoctor"
                    + " rightly sees UDP"));

    private static final List<String> FIELDS = List.of("frame.number", "frame.protocols", "tcp.options.mss_val",
            "icmp.type", "icmp.code", "icmp.mtu", "icmpv6.type", "icmpv6.mtu", "tcp.options.sack_le", "tcp.options.sack_re");
    private static final int FILES_PER_BATCH = 40;
    private static final int PARALLEL_TSHARK_RUNS = 2;
    private static final long TSHARK_TIME_LIMIT_SECONDS = 300;

    /** @param frames frame numbers and ranges of them: "5,9,12-19" */
    record KnownDifference(String file, String frames, String reason) {
    }

    private static KnownDifference tunnel(String file, String frames, String kind) {
        return new KnownDifference(file, frames, TUNNEL + ": " + kind);
    }

    /** TShark's value for a frame, and the protocols it decoded there (which say where it came from). */
    record TsharkFrame(String value, String protocols) {
    }

    @TempDir
    Path scratch;

    @Test
    void ownCapturesGiveTsharksValues() throws Exception {
        Prerequisites.requireTool("tshark");
        Prerequisites.requireTool("mergecap");
        compareWithTshark(RepositoryCaptures.ROOT, RepositoryCaptures.madeByKernels(), OWN_CAPTURE_DIFFERENCES);
    }

    @Test
    void publicCapturesGiveTsharksValues() throws Exception {
        Path root = Prerequisites.requirePublicCaptures();
        Prerequisites.requireTool("tshark");
        Prerequisites.requireTool("mergecap");
        compareWithTshark(root, PublicCaptures.captureFiles(root), KNOWN_DIFFERENCES);
    }

    /** The rule that picks the frame's own value out of TShark's fields, on the cases the captures lack. */
    @Test
    void tsharksValueIsTheFramesOwnMessage() {
        // frame.number, frame.protocols, tcp.options.mss_val, icmp.type, icmp.code, icmp.mtu, icmpv6.type, icmpv6.mtu,
        // tcp.options.sack_le, tcp.options.sack_re
        assertEquals("sack 100-200,300-400",
                tsharkFrame(new String[] {"9", "eth:ethertype:ip:tcp", "", "", "", "", "", "", "100,300", "200,400"}).value());
        assertEquals("frag-needed mtu 1396",
                tsharkFrame(new String[] {"7", "eth:ethertype:ip:icmp:ip:tcp", "1380", "3", "4", "1396", "", ""}).value(),
                "the SYN an ICMP error quotes has an MSS, but the frame is the ICMP");
        assertEquals("", tsharkFrame(new String[] {"7", "eth:ethertype:ip:icmp:ip:icmp", "", "11,3", "0,4", "1396", "", ""})
                .value(), "a time exceeded quoting a frag-needed reports no MTU of its own");
        assertEquals("mss 1360", tsharkFrame(new String[] {"7", "eth:ethertype:ip:gre:ip:tcp", "1360", "", "", "", "", ""})
                .value(), "a tunnel's inner SYN is the frame's, as mtudoctor sees it");
        assertEquals("packet-too-big mtu 1280",
                tsharkFrame(new String[] {"7", "eth:ethertype:ipv6:icmpv6:ipv6:tcp", "", "", "", "", "2", "1280"}).value());
    }

    /** Compares every frame of {@code files} (relative to {@code root}); {@code known} lists the differences. */
    private void compareWithTshark(Path root, List<String> files, List<KnownDifference> known) throws Exception {
        long started = System.nanoTime();
        assertTrue(files.size() > 10, "captures in " + root + ": " + files.size());
        Map<String, Map<Integer, String>> ours = new LinkedHashMap<>();
        Map<String, Integer> frameCounts = new LinkedHashMap<>();
        for (String file : files) {
            Map<Integer, String> values = ourValues(root.resolve(file));
            ours.put(file, values);
            frameCounts.put(file, values.size());
        }

        Map<String, Map<Integer, TsharkFrame>> theirs = tsharkValuesInBatches(root, files, frameCounts);
        Map<String, String> found = new TreeMap<>();
        Map<String, Integer> valuesByKind = new TreeMap<>();
        int confirmedAlone = 0;
        int onlyWhenJoined = 0;
        for (String file : files) {
            Map<String, String> differences = differences(file, ours.get(file), theirs.get(file));
            if (!differences.isEmpty()) {
                confirmedAlone++;
                differences = differences(file, ours.get(file), tsharkValues(root, List.of(file)));
                onlyWhenJoined += differences.isEmpty() ? 1 : 0;
            }
            found.putAll(differences);
            ours.get(file).values().stream().filter(value -> !value.isEmpty())
                    .forEach(value -> valuesByKind.merge(value.substring(0, value.lastIndexOf(' ')), 1, Integer::sum));
        }

        Map<String, String> listed = listedDifferences(known);
        Map<String, String> unlisted = new TreeMap<>(found);
        unlisted.keySet().removeAll(listed.keySet());
        Map<String, String> gone = new TreeMap<>(listed);
        gone.keySet().removeAll(found.keySet());
        System.out.printf(Locale.ROOT, "TsharkOracleTest: %s: %d files, %d frames, values of ours %s;"
                        + " %d listed differences; %d files checked again alone, %d of which differ only when joined;"
                        + " %.1f s%n",
                root, files.size(), frameCounts.values().stream().mapToInt(Integer::intValue).sum(), valuesByKind,
                listed.size(), confirmedAlone, onlyWhenJoined, (System.nanoTime() - started) / 1e9);
        assertTrue(unlisted.isEmpty(), () -> "differences from TShark not listed as known:\n" + lines(unlisted));
        assertTrue(gone.isEmpty(), () -> "known differences that no longer occur, to remove:\n" + lines(gone));
    }

    private static String lines(Map<String, String> entries) {
        return entries.entrySet().stream().map(entry -> "  " + entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Our decoder's value for each frame of the file, by frame number from 1; "" for none. */
    private static Map<Integer, String> ourValues(Path file) throws CaptureException, IOException {
        Map<Integer, String> values = new TreeMap<>();
        Decoding.decodeEach(file, packet -> values.put(values.size() + 1, ourValue(packet)));
        return values;
    }

    private static String ourValue(Packet packet) {
        if (packet.content() == Content.TCP && packet.mss() >= 0) {
            return mss(packet.mss());
        }
        if (packet.content() == Content.TCP && packet.sackBlocks() > 0) {
            List<String> blocks = new ArrayList<>();
            for (int i = 0; i < packet.sackBlocks(); i++) {
                blocks.add(packet.sackLeft(i) + "-" + packet.sackRight(i));
            }
            return sack(String.join(",", blocks));
        }
        if (packet.content() == Content.ICMP_TOO_BIG) {
            return packet.ipVersion() == 4 ? fragmentationNeeded(packet.reportedMtu())
                    : packetTooBig(packet.reportedMtu());
        }
        return "";
    }

    private static String mss(long value) {
        return "mss " + value;
    }

    private static String sack(String blocks) {
        return "sack " + blocks;
    }

    private static String fragmentationNeeded(long mtu) {
        return "frag-needed mtu " + mtu;
    }

    private static String packetTooBig(long mtu) {
        return "packet-too-big mtu " + mtu;
    }

    /** TShark's value for one frame, from its -T fields line (see the class comment). */
    private static TsharkFrame tsharkFrame(String[] fields) {
        String protocols = field(fields, 1);
        String own = Arrays.stream(protocols.split(":"))
                .filter(protocol -> protocol.equals("tcp") || protocol.equals("icmp") || protocol.equals("icmpv6"))
                .findFirst().orElse("");
        String mss = first(field(fields, 2));
        String icmpType = first(field(fields, 3));
        String icmpCode = first(field(fields, 4));
        String icmpMtu = first(field(fields, 5));
        String icmpv6Type = first(field(fields, 6));
        String icmpv6Mtu = first(field(fields, 7));
        String value = "";
        if (own.equals("tcp") && !mss.isEmpty()) {
            value = mss(Long.parseLong(mss));
        } else if (own.equals("tcp") && !field(fields, 8).isEmpty()) {
            String[] left = field(fields, 8).split(","), right = field(fields, 9).split(",");
            List<String> blocks = new ArrayList<>();
            for (int i = 0; i < left.length; i++) {
                blocks.add(left[i] + "-" + (i < right.length ? right[i] : "?"));
            }
            value = sack(String.join(",", blocks));
        } else if (own.equals("icmp") && icmpType.equals("3") && icmpCode.equals("4") && !icmpMtu.isEmpty()) {
            value = fragmentationNeeded(Long.parseLong(icmpMtu));
        } else if (own.equals("icmpv6") && icmpv6Type.equals("2") && !icmpv6Mtu.isEmpty()) {
            value = packetTooBig(Long.parseLong(icmpv6Mtu));
        }
        return new TsharkFrame(value, protocols);
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    /** -T fields joins a field's occurrences with commas. */
    private static String first(String occurrences) {
        int comma = occurrences.indexOf(',');
        return comma < 0 ? occurrences : occurrences.substring(0, comma);
    }

    /** "file frame N" -> "ours ..., TShark ..." for every frame where the two differ. */
    private static Map<String, String> differences(String file, Map<Integer, String> ours,
                                                   Map<Integer, TsharkFrame> theirs) {
        Map<String, String> differences = new TreeMap<>();
        if (theirs == null || theirs.size() != ours.size()) {
            differences.put(file + " frames", "ours " + ours.size() + ", TShark "
                    + (theirs == null ? "none" : theirs.size()));
            return differences;
        }
        ours.forEach((frame, value) -> {
            TsharkFrame their = theirs.get(frame);
            if (!value.equals(their.value())) {
                differences.put(key(file, frame), "ours '" + value + "', TShark '" + their.value() + "' in "
                        + their.protocols());
            }
        });
        return differences;
    }

    private static String key(String file, int frame) {
        return String.format(Locale.ROOT, "%s frame %d", file, frame);
    }

    private static Map<String, String> listedDifferences(List<KnownDifference> known) {
        Map<String, String> listed = new TreeMap<>();
        for (KnownDifference difference : known) {
            for (String frames : difference.frames().split(",")) {
                String[] range = frames.trim().split("-");
                int first = Integer.parseInt(range[0]);
                for (int frame = first; frame <= Integer.parseInt(range[range.length - 1]); frame++) {
                    listed.put(key(difference.file(), frame), difference.reason());
                }
            }
        }
        return listed;
    }

    /** TShark over every file, in batches joined by mergecap, at most two at a time. */
    private Map<String, Map<Integer, TsharkFrame>> tsharkValuesInBatches(Path root, List<String> files,
                                                                    Map<String, Integer> frameCounts)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_TSHARK_RUNS);
        try {
            List<Future<Map<String, Map<Integer, TsharkFrame>>>> batches = new ArrayList<>();
            for (int from = 0; from < files.size(); from += FILES_PER_BATCH) {
                List<String> batch = files.subList(from, Math.min(files.size(), from + FILES_PER_BATCH));
                batches.add(pool.submit(() -> splitIntoFiles(batch, frameCounts, tsharkValues(root, batch))));
            }
            Map<String, Map<Integer, TsharkFrame>> values = new TreeMap<>();
            for (Future<Map<String, Map<Integer, TsharkFrame>>> batch : batches) {
                values.putAll(batch.get());
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The batch's frames numbered from 1 across its files, split into files by their frame
     * counts. When the total does not match, no file gets a value and each is run alone later.
     */
    private static Map<String, Map<Integer, TsharkFrame>> splitIntoFiles(List<String> batch,
                                                                         Map<String, Integer> frameCounts,
                                                                         Map<Integer, TsharkFrame> frames) {
        int expected = batch.stream().mapToInt(frameCounts::get).sum();
        Map<String, Map<Integer, TsharkFrame>> byFile = new TreeMap<>();
        if (frames.size() != expected) {
            return byFile;
        }
        int offset = 0;
        for (String file : batch) {
            Map<Integer, TsharkFrame> values = new TreeMap<>();
            for (int frame = 1; frame <= frameCounts.get(file); frame++) {
                values.put(frame, frames.get(offset + frame));
            }
            byFile.put(file, values);
            offset += frameCounts.get(file);
        }
        return byFile;
    }

    /** TShark's value per frame number, of one file or of the files joined by mergecap. */
    private Map<Integer, TsharkFrame> tsharkValues(Path root, List<String> files)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(scratch, "tshark");
        Path input = root.resolve(files.get(0));
        if (files.size() > 1) {
            input = work.resolve("joined.pcapng");
            List<String> mergecap = new ArrayList<>(List.of("mergecap", "-a", "-F", "pcapng", "-w", input.toString()));
            files.forEach(file -> mergecap.add(root.resolve(file).toString()));
            run(mergecap, work, "mergecap");
        }
        List<String> tshark = new ArrayList<>(List.of("tshark", "-n", "-r", input.toString(),
                "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.relative_sequence_numbers:FALSE",
                "-T", "fields"));
        FIELDS.forEach(field -> tshark.addAll(List.of("-e", field)));
        Path output = run(tshark, work, "tshark");
        Map<Integer, TsharkFrame> values = new TreeMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", -1);
            values.put(Integer.parseInt(fields[0]), tsharkFrame(fields));
        }
        return values;
    }

    /** Runs a command with an empty Wireshark configuration; returns the file holding its output. */
    private static Path run(List<String> command, Path work, String name) throws IOException, InterruptedException {
        Path output = work.resolve(name + ".out");
        Path errors = work.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile());
        // No preferences of whoever runs the tests: TShark's defaults, the same everywhere.
        builder.environment().put("WIRESHARK_CONFIG_DIR", Files.createDirectories(work.resolve("config")).toString());
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TSHARK_TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " still running after " + TSHARK_TIME_LIMIT_SECONDS + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(name + " exited " + process.exitValue() + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8).strip() + "\n" + command);
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
