package org.mtudoctor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.report.VerdictCheck;

/**
 * A regression folder's expectations: {@value #FILE_NAME} beside the captures, one line per
 * capture, then what mtudoctor must say about it as {@code key=value} words:
 *
 * <pre>
 * # capture              verdict
 * seed-black-hole.pcap   exit=3 kinds=pmtu-black-hole,mss-raised-in-path mtu=1420
 * clean.pcap             exit=0 kinds=
 * office.pcap.gz         exit=0 options=--fail-on=warning
 * </pre>
 *
 * {@code exit} is the exit code (default 0); {@code kinds} the exact set of finding kinds (empty:
 * none; absent: not checked); {@code mtu} the fix's MTU, or {@code none} (absent: not checked);
 * {@code options} command-line options for this capture, comma-separated. Paths are relative to
 * the manifest's folder. '#' starts a comment.
 *
 * <p>A line whose first word names several capture points, comma-separated ({@code NAME=FILE} or
 * {@code FILE}, as {@code mtudoctor compare} takes them), checks their comparison: {@code exit}
 * is compare's, {@code kinds} the cross-point kinds ({@code mss-rewritten},
 * {@code icmp-dropped-between}, {@code lost-between}); {@code mtu} does not apply.
 *
 * <pre>
 * vpn=seed-nat.pcap,server=seed-nat-server.pcap   exit=3 kinds=icmp-dropped-between,mss-rewritten
 * </pre>
 */
final class VerdictManifest {

    static final String FILE_NAME = "verdicts.txt";

    /**
     * One capture and its expected verdict; null fields are not checked. For a comparison,
     * {@code points} holds its points as compare takes them (paths resolved) and {@code capture}
     * is null; otherwise {@code points} is null.
     */
    record Entry(String name, Path capture, List<String> options, int exitCode, Set<String> kinds,
                 Integer mtu, int line, List<String> points) {
        boolean comparison() {
            return points != null;
        }
    }

    private VerdictManifest() {
    }

    /** The manifest of a folder ({@value #FILE_NAME} in it) or the manifest file itself. */
    static Path locate(Path path) {
        return Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    }

    static List<Entry> read(Path manifest) throws ExitException {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ExitException(ExitCode.BAD_INPUT,
                    manifest + ": no such verdict manifest (a folder needs a " + FILE_NAME + ")");
        } catch (IOException e) {
            throw new ExitException(ExitCode.BAD_INPUT, manifest + ": " + e.getMessage());
        }
        Path folder = manifest.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int comment = text.indexOf('#');
            String content = (comment >= 0 ? text.substring(0, comment) : text).strip();
            if (!content.isEmpty()) {
                entries.add(parse(manifest, folder, content, i + 1));
            }
        }
        return entries;
    }

    private static Entry parse(Path manifest, Path folder, String content, int line) throws ExitException {
        String[] words = content.split("\\s+");
        String name = words[0];
        List<String> points = name.contains(",") ? points(folder, name) : null;
        List<String> options = List.of();
        int exitCode = 0;
        Set<String> kinds = null;
        Integer mtu = null;
        for (String word : Arrays.asList(words).subList(1, words.length)) {
            int equals = word.indexOf('=');
            String key = equals < 0 ? word : word.substring(0, equals);
            String value = equals < 0 ? null : word.substring(equals + 1);
            if (value == null) {
                throw syntax(manifest, line, "'" + word + "' is not key=value");
            }
            switch (key) {
                case "exit" -> exitCode = number(manifest, line, key, value);
                case "kinds" -> kinds = points != null ? comparisonKinds(manifest, line, value) : kinds(manifest, line, value);
                case "mtu" -> {
                    if (points != null) {
                        throw syntax(manifest, line, "mtu does not apply to a comparison of several points");
                    }
                    mtu = value.equals(VerdictCheck.NO_MTU) ? -1 : number(manifest, line, key, value);
                }
                case "options" -> options = value.isEmpty() ? List.of() : List.of(value.split(","));
                default -> throw syntax(manifest, line, "unknown key '" + key + "' (expected: exit, kinds, mtu, options)");
            }
        }
        return new Entry(name, points != null ? null : folder.resolve(name), options, exitCode, kinds, mtu, line, points);
    }

    /** The points of a comparison line, each NAME=FILE or FILE with FILE relative to the manifest's folder. */
    private static List<String> points(Path folder, String word) {
        List<String> points = new ArrayList<>();
        for (String point : word.split(",")) {
            int equals = point.indexOf('=');
            String file = folder.resolve(point.substring(equals + 1)).toString();
            points.add(equals > 0 ? point.substring(0, equals + 1) + file : file);
        }
        return points;
    }

    private static Set<String> comparisonKinds(Path manifest, int line, String value) throws ExitException {
        Set<String> kinds = new TreeSet<>();
        for (String label : value.split(",")) {
            if (label.isEmpty()) {
                continue;
            }
            if (!Comparison.KINDS.contains(label)) {
                throw syntax(manifest, line, "unknown cross-point kind '" + label + "' (expected: "
                        + String.join(", ", Comparison.KINDS) + ")");
            }
            kinds.add(label);
        }
        return kinds;
    }

    private static Set<String> kinds(Path manifest, int line, String value) throws ExitException {
        Set<String> kinds = new TreeSet<>();
        for (String label : value.split(",")) {
            if (label.isEmpty()) {
                continue;
            }
            if (Comparison.KINDS.contains(label)) {
                kinds.add(label); // between the interfaces of one host's capture
                continue;
            }
            try {
                kinds.add(Kind.fromLabel(label).label());
            } catch (IllegalArgumentException e) {
                throw syntax(manifest, line, "unknown finding kind '" + label + "'");
            }
        }
        return kinds;
    }

    private static int number(Path manifest, int line, String key, String value) throws ExitException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw syntax(manifest, line, key + "=" + value + " is not a number");
        }
    }

    private static ExitException syntax(Path manifest, int line, String what) {
        return new ExitException(ExitCode.BAD_INPUT, manifest + ":" + line + ": " + what);
    }

    /** The line that would describe what mtudoctor says now, for a capture not yet listed. */
    static String lineFor(String name, int exitCode, Set<String> kinds, int mtu) {
        return String.format(Locale.ROOT, "%s exit=%d kinds=%s mtu=%s", name, exitCode, String.join(",", kinds),
                VerdictCheck.mtuText(mtu));
    }

    /** Capture files in a folder, by the names capture tools give them. */
    static boolean looksLikeCapture(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".pcap", ".pcapng", ".cap", ".pcap.gz", ".pcapng.gz"}) {
            if (name.endsWith(suffix)) {
                return Files.isRegularFile(file);
            }
        }
        return false;
    }
}
