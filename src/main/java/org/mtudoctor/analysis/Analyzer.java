package org.mtudoctor.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
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
        return analyze(given, null);
    }

    /**
     * The same, with every frame also given to {@code alongside} in the same read (null: none),
     * for a pass that needs the frames as well ({@code mtudoctor compare}'s handshakes).
     */
    public Outcome analyze(List<String> given, FrameSink alongside) {
        List<String> inputs = InputOrder.byFirstFrame(given);
        List<FlowSummary> flowLines = settings.flows() ? new ArrayList<>() : null;
        Assembly assembly = new Assembly(settings, flowLines == null ? null : flow -> flowLines.add(FlowSummary.of(flow)),
                null);
        TrafficPipeline traffic = assembly.pipeline;
        pipeline = traffic;
        List<String> read = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String input : inputs) {
            try (FrameSource source = open(input)) {
                current = source;
                source.readAll(alongside == null ? traffic : both(traffic, alongside));
                read.add(input);
            } catch (CaptureException e) {
                errors.add(e.getMessage());
            } catch (IOException e) {
                // The frames before the failure were analysed; the report says where it stopped.
                read.add(input);
                traffic.warning(new CaptureWarning(CaptureWarning.Kind.READ_ERROR,
                        input + ": read error after " + traffic.frames() + " packets: " + e.getMessage()));
            } finally {
                inputDone(input);
            }
        }
        traffic.finish();
        if (read.isEmpty()) {
            return new Outcome(null, errors);
        }
        Diagnosis diagnosis = assembly.diagnoser.diagnosis();
        if (flowLines != null) {
            flowLines.sort(null);
        }
        List<List<EvidencePacket>> evidence = settings.evidence() ? evidence(read, diagnosis, traffic) : null;
        return new Outcome(new Analysis(read, traffic.summary(), diagnosis, flowLines, null, evidence), errors);
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
