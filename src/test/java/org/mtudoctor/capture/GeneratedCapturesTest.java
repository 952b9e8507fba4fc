package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;

/**
 * Real files written by Wireshark's editcap and mergecap and by gzip from public captures: other
 * writers than the ones the public captures came from, and the pcapng features those lack (nanosecond
 * if_tsresol, several interfaces of different link types, cut snap lengths).
 */
class GeneratedCapturesTest {
    private static final String ETHERNET_MICROSECONDS = "zeek/smtp.pcap";
    private static final String COOKED_NANOSECONDS = "tcpdump/tcp-handshake-nano.pcap";

    @TempDir
    Path directory;

    private static String publicCapture(String name) {
        return Prerequisites.requirePublicCaptures().resolve(name).toString();
    }

    private Path run(String output, String... command) throws IOException, InterruptedException {
        Prerequisites.requireTool(command[0]);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + printed);
        return directory.resolve(output);
    }

    private static List<RecordingSink.Frame> framesWithoutWarnings(Path file) throws CaptureException {
        RecordingSink sink = Captures.readFile(file.toString());
        assertEquals(List.of(), sink.warnings, file.toString());
        return sink.frames;
    }

    @Test
    void pcapngWrittenByEditcapHoldsTheSameFrames() throws Exception {
        String original = publicCapture(ETHERNET_MICROSECONDS);
        Path converted = run("smtp.pcapng", "editcap", "-F", "pcapng", original, "smtp.pcapng");

        assertEquals(framesWithoutWarnings(Path.of(original)), framesWithoutWarnings(converted));
    }

    @Test
    void nanosecondPcapBecomesPcapngWithNanosecondResolution() throws Exception {
        String original = publicCapture(COOKED_NANOSECONDS);
        Path converted = run("nano.pcapng", "editcap", "-F", "pcapng", original, "nano.pcapng");

        List<RecordingSink.Frame> expected = framesWithoutWarnings(Path.of(original));
        assertTrue(expected.stream().anyMatch(frame -> frame.timestampNanos() % 1000 != 0),
                "the original needs digits below the microsecond for this test to mean anything");
        assertEquals(expected, framesWithoutWarnings(converted));
    }

    @Test
    void snapLengthSetByEditcapCutsCapturedBytesNotOriginalLengths() throws Exception {
        String original = publicCapture(ETHERNET_MICROSECONDS);
        for (String format : new String[] {"pcap", "pcapng"}) {
            String name = "cut-60." + format;
            Path cut = run(name, "editcap", "-F", format, "-s", "60", original, name);

            List<RecordingSink.Frame> expected = framesWithoutWarnings(Path.of(original)).stream()
                    .map(frame -> new RecordingSink.Frame(frame.linkType(), frame.timestampNanos(),
                            Arrays.copyOf(frame.data(), Math.min(60, frame.data().length)), frame.originalLength(), 0))
                    .toList();
            assertTrue(expected.stream().anyMatch(frame -> frame.originalLength() > 60));
            assertEquals(expected, framesWithoutWarnings(cut), format);
        }
    }

    @Test
    void mergecapInterfacesKeepTheirOwnLinkTypes() throws Exception {
        String ethernet = publicCapture(ETHERNET_MICROSECONDS);
        String cooked = publicCapture(COOKED_NANOSECONDS);
        Path merged = run("merged.pcapng", "mergecap", "-F", "pcapng", "-w", "merged.pcapng", ethernet, cooked);

        List<RecordingSink.Frame> frames = framesWithoutWarnings(merged);

        // mergecap interleaves by time; each input keeps its order, on an interface of its own.
        assertEquals(onInterface(framesWithoutWarnings(Path.of(ethernet)), 0),
                frames.stream().filter(frame -> frame.linkType() == 1).toList());
        assertEquals(onInterface(framesWithoutWarnings(Path.of(cooked)), 1),
                frames.stream().filter(frame -> frame.linkType() == 113).toList());
    }

    @Test
    void libpcapStopsAtTheSecondLinkTypeOfAMergedFile() throws Exception {
        Prerequisites.requireLibpcap();
        String ethernet = publicCapture(ETHERNET_MICROSECONDS);
        Path merged = run("merged.pcapng", "mergecap", "-F", "pcapng", "-w", "merged.pcapng", ethernet,
                publicCapture(COOKED_NANOSECONDS));

        RecordingSink libpcap = Captures.readWithLibpcap(merged.toString());

        // mergecap writes both interface descriptions before the first packet.
        assertEquals(List.of("libpcap stopped after 0 records: an interface has a type 113 different from the type"
                + " of the first interface"), libpcap.warnings);
    }

    @Test
    void gzipToolOutputReadsLikeTheOriginal() throws Exception {
        String original = publicCapture(ETHERNET_MICROSECONDS);
        Path pcapng = run("smtp.pcapng", "editcap", "-F", "pcapng", original, "smtp.pcapng");
        run("smtp.pcapng.gz", "gzip", "-k", "smtp.pcapng");
        Path copy = Files.copy(Path.of(original), directory.resolve("smtp.pcap"));
        Path compressed = run("smtp.pcap.gz", "gzip", "-k", copy.getFileName().toString());

        assertEquals(framesWithoutWarnings(copy), framesWithoutWarnings(compressed));
        assertEquals(framesWithoutWarnings(pcapng), framesWithoutWarnings(directory.resolve("smtp.pcapng.gz")));
    }

    @Test
    void pcapngCutMidBlockDeliversEveryWholeBlock() throws Exception {
        String original = publicCapture(ETHERNET_MICROSECONDS);
        Path pcapng = run("smtp.pcapng", "editcap", "-F", "pcapng", original, "smtp.pcapng");
        byte[] whole = Files.readAllBytes(pcapng);
        Path cut = Files.write(directory.resolve("cut.pcapng"), Arrays.copyOf(whole, whole.length * 2 / 3));

        RecordingSink sink = Captures.readFile(cut.toString());

        List<RecordingSink.Frame> all = framesWithoutWarnings(pcapng);
        assertTrue(sink.frames.size() > 0 && sink.frames.size() < all.size(), sink.frames.size() + " of " + all.size());
        assertEquals(all.subList(0, sink.frames.size()), sink.frames);
        assertEquals(1, sink.warnings.size());
        Matcher warning = Pattern.compile("truncated (enhanced packet block|block header) at byte (\\d+):"
                + " (\\d+) of (\\d+) bytes present").matcher(sink.warnings.get(0));
        assertTrue(warning.matches(), sink.warnings.get(0));
        // The bytes said to be present run exactly to the end of the cut file, and fall short of the block.
        assertEquals(Files.size(cut), Long.parseLong(warning.group(2)) + Long.parseLong(warning.group(3)));
        assertTrue(Long.parseLong(warning.group(3)) < Long.parseLong(warning.group(4)));
    }

    private static List<RecordingSink.Frame> onInterface(List<RecordingSink.Frame> frames, int interfaceId) {
        return frames.stream().map(frame -> new RecordingSink.Frame(frame.linkType(), frame.timestampNanos(),
                frame.data(), frame.originalLength(), interfaceId)).toList();
    }
}
