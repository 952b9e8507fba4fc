package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * scripts/mtudoctor asks for transparent huge pages where the kernel gives them on request or
 * always, and never where it has them off (the JVM would warn on stdout). The JVM's own page-size
 * log (-Xlog:pagesize, through MTUDOCTOR_JAVA_OPTS) says what it did. The kernel's setting comes
 * from a file the test writes (MTUDOCTOR_THP_SETTING), so every case runs on any machine. Slow:
 * it runs the launcher, which needs the jar that mvn package makes after the fast tests.
 */
@Slow
class LauncherHugePagesTest {

    private static final Path JAR = Path.of("target", "mtudoctor.jar");
    private static final String ON = "UseTransparentHugePages=1";

    @TempDir
    Path scratch;

    @Test
    void onRequestOrAlwaysTheHeapGetsHugePages() throws Exception {
        for (String setting : List.of("always [madvise] never", "[always] madvise never")) {
            String log = launch(setting, "-Xlog:pagesize");
            assertTrue(log.contains(ON), setting + ":\n" + log);
        }
    }

    @Test
    void whereTheKernelHasThemOffTheJvmIsNotAskedAndSaysNothing() throws Exception {
        String log = launch("always madvise [never]", "-Xlog:pagesize");
        assertFalse(log.contains(ON), log);
        assertFalse(log.toLowerCase(java.util.Locale.ROOT).contains("warning"), log);
        assertTrue(log.startsWith("mtudoctor ") || log.contains("\nmtudoctor "), log);
    }

    @Test
    void theUsersOptionsComeAfterAndWin() throws Exception {
        String log = launch("always [madvise] never", "-Xlog:pagesize -XX:-UseTransparentHugePages");
        assertFalse(log.contains(ON), log);
    }

    /** scripts/mtudoctor --version with the kernel's THP setting {@code setting} and these Java options. */
    private String launch(String setting, String javaOptions) throws IOException, InterruptedException {
        Prerequisites.require(Files.isRegularFile(JAR), JAR + " (mvn package makes it; mvn verify runs this test after)");
        Path settingFile = Files.writeString(scratch.resolve("enabled"), setting + "\n");
        ProcessBuilder builder = new ProcessBuilder("scripts/mtudoctor", "--version").redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("MTUDOCTOR_THP_SETTING", settingFile.toString());
        environment.put("MTUDOCTOR_JAVA_OPTS", "-XX:+UseParallelGC " + javaOptions);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running after 60 s");
            assertEquals(0, process.exitValue(), output);
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
