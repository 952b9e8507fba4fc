package org.mtudoctor.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.diagnosis.Diagnoser;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.OtherTooBig;
import org.mtudoctor.flow.Shards;
import org.mtudoctor.flow.TcpFlow;
import org.mtudoctor.flow.TrafficPipeline;

/**
 * The analysis of capture files, from the inputs to what the reports are written from: orders
 * the inputs, reads them through one pipeline, diagnoses, and with --evidence reads them again
 * for the packets that show each finding. Prints nothing and decides no exit code.
 *
 * <p>{@link #bytesRead()} and {@link #frames()} may be sampled from another thread while
 * {@link #analyze} runs (a progress display): a sample may be a buffer behind.
 */
public final class Analyzer {

    private final Settings settings;
    private volatile TrafficPipeline pipeline;
    private volatile FrameSource current;
    private volatile long bytesBefore;

    public Analyzer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Reads every input, in the order of their first frames, as one stream. An input that is not
     * a capture at all is an error line and the others are still analysed; one that breaks off
     * is analysed up to the break, with a warning.
     */
    public Outcome analyze(List<String> given) {
        return analyze(given, (Supplier<FrameSink>) null);
    }

    /**
     * The same, with every frame also given to a sink {@code alongside} makes (null: none), in
     * the same read, for a pass that needs the frames as well ({@code mtudoctor compare}'s
     * handshakes). The sink is made again when the analysis starts over (see {@link Sharding}),
     * so the last one made saw every frame once.
     */
    public Outcome analyze(List<String> given, Supplier<? extends FrameSink> alongside) {
        List<String> inputs = InputOrder.byFirstFrame(given);
        int shards = Sharding.shards(inputs, settings);
        if (shards > 1) {
            try {
                return analyzeSharded(inputs, alongside, shards);
            } catch (FlowTracker.ShardFull full) {
                // Eviction needs the whole table's idlest flow: read again with one table.
                bytesBefore = 0;
            }
        }
        List<FlowSummary> flowLines = settings.flows() ? new ArrayList<>() : null;
        Assembly assembly = new Assembly(settings, flowLines == null ? null : flow -> flowLines.add(FlowSummary.of(flow)),
                null);
        TrafficPipeline traffic = assembly.pipeline;
        pipeline = traffic;
        List<String> read = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        readInputs(inputs, alongside == null ? traffic : both(traffic, alongside.get()), traffic, read, errors);
        traffic.finish();
        if (read.isEmpty()) {
            return new Outcome(null, errors);
        }
        return outcome(read, errors, assembly.diagnoser.diagnosis(), flowLines, traffic, List.of());
    }

