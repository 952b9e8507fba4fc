package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * The .deb and the .tar.gz as a VPN server's admin uses them: scripts/package builds both,
 * lintian passes the .deb (its overrides explained in scripts/lib/lintian-overrides), dpkg -i
 * installs it, /usr/bin/mtudoctor analyses the sample capture with no java on PATH (its own
 * runtime), man and bash completion work, and dpkg -r leaves nothing behind. The tarball runs
 * from wherever it is unpacked. Runs as root (CI is), after mvn package has made the jar.
 */
@Slow
class PackageTest {

    private static final Path JAR = Path.of("target", "mtudoctor.jar");

    record Run(int exitCode, String output) {
    }

    static Run run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(600, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(process.exitValue(), output);
    }

    static String ok(String... command) throws IOException, InterruptedException {
        Run run = run(null, List.of(command));
        assertEquals(0, run.exitCode(), String.join(" ", command) + ":\n" + run.output());
        return run.output();
    }

    @Test
    void theDebInstallsRunsWithoutAJdkAndLeavesNothingBehind(@TempDir Path scratch) throws Exception {
        Prerequisites.requireRoot();
        for (String tool : List.of("dpkg", "dpkg-deb", "dpkg-shlibdeps", "asciidoctor", "lintian", "man", "strip")) {
            Prerequisites.requireTool(tool);
        }
        Prerequisites.require(Files.isRegularFile(JAR), JAR + " (mvn package makes it; mvn verify runs this test after)");
        assertFalse(run(null, List.of("dpkg-query", "-W", "-f=${Status}", "mtudoctor")).output().contains("installed"),
                "mtudoctor is installed already: dpkg -r mtudoctor first");

        // Built as scripts/package builds it, the test classes (ManualGenerator) from this build.
        Run built = run(Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"),
                        "MTUDOCTOR_PACKAGE_CLASSPATH", System.getProperty("surefire.test.class.path",
                                System.getProperty("java.class.path"))),
                List.of("scripts/package"));
        assertEquals(0, built.exitCode(), built.output());
        List<String> made = built.output().lines().filter(line -> line.startsWith("/")).toList();
        assertEquals(2, made.size(), built.output());
        String deb = made.get(0);
        String tarball = made.get(1);
        assertTrue(deb.endsWith(".deb") && tarball.endsWith(".tar.gz"), made.toString());

        Run lintian = run(null, List.of("lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", deb));
        assertEquals(0, lintian.exitCode(), "lintian:\n" + lintian.output());
        String control = ok("dpkg-deb", "--field", deb, "Depends");
        assertTrue(control.contains("libpcap0.8") && control.contains("libc6"), control);

        ok("dpkg", "-i", deb);
        List<String> files = new ArrayList<>();
        try {
            files.addAll(ok("dpkg", "-L", "mtudoctor").lines().filter(line -> line.startsWith("/")).toList());
            assertTrue(Files.isRegularFile(Path.of("/usr/lib/mtudoctor/mtudoctor.aot"))
                    || Files.isRegularFile(Path.of("/usr/lib/mtudoctor/mtudoctor.jsa")), "postinst made the cache or archive");

            // No java on PATH: only what the launcher itself calls.
            Path bin = Files.createDirectories(scratch.resolve("bin"));
            for (String tool : List.of("sh", "readlink", "dirname", "rm")) {
                Files.createSymbolicLink(bin.resolve(tool), Path.of(ok("sh", "-c", "command -v " + tool).strip()));
            }
            Map<String, String> bare = Map.of("PATH", bin.toString());
            Run seed = run(bare, List.of("/usr/bin/mtudoctor", "/usr/share/mtudoctor/seed-black-hole.pcap"));
            assertEquals(ExitCode.FINDINGS, seed.exitCode(), seed.output());
            assertTrue(seed.output().contains("PROBLEM  pmtu-black-hole: 10.0.2.1 reports MTU 1396")
                    && seed.output().contains("    ip link set dev \"$IFNAME\" mtu 1420\n"), seed.output());
            String version = run(bare, List.of("/usr/bin/mtudoctor", "--version")).output();
            assertTrue(version.contains(", in /usr/lib/mtudoctor/runtime\n") && version.contains("libpcap version"), version);
            Run junit = run(bare, List.of("/usr/bin/mtudoctor", "check", "--format", "junit", "captures"));
            assertTrue(junit.output().startsWith("<?xml"), "java.xml is in the runtime: " + junit.output());
            String modules = Files.readString(Path.of("/usr/lib/mtudoctor/runtime/release"));
            assertTrue(modules.contains("java.management"), "the old-generation guard's module is in the runtime: " + modules);
            Run live = run(bare, List.of("/usr/bin/mtudoctor", "live", "-i", "lo", "--duration", "1s", "--metrics", "0"));
            assertEquals(0, live.exitCode(), live.output());
            assertTrue(live.output().contains("mtudoctor: metrics on http://127.0.0.1:"), "jdk.httpserver is in the runtime, "
                    + "JNA and libpcap work: " + live.output());

            String manual = run(Map.of("PATH", System.getenv("PATH"), "MANWIDTH", "100"),
                    List.of("man", "-P", "cat", "mtudoctor")).output();
            assertTrue(manual.contains("EXIT STATUS") && manual.contains("tcpdump(8)"), manual);
            String completion = ok("bash", "-c", "source /usr/share/bash-completion/completions/mtudoctor;"
                    + " COMP_WORDS=(mtudoctor li); COMP_CWORD=1; _complete_mtudoctor 2>/dev/null; echo \"${COMPREPLY[*]}\"");
            assertEquals("live", completion.strip());
        } finally {
            ok("dpkg", "-r", "mtudoctor");
        }
        List<String> left = files.stream().filter(file -> !file.equals("/.") && !isSharedDirectory(file))
                .filter(file -> Files.exists(Path.of(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
        assertEquals(List.of(), left, "dpkg -r left these behind");
        assertFalse(Files.exists(Path.of("/usr/lib/mtudoctor")), "postrm removes the archive postinst made");

        // The tarball, unpacked anywhere, runs from there and makes its archive on the first run.
        ok("tar", "-C", scratch.toString(), "-xzf", tarball);
        Path unpacked;
        try (Stream<Path> tops = Files.list(scratch)) {
            unpacked = tops.filter(path -> path.getFileName().toString().startsWith("mtudoctor-")).findFirst().orElseThrow();
        }
        Run fromTarball = run(Map.of("PATH", scratch.resolve("bin").toString()),
                List.of(unpacked.resolve("bin/mtudoctor").toString(), "captures/seed-black-hole.pcap"));
        assertEquals(ExitCode.FINDINGS, fromTarball.exitCode(), fromTarball.output());
        assertTrue(Files.isRegularFile(unpacked.resolve("lib/mtudoctor/mtudoctor.aot"))
                || Files.isRegularFile(unpacked.resolve("lib/mtudoctor/mtudoctor.jsa")), "its cache or archive");
    }

    /** A directory other packages own too (/usr, /usr/share/man/man1, ...): dpkg leaves it. */
    private static boolean isSharedDirectory(String file) {
        return Files.isDirectory(Path.of(file)) && !file.contains("mtudoctor");
    }
}
