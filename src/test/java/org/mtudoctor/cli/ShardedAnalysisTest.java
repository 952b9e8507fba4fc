package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mtudoctor.capture.PublicCaptures;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * A sharded analysis (issue 16: each shard reads every frame and tracks its own flows, one
 * diagnoser judges them all) writes the one-thread report byte for byte: findings, counters,
 * expirations, evictions and the flow list. Sharding is forced here with the system property
 * {@code mtudoctor.shards}, which bypasses the size rule, on every golden case and on the public
 * and wild captures, whose link types, clocks stepping back and odd flows our own do not have.
 */
class ShardedAnalysisTest {

    private static final String SHARDS = "mtudoctor.shards";

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseGivesItsReportSharded() throws IOException {
        assumeFalse(GoldenTest.UPDATE, "the golden files are being rewritten from one-thread runs");
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenTest.Case c : GoldenTest.cases()) {
            for (int shards : new int[] {2, 3}) {
                tests.add(DynamicTest.dynamicTest(c.name() + " in " + shards + " shards",
                        () -> sharded(shards, () -> GoldenTest.check(c))));
            }
        }
        return tests.stream();
    }

    /**
     * A shard that fills its share of the flow table cannot evict as one table would (the idlest
     * flow of the whole table is in no shard): the analysis starts over with one table. With a
     * cap of 40 flows on a capture of 300, the table fills, and eviction must match exactly.
     */
    @Test
    void aShardThatFillsItsShareStartsOverAsOneTable() throws Exception {
        String[] args = {"--format", "json", "--flows", "--max-flows", "40", "bench/training/train-300.pcap"};
        String one = run(args);
        assertFalse(one.matches("(?s).*\"evictedFlows\": 0\\b.*"),
                "the cap must evict for this test to mean anything: " + one.substring(0, Math.min(one.length(), 400)));
        String[] shardedOutput = new String[1];
        sharded(2, () -> shardedOutput[0] = run(args));
        assertEquals(one, shardedOutput[0]);
    }

    /** Without a cap in reach, the sharded run is not a one-table run in disguise: it shards. */
    @Test
    void shardsReadOnTheirOwnThreads() throws Exception {
        String[] args = {"--format", "json", "--flows", "bench/training/train-300.pcap"};
        String one = run(args);
        List<String> threads = new ArrayList<>();
        sharded(2, () -> {
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                            .filter(name -> name.startsWith("mtudoctor shard")).findAny()
                            .ifPresent(name -> {
                                synchronized (threads) {
                                    threads.add(name);
                                }
                            });
                    Thread.onSpinWait();
                }
            });
            watcher.setDaemon(true);
            watcher.start();
            try {
                // A shard lives as long as its read; run again while the watcher has not seen one.
                for (int attempt = 0; attempt < 5; attempt++) {
                    assertEquals(one, run(args));
                    synchronized (threads) {
                        if (!threads.isEmpty()) {
                            break;
                        }
                    }
                }
            } finally {
                watcher.interrupt();
                watcher.join();
            }
        });
        synchronized (threads) {
            assertNotEquals(List.of(), threads, "no shard thread ran");
        }
    }

    @Test
    @Slow
    void publicAndWildCapturesGiveTheirReportsSharded() throws Exception {
        List<Path> captures = new ArrayList<>();
        Path publicRoot = Prerequisites.requirePublicCaptures();
        for (String name : PublicCaptures.captureFiles(publicRoot)) {
            captures.add(publicRoot.resolve(name));
        }
        Path wildRoot = Prerequisites.requireWildCaptures();
        try (Stream<Path> files = Files.list(wildRoot)) {
            files.filter(file -> file.getFileName().toString().matches(".*\\.pcap(ng)?")).sorted().forEach(captures::add);
        }
        List<String> differences = new ArrayList<>();
        for (Path capture : captures) {
            String[] args = {"--format", "json", "--flows", capture.toString()};
            String one = run(args);
            String[] three = new String[1];
            sharded(3, () -> three[0] = run(args));
            if (!one.equals(three[0])) {
                differences.add(capture.toString());
            }
        }
        assertEquals(List.of(), differences, "captures whose sharded report differs from the one-thread report");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cli.newCommandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return out + "\nexit " + exitCode + "\n" + err;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void sharded(int shards, Body body) throws Exception {
        System.setProperty(SHARDS, Integer.toString(shards));
        try {
            body.run();
        } finally {
            System.clearProperty(SHARDS);
        }
    }
}
