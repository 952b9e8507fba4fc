package org.mtudoctor.report;

import java.util.List;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TrafficPipeline;

/**
 * What a report is written from.
 *
 * @param inputs  the captures read, as the user named them
 * @param traffic counters of the per-packet pass
 * @param flows   every flow for --flows, sorted; null when not asked for
 * @param libpcap  libpcap's counters of a live capture; null for files
 * @param evidence for each of the diagnosis's findings, in its order, the packets that show it
 *                 (--evidence); null when not asked for
 */
public record Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis,
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

    /** The analysis of a live capture. */
    public Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis, List<FlowSummary> flows,
                    CaptureStatistics libpcap) {
        this(inputs, traffic, diagnosis, flows, libpcap, null);
    }

    /** The analysis of capture files. */
    public Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis, List<FlowSummary> flows) {
        this(inputs, traffic, diagnosis, flows, null, null);
    }

    /** This analysis with the evidence of its findings. */
    public Analysis withEvidence(List<List<EvidencePacket>> evidenceOfFindings) {
        return new Analysis(inputs, traffic, diagnosis, flows, libpcap, evidenceOfFindings);
    }

    /** The evidence of the finding at {@code index}; empty when --evidence was not given. */
    public List<EvidencePacket> evidenceOf(int index) {
        return evidence == null ? List.of() : evidence.get(index);
    }
}
