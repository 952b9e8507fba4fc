package org.mtudoctor.analysis;

import org.mtudoctor.diagnosis.Diagnoser;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.TrafficPipeline;

/**
 * The pipeline one analysis runs, wired once for files and live capture alike: frames go to the
 * {@link TrafficPipeline}, which decodes them and feeds the {@link FlowTracker}, which hands each
 * flow that ends to the {@link Diagnoser}.
 */
final class Assembly {

    final Diagnoser diagnoser;
    final FlowTracker tracker;
    final TrafficPipeline pipeline;

    /**
     * @param observer sees every flow after it was judged (--flows, live mode's memory), or null
     * @param updates  told after every packet that changed a flow (live announcements), or null
     */
    Assembly(Settings settings, Diagnoser.FlowObserver observer, FlowTracker.UpdateListener updates) {
        diagnoser = new Diagnoser(observer);
        tracker = new FlowTracker(settings.maxFlows(), settings.idleTimeoutSeconds(), diagnoser, updates);
        pipeline = new TrafficPipeline(tracker);
    }
}
