package org.mtudoctor.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Optional;

/**
 * Keeps the old generation near what the flows hold on JDK 25 and later, so that memory follows
 * the live flows and not the length of the capture.
 *
 * <p>When a young collection's survivors do not fit in the old generation, Java 17's collectors
 * run a full collection; JDK 25's (serial, parallel, G1 and Shenandoah alike) expand the old
 * generation instead, and a long capture's flows that closed long ago stay in it: 211 MB against
 * Java 17's 138 MB at 12.7 M packets (bench/RESULTS.md, "Two runtimes"). The guard asks for the
 * full collection Java 17 would have run: when the old generation's use passes a threshold, a
 * daemon thread calls {@link System#gc()} and sets the next threshold to {@link #GROWTH} times
 * what the collection left, never below {@link #FLOOR_BYTES}. With -XX:+DisableExplicitGC the
 * call does nothing, and the threshold only rises.
 *
 * <p>Not on older runtimes: Java 17 already collects in full, and loading java.management costs
 * its start-up 20-60 ms for nothing. Its thread starts beside the command's start, so a short run
 * never waits for it; {@code -Dmtudoctor.oldGenerationGuard=false} leaves it out (to measure the
 * runtime without it), {@code =true} puts it in on any runtime.
 */
final class OldGenerationGuard {
    /** The first threshold, and the least any later one may be. */
    static final long FLOOR_BYTES = 32L << 20;
    /** The next threshold, as a multiple of what a full collection left in the old generation. */
    static final double GROWTH = 1.5;
    /** How often the guard looks at the old generation's use. */
    static final long POLL_MILLIS = 50;
    /** The first runtime whose collectors expand the old generation instead of collecting it. */
    static final int FIRST_EXPANDING_RUNTIME = 25;
    static final String PROPERTY = "mtudoctor.oldGenerationGuard";

    private OldGenerationGuard() {
    }

    /** Whether a runtime of this feature version, with this property's value (or null), gets the guard. */
    static boolean wanted(int runtimeFeature, String property) {
        if (property != null) {
            return Boolean.parseBoolean(property);
        }
        return runtimeFeature >= FIRST_EXPANDING_RUNTIME;
    }

    /** The threshold after a full collection left {@code usedAfter} bytes in the old generation. */
    static long nextThreshold(long usedAfter) {
        return Math.max(FLOOR_BYTES, (long) (GROWTH * usedAfter));
    }

    /** Starts the guard on a daemon thread when this runtime wants it, and returns at once. */
    static void startInBackground() {
        if (!wanted(Runtime.version().feature(), System.getProperty(PROPERTY))) {
            return;
        }
        Thread guard = new Thread(() -> {
            try {
                oldGeneration().ifPresent(OldGenerationGuard::watch);
            } catch (LinkageError | RuntimeException unavailable) {
                // A runtime linked without java.management, or a pool that will not say its use:
                // the analysis runs as it would without the guard. Never the run's business.
            }
        }, "mtudoctor old-generation guard");
        guard.setDaemon(true);
        guard.start();
    }

    /**
     * Looks at the old generation's use every {@link #POLL_MILLIS} ms until interrupted. Polled,
     * not a usage-threshold notification: the JDK builds its first notification from JMX's open
     * types, and loading them took 270 ms after the threshold was passed, while the old generation
     * went on growing; a look costs microseconds.
     */
    static void watch(MemoryPoolMXBean pool) {
        long threshold = FLOOR_BYTES;
        try {
            while (true) {
                Thread.sleep(POLL_MILLIS);
                if (pool.getUsage().getUsed() > threshold) {
                    System.gc();
                    threshold = nextThreshold(pool.getUsage().getUsed());
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** The old generation's pool by the names the JDK's generational collectors give it. */
    static Optional<MemoryPoolMXBean> oldGeneration() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isUsageThresholdSupported()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                return Optional.of(pool);
            }
        }
        return Optional.empty();
    }
}
