package org.mtudoctor.report;

import java.util.List;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TrafficPipeline;

/**
 * What a report is written from.
 *
 * @param inputs  the captures read, as the user named them
 * @param traffic counters of the per-packet pass
 * @param flows   every flow for --flows, sorted; null when not asked for
 */
public record Analysis(List<String> inputs, TrafficPipeline traffic, Diagnosis diagnosis,
                       List<FlowSummary> flows) {

    public Analysis {
        inputs = List.copyOf(inputs);
        flows = flows == null ? null : List.copyOf(flows);
    }
}
