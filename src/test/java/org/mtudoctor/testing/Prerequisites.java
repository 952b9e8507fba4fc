package org.mtudoctor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.pcap4j.core.Pcaps;

/**
 * What some tests need from the machine, checked one way for the whole suite.
 *
 * <p>Capabilities (libpcap, root, network namespaces, tools that .ci/run installs): outside CI a
 * missing one skips the test and prints why; with {@code CI=true} it fails the test, so a CI
 * image that lost one cannot pass by skipping.
 *
 * <p>The public captures are workplace data beside the checkout, not something CI installs: when
 * they are absent the tests over them skip and say so, in CI too.
 */
public final class Prerequisites {

    private static final boolean IN_CI = "true".equalsIgnoreCase(System.getenv("CI"));
    private static Boolean libpcapPresent;

    private Prerequisites() {
    }

    /** Skips outside CI, fails in CI, when {@code present} is false. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (IN_CI) {
            fail(what + " is missing, and CI=true does not allow skipping");
        }
        skip(what + " is missing");
    }

    public static void requireLibpcap() {
        require(libpcapPresent(), "libpcap (apt-get install libpcap0.8)");
    }

    public static void requireTool(String name) {
        boolean onPath = false;
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            onPath |= !directory.isEmpty() && Files.isExecutable(Path.of(directory, name));
        }
        require(onPath, name + " (on PATH)");
    }

    /** The effective user is root, as network namespaces, nft and tcpdump need. */
    public static void requireRoot() {
        require(effectiveUid() == 0, "root (effective uid 0, not " + effectiveUid() + ")");
    }

    /**
     * A network namespace can be created and deleted with {@code ip netns}: root alone is not
     * enough in a container without CAP_SYS_ADMIN, or on a kernel without namespaces.
     */
    public static void requireNetworkNamespaces() {
        requireTool("ip");
        String failure = networkNamespaceFailure();
        require(failure == null, "network namespaces (" + failure + ")");
    }

    /** The effective uid from /proc/self/status, or -1 where there is no such file. */
    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring("Uid:".length()).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or a format we do not know: not root as far as we can tell
        }
        return -1;
    }

    /** Null when a namespace could be added and deleted, else what went wrong. */
    private static String networkNamespaceFailure() {
        String name = "mtudoctor-probe-" + ProcessHandle.current().pid();
        String added = run("ip", "netns", "add", name);
        if (added != null) {
            return added;
        }
        return run("ip", "netns", "del", name);
    }

    /** Runs a command that ends by itself at once: null when it exits 0, else the command and what it printed. */
    private static String run(String... command) {
        String described = String.join(" ", command);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exitCode = process.waitFor();
            return exitCode == 0 ? null : described + " exited " + exitCode + ": " + printed;
        } catch (IOException failed) {
            return described + ": " + failed.getMessage();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return described + " was interrupted";
        }
    }

    /** True when libpcap can be loaded through pcap4j. */
    public static synchronized boolean libpcapPresent() {
        if (libpcapPresent == null) {
            try {
                Pcaps.libVersion();
                libpcapPresent = true;
            } catch (LinkageError missing) {
                libpcapPresent = false;
            }
        }
        return libpcapPresent;
    }

    /**
     * The public captures (with catalogue.tsv): MTUDOCTOR_PUBLIC_CAPTURES, else shared/ beside the
     * checkout, else /work/shared. Skips the test, in CI too, when none is there.
     */
    public static Path requirePublicCaptures() {
        Path found = publicCaptures();
        if (found == null) {
            skip("public captures not found (set MTUDOCTOR_PUBLIC_CAPTURES)");
        }
        return found;
    }

    /** The public captures folder, or null when there is none. */
    public static Path publicCaptures() {
        return sharedFolder("MTUDOCTOR_PUBLIC_CAPTURES", "captures-public", "catalogue.tsv");
    }

    /**
     * A folder of the workplace's shared data: the one the environment variable names, else
     * shared/NAME beside the checkout, else /work/shared/NAME; the first that holds
     * {@code marker}, or null.
     */
    private static Path sharedFolder(String variable, String name, String marker) {
        String configured = System.getenv(variable);
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("..", "shared", name), Path.of("/work/shared", name));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve(marker))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /**
     * ../shared/captures-wild (with its expected.tsv): real captures from other people's networks,
     * read in place and never copied into the repository. Outside CI a missing folder skips the
     * test; under CI=true it fails it, as VERDICTS.md there asks.
     */
    public static Path requireWildCaptures() {
        Path found = sharedFolder("MTUDOCTOR_WILD_CAPTURES", "captures-wild", "expected.tsv");
        require(found != null, "../shared/captures-wild (set MTUDOCTOR_WILD_CAPTURES)");
        return found;
    }

    private static void skip(String reason) {
        System.err.println("skipped: " + reason);
        Assumptions.abort(reason);
    }
}
