package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mtudoctor.testing.HtmlPages;

/**
 * The golden table, captures/golden.tsv: one line per case (name, capture, options, expected
 * output file, expected exit code), in the manner of tcpdump's tests/TESTLIST; the name is the
 * test's name in reports. Run with
 * {@code -Dgolden.update=true} (scripts/update-golden) to rewrite the expected files from the
 * current output; review the diff before committing it.
 */
class GoldenTest {

    static final Path TABLE = Path.of("captures", "golden.tsv");
    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    /** In a case's options, the file --html writes to. */
    static final String PAGE = "@PAGE";

    record Case(String name, String capture, List<String> options, Path expected, int exitCode) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            assertEquals(5, columns.length, "golden.tsv line needs 5 tab-separated columns: " + line);
            List<String> options = columns[2].equals("-") ? List.of() : Arrays.asList(columns[2].split(" "));
            cases.add(new Case(columns[0], columns[1], options, Path.of("captures", "expected", columns[3]),
                    Integer.parseInt(columns[4])));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCase() throws IOException {
        List<Case> cases = cases();
        assertFalse(cases.isEmpty(), "captures/golden.tsv has no cases");
        Set<String> names = new HashSet<>();
        for (Case c : cases) {
            assertTrue(names.add(c.name()), "golden.tsv names two cases " + c.name());
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    static void check(Case c) throws IOException {
        // A capture point of `compare` is NAME=FILE.
        String file = c.capture().substring(c.capture().indexOf('=') + 1);
        assertTrue(Files.exists(Path.of(file)), "capture missing: " + c.capture());
        List<String> args = new ArrayList<>(c.options());
        args.add(c.capture());
        // "--html @PAGE": the page goes to a file of its own, and the case compares the data it
        // embeds (what the plots draw), not the page's bytes or the text report.
        Path page = args.contains(PAGE) ? Files.createTempFile("golden", ".html") : null;
        args.replaceAll(arg -> arg.equals(PAGE) ? page.toString() : arg);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
        if (page != null) {
            out = new StringWriter();
            out.write(HtmlPages.data(Files.readString(page, StandardCharsets.UTF_8)));
            Files.delete(page);
        }
        if (UPDATE) {
            Files.createDirectories(c.expected().getParent());
            Files.writeString(c.expected(), out.toString(), StandardCharsets.UTF_8);
        } else {
            assertEquals(Files.readString(c.expected(), StandardCharsets.UTF_8), out.toString(),
                    c.name() + ": output of " + args + " differs from " + c.expected()
                            + " (scripts/update-golden rewrites it)");
        }
        assertEquals(c.exitCode(), exitCode, c.name() + ": exit code of " + args + "; stderr: " + err);
    }
}
