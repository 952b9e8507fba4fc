package org.mtudoctor.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
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

    public static boolean inCi() {
        return IN_CI;
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
        String configured = System.getenv("MTUDOCTOR_PUBLIC_CAPTURES");
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("..", "shared", "captures-public"), Path.of("/work/shared/captures-public"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("catalogue.tsv"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    private static void skip(String reason) {
        System.err.println("skipped: " + reason);
        Assumptions.abort(reason);
    }
}
