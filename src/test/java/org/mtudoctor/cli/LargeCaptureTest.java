package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.MtudoctorProcess;
import org.mtudoctor.testing.Slow;

/**
 * A capture several times larger than the heap: the reader streams it and the flow table
 * forgets ended flows, so a JVM of 32 MB heap analyses 200 MB. The capture is the seed black
 * hole 25,000 times over, each copy 400 s after the last (past the idle timeout), so every copy
 * is a flow of its own and every one a black hole.
 */
@Slow
class LargeCaptureTest {

    private static final int COPIES = 25_000;
    private static final long COPY_SPACING_SECONDS = 400;

    @Test
    void aCaptureLargerThanTheHeapIsAnalysedWhole(@TempDir Path directory) throws Exception {
        Path large = directory.resolve("large.pcap");
        long size = writeCopies(Path.of(CliTest.BLACK_HOLE), large, COPIES);
        assertTrue(size > 6 * 32L * 1024 * 1024, "the capture is over six times the heap: " + size);

        List<String> command = new ArrayList<>(MtudoctorProcess.command());
        command.add(1, "-Xmx32m");
        command.addAll(List.of("--quiet", "--format", "json", large.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "finished");
        assertEquals(ExitCode.FINDINGS, process.exitValue(), json);
        assertEquals(COPIES * 45L, number(json, "\"packets\": (\\d+)"));
        assertEquals(COPIES, number(json, "\"tcpFlows\": (\\d+)"));
        assertEquals(COPIES, number(json, "\"kind\": \"pmtu-black-hole\".*?\"flowCount\": (\\d+)"));
    }

    private static long number(String json, String pattern) {
        Matcher matcher = Pattern.compile(pattern, Pattern.DOTALL).matcher(json);
        assertTrue(matcher.find(), pattern + " in " + json);
        return Long.parseLong(matcher.group(1));
    }

    /** Writes {@code copies} copies of a little-endian microsecond pcap's records, spaced in time. */
    private static long writeCopies(Path from, Path to, int copies) throws IOException {
        ByteBuffer source = ByteBuffer.wrap(Files.readAllBytes(from)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, source.getInt(0), "a little-endian microsecond pcap");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), 1 << 20)) {
            out.write(source.array(), 0, 24);
            byte[] header = new byte[16];
            ByteBuffer record = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            for (int copy = 0; copy < copies; copy++) {
                for (int at = 24; at < source.limit(); ) {
                    int captured = source.getInt(at + 8);
                    record.putInt(0, (int) (source.getInt(at) + copy * COPY_SPACING_SECONDS));
                    record.putInt(4, source.getInt(at + 4));
                    record.putInt(8, captured);
                    record.putInt(12, source.getInt(at + 12));
                    out.write(header);
                    out.write(source.array(), at + 16, captured);
                    at += 16 + captured;
                }
            }
        }
        return Files.size(to);
    }
}
