package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mtudoctor.testing.Prerequisites;

/**
 * Every public capture read by our reader gives the packet count, format and link type that the
 * catalogue (made with capinfos and tshark, not with this code) records for it.
 */
class PublicCapturesTest {
    /** capinfos' encapsulation names and the LINKTYPE_ values each stands for. */
    private static final Map<String, Set<Integer>> LINK_TYPES = Map.ofEntries(
            Map.entry("ether", Set.of(1)),
            Map.entry("linux-sll", Set.of(113)),
            Map.entry("linux-sll2", Set.of(276)),
            Map.entry("rawip", Set.of(12, 14, 101)),
            Map.entry("rawip4", Set.of(228)),
            Map.entry("rawip6", Set.of(229)),
            Map.entry("null", Set.of(0)),
            Map.entry("ppp", Set.of(9, 50)),
            Map.entry("chdlc", Set.of(104)),
            Map.entry("arcnet_linux", Set.of(129)));

    @Test
    void catalogueListsEveryCaptureFile() {
        Path root = Prerequisites.requirePublicCaptures();
        Set<String> listed = PublicCaptures.catalogue(root).stream().map(PublicCaptures.Entry::file)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(listed, new TreeSet<>(PublicCaptures.captureFiles(root)));
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureReadsAsCatalogued() {
        Path root = Prerequisites.requirePublicCaptures();
        return PublicCaptures.catalogue(root).stream().map(entry -> dynamicTest(entry.file(), () -> {
            String path = root.resolve(entry.file()).toString();
            RecordingSink sink;
            try (FrameSource source = CaptureFiles.open(path)) {
                // capinfos names the format; the file name often does not ("pcapng" files that are pcap).
                Class<?> expected = entry.format().equals("pcapng") ? PcapngFileReader.class : PcapFileReader.class;
                assertEquals(expected, source.getClass(), "reader for format " + entry.format());
                sink = Captures.readAll(source);
            }
            assertEquals(List.of(), sink.warnings);
            assertEquals(entry.packets(), sink.frames.size(), "packets");
            Set<Integer> seen = sink.frames.stream().map(RecordingSink.Frame::linkType).collect(Collectors.toSet());
            if (entry.linkType().equals("per-packet")) {
                // Several interface types in one pcapng file; its packets may still use only one.
                assertTrue(entry.format().equals("pcapng"), "per-packet link types outside pcapng");
            } else {
                Set<Integer> allowed = LINK_TYPES.get(entry.linkType());
                assertTrue(allowed != null, "no LINKTYPE known for catalogue name " + entry.linkType());
                assertTrue(allowed.containsAll(seen), "link types " + seen + " for " + entry.linkType());
            }
        }));
    }
}
