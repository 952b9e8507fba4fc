package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.analysis.InputOrder;
import org.mtudoctor.testing.Prerequisites;

/** Several captures are read as one stream in time order, whatever order they are given in. */
class InputOrderTest {

    private static final String BLACK_HOLE = "captures/seed-black-hole.pcap";
    private static final String WORKS = "captures/seed-pmtud-works.pcap";

    @Test
    void capturesGoInTheOrderOfTheirFirstFrame() {
        // seed-black-hole was captured seconds before seed-pmtud-works
        assertEquals(List.of(BLACK_HOLE, WORKS), InputOrder.byFirstFrame(List.of(WORKS, BLACK_HOLE)));
        assertEquals(List.of(BLACK_HOLE, WORKS), InputOrder.byFirstFrame(List.of(BLACK_HOLE, WORKS)));
    }

    @Test
    void standardInputKeepsTheGivenOrder() {
        assertEquals(List.of(WORKS, "-", BLACK_HOLE), InputOrder.byFirstFrame(List.of(WORKS, "-", BLACK_HOLE)));
    }

    @Test
    void anUnreadableInputGoesLastAndTheAnalysisSaysWhy() {
        assertEquals(List.of(BLACK_HOLE, WORKS, "no-such.pcap"),
                InputOrder.byFirstFrame(List.of("no-such.pcap", WORKS, BLACK_HOLE)));
    }

    /**
     * tcpdump -C names its files part, part1, part2 ... part10, which a shell glob lists as
     * part, part1, part10, part11, part2: read in that order, flows would be cut and pasted out
     * of time. The set, in glob order, must give the report the whole capture gives.
     */
    @Test
    void aRotatedSetInGlobOrderReadsLikeTheWholeCapture(@TempDir Path directory) throws Exception {
        Prerequisites.requireTool("editcap");
        Process split = new ProcessBuilder("editcap", "-c", "3", Path.of(BLACK_HOLE).toAbsolutePath().toString(),
                directory.resolve("split.pcap").toString()).inheritIO().start();
        assertTrue(split.waitFor(60, TimeUnit.SECONDS) && split.exitValue() == 0, "editcap split the capture");
        List<Path> parts;
        try (Stream<Path> files = Files.list(directory)) {
            parts = files.sorted().toList();
        }
        assertTrue(parts.size() > 10, "parts: " + parts.size());
        List<String> globOrder = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Path rotated = directory.resolve(i == 0 ? "part" : "part" + i);
            Files.move(parts.get(i), rotated);
            globOrder.add(rotated.toString());
        }
        globOrder.sort(null);
        assertEquals(directory.resolve("part10").toString(), globOrder.get(2), "the glob order is not time order");

        CliTest.Run whole = CliTest.run(BLACK_HOLE);
        CliTest.Run rotated = CliTest.run(globOrder.toArray(String[]::new));
        assertEquals(whole.exitCode(), rotated.exitCode());
        assertEquals(withoutInputs(whole.out()), withoutInputs(rotated.out()));
    }

    /** The report less its first line, which names the inputs. */
    private static String withoutInputs(String report) {
        return report.substring(report.indexOf('\n') + 1);
    }
}
