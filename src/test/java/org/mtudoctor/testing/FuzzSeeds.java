package org.mtudoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeds for the Jazzer fuzz targets: the real captures in captures/ that are small enough to
 * mutate quickly. Read at test time, so nothing is copied into the test resources.
 */
public final class FuzzSeeds {
    /** Larger seeds make every mutation slower and raise libFuzzer's input size limit with them. */
    private static final long MAXIMUM_SEED_BYTES = 16 * 1024;

    private FuzzSeeds() {
    }

    /** Every small file in captures/ whose name ends with one of the suffixes, as one byte[] argument each. */
    public static Stream<Arguments> captures(String... suffixes) {
        try (Stream<Path> files = Files.list(Path.of("captures"))) {
            List<Path> chosen = files
                    .filter(file -> Stream.of(suffixes).anyMatch(suffix -> file.getFileName().toString().endsWith(suffix)))
                    .filter(file -> size(file) <= MAXIMUM_SEED_BYTES)
                    .sorted()
                    .collect(Collectors.toList());
            return chosen.stream().map(file -> seed(file.getFileName().toString(), read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One seed, named for the test report. */
    public static Arguments seed(String name, byte[] bytes) {
        return Arguments.of(Named.of(name, bytes));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
