package org.mtudoctor.cli;

import org.mtudoctor.analysis.Settings;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Severity;
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

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "A flow silent this long in capture time has ended: it is judged and forgotten,"
                    + " so memory follows the live flows (default: ${DEFAULT-VALUE}; 0: never).")
    private long idleTimeout;

    /** The analysis these options describe; a usage error when they are out of range. */
    Settings settings(boolean flows, boolean evidence, boolean libpcapReader) {
        try {
            return new Settings(maxFlows != null ? maxFlows : Settings.defaultMaxFlows(), idleTimeout, flows, evidence,
                    libpcapReader);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }


    /** 3 when the cross-point findings hold a problem (or a warning, with --fail-on warning), else 0. */
    int exitCode(Comparison comparison) {
        boolean failing = comparison.problems() > 0 || failOn == FailOn.warning && comparison.warnings() > 0;
        return failing ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /** 3 when a problem was found (or a warning, with --fail-on warning), else 0. */
    int exitCode(Diagnosis diagnosis) {
        boolean failing = diagnosis.has(Severity.PROBLEM) || failOn == FailOn.warning && diagnosis.has(Severity.WARNING);
        return failing ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
