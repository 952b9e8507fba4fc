package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.MtudoctorProcess;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * The progress bar, seen the way a user sees it: mtudoctor runs under script(1), which gives it a
 * real pseudo-terminal, and reads a capture that arrives slowly on standard input, so the
 * analysis lasts past the bar's one-second delay.
 */
class ProgressDisplayTest {

    private static final String SEED = "captures/seed-black-hole.pcap";
    /** What the bar prints and nothing else does. */
    private static final String BAR = "M packets/s";

    /** Runs a shell command line under a pseudo-terminal; returns all it wrote there. */
    private static String onTerminal(String commandLine) throws IOException, InterruptedException {
        Prerequisites.requireTool("script");
        Process process = new ProcessBuilder("script", "-qec", commandLine, "/dev/null")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished");
        return new String(output, StandardCharsets.UTF_8);
    }

    /**
     * The capture, then standard input held open for 4 s: the analysis outlasts the bar's
     * one-second delay even when the JVM itself takes two seconds to start (a busy CI machine did).
     */
    private static String slowly(String capture) {
        return "(cat " + capture + "; sleep 4) | " + MtudoctorProcess.commandLine();
    }

    @Slow
    @Test
    void aLongAnalysisOnATerminalShowsTheBarAndThenTheReport() throws Exception {
        String screen = onTerminal(slowly(SEED) + " -");
        assertTrue(screen.contains(BAR), screen);
        assertTrue(screen.contains("pmtu-black-hole"), screen);
        // The bar's line is ended before the report starts.
        assertTrue(screen.indexOf(BAR) < screen.indexOf("pmtu-black-hole"), screen);
    }

    @Slow
    @Test
    void quietLeavesItOut() throws Exception {
        String screen = onTerminal(slowly(SEED) + " --quiet -");
        assertFalse(screen.contains(BAR), screen);
        assertTrue(screen.contains("pmtu-black-hole"), screen);
    }

    @Slow
    @Test
    void aShortAnalysisPrintsNoBar() throws Exception {
        String screen = onTerminal(MtudoctorProcess.commandLine() + " " + SEED);
        assertFalse(screen.contains(BAR), screen);
        assertTrue(screen.contains("pmtu-black-hole"), screen);
    }

    @Slow
    @Test
    void stderrThatIsNotATerminalGetsNoBar() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", slowly(SEED) + " -").start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished");
        assertEquals("", err);
        assertTrue(out.contains("pmtu-black-hole"), out);
    }

    @Test
    void theTotalIsTheSumOfTheFilesOrUnknown() throws IOException {
        long seed = Files.size(Path.of(SEED));
        long other = Files.size(Path.of("captures/clean.pcap"));
        assertEquals(seed + other, ProgressDisplay.totalSize(List.of(SEED, "captures/clean.pcap")));
        assertEquals(-1, ProgressDisplay.totalSize(List.of(SEED, "-")), "standard input has no size");
        assertEquals(-1, ProgressDisplay.totalSize(List.of("/dev/null")), "nor has a device");
    }
}
