package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.TrafficPipeline;

/** Findings announced as they are established, replaying real captures packet by packet. */
class LiveAnnouncerTest {

    record Announced(Instant time, Kind kind) {
    }

    static List<Announced> replay(String capture) throws Exception {
        List<Announced> announced = new ArrayList<>();
        LiveAnnouncer announcer = new LiveAnnouncer((time, finding) -> announced.add(
                new Announced(Instant.ofEpochSecond(0, time), finding.kind())));
        Diagnoser diagnoser = new Diagnoser(announcer::forget);
        FlowTracker tracker = new FlowTracker(1000, 300, diagnoser, announcer);
        TrafficPipeline pipeline = new TrafficPipeline(tracker);
        try (FrameSource source = CaptureFiles.open(capture)) {
            source.readAll(pipeline);
        }
        pipeline.finish();
        return announced;
    }

    @Test
    void theBlackHoleIsAnnouncedAtTheSecondOversizeResendWhileTheTransferIsStuck() throws Exception {
        // tcpdump -tttt -r captures/seed-black-hole.pcap: the server's first full-size segment
        // (seq 204:1572) at 19:31:43.940001, its first RTO resend at 19:31:44.167788, the second
        // at 19:31:44.591871; the capture goes on to 19:31:49.
        assertEquals(List.of(
                new Announced(Instant.parse("2026-11-22T19:31:43.940001Z"), Kind.MSS_RAISED_IN_PATH),
                new Announced(Instant.parse("2026-11-22T19:31:44.591871Z"), Kind.PMTU_BLACK_HOLE)),
                replay("captures/seed-black-hole.pcap"));
    }

    @Test
    void workingPmtudIsAnnouncedOnceAndNeverAsUnconfirmed() throws Exception {
        List<Kind> kinds = replay("captures/seed-pmtud-works.pcap").stream().map(Announced::kind).toList();
        assertEquals(List.of(Kind.MSS_RAISED_IN_PATH, Kind.PMTUD_WORKED), kinds);
    }

    @Test
    void aCleanTransferAnnouncesNothing() throws Exception {
        assertEquals(List.of(), replay("captures/clean.pcap"));
    }
}
