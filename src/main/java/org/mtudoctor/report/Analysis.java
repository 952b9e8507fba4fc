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
 * @param libpcap libpcap's counters of a live capture; null for files
 */
public record Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis,
                       List<FlowSummary> flows, CaptureStatistics libpcap) {

    public Analysis {
        inputs = List.copyOf(inputs);
        flows = flows == null ? null : List.copyOf(flows);
    }

    /** The analysis of capture files. */
    public Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis, List<FlowSummary> flows) {
        this(inputs, traffic, diagnosis, flows, null);
    }
}
