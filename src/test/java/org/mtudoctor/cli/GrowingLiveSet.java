package org.mtudoctor.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM's main for {@link LauncherOptionsTest}: a live set that grows to about 150 MB of
 * small objects while as much again becomes garbage, as compare's tables grow on a big capture.
 */
public final class GrowingLiveSet {

    private GrowingLiveSet() {
    }

    public static void main(String[] args) {
        List<long[]> kept = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < 6_000_000; i++) {
            long[] garbage = new long[8];
            sum += garbage.length;
            if (i % 2 == 0) {
                kept.add(new long[4]);
            }
        }
        System.out.println("done " + kept.size() + " " + sum);
    }
}
