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

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "1000000",
            description = "Flow table cap; beyond it the idlest flow is judged and evicted (default: ${DEFAULT-VALUE}).")
    private int maxFlows;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "A flow silent this long in capture time has ended: it is judged and forgotten,"
                    + " so memory follows the live flows (default: ${DEFAULT-VALUE}; 0: never).")
    private long idleTimeout;

    /** The flow table these options describe; a usage error when they are out of range. */
    FlowTracker flowTracker(FlowTracker.FlowListener listener) {
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
