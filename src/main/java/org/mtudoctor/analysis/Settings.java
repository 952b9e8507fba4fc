package org.mtudoctor.analysis;

/**
 * How to analyse, whatever the input: files or a live capture.
 *
 * @param maxFlows           the flow table's cap; beyond it the idlest flow is judged and evicted
 * @param idleTimeoutSeconds a flow silent this long in capture time has ended (0: never)
 * @param flows              keep every flow's summary for --flows
 * @param evidence           pick the packets that show each finding (--evidence): a second pass
 *                           over the files
 * @param libpcapReader      read files with libpcap (through pcap4j) instead of our own reader
 */
public record Settings(int maxFlows, long idleTimeoutSeconds, boolean flows, boolean evidence, boolean libpcapReader) {

    /** The default cap's ceiling: a busy VPN server's flows within the idle timeout. */
    public static final int MOST_FLOWS = 1_000_000;
    /** Below this the default would be too small to say anything; a tiny heap then runs out instead. */
    public static final int FEWEST_FLOWS = 10_000;
    /** What a flow costs on the heap with the collector's headroom (10 M SYNs measured: 1-2 KiB). */
    public static final long BYTES_PER_FLOW = 2048;

    public Settings {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("--max-flows " + maxFlows + " (expected: 1 or more)");
        }
        if (idleTimeoutSeconds < 0) {
            throw new IllegalArgumentException("--idle-timeout " + idleTimeoutSeconds + " (expected: 0 or more)");
        }
    }

    /**
     * The cap when none is given: half the heap's worth of flows, so that a flood of distinct
     * flows is evicted and counted instead of exhausting a small machine's heap.
     */
    public static int defaultMaxFlows(long maximumHeapBytes) {
        return (int) Math.max(FEWEST_FLOWS, Math.min(MOST_FLOWS, maximumHeapBytes / 2 / BYTES_PER_FLOW));
    }

    /** The cap this JVM's heap allows, when none is given. */
    public static int defaultMaxFlows() {
        return defaultMaxFlows(Runtime.getRuntime().maxMemory());
    }
}
