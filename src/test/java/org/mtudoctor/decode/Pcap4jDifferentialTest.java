package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;
import org.mtudoctor.testing.Slow;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.FragmentedPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4DestinationUnreachablePacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6PacketTooBigPacket;
import org.pcap4j.packet.IllegalPacket;
import org.pcap4j.packet.IpPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtDestinationOptionsPacket;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6ExtHopByHopOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.mtudoctor.testing.Prerequisites;

/**
 * Decodes every public capture with both our decoder and pcap4j's packet factory, an independent
 * implementation, and compares what both can see. Frames where pcap4j gives up, or where the two
 * differ for a reason that is understood, are counted under that reason and printed; any other
 * difference fails the test.
 *
 * <p>Needs libpcap (pcap4j reads the files through it, since our own reader is not this layer's).
 * Without it the test is skipped with the reason printed, except in CI, where it fails.
 */
@Slow
class Pcap4jDifferentialTest {

    private static Path captures;
    private static final int EXAMPLES = 3;

    private static Comparison comparison;

    @BeforeAll
    static void decodeEveryCapture() throws IOException {
        captures = Prerequisites.requirePublicCaptures();
        Prerequisites.requireLibpcap();
        comparison = new Comparison();
        try (Stream<Path> files = Files.walk(captures)) {
            for (Path file : files.filter(Pcap4jDifferentialTest::isCapture).sorted().toList()) {
                comparison.compareFile(file);
            }
        }
        System.out.println(comparison.summary());
    }

    @Test
    void agrees_with_pcap4j_wherever_both_decode() {
        assertTrue(comparison.unexplained.isEmpty(), () -> "unexplained differences:\n"
                + comparison.unexplained);
    }

    /**
     * Every real frame, cut at random points and with random bytes changed, must still decode
     * without an exception, keep the decoder's invariants, and read nothing past the cut.
     */
    @Test
    void survives_real_frames_cut_and_mutated() {
        System.out.printf(Locale.ROOT, "fuzzed %d cuts and mutations of real frames%n", comparison.fuzzed);
        assertTrue(comparison.fuzzFailures.isEmpty(), () -> String.join("\n", comparison.fuzzFailures));
    }

