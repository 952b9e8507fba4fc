package org.mtudoctor.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the tests in a JVM of its own, for what a test cannot do in its own JVM:
 * read standard input, run without libpcap, or run without a capability.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * @param launcher   a command that runs the JVM (such as setpriv and its options), or empty
     * @param jvmOptions options for the JVM itself
     * @param standardInput the child's standard input, or {@code null}
     * @return what the child printed, stdout and stderr together, stripped
     */
    static String run(List<String> launcher, List<String> jvmOptions, Class<?> main, List<String> arguments,
                      Path standardInput) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (standardInput != null) {
            builder.redirectInput(standardInput.toFile());
        }
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the child JVM did not finish: " + output);
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
