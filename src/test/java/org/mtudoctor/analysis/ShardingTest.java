package org.mtudoctor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which inputs are sharded: only files our own reader reads straight, and by default none yet. */
class ShardingTest {

    private static final String SEED = "captures/seed-black-hole.pcap";
    private static final Settings OWN_READER = new Settings(1000, 300, false, false, false);
    private static final Settings LIBPCAP = new Settings(1000, 300, false, false, true);

    @AfterEach
    void noForcedCount() {
        System.clearProperty(Sharding.PROPERTY);
    }

    @Test
    void nothingIsShardedUnlessAsked() {
        assertEquals(1, Sharding.shards(List.of(SEED), OWN_READER));
    }

    @Test
    void theSystemPropertyAsksForShardsOfFilesOurReaderReads(@TempDir Path directory) throws IOException {
        System.setProperty(Sharding.PROPERTY, "3");
        assertEquals(3, Sharding.shards(List.of(SEED, SEED), OWN_READER));
        System.setProperty(Sharding.PROPERTY, "1000");
        assertEquals(Sharding.MOST_SHARDS, Sharding.shards(List.of(SEED), OWN_READER));
        assertEquals(1, Sharding.shards(List.of(SEED), LIBPCAP), "libpcap's reader");
        assertEquals(1, Sharding.shards(List.of("-"), OWN_READER), "standard input can be read once");
        assertEquals(1, Sharding.shards(List.of(SEED, directory.resolve("missing.pcap").toString()), OWN_READER),
                "a missing input");
        Path gzip = directory.resolve("seed.pcap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(Files.readAllBytes(Path.of(SEED)));
        }
        assertEquals(1, Sharding.shards(List.of(SEED, gzip.toString()), OWN_READER), "each shard would inflate it");
    }
}
