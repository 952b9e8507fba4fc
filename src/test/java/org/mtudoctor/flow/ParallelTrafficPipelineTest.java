package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;

/**
 * The two-thread pipeline must give the flow table the same packets in the same order as the
 * one-thread pipeline. All sample captures go through both as one multi-file input, and the flows
 * that come out, in the order they ended, must be equal, down to every counter.
 */
@Timeout(60)
class ParallelTrafficPipelineTest {

    /** What one analysis gave: each flow as it ended, and the pipeline's counters. */
    private record Result(List<String> endedFlows, List<Long> counters) {
    }

    private static Result analyse(List<Path> captures, int batchSize) throws IOException, CaptureException {
        List<String> ended = new ArrayList<>();
        TrafficPipeline pipeline = new TrafficPipeline(new FlowTracker(1000, 300,
                (flow, evicted) -> ended.add(FlowSummary.of(flow) + " evicted=" + evicted
                        + " retransmissions=" + flow.retransmissions() + " tooBig=" + flow.tooBigMessages())));
        ParallelTrafficPipeline parallel = batchSize > 0 ? new ParallelTrafficPipeline(pipeline, batchSize) : null;
        FrameSink sink = parallel != null ? parallel : pipeline;
        for (Path capture : captures) {
            try (FrameSource source = CaptureFiles.open(capture.toString())) {
                source.readAll(sink);
            }
        }
        if (parallel != null) {
            parallel.finish();
        } else {
            pipeline.finish();
        }
        return new Result(ended, List.of(pipeline.frames(), pipeline.tcpSegments(), pipeline.secondViews(),
                pipeline.tooBigMessages(), pipeline.tooBigWithoutFlow(), pipeline.mtuZeroMessages(),
                pipeline.truncatedFrames(), pipeline.malformedFrames(), pipeline.tracker().flowsSeen(),
                pipeline.tracker().evictions(), pipeline.tracker().expirations()));
    }

    private static List<Path> sampleCaptures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("captures"))) {
            return files.filter(file -> file.toString().matches(".*\\.pcap(ng)?$")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "batches of {0}")
    @ValueSource(ints = {1, 7, ParallelTrafficPipeline.BATCH_SIZE})
    void sameFlowsInTheSameOrderAsOneThread(int batchSize) throws Exception {
        List<Path> captures = sampleCaptures();
        assertTrue(captures.size() > 10, "sample captures found: " + captures);
        Result oneThread = analyse(captures, 0);
        assertTrue(oneThread.endedFlows().size() > 10, "flows: " + oneThread.endedFlows().size());
        assertEquals(oneThread, analyse(captures, batchSize));
    }

    @Test
    void aFailureOnTheFlowThreadReachesTheReadingThread() throws Exception {
        IllegalStateException failure = new IllegalStateException("listener failed");
        // A table of one flow: the second flow evicts the first, and the listener throws.
        TrafficPipeline pipeline = new TrafficPipeline(new FlowTracker(1, (flow, evicted) -> {
            throw failure;
        }));
        ParallelTrafficPipeline parallel = new ParallelTrafficPipeline(pipeline, 1);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> {
            for (Path capture : sampleCaptures()) {
                try (FrameSource source = CaptureFiles.open(capture.toString())) {
                    source.readAll(parallel);
                }
            }
            parallel.finish();
        });
        assertSame(failure, thrown);
    }
}
