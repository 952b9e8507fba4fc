package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options scripts/mtudoctor runs with must let the heap grow when the live set does.
 * With -XX:-UseAdaptiveSizePolicy (and a fixed young generation) the parallel collector never
 * grew its old generation past its first 32 MB: compare on 1.27 M packets ran full collections
 * back to back for half an hour. The live set here grows past that within a second.
 */
class LauncherOptionsTest {

    static List<String> launcherOptions() throws IOException {
        String script = Files.readString(Path.of("scripts/mtudoctor"));
        Matcher options = Pattern.compile("MTUDOCTOR_JAVA_OPTS-\"([^\"]*)\"").matcher(script);
        assertTrue(options.find(), "scripts/mtudoctor sets its default JVM options in MTUDOCTOR_JAVA_OPTS-\"...\"");
        return Arrays.asList(options.group(1).trim().split("\\s+"));
    }

    @Test
    void aGrowingLiveSetGrowsTheHeapInsteadOfCollectingForever() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launcherOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GrowingLiveSet.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean finished = process.waitFor(60, TimeUnit.SECONDS);
            assertTrue(finished, "still collecting after 60 s with " + launcherOptions());
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals("done 3000000 48000000", output);
        } finally {
            process.destroyForcibly();
        }
    }
}
