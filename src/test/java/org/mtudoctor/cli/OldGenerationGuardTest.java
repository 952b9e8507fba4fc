package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Slow;

/**
 * The old-generation guard: on JDK 25+ it asks for the full collection Java 17 runs on its own,
 * and so keeps the old generation near what is alive; on older runtimes it stays out. Each case
 * runs {@link ChurningOldGeneration} in a child JVM with the launcher's options and reads the
 * collector's log: a full collection "(System.gc())" is the guard's and nobody else's.
 */
@Slow
class OldGenerationGuardTest {

    private static final Pattern PEAK = Pattern.compile("old generation peak (\\d+) after");

    @Test
    void whichRuntimesGetIt() {
        assertFalse(OldGenerationGuard.wanted(17, null));
        assertFalse(OldGenerationGuard.wanted(24, null));
        assertTrue(OldGenerationGuard.wanted(25, null));
        assertTrue(OldGenerationGuard.wanted(26, null));
        assertTrue(OldGenerationGuard.wanted(17, "true"));
        assertFalse(OldGenerationGuard.wanted(25, "false"));
    }

    @Test
    void theNextThresholdFollowsWhatTheCollectionLeft() {
        assertEquals(OldGenerationGuard.FLOOR_BYTES, OldGenerationGuard.nextThreshold(0));
        assertEquals(OldGenerationGuard.FLOOR_BYTES, OldGenerationGuard.nextThreshold(OldGenerationGuard.FLOOR_BYTES / 2));
        assertEquals(150L << 20, OldGenerationGuard.nextThreshold(100L << 20));
    }

    @Test
    void askedForItCollectsTheOldGenerationInFull() throws Exception {
        Run run = churn(Path.of(System.getProperty("java.home")), "-D" + OldGenerationGuard.PROPERTY + "=true");
        assertTrue(run.guardCollections() >= 1, "no full collection asked for:\n" + run.log);
    }

    @Test
    void onThisRuntimeItStaysOutUnlessAsked() throws Exception {
        int feature = Runtime.version().feature();
        assumeTrue(feature < OldGenerationGuard.FIRST_EXPANDING_RUNTIME, "the tests run on Java " + feature);
        Run run = churn(Path.of(System.getProperty("java.home")));
        assertEquals(0, run.guardCollections(), run.log);
    }

    /**
     * On JDK 25 the old generation grows with all that was ever promoted unless the guard collects
     * it: here 380-420 MB without, 62 MB with.
     */
    @Test
    void onJdk25ItKeepsTheOldGenerationNearWhatIsAlive() throws Exception {
        Optional<Path> jdk = newestJdkAtLeast(OldGenerationGuard.FIRST_EXPANDING_RUNTIME);
        if (System.getenv("CI") == null) {
            assumeTrue(jdk.isPresent(), "no JDK 25 or later under /usr/lib/jvm (CI's machines have Temurin's)");
        }
        assertTrue(jdk.isPresent(), "no JDK 25 or later under /usr/lib/jvm, which CI's machines have");
        Run guarded = churn(jdk.get());
        Run unguarded = churn(jdk.get(), "-D" + OldGenerationGuard.PROPERTY + "=false");
        assertTrue(guarded.guardCollections() >= 1, "no full collection asked for by default:\n" + guarded.log);
        assertEquals(0, unguarded.guardCollections(), unguarded.log);
        assertTrue(unguarded.oldPeak > 3 * guarded.oldPeak, "without the guard the old generation peaked at "
                + (unguarded.oldPeak >> 20) + " MB, with it " + (guarded.oldPeak >> 20) + " MB");
    }

    private record Run(String log, long oldPeak) {
        long guardCollections() {
            return log.lines().filter(line -> line.contains("Pause Full (System.gc())")).count();
        }
    }

    private static Run churn(Path javaHome, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(LauncherOptionsTest.launcherOptions());
        command.add("-Xlog:gc:stdout");
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChurningOldGeneration.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running after 60 s");
            assertEquals(0, process.exitValue(), log);
            Matcher peak = PEAK.matcher(log);
            assertTrue(peak.find(), log);
            return new Run(log, Long.parseLong(peak.group(1)));
        } finally {
            process.destroyForcibly();
        }
    }

    /** The newest JDK under /usr/lib/jvm whose release file names a feature version of at least {@code feature}. */
    static Optional<Path> newestJdkAtLeast(int feature) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
        Path newest = null;
        int newestFeature = feature - 1;
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
                Path release = home.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
                    continue;
                }
                Matcher found = version.matcher(Files.readString(release));
                if (found.find() && Integer.parseInt(found.group(1)) > newestFeature) {
                    newestFeature = Integer.parseInt(found.group(1));
                    newest = home;
                }
            }
        }
        return Optional.ofNullable(newest);
    }
}