    /**
     * The catalogue was made with TShark, a third decoder: its SYN and SYN-ACK MSS values and its
     * frag-needed / packet-too-big MTUs must be what we extract. TShark also sees into tunnels
     * (GRE, IP-in-IP, GTP, VXLAN, ...), not all of which mtudoctor opens; for those files what we
     * find must be part of what TShark found.
     */
    @Test
    void extracts_what_the_catalogue_found() throws IOException {
        List<String> lines = Files.readAllLines(captures.resolve("catalogue.tsv"));
        List<String> columns = List.of(lines.get(0).split("\t", -1));
        List<String> mismatches = new ArrayList<>();
        int exact = 0;
        int partial = 0;
        int unread = 0;
        int undecodedLink = 0;
        int excepted = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split("\t", -1);
            String file = row[columns.indexOf("file")];
            Observation seen = comparison.observations.get(file);
            if (seen == null || !seen.readToTheEnd) {
                unread++;
                continue;
            }
            if (seen.unknownLinkFrames > 0) {
                undecodedLink++;
                continue;
            }
            if (CATALOGUE_EXCEPTIONS.containsKey(file)) {
                excepted++;
                continue;
            }
            boolean tunnelled = false;
            for (String encapsulation : row[columns.indexOf("tcp_encap")].split(",")) {
                String kind = encapsulation.replaceAll(":.*", "");
                tunnelled |= !kind.isEmpty() && !DECODED_ENCAPSULATIONS.contains(kind);
            }
            if (tunnelled) {
                partial++;
            } else {
                exact++;
            }
            check(mismatches, file, "SYN MSS", counts(row[columns.indexOf("syn_mss")]), seen.synMss, tunnelled);
            check(mismatches, file, "SYN-ACK MSS", counts(row[columns.indexOf("synack_mss")]), seen.synAckMss,
                    tunnelled);
            check(mismatches, file, "frag-needed MTUs", distinct(row[columns.indexOf("frag_needed_mtus")]),
                    distinct(seen.fragmentationNeededMtus), tunnelled);
            check(mismatches, file, "frag-needed count", Map.of("frames", parse(row[columns.indexOf("frag_needed")])),
                    Map.of("frames", seen.fragmentationNeededMtus.values().stream().mapToInt(i -> i).sum()), tunnelled);
            check(mismatches, file, "packet-too-big MTUs", distinct(row[columns.indexOf("ptb_mtus")]),
                    distinct(seen.packetTooBigMtus), tunnelled);
            check(mismatches, file, "packet-too-big count", Map.of("frames", parse(row[columns.indexOf("ptb")])),
                    Map.of("frames", seen.packetTooBigMtus.values().stream().mapToInt(i -> i).sum()), tunnelled);
        }
        System.out.printf(Locale.ROOT, "catalogue: %d files compared exactly, %d with tunnels as a subset, "
                + "%d not read to the end by libpcap/pcap4j, %d under a link type mtudoctor does not decode, "
                + "%d known exceptions:%n", exact, partial, unread, undecodedLink, excepted);
        CATALOGUE_EXCEPTIONS.forEach((file, reason) -> System.out.println("  " + file + ": " + reason));
        assertTrue(mismatches.isEmpty(), () -> String.join("\n", mismatches));
    }

    /** Files where TShark rightly sees more than mtudoctor does, and why. */
    private static final Map<String, String> CATALOGUE_EXCEPTIONS = Map.of(
            "nDPI/ajp.pcap", "half the handshakes are wrapped in Cisco FabricPath (EtherType 0x8903) around a"
                    + " second Ethernet header, which mtudoctor does not open");

    /** Encapsulations mtudoctor walks through to the TCP inside; the catalogue's names. */
    private static final java.util.Set<String> DECODED_ENCAPSULATIONS =
            java.util.Set.of("vlan", "sll", "ppp", "pppoes", "mpls");

    private static void check(List<String> mismatches, String file, String what, Map<String, Integer> expected,
                              Map<String, Integer> found, boolean subsetOnly) {
        boolean fits = subsetOnly
                ? found.entrySet().stream().allMatch(entry -> entry.getValue() <= expected.getOrDefault(entry.getKey(), 0))
                : expected.equals(found);
        if (!fits) {
            mismatches.add(file + ": " + what + " catalogue " + expected + ", ours " + found
                    + (subsetOnly ? " (tunnelled: ours must be part of it)" : ""));
        }
    }

    /** "1460x2 1332" as {1332=1, 1460=2}. */
    private static Map<String, Integer> counts(String column) {
        Map<String, Integer> result = new TreeMap<>();
        for (String token : column.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                String[] valueAndTimes = token.split("x");
                result.merge(valueAndTimes[0], valueAndTimes.length > 1 ? parse(valueAndTimes[1]) : 1, Integer::sum);
            }
        }
        return result;
    }

    /** The catalogue lists each MTU once, however many messages carried it. */
    private static Map<String, Integer> distinct(String column) {
        return distinct(counts(column));
    }

    private static Map<String, Integer> distinct(Map<String, Integer> counted) {
        Map<String, Integer> result = new TreeMap<>();
        counted.keySet().forEach(value -> result.put(value, 1));
        return result;
    }

    private static int parse(String number) {
        return number.isEmpty() ? 0 : Integer.parseInt(number);
    }

    /** What one capture held, as our decoder saw it. */
    private static final class Observation {
        final Map<String, Integer> synMss = new TreeMap<>();
        final Map<String, Integer> synAckMss = new TreeMap<>();
        final Map<String, Integer> fragmentationNeededMtus = new TreeMap<>();
        final Map<String, Integer> packetTooBigMtus = new TreeMap<>();
        boolean readToTheEnd = true;
        int unknownLinkFrames;

        void add(Packet packet) {
            if (packet.content() == Content.UNKNOWN_LINK) {
                unknownLinkFrames++;
            }
            if (packet.content() == Content.TCP && packet.hasFlag(Packet.SYN) && packet.mss() >= 0) {
                (packet.hasFlag(Packet.ACK) ? synAckMss : synMss).merge(Integer.toString(packet.mss()), 1, Integer::sum);
            }
            if (packet.content() == Content.ICMP_TOO_BIG) {
                (packet.ipVersion() == 4 ? fragmentationNeededMtus : packetTooBigMtus)
                        .merge(Integer.toString(packet.reportedMtu()), 1, Integer::sum);
            }
        }
    }

    private static boolean isCapture(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".pcap") || name.endsWith(".pcapng"));
    }

    /** Frames counted by the reason they were set aside, with the first few as examples. */
    private static final class Reasons {
        private final Map<String, Integer> counts = new TreeMap<>();
        private final Map<String, List<String>> examples = new TreeMap<>();

        void add(String reason, String example) {
            counts.merge(reason, 1, Integer::sum);
            List<String> kept = examples.computeIfAbsent(reason, key -> new ArrayList<>());
            if (kept.size() < EXAMPLES) {
                kept.add(example);
            }
        }

        boolean isEmpty() {
            return counts.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            counts.forEach((reason, count) -> {
                text.append(String.format(Locale.ROOT, "  %6d  %s%n", count, reason));
                examples.get(reason).forEach(example -> text.append("          e.g. ").append(example).append('\n'));
            });
            return text.toString();
        }
    }

    /** The running comparison over all files. */
    private static final class Comparison {
        final PacketDecoder decoder = new PacketDecoder();
        final Packet ours = new Packet();
        final Map<String, Integer> agreements = new TreeMap<>();
        final Reasons explained = new Reasons();
        final Reasons unexplained = new Reasons();
        final Reasons unreadable = new Reasons();
        final Map<String, Observation> observations = new TreeMap<>();
        final Random random = new Random(1191);
        final Packet scratch = new Packet();
        final Packet reference = new Packet();
        final List<String> fuzzFailures = new ArrayList<>();
        int fuzzed;
        int files;
        int frames;

        void compareFile(Path file) {
            String name = captures.relativize(file).toString();
            PcapHandle handle;
            try {
                handle = Pcaps.openOffline(file.toString());
            } catch (PcapNativeException cannotOpen) {
                unreadable.add("libpcap cannot open it", name + ": " + cannotOpen.getMessage());
                return;
            }
            files++;
            Observation observation = new Observation();
            observations.put(name.replace(java.io.File.separatorChar, '/'), observation);
            DataLinkType linkType = handle.getDlt();
            try {
                for (int index = 1; ; index++) {
                    byte[] frame;
                    try {
                        frame = handle.getNextRawPacketEx();
                    } catch (EOFException end) {
                        break;
                    } catch (PcapNativeException | TimeoutException stopped) {
                        unreadable.add("libpcap stopped reading", name + " frame " + index + ": "
                                + stopped.getMessage());
                        observation.readToTheEnd = false;
                        break;
                    } catch (IllegalArgumentException badTimestamp) {
                        // pcap4j turns the timestamp into a java.sql.Timestamp before it returns
                        // the bytes, and rejects one whose fraction is a second or more.
                        unreadable.add("pcap4j rejects the record's timestamp", name + " frame " + index
                                + ": " + badTimestamp.getMessage());
                        observation.readToTheEnd = false;
                        continue;
                    }
                    frames++;
                    compareFrame(name + " frame " + index, linkType, frame, handle.getOriginalLength());
                    observation.add(ours);
                    fuzz(name + " frame " + index, linkType.value(), frame, handle.getOriginalLength());
                }
            } catch (org.pcap4j.core.NotOpenException impossible) {
                throw new IllegalStateException(impossible);
            } finally {
                handle.close();
            }
        }

        /**
         * libpcap hands out DLT_* values, not LINKTYPE_*; they differ only for raw IP (DLT 12 or
         * 14 for LINKTYPE 101), which our decoder reads under all three codes.
         */
        void compareFrame(String where, DataLinkType linkType, byte[] frame, int originalLength) {
            decoder.decode(linkType.value(), frame, 0, frame.length, originalLength, ours);
            org.pcap4j.packet.Packet theirs;
            try {
                theirs = PacketFactories.getFactory(org.pcap4j.packet.Packet.class, DataLinkType.class)
                        .newInstance(frame, 0, frame.length, linkType);
            } catch (RuntimeException pcap4jFailed) {
                explained.add("pcap4j threw " + pcap4jFailed.getClass().getSimpleName() + ", nothing to compare",
                        where + ": " + pcap4jFailed.getMessage());
                return;
            }
            List<String> differences = new ArrayList<>();
            String kind = compare(theirs, differences);
            if (differences.isEmpty()) {
                agreements.merge(kind, 1, Integer::sum);
                return;
            }
            String example = where + " [" + chain(theirs) + "] " + String.join("; ", differences);
            String reason = explanation(theirs, linkType, frame.length, originalLength);
            if (reason != null) {
                explained.add(reason, example);
            } else {
                unexplained.add(String.join("; ", differences), example + " | ours: "
                        + PacketDecoderFuzzTest.describe(ours));
            }
        }

        void fuzz(String where, int linkType, byte[] frame, int originalLength) {
            for (int round = 0; round < 2; round++) {
                int cut = random.nextInt(frame.length + 1);
                byte[] mutated = frame.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0 && mutated.length > 0; flips--) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                try {
                    decoder.decode(linkType, frame, 0, cut, originalLength, scratch);
                    PacketDecoderFuzzTest.checkInvariants(scratch);
                    if (round == 0) {
                        // The cut frame inside the whole one must decode as the cut frame alone.
                        byte[] alone = java.util.Arrays.copyOf(frame, cut);
                        decoder.decode(linkType, alone, 0, cut, originalLength, reference);
                        if (!PacketDecoderFuzzTest.describe(scratch).equals(PacketDecoderFuzzTest.describe(reference))) {
                            fuzzFailures.add(where + " cut at " + cut + ": reads past the captured length");
                        }
                    }
                    decoder.decode(linkType, mutated, 0, mutated.length, originalLength, scratch);
                    PacketDecoderFuzzTest.checkInvariants(scratch);
                } catch (RuntimeException | AssertionError failure) {
                    fuzzFailures.add(where + " cut at " + cut + " or mutated: " + failure);
                }
                fuzzed += 2;
            }
        }

        /**
         * Why the two decoders may rightly differ on this frame, established from pcap4j's own
         * view of it wherever possible rather than from ours; null when no reason applies.
         */
        String explanation(org.pcap4j.packet.Packet theirs, DataLinkType linkType, int capturedLength,
                           int originalLength) {
            IpPacket theirIp = firstIp(theirs);
            if (theirIp == null) {
                return ours.ipVersion() != 0
                        ? "pcap4j stops at " + chain(theirs) + " under DLT " + linkType.value()
                                + ", ours goes on to IP"
                        : null;
            }
            if (theirIp instanceof IpV4Packet ipv4) {
                IpV4Packet.IpV4Header header = ipv4.getHeader();
                if (header.getVersion().value() != 4 || header.getIhlAsInt() < 5) {
                    return "IPv4 header with an impossible version or header length (Wireshark: bogus): "
                            + "ours malformed, pcap4j reads on";
                }
                int wire = originalLength - (capturedLength - ipv4.length());
                if (header.getTotalLengthAsInt() > Math.max(wire, ipv4.length())) {
                    return "IPv4 total length beyond the frame (Wireshark: exceeds packet length): "
                            + "ours malformed and sized by the frame, pcap4j reads what was captured";
                }
            }
            org.pcap4j.packet.Packet transport = transportOf(theirIp);
            int protocol = theirIp instanceof IpV4Packet ipv4
                    ? ipv4.getHeader().getProtocol().value() & 0xFF
                    : ((IpV6Packet) theirIp).getHeader().getNextHeader().value() & 0xFF;
            int port = transport instanceof UdpPacket udp ? udp.getHeader().getDstPort().valueAsInt() : -1;
            if (Tunnel.carrier(protocol, port) && ours.tunnel() != Tunnel.NONE) {
                return "a tunnel (GRE, IP in IP, VXLAN, Geneve, GTP-U, GRE in UDP): ours decodes the packet inside,"
                        + " pcap4j stops at the outer header (TsharkOracleTest compares the inside)";
            }
            if (protocol == 47 && ours.tunnel() == Tunnel.NONE && ours.protocol() != 47) {
                return "an ERSPAN port mirror in GRE: ours decodes the mirrored frame, pcap4j stops at the outer"
                        + " header (TsharkOracleTest compares the inside)";
            }
            if (transport instanceof FragmentedPacket && firstFragment(theirIp)) {
                return "first fragment: ours reads its transport header, pcap4j leaves every fragment whole";
            }
            if (transport instanceof IllegalPacket illegal && ours.protocol() == 6) {
                byte[] raw = illegal.getRawData();
                if (raw.length < 20) {
                    return "TCP header cut by the capture: ours keeps ports and sequence, pcap4j gives IllegalPacket";
                }
                int headerLength = (raw[12] >> 4 & 0x0F) * 4;
                if (headerLength < 20 || headerLength > raw.length) {
                    return "TCP data offset impossible or past the capture: ours keeps the fields before it, "
                            + "pcap4j gives IllegalPacket";
                }
            }
            return null;
        }

        /** Fills {@code differences}; returns what kind of frame both agreed on. */
        String compare(org.pcap4j.packet.Packet theirs, List<String> differences) {
            IpPacket theirIp = firstIp(theirs);
            if (theirIp == null) {
                if (ours.ipVersion() != 0) {
                    differences.add("only ours finds IP");
                }
                return "no IP";
            }
            int version = theirIp instanceof IpV4Packet ? 4 : 6;
            same(differences, "IP version", ours.ipVersion(), version);
            sameAddress(differences, "source", ours.sourceHigh(), ours.sourceLow(),
                    theirIp.getHeader().getSrcAddr());
            sameAddress(differences, "destination", ours.destinationHigh(), ours.destinationLow(),
                    theirIp.getHeader().getDstAddr());
            org.pcap4j.packet.Packet transport = transportOf(theirIp);
            if (transport instanceof TcpPacket tcp) {
                compareTcp(tcp, differences);
                return "TCP";
            }
            if (transport instanceof IcmpV4CommonPacket icmp
                    && icmp.getPayload() instanceof IcmpV4DestinationUnreachablePacket unreachable
                    && icmp.getHeader().getCode().value() == 4) {
                same(differences, "MTU", ours.reportedMtu(), unreachable.getHeader().getUnused() & 0xFFFF);
                compareQuote(unreachable.getPayload(), differences);
                return "ICMP fragmentation needed";
            }
            if (transport instanceof IcmpV6CommonPacket icmp
                    && icmp.getPayload() instanceof IcmpV6PacketTooBigPacket tooBig) {
                same(differences, "MTU", ours.reportedMtu(), tooBig.getHeader().getMtu());
                compareQuote(tooBig.getPayload(), differences);
                return "ICMPv6 packet too big";
            }
            if (ours.content() == Content.TCP || ours.content() == Content.ICMP_TOO_BIG) {
                differences.add("only ours finds " + ours.content() + " (pcap4j: "
                        + (transport == null ? "nothing" : transport.getClass().getSimpleName()) + ")");
            }
            return "IP, neither TCP nor too big";
        }

        void compareTcp(TcpPacket tcp, List<String> differences) {
            TcpPacket.TcpHeader header = tcp.getHeader();
            same(differences, "content", ours.content(), Content.TCP);
            same(differences, "source port", ours.sourcePort(), header.getSrcPort().valueAsInt());
            same(differences, "destination port", ours.destinationPort(), header.getDstPort().valueAsInt());
            same(differences, "sequence", ours.sequence(), header.getSequenceNumberAsLong());
            same(differences, "acknowledgment", ours.acknowledgment(), header.getAcknowledgmentNumberAsLong());
            int mss = -1;
            for (TcpPacket.TcpOption option : header.getOptions()) {
                if (option instanceof TcpMaximumSegmentSizeOption maximum) {
                    mss = maximum.getMaxSegSizeAsInt();
                }
            }
            same(differences, "MSS", ours.mss(), mss);
        }

        void compareQuote(org.pcap4j.packet.Packet quoted, List<String> differences) {
            same(differences, "content", ours.content(), Content.ICMP_TOO_BIG);
            if (!(quoted instanceof IpPacket quotedIp)) {
                differences.add("pcap4j quote: " + (quoted == null ? "none" : quoted.getClass().getSimpleName()));
                return;
            }
            sameAddress(differences, "quoted source", ours.quotedSourceHigh(), ours.quotedSourceLow(),
                    quotedIp.getHeader().getSrcAddr());
            sameAddress(differences, "quoted destination", ours.quotedDestinationHigh(),
                    ours.quotedDestinationLow(), quotedIp.getHeader().getDstAddr());
            org.pcap4j.packet.Packet quotedTransport = transportOf(quotedIp);
            if (quotedTransport instanceof TcpPacket tcp) {
                same(differences, "quoted source port", ours.quotedSourcePort(),
                        tcp.getHeader().getSrcPort().valueAsInt());
                same(differences, "quoted destination port", ours.quotedDestinationPort(),
                        tcp.getHeader().getDstPort().valueAsInt());
                same(differences, "quoted sequence", ours.quotedSequence(),
                        tcp.getHeader().getSequenceNumberAsLong());
            } else if (quotedTransport instanceof UdpPacket udp) {
                same(differences, "quoted source port", ours.quotedSourcePort(),
                        udp.getHeader().getSrcPort().valueAsInt());
                same(differences, "quoted destination port", ours.quotedDestinationPort(),
                        udp.getHeader().getDstPort().valueAsInt());
            } else if (ours.quotedSourcePort() >= 0) {
                differences.add("pcap4j quoted transport: " + (quotedTransport == null ? "none"
                        : quotedTransport.getClass().getSimpleName()));
            }
        }

        static IpPacket firstIp(org.pcap4j.packet.Packet packet) {
            for (org.pcap4j.packet.Packet layer = packet; layer != null; layer = layer.getPayload()) {
                if (layer instanceof IpV4Packet || layer instanceof IpV6Packet) {
                    return (IpPacket) layer;
                }
            }
            return null;
        }

        /** Whether pcap4j's headers say this is a fragment at offset 0 with more to follow. */
        static boolean firstFragment(IpPacket ip) {
            if (ip instanceof IpV4Packet ipv4) {
                return ipv4.getHeader().getMoreFragmentFlag() && ipv4.getHeader().getFragmentOffset() == 0;
            }
            IpV6ExtFragmentPacket fragment = ip.get(IpV6ExtFragmentPacket.class);
            return fragment != null && fragment.getHeader().getM() && fragment.getHeader().getFragmentOffset() == 0;
        }

        /** The IP packet's payload past IPv6 extension headers. */
        static org.pcap4j.packet.Packet transportOf(IpPacket ip) {
            org.pcap4j.packet.Packet layer = ip.getPayload();
            while (layer instanceof IpV6ExtHopByHopOptionsPacket || layer instanceof IpV6ExtRoutingPacket
                    || layer instanceof IpV6ExtDestinationOptionsPacket || layer instanceof IpV6ExtFragmentPacket) {
                layer = layer.getPayload();
            }
            return layer;
        }

        static String chain(org.pcap4j.packet.Packet packet) {
            StringBuilder text = new StringBuilder();
            for (org.pcap4j.packet.Packet layer = packet; layer != null; layer = layer.getPayload()) {
                text.append(text.length() == 0 ? "" : ">").append(layer.getClass().getSimpleName());
            }
            return text.toString();
        }

        static void same(List<String> differences, String field, Object ours, Object theirs) {
            if (!ours.equals(theirs)) {
                differences.add(field + " ours " + ours + " pcap4j " + theirs);
            }
        }

        static void sameAddress(List<String> differences, String field, long high, long low, InetAddress theirs) {
            byte[] bytes = theirs.getAddress();
            long theirHigh = 0;
            long theirLow = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes.length == 16 && i < 8) {
                    theirHigh = theirHigh << 8 | (bytes[i] & 0xFF);
                } else {
                    theirLow = theirLow << 8 | (bytes[i] & 0xFF);
                }
            }
            if (high != theirHigh || low != theirLow) {
                differences.add(field + " ours " + high + "/" + low + " pcap4j " + theirs.getHostAddress());
            }
        }

        String summary() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "pcap4j differential: %d files, %d frames%n", files, frames));
            text.append("agreements:\n");
            agreements.forEach((kind, count) -> text.append(String.format(Locale.ROOT, "  %6d  %s%n", count, kind)));
            text.append("explained differences:\n").append(explained);
            text.append("not read:\n").append(unreadable);
            text.append("unexplained differences:\n").append(unexplained);
            return text.toString();
        }
    }
}
