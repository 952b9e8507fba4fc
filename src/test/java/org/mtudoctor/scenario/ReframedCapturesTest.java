package org.mtudoctor.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * The tunnel captures in captures/ are the seed capture re-framed by scripts/encapsulate: the
 * script, run again, must give them byte for byte, so they are what captures/README.md says they
 * are. (GoldenTest and `mtudoctor check captures` hold their verdicts.)
 */
@Slow
class ReframedCapturesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gre", "pptp", "pppoe", "ipip"})
    void theScriptMakesTheCommittedCapture(String kind, @TempDir Path directory) throws Exception {
        Prerequisites.requireTool("python3");
        Path made = directory.resolve(kind + ".pcap");
        Process process = new ProcessBuilder("scripts/encapsulate", kind, "captures/seed-black-hole.pcap", made.toString())
                .inheritIO().start();
        process.getOutputStream().close();
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertArrayEquals(Files.readAllBytes(Path.of("captures", "seed-black-hole-" + kind + ".pcap")),
                Files.readAllBytes(made));
    }
}
