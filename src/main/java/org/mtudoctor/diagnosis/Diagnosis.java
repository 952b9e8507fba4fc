package org.mtudoctor.diagnosis;

import java.util.List;

/**
 * The outcome of an analysis: findings sorted worst first, and the fix when a problem was found.
 *
 * @param evictedFlows     flows pushed out of the full flow table before the end
 * @param findingsOnEvicted findings drawn from flows that had been evicted, whose evidence may
 *                          be incomplete
 */
public record Diagnosis(List<Finding> findings, Fix fix, long flowsExamined, long evictedFlows,
                        long findingsOnEvicted) {

    public Diagnosis {
        findings = List.copyOf(findings);
    }

    public long count(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).count();
    }

    public boolean has(Severity severity) {
        return count(severity) > 0;
    }
}
