package org.mtudoctor.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many threads analyse a set of capture files. Each shard reads and decodes every frame
 * and tracks its own share of the flows, so nothing crosses between cores per packet; what a
 * second reader costs is paid back only on long inputs (bench/RESULTS.md), and a run that could
 * take longer sharded than not must never be sharded.
 *
 * <p>Only files our own reader reads straight are sharded: not standard input (it can be read
 * once), not gzip (each shard would inflate it all), not libpcap's reader. The system property
 * {@code mtudoctor.shards} sets the count whatever the size (the tests force sharding on every
 * golden capture with it, scripts/bench compares).
 */
final class Sharding {

    /**
     * Inputs this long or longer are read by two shards when two cores are there. None yet:
     * on this 2-core machine two shards have not beaten one thread at any length measured
     * (bench/RESULTS.md), because the JIT compilers and the collector already take the second
     * core; until they do, only {@code mtudoctor.shards} shards.
     */
    static final long AUTOMATIC_BYTES = Long.MAX_VALUE;
    /** The most shards {@code mtudoctor.shards} may ask for. */
    static final int MOST_SHARDS = 16;
    static final String PROPERTY = "mtudoctor.shards";

    private Sharding() {
    }

    /** The number of shards for {@code inputs}: 1 unless sharding is possible and pays. */
    static int shards(List<String> inputs, Settings settings) {
        if (settings.libpcapReader() || inputs.isEmpty()) {
            return 1;
        }
        long bytes = 0;
        for (String input : inputs) {
            long size = Analyzer.sizeOf(input);
            if (size < 0) {
                return 1;
            }
            bytes += size;
        }
        int forced = Integer.getInteger(PROPERTY, 0);
        int wanted = forced > 0 ? Math.min(forced, MOST_SHARDS)
                : Runtime.getRuntime().availableProcessors() >= 2 && bytes >= AUTOMATIC_BYTES ? 2 : 1;
        if (wanted > 1) {
            for (String input : inputs) {
                if (gzip(input)) {
                    return 1;
                }
            }
        }
        return wanted;
    }

    private static boolean gzip(String input) {
        try (InputStream in = Files.newInputStream(Path.of(input))) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return true; // unreadable now: leave it to the one reader, which says why
        }
    }
}
