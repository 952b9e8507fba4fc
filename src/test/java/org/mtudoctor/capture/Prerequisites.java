package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Things some tests need from the machine: libpcap, Wireshark's command-line tools, the public
 * captures. Outside CI a missing one skips the test and says why; with {@code CI=true} it fails the
 * test, so that a CI image that lost libpcap cannot pass by skipping.
 */
final class Prerequisites {
    /** Public captures read in place; override with MTUDOCTOR_PUBLIC_CAPTURES. */
    static final Path PUBLIC_CAPTURES = Path.of(System.getenv().getOrDefault("MTUDOCTOR_PUBLIC_CAPTURES",
            "/work/shared/captures-public"));

    private static Boolean libpcapPresent;

    private Prerequisites() {
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(what + " is missing, and CI=true does not allow skipping");
        }
        System.err.println("skipped: " + what + " is missing");
        Assumptions.abort(what + " is missing");
    }

    static void requireLibpcap() {
        require(libpcapPresent(), "libpcap (apt-get install libpcap0.8)");
    }

    static void requireTool(String name) {
        boolean onPath = false;
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            onPath |= !directory.isEmpty() && Files.isExecutable(Path.of(directory, name));
        }
        require(onPath, name + " (on PATH)");
    }

    static Path requirePublicCaptures() {
        require(Files.isRegularFile(PUBLIC_CAPTURES.resolve("catalogue.tsv")),
                "public captures at " + PUBLIC_CAPTURES + " (set MTUDOCTOR_PUBLIC_CAPTURES)");
        return PUBLIC_CAPTURES;
    }

    private static synchronized boolean libpcapPresent() {
        if (libpcapPresent == null) {
            libpcapPresent = probeLibpcap();
        }
        return libpcapPresent;
    }

    /** Opens a one-record capture with libpcap: only "libpcap is not installed" counts as absent. */
    private static boolean probeLibpcap() {
        try {
            Path file = Files.createTempFile("libpcap-probe", ".pcap");
            try {
                Files.write(file, Layout.littleEndian()
                        .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(1)
                        .toByteArray());
                CaptureFiles.openWithLibpcap(file.toString()).close();
                return true;
            } catch (CaptureException e) {
                if (e.getMessage().equals(LibpcapFileSource.LIBPCAP_MISSING)) {
                    return false;
                }
                throw new AssertionError("libpcap is present but failed on a valid file: " + e.getMessage(), e);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
