package org.mtudoctor.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The public captures and their catalogue (columns file, format, linktype, packets, among others). */
public final class PublicCaptures {
    /** One catalogue row: the file relative to the captures directory, as capinfos and tshark saw it. */
    record Entry(String file, String format, String linkType, int packets) {
    }

    private PublicCaptures() {
    }

    static List<Entry> catalogue(Path root) {
        try {
            List<String> lines = Files.readAllLines(root.resolve("catalogue.tsv"));
            List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
            int file = column(header, "file");
            int format = column(header, "format");
            int linkType = column(header, "linktype");
            int packets = column(header, "packets");
            List<Entry> entries = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                entries.add(new Entry(fields[file], fields[format], fields[linkType], Integer.parseInt(fields[packets])));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int column(List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new AssertionError("catalogue.tsv has no column " + name + ": " + header);
        }
        return index;
    }

    /** Every capture file below {@code root}, by its path relative to it, sorted. */
    public static List<String> captureFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString())
                    .filter(name -> name.matches(".*\\.pcap(ng)?(\\.gz)?"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
