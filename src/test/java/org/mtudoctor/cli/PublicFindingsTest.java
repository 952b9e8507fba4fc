package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.PublicCaptures;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * Every finding mtudoctor makes on the public captures, with what in the capture explains it:
 * the table captures/public-findings.tsv. Captures from strangers' networks are where a rule that
 * was right on our own captures turns out wrong: this table was how the GRO/TSO rule for a full
 * segment merged with a short one was found (11 false mss-raised-in-path warnings). A finding
 * not listed fails, and so does a listed one that no longer comes, so the table stays the truth.
 */
@Slow
class PublicFindingsTest {

    static final Path TABLE = Path.of("captures", "public-findings.tsv");
    /** The kinds that need no reason of their own: the table's header explains them once. */
    private static final String OFFLOAD_ONLY = "offload-aggregates";

    /** One line of the table: the finding kinds, comma-joined as check gives them, and why. */
    record Expected(String kinds, String reason) {
    }

    /** The table, by capture path below the public captures folder, sorted. */
    static Map<String, Expected> listed() throws IOException {
        Map<String, Expected> listed = new TreeMap<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            assertEquals(3, columns.length, TABLE + " line needs 3 tab-separated columns: " + line);
            assertTrue(columns[2].equals("-") ? columns[1].equals(OFFLOAD_ONLY) : !columns[2].isBlank(),
                    TABLE + ": findings other than " + OFFLOAD_ONLY + " need a reason: " + line);
            assertNull(listed.put(columns[0], new Expected(columns[1], columns[2])), TABLE + " lists twice: " + columns[0]);
        }
        return listed;
    }

    @Test
    void everyFindingOnAPublicCaptureIsTheListedOne() throws IOException {
        Path root = Prerequisites.requirePublicCaptures();
        Map<String, String> found = new TreeMap<>();
        for (String name : PublicCaptures.captureFiles(root)) {
            String kinds = kinds(root.resolve(name));
            if (!kinds.isEmpty()) {
                found.put(name, kinds);
            }
        }
        Map<String, String> expected = new TreeMap<>(listed().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().kinds())));
        List<String> differences = new ArrayList<>();
        Set<String> names = new TreeSet<>(found.keySet());
        names.addAll(expected.keySet());
        for (String name : names) {
            String now = found.getOrDefault(name, "none");
            String listed = expected.getOrDefault(name, "none");
            if (!now.equals(listed)) {
                differences.add(name + ": " + now + " (listed: " + listed + ")");
            }
        }
        assertEquals(List.of(), differences, "findings on public captures that " + TABLE + " does not explain");
    }

    /** The finding kinds of one analysis, as check sees them, comma-joined; empty for none. */
    private static String kinds(Path capture) {
        return String.join(",", CheckCommand.verdict(List.of(capture.toString())).kinds());
    }
}