    /**
     * The analysis by {@code shards} threads, each reading every input and analysing its own
     * flows (flow.TrafficPipeline's shards), judged by one diagnoser: the same report as one
     * thread's, byte for byte. This thread is shard 0, which also feeds {@code alongside} and
     * keeps the counts every shard sees alike (frames, times, warnings).
     *
     * @throws FlowTracker.ShardFull when a shard filled its share of the flow table
     */
    private Outcome analyzeSharded(List<String> inputs, Supplier<? extends FrameSink> alongside, int shards) {
        List<FlowSummary> flowLines = settings.flows() ? new ArrayList<>() : null;
        Diagnoser diagnoser = new Diagnoser(flowLines == null ? null : flow -> flowLines.add(FlowSummary.of(flow)));
        FlowTracker.FlowListener judged = new SynchronizedListener(diagnoser);
        Shards.Stop stop = new Shards.Stop();
        List<TrafficPipeline> pipelines = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            FlowTracker tracker = new FlowTracker(settings.maxFlows(), settings.idleTimeoutSeconds(), judged, null);
            tracker.limitShard(Math.max(1, settings.maxFlows() / shards));
            pipelines.add(new TrafficPipeline(tracker, shard, shards, stop));
        }
        TrafficPipeline first = pipelines.get(0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int shard = 1; shard < shards; shard++) {
            TrafficPipeline other = pipelines.get(shard);
            Thread thread = new Thread(() -> {
                try {
                    readInputs(inputs, other, null, null, null);
                } catch (Throwable e) {
                    if (!(e instanceof Shards.Stopped)) {
                        failure.compareAndSet(null, e);
                    }
                    stop.request();
                }
            }, "mtudoctor shard " + shard);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        pipeline = first;
        List<String> read = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try {
            readInputs(inputs, alongside == null ? first : both(first, alongside.get()), first, read, errors);
        } catch (RuntimeException | Error e) {
            if (!(e instanceof Shards.Stopped)) {
                failure.compareAndSet(null, e);
            }
            stop.request();
        } finally {
            joinAll(threads);
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failed instanceof Error error) {
            throw error;
        } else if (failed != null) {
            throw new IllegalStateException(failed);
        }
        pipelines.forEach(TrafficPipeline::finish);
        if (read.isEmpty()) {
            return new Outcome(null, errors);
        }
        return outcome(read, errors, diagnoser.diagnosis(), flowLines, first, pipelines.subList(1, shards));
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads every input into {@code sink}, in order. With {@code traffic} (the pipeline that
     * reports), notes which inputs were read, the errors of those that are no capture, and a
     * read error as a warning; a shard's other readers pass null and only read.
     */
    private void readInputs(List<String> inputs, FrameSink sink, TrafficPipeline traffic, List<String> read,
                            List<String> errors) {
        for (String input : inputs) {
            try (FrameSource source = open(input)) {
                if (traffic != null) {
                    current = source;
                }
                source.readAll(sink);
                if (read != null) {
                    read.add(input);
                }
            } catch (CaptureException e) {
                if (errors != null) {
                    errors.add(e.getMessage());
                }
            } catch (IOException e) {
                // The frames before the failure were analysed; the report says where it stopped.
                if (traffic != null) {
                    read.add(input);
                    traffic.warning(new CaptureWarning(CaptureWarning.Kind.READ_ERROR,
                            input + ": read error after " + traffic.frames() + " packets: " + e.getMessage()));
                }
            } finally {
                if (traffic != null) {
                    inputDone(input);
                }
            }
        }
    }

    private Outcome outcome(List<String> read, List<String> errors, Diagnosis diagnosis, List<FlowSummary> flowLines,
                            TrafficPipeline traffic, List<TrafficPipeline> otherShards) {
        if (flowLines != null) {
            flowLines.sort(null);
        }
        List<List<EvidencePacket>> evidence = settings.evidence() ? evidence(read, diagnosis, traffic) : null;
        return new Outcome(new Analysis(read, traffic.summaryWith(otherShards), diagnosis, flowLines, null, evidence),
                errors);
    }

    /** The diagnoser behind a lock, for shards that end flows on threads of their own. */
    private static final class SynchronizedListener implements FlowTracker.FlowListener {
        private final FlowTracker.FlowListener listener;

        SynchronizedListener(FlowTracker.FlowListener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void flowEnded(TcpFlow flow, boolean evicted) {
            listener.flowEnded(flow, evicted);
        }

        @Override
        public synchronized void underlayTooBig(int mtu) {
            listener.underlayTooBig(mtu);
        }

        @Override
        public synchronized void otherTooBig(OtherTooBig message) {
            listener.otherTooBig(message);
        }
    }

    /**
     * The second pass of --evidence, over the inputs the analysis read, in its order. Each input
     * numbers its own frames, so one that cannot be opened now (removed since) only loses its own
     * evidence, with a warning; a read error is where the first pass met it, and reported there.
     */
    private List<List<EvidencePacket>> evidence(List<String> inputs, Diagnosis diagnosis, TrafficPipeline traffic) {
        EvidenceCollector collector = new EvidenceCollector(diagnosis.findings());
        for (String input : inputs) {
            collector.startInput(input);
            try (FrameSource source = open(input)) {
                source.readAll(collector);
            } catch (CaptureException e) {
                traffic.warning(new CaptureWarning(CaptureWarning.Kind.EVIDENCE_UNREADABLE, "--evidence: " + e.getMessage()));
            } catch (IOException e) {
                // The frames before it were seen; the first pass's warning says where it stopped.
            }
        }
        return collector.evidence();
    }

    /**
     * The second pass of {@code --html}: for each finding of {@code analysis}, in its order, the
     * packets of the flows it names that its plots draw (problems only). A file that cannot be
     * read again only loses its part of the plots.
     */
    public List<List<FlowPlot>> plots(Analysis analysis) {
        return plots(analysis, analysis.inputs());
    }

    /** The same from {@code files}: what {@code live -w} saved of the packets its analysis saw. */
    public List<List<FlowPlot>> plots(Analysis analysis, List<String> files) {
        PlotCollector collector = new PlotCollector(analysis.diagnosis().findings());
        for (String input : files) {
            try (FrameSource source = open(input)) {
                source.readAll(collector);
            } catch (CaptureException | IOException e) {
                // The first pass read it; what this pass missed, the plot lacks.
            }
        }
        return collector.plots();
    }

    /** Each frame and interface to the analysis, then to {@code alongside}; warnings and idle calls to the analysis only. */
    private static FrameSink both(TrafficPipeline traffic, FrameSink alongside) {
        return new FrameSink() {
            @Override
            public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                              int originalLength, int interfaceId) {
                traffic.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
                alongside.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
            }

            @Override
            public void warning(CaptureWarning warning) {
                traffic.warning(warning);
            }

            @Override
            public void interfaceDescribed(int interfaceId, String name) {
                traffic.interfaceDescribed(interfaceId, name);
                alongside.interfaceDescribed(interfaceId, name);
            }

            @Override
            public void idle() {
                traffic.idle();
            }
        };
    }

    private FrameSource open(String input) throws CaptureException {
        return settings.libpcapReader() ? CaptureFiles.openWithLibpcap(input) : CaptureFiles.open(input);
    }

    /** The current input is done: its whole size counts, however far the reader got. */
    private void inputDone(String input) {
        long size = sizeOf(input);
        FrameSource source = current;
        current = null;
        bytesBefore += size >= 0 ? size : source == null ? 0 : source.bytesRead();
    }

    /** Bytes of the inputs read so far; only our own reader counts them (not libpcap). */
    public long bytesRead() {
        FrameSource source = current;
        return bytesBefore + (source == null ? 0 : source.bytesRead());
    }

    /** Frames read so far. */
    public long frames() {
        TrafficPipeline traffic = pipeline;
        return traffic == null ? 0 : traffic.frames();
    }

    /** The size of an input file; -1 for standard input or anything that is not a regular file. */
    public static long sizeOf(String input) {
        Path path = Path.of(input);
        if (input.equals("-") || !Files.isRegularFile(path)) {
            return -1;
        }
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
