package org.mtudoctor.testing;

import java.nio.file.Path;
import java.util.List;
import org.mtudoctor.capture.PublicCaptures;

/**
 * The captures in captures/ that real kernels made (scripts/scenario, scripts/encapsulate):
 * every file there but regressions/, which holds what the fuzzers found. Those are hostile by
 * design (libpcap and mergecap refuse some of them); GoldenTest and `mtudoctor check captures`
 * pin what mtudoctor does with them, and the tests that compare readers and decoders with
 * libpcap, pcap4j and tshark take the kernel's captures only.
 */
public final class RepositoryCaptures {
    public static final Path ROOT = Path.of("captures");
    private static final String REGRESSIONS = "regressions/";

    private RepositoryCaptures() {
    }

    /** Paths relative to captures/, sorted, as {@code PublicCaptures.captureFiles} gives them. */
    public static List<String> madeByKernels() {
        return PublicCaptures.captureFiles(ROOT).stream()
                .filter(name -> !name.replace('\\', '/').startsWith(REGRESSIONS))
                .toList();
    }
}
