package org.mtudoctor.cli;

import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Severity;
import org.mtudoctor.flow.FlowTracker;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every analysing command shares (files and live): the flow table and the verdict. */
final class AnalysisOptions {

    enum FailOn { problem, warning }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "problem",
            description = "Lowest severity that makes the exit code 3: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private FailOn failOn;

    @Option(names = "--max-flows", paramLabel = "N",
            description = "Flow table cap; beyond it the idlest flow, closed ones first, is judged and evicted"
                    + " (default: what half the Java heap holds at 2 KiB a flow, at most 1000000).")
    private Integer maxFlows;

    /** The default cap's ceiling: a busy VPN server's flows within the idle timeout. */
    static final int MOST_FLOWS = 1_000_000;
    /** Below this the default would be too small to say anything; a tiny heap then runs out instead. */
    static final int FEWEST_FLOWS = 10_000;
    /** What a flow costs on the heap with the collector's headroom (10 M SYNs measured: 1-2 KiB). */
    static final long BYTES_PER_FLOW = 2048;

    /**
     * The cap when none is given: half the heap's worth of flows, so that a flood of distinct
     * flows is evicted and counted instead of exhausting a small machine's heap.
     */
    static int defaultMaxFlows(long maximumHeapBytes) {
        return (int) Math.max(FEWEST_FLOWS, Math.min(MOST_FLOWS, maximumHeapBytes / 2 / BYTES_PER_FLOW));
    }

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "A flow silent this long in capture time has ended: it is judged and forgotten,"
                    + " so memory follows the live flows (default: ${DEFAULT-VALUE}; 0: never).")
    private long idleTimeout;

    /** The flow table these options describe; a usage error when they are out of range. */
    FlowTracker flowTracker(FlowTracker.FlowListener listener) {
        int maxFlows = this.maxFlows != null ? this.maxFlows : defaultMaxFlows(Runtime.getRuntime().maxMemory());
        if (maxFlows < 1) {
            throw new ParameterException(spec.commandLine(), "--max-flows " + maxFlows + " (expected: 1 or more)");
        }
        if (idleTimeout < 0) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout " + idleTimeout + " (expected: 0 or more)");
        }
        return new FlowTracker(maxFlows, idleTimeout, listener);
    }

    /** 3 when a problem was found (or a warning, with --fail-on warning), else 0. */
    int exitCode(Diagnosis diagnosis) {
        boolean failing = diagnosis.has(Severity.PROBLEM) || failOn == FailOn.warning && diagnosis.has(Severity.WARNING);
        return failing ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
