package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.MtudoctorProcess;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/** mtudoctor live and interfaces as a user runs them; the error paths for real. */
class LiveCommandTest {

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCode.USAGE, CliTest.run("live").exitCode(), "no -i");
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--duration", "soon").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--duration", "0s").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "-s", "0").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "-c", "0").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--format", "xml").exitCode(), "text, json or jsonl");
    }

    @Test
    void anUnknownInterfaceIsOneLineNamingTheOnesThatExist() {
        Prerequisites.requireRoot();
        Prerequisites.requireLibpcap();
        CliTest.Run run = CliTest.run("live", "-i", "nosuchif0", "--duration", "1s");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        CliTest.assertOneLineError(run, "nosuchif0");
        assertTrue(run.err().contains("lo"), "lists the interfaces that exist: " + run.err());
    }

    @Test
    void aBadFilterIsOneLineWithLibpcapsMessage() {
        Prerequisites.requireRoot();
        Prerequisites.requireLibpcap();
        CliTest.Run run = CliTest.run("live", "-i", "lo", "--duration", "1s", "tcp", "and", "and");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        CliTest.assertOneLineError(run, "tcp and and");
    }

    @Slow
    @Test
    void aShortCaptureEndsWithTheFinalReportAndLibpcapsCounters() {
        Prerequisites.requireRoot();
        Prerequisites.requireLibpcap();
        CliTest.Run run = CliTest.run("live", "-i", "lo", "--duration", "1s");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("mtudoctor: live -i lo\n"), run.out());
        assertTrue(run.out().contains("libpcap: ") && run.out().endsWith("0 problems, 0 warnings, 0 info\n"), run.out());
        assertTrue(run.err().startsWith("mtudoctor: listening on lo"), run.err());
    }

    @Test
    void interfacesListsLoopbackWithItsMtu() {
        Prerequisites.requireLibpcap();
        CliTest.Run run = CliTest.run("interfaces");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().lines().anyMatch(line -> line.matches("lo\\s+65536\\s+\\S+\\s+127\\.0\\.0\\.1/8.*")), run.out());
        assertTrue(CliTest.run("interfaces", "--format", "json").out().contains("\"name\": \"lo\""));
    }

    @Slow
    @Test
    void withoutCapNetRawTheMessageSaysHowToGetIt() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireLibpcap();
        Prerequisites.requireTool("setpriv");
        List<String> command = new ArrayList<>(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-net_raw,-net_admin"));
        command.addAll(MtudoctorProcess.command());
        command.addAll(List.of("live", "-i", "lo", "--duration", "1s"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitCode.BAD_INPUT, process.exitValue(), output);
        assertTrue(output.contains("no permission to capture") && output.contains("setcap cap_net_raw,cap_net_admin=eip"), output);
        assertTrue(!output.contains("Exception") && !output.contains("\tat "), "no stack trace: " + output);
    }

    /**
     * The way scripts stop tcpdump: started with & by a non-interactive shell (which starts it with
     * SIGINT ignored), then kill -INT. It must stop with the final report and the exit code; and
     * SIGUSR1 before that prints the counts so far without stopping it.
     */
    @Slow
    @Test
    void startedInTheBackgroundOfAScriptKillIntStopsItWithTheReport(@TempDir Path directory) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireLibpcap();
        String script = String.join("\n",
                "set -u",
                // What this shell does to a background job: a job that reads its own SigIgn.
                "awk '/^SigIgn/ {print $2}' /proc/self/status >\"$1/ignored\" & wait $!",
                MtudoctorProcess.commandLine() + " live -i lo --duration 600s >\"$1/out\" 2>\"$1/err\" &",
                "pid=$!",
                "echo $pid >\"$1/pid\"",
                "for i in $(seq 300); do grep -q 'listening on' \"$1/err\" && break; sleep 0.1; done",
                "kill -USR1 $pid",
                "for i in $(seq 100); do grep -q 'packets, ' \"$1/err\" && break; sleep 0.1; done",
                "kill -INT $pid",
                "wait $pid",
                "echo $? >\"$1/exit\"",
                "");
        Process shell = new ProcessBuilder("bash", "-c", script, "bash", directory.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("shell").toFile()).start();
        if (!shell.waitFor(60, TimeUnit.SECONDS)) {
            new ProcessBuilder("kill", "-KILL", Files.readString(directory.resolve("pid")).strip()).start().waitFor();
            shell.destroyForcibly();
            throw new AssertionError("kill -INT did not stop it: " + Files.readString(directory.resolve("err")));
        }
        String shellOutput = Files.readString(directory.resolve("shell"));
        String err = Files.readString(directory.resolve("err"));
        long ignored = Long.parseUnsignedLong(Files.readString(directory.resolve("ignored")).strip(), 16);
        assertTrue((ignored & 0b10) != 0, "the script starts background jobs with SIGINT ignored (SigIgn " + Long.toHexString(ignored) + ")");
        assertEquals("0", Files.readString(directory.resolve("exit")).strip(), shellOutput + err);
        assertTrue(err.lines().anyMatch(line -> line.matches("mtudoctor: \\d+ packets, \\d+ flows, \\d+ ICMP too-big, \\d+ findings")),
                "SIGUSR1's counts: " + err);
        String out = Files.readString(directory.resolve("out"));
        assertTrue(out.startsWith("mtudoctor: live -i lo\n") && out.contains("libpcap: "), "the final report: " + out);
    }
}
