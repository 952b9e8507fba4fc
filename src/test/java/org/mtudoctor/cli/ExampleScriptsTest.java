package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/** The ip-up.d hook of scripts/examples, run for real on a link in a scratch network namespace. */
@Slow
class ExampleScriptsTest {

    static final Path HOOK = Path.of("scripts", "examples", "ip-up.d-mtudoctor");

    private final String namespace = "mtud-hook-" + ProcessHandle.current().pid();

    record Result(int exitCode, String output) {
    }

    static Result run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "timed out: " + List.of(command));
        return new Result(process.exitValue(), output);
    }

    @BeforeEach
    void scratchNamespace() throws Exception {
        Prerequisites.require("0".equals(run(Map.of(), "id", "-u").output().strip()), "root (to make a network namespace)");
        Prerequisites.requireTool("ip");
        Result made = run(Map.of(), "ip", "netns", "add", namespace);
        Prerequisites.require(made.exitCode() == 0, "network namespaces (" + made.output().strip() + ")");
        assertEquals(0, run(Map.of(), "ip", "-n", namespace, "link", "add", "ppp-test", "type", "veth", "peer", "name", "ppp-peer").exitCode());
    }

    @AfterEach
    void removeNamespace() throws Exception {
        run(Map.of(), "ip", "netns", "delete", namespace);
    }

    private Result hook(Path mtuFile) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, HOOK.toString()));
        return run(Map.of("IFNAME", "ppp-test", "MTUDOCTOR_MTU_FILE", mtuFile.toString()), command.toArray(String[]::new));
    }

    private int mtu() throws Exception {
        String line = run(Map.of(), "ip", "-n", namespace, "-o", "link", "show", "ppp-test").output();
        return Integer.parseInt(line.replaceAll("(?s).* mtu (\\d+) .*", "$1"));
    }

    @Test
    void theHookSetsTheMtuTheAdministratorChose(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ppp-mtu"), "1420\n");
        Result result = hook(file);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(1420, mtu());
    }

    @Test
    void theHookRefusesWhatIsNotAnMtuAndLeavesTheLinkAlone(@TempDir Path dir) throws Exception {
        int before = mtu();
        for (String content : new String[] {"1420; reboot", "70", "99999", ""}) {
            Result result = hook(Files.writeString(dir.resolve("ppp-mtu"), content));
            assertEquals(1, result.exitCode(), "'" + content + "': " + result.output());
            assertEquals(before, mtu(), "'" + content + "' changed the MTU");
        }
        assertEquals(0, hook(dir.resolve("absent")).exitCode(), "no decision yet: nothing to do");
        assertEquals(before, mtu());
    }
}
