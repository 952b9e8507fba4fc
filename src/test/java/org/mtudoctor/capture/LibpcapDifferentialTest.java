package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.RepositoryCaptures;

/**
 * Our reader and libpcap deliver the same frames (link type, time stamp, captured bytes, original
 * length) for every public capture and every capture in the repository's captures/. Where libpcap
 * reads a file differently on purpose, the difference is listed below with its reason and checked
 * exactly, so that any other difference fails.
 */
class LibpcapDifferentialTest {
    private static final Path REPOSITORY_CAPTURES = RepositoryCaptures.ROOT;

    /**
     * How libpcap's frames should follow from ours for one file, and the warnings libpcap gives.
     */
    private record KnownDifference(String reason, UnaryOperator<List<RecordingSink.Frame>> libpcapView,
                                   List<String> libpcapWarnings) {
    }

    private static final String PCAP4J_SKIPS = "its time stamp fraction is out of range, which pcap4j cannot represent";
    private static final String LIBPCAP_SNAP_LENGTHS = "libpcap stopped after 0 records: an interface has a snapshot"
            + " length 8192 different from the snapshot length of the first interface";

    private static final Map<String, KnownDifference> KNOWN_DIFFERENCES = Map.of(
            "tcpdump/icmp-icmp_print-oobr-1.pcap", new KnownDifference(
                    "64-byte records under a file snap length of 37: libpcap cuts them to 37, we keep what is there",
                    frames -> cutTo(frames, 37), List.of()),
            "tcpdump/timestamp_invalid_micro.pcap", new KnownDifference(
                    "record 2 has a microsecond field of 10^6 or more, which java.sql.Timestamp refuses; record 3"
                            + " has 2^31 microseconds, which libpcap's scaling to nanoseconds overflows to 0",
                    frames -> shifted(without(frames, 2), 2, -2_147_483_648_000L),
                    List.of("record 2 skipped: " + PCAP4J_SKIPS)),
            "tcpdump/timestamp_invalid_nano.pcap", new KnownDifference(
                    "records 2 and 3 have nanosecond fields of 10^9 or more, which java.sql.Timestamp refuses",
                    frames -> without(frames, 2, 3),
                    List.of("record 2 skipped: " + PCAP4J_SKIPS, "record 3 skipped: " + PCAP4J_SKIPS)),
            "zeek/ldap/gap-data-missing.pcapng", new KnownDifference(
                    "interfaces with different snap lengths, which libpcap refuses", frames -> List.of(),
                    List.of(LIBPCAP_SNAP_LENGTHS)),
            "zeek/ldap/modify-request.pcapng", new KnownDifference(
                    "interfaces with different snap lengths, which libpcap refuses", frames -> List.of(),
                    List.of(LIBPCAP_SNAP_LENGTHS)));

    @TestFactory
    Stream<DynamicTest> ourReaderAndLibpcapAgree() {
        Prerequisites.requireLibpcap();
        Path publicRoot = Prerequisites.requirePublicCaptures();
        List<Path> files = new ArrayList<>();
        PublicCaptures.captureFiles(publicRoot).forEach(name -> files.add(publicRoot.resolve(name)));
        if (Files.isDirectory(REPOSITORY_CAPTURES)) {
            RepositoryCaptures.madeByKernels().stream()
                    .filter(name -> !name.endsWith(".gz")) // libpcap cannot read gzip
                    .forEach(name -> files.add(REPOSITORY_CAPTURES.resolve(name)));
        }
        return files.stream().map(file -> dynamicTest(file.toString(), () -> compare(file, publicRoot)));
    }

    /**
     * The libpcap reader calls pcap_next_ex straight ({@link DirectRead}); where it cannot, it
     * reads through pcap4j. Both give the same frames and warnings on every file.
     */
    @TestFactory
    Stream<DynamicTest> pcap4jsPathGivesWhatTheDirectPathGives() {
        Prerequisites.requireLibpcap();
        Path publicRoot = Prerequisites.requirePublicCaptures();
        return PublicCaptures.captureFiles(publicRoot).stream().map(publicRoot::resolve)
                .map(file -> dynamicTest(file.toString(), () -> {
                    RecordingSink direct = Captures.readWithLibpcap(file.toString());
                    RecordingSink pcap4j = new RecordingSink();
                    try (LibpcapFileSource source = LibpcapFileSource.open(file.toString())) {
                        source.readThroughPcap4j(pcap4j);
                    }
                    assertEquals(pcap4j.warnings, direct.warnings);
                    assertEquals(pcap4j.frames, direct.frames);
                }));
    }

    private static void compare(Path file, Path publicRoot) throws Exception {
        RecordingSink own = Captures.readFile(file.toString());
        RecordingSink libpcap = Captures.readWithLibpcap(file.toString());
        String name = file.startsWith(publicRoot) ? publicRoot.relativize(file).toString() : file.toString();
        KnownDifference difference = KNOWN_DIFFERENCES.getOrDefault(name,
                new KnownDifference("none", frames -> frames, List.of()));

        assertEquals(difference.libpcapWarnings(), libpcap.warnings, difference.reason());
        List<RecordingSink.Frame> expected = difference.libpcapView().apply(onInterfaceZero(own.frames));
        assertEquals(expected.size(), libpcap.frames.size(), "frames; known difference: " + difference.reason());
        for (int index = 0; index < expected.size(); index++) {
            assertEquals(expected.get(index), libpcap.frames.get(index), "frame " + (index + 1));
        }
    }

    /** libpcap does not say which pcapng interface a packet came from. */
    private static List<RecordingSink.Frame> onInterfaceZero(List<RecordingSink.Frame> frames) {
        return frames.stream().map(frame -> new RecordingSink.Frame(frame.linkType(), frame.timestampNanos(),
                frame.data(), frame.originalLength(), 0)).toList();
    }

    private static List<RecordingSink.Frame> cutTo(List<RecordingSink.Frame> frames, int snapLength) {
        return frames.stream().map(frame -> new RecordingSink.Frame(frame.linkType(), frame.timestampNanos(),
                Arrays.copyOf(frame.data(), Math.min(snapLength, frame.data().length)), frame.originalLength(),
                frame.interfaceId())).toList();
    }

    /** The frames with the time stamp of one frame, numbered from 1, moved by {@code nanos}. */
    private static List<RecordingSink.Frame> shifted(List<RecordingSink.Frame> frames, int number, long nanos) {
        List<RecordingSink.Frame> changed = new ArrayList<>(frames);
        RecordingSink.Frame frame = changed.get(number - 1);
        changed.set(number - 1, new RecordingSink.Frame(frame.linkType(), frame.timestampNanos() + nanos, frame.data(),
                frame.originalLength(), frame.interfaceId()));
        return changed;
    }

    /** The frames without the given records, numbered from 1. */
    private static List<RecordingSink.Frame> without(List<RecordingSink.Frame> frames, int... records) {
        List<RecordingSink.Frame> kept = new ArrayList<>(frames);
        for (int index = records.length - 1; index >= 0; index--) {
            kept.remove(records[index] - 1);
        }
        return kept;
    }
}
