package org.mtudoctor.analysis;

import java.util.List;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TrafficSummary;

/**
 * What a report is written from: immutable, made when the analysis ended.
 *
 * @param inputs   the captures read, as the user named them
 * @param traffic  counters of the per-packet pass
 * @param flows    every flow for --flows, sorted; null when not asked for
 * @param libpcap  libpcap's counters of a live capture; null for files
 * @param evidence for each of the diagnosis's findings, in its order, the packets that show it
 *                 (--evidence); null when not asked for
 */
public record Analysis(List<String> inputs, TrafficSummary traffic, Diagnosis diagnosis,
                       List<FlowSummary> flows, CaptureStatistics libpcap, List<List<EvidencePacket>> evidence) {

    public Analysis {
        inputs = List.copyOf(inputs);
        flows = flows == null ? null : List.copyOf(flows);
        if (evidence != null) {
            if (evidence.size() != diagnosis.findings().size()) {
                throw new IllegalArgumentException("evidence for " + evidence.size() + " findings (expected: "
                        + diagnosis.findings().size() + ")");
            }
            evidence = evidence.stream().map(List::copyOf).toList();
        }
    }

    /** The evidence of the finding at {@code index}; empty when --evidence was not given. */
    public List<EvidencePacket> evidenceOf(int index) {
        return evidence == null ? List.of() : evidence.get(index);
    }
}
