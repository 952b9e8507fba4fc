package org.mtudoctor.cli;

import java.lang.management.MemoryPoolMXBean;

/**
 * A child JVM's main for {@link OldGenerationGuardTest}: starts the guard as {@link Main} does,
 * then churns what a long capture does to the heap. A window of 32 MB, more than the young
 * generation's survivor spaces hold, is promoted, then dies, so the old generation fills with
 * garbage that only a full collection frees: 512 MB in all, at most 250 MB/s (the analysis of a
 * big capture promotes about 100 MB/s). Prints the old generation's peak use in bytes.
 */
public final class ChurningOldGeneration {

    private ChurningOldGeneration() {
    }

    public static void main(String[] args) throws InterruptedException {
        OldGenerationGuard.startInBackground();
        byte[][] window = new byte[2048][];
        long sum = 0;
        for (int i = 0; i < 32_768; i++) {
            if (i % 256 == 0) {
                Thread.sleep(16);
            }
            byte[] chunk = new byte[16 * 1024];
            chunk[i % chunk.length] = 1;
            window[i % window.length] = chunk;
            sum += chunk.length;
        }
        MemoryPoolMXBean old = OldGenerationGuard.oldGeneration().orElseThrow();
        System.out.println("old generation peak " + old.getPeakUsage().getUsed() + " after " + sum);
    }
}
