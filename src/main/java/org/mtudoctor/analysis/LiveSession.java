package org.mtudoctor.analysis;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.diagnosis.LiveAnnouncer;
import org.mtudoctor.flow.TrafficPipeline;

/**
 * The analysis of a live capture, on the same assembly as the files': each finding is announced
 * the moment it is established, idle flows end by the wall clock when no packet comes, and
 * {@link #finish} gives what the final report is written from.
 */
public final class LiveSession implements FrameSink {

    private static final Set<Kind> BLACK_HOLES = EnumSet.of(Kind.PMTU_BLACK_HOLE, Kind.SILENT_BLACK_HOLE,
            Kind.RECEIVER_BLACK_HOLE);

    private final Assembly assembly;
    private final LiveAnnouncer announcer;
    private final Clock clock;

    /**
     * @param announcements receives each finding the moment it is established
     * @param clock         the wall clock, which ends idle flows while no packet comes
     */
    public LiveSession(Settings settings, LiveAnnouncer.Announcements announcements, Clock clock) {
        this.announcer = new LiveAnnouncer(announcements);
        this.assembly = new Assembly(settings, announcer::forget, announcer);
        this.clock = clock;
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        assembly.pipeline.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
    }

    @Override
    public void warning(CaptureWarning warning) {
        assembly.pipeline.warning(warning);
    }

    /** Quiet hours still end flows: capture time stands still, the clock does not. */
    @Override
    public void idle() {
        Instant now = clock.instant();
        assembly.tracker.expireIdle(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    }

    /** The capture stopped: the remaining flows are judged, and the report's content made. */
    public Analysis finish(List<String> inputs, CaptureStatistics libpcap) {
        TrafficPipeline traffic = assembly.pipeline;
        traffic.finish();
        return new Analysis(inputs, traffic.summary(), assembly.diagnoser.diagnosis(), null, libpcap, null);
    }

    public long frames() {
        return assembly.pipeline.frames();
    }

    public int liveFlows() {
        return assembly.tracker.liveFlows();
    }

    public long tooBigMessages() {
        return assembly.pipeline.tooBigMessages();
    }

    /** Flows in the table now that a black hole was announced for (each direction counted). */
    public int blackHoleFlows() {
        return announcer.directionsWith(BLACK_HOLES);
    }

    /** Each ICMP too-big message from now on, to {@code listener} (on the capture's thread). */
    public void onTooBig(TrafficPipeline.TooBigListener listener) {
        assembly.pipeline.onTooBig(listener);
    }

    /** Findings announced so far. */
    public long findingsAnnounced() {
        return announcer.count();
    }
}
