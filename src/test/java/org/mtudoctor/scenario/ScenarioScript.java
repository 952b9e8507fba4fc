package org.mtudoctor.scenario;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * scripts/scenario as a child process. A run that overruns its deadline gets SIGTERM, on which the
 * script stops its processes and deletes its namespaces; one that ignores that for 15 s is killed
 * with everything it started. Either way, namespaces it left behind are deleted and reported.
 */
final class ScenarioScript {

    static final Path SCRIPT = Path.of("scripts", "scenario");
    /** The script's namespaces are named NS_TAG-PID-RANDOM-ROLE (see NS_TAG in the script). */
    private static final String NS_TAG = "mtud";
    private static final Duration GRACE_AFTER_SIGTERM = Duration.ofSeconds(15);

    private ScenarioScript() {
    }

    /** The scenario names, from {@code scripts/scenario --list}. */
    static List<String> names() throws IOException, InterruptedException {
        return command(SCRIPT.toString(), "--list").lines().map(line -> line.split("\\s+", 2)[0]).toList();
    }

    /**
     * Runs scenario NAME into OUTPUT, its output (stdout and stderr) into LOG. Fails with that
     * output when it exits non-zero or does not finish within TIMEOUT.
     */
    static void run(String name, Path output, Path log, Duration timeout) throws IOException, InterruptedException {
        run(name, output, log, timeout, Map.of());
    }

    /** The same, with ENVIRONMENT added to the script's, e.g. SCENARIO_SNIFFER. */
    static void run(String name, Path output, Path log, Duration timeout, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), name, output.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        // The script's work directory goes there too, so it is deleted with OUTPUT even after SIGKILL.
        builder.environment().put("TMPDIR", output.toAbsolutePath().toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String stopped = null;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stopped = stop(process);
            }
        } catch (InterruptedException interrupted) {
            stop(process);
            throw interrupted;
        }
        List<String> problems = new ArrayList<>();
        if (stopped != null) {
            problems.add("did not finish within " + timeout.toSeconds() + " s and was stopped with " + stopped);
        } else if (process.exitValue() != 0) {
            problems.add("exited " + process.exitValue());
        }
        List<String> leftBehind = deleteNamespacesOf(process.pid());
        if (!leftBehind.isEmpty()) {
            problems.add("left network namespaces behind (now deleted): " + leftBehind);
        }
        if (!problems.isEmpty()) {
            fail(SCRIPT + " " + name + " " + String.join(", and ", problems) + "; its output (also in "
                    + log.toAbsolutePath() + "):\n" + output(log));
        }
    }

    /** SIGTERM, then SIGKILL for it and everything it started; says which it took. */
    private static String stop(Process process) throws InterruptedException {
        process.destroy();
        if (process.waitFor(GRACE_AFTER_SIGTERM.toMillis(), TimeUnit.MILLISECONDS)) {
            return "SIGTERM";
        }
        // Collected while the script still lives: once it dies they are no longer its descendants.
        List<ProcessHandle> started = process.descendants().toList();
        process.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        return "SIGKILL (it ignored SIGTERM for " + GRACE_AFTER_SIGTERM.toSeconds() + " s)";
    }

    /** Deletes the namespaces of the script run with this pid; returns their names. */
    private static List<String> deleteNamespacesOf(long pid) throws IOException, InterruptedException {
        String prefix = NS_TAG + "-" + pid + "-";
        List<String> found = new ArrayList<>();
        for (String line : command("ip", "netns", "list").lines().toList()) {
            String namespace = line.split(" ", 2)[0];
            if (namespace.startsWith(prefix)) {
                found.add(namespace);
                command("ip", "netns", "del", namespace);
            }
        }
        return found;
    }

    /** Runs a command that ends by itself at once; returns what it printed, fails unless it exits 0. */
    private static String command(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + printed);
        }
        return printed;
    }

    static String output(Path log) {
        try {
            String printed = Files.readString(log, StandardCharsets.UTF_8);
            return printed.isEmpty() ? "(nothing yet)\n" : printed;
        } catch (IOException unreadable) {
            return "(cannot read " + log + ": " + unreadable.getMessage() + ")";
        }
    }
}
