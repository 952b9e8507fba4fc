package org.mtudoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.diagnosis.Diagnoser;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.flow.FlowSummary;
import org.mtudoctor.flow.TrafficPipeline;
import org.mtudoctor.report.Analysis;
import org.mtudoctor.report.EvidenceCollector;
import org.mtudoctor.report.EvidencePacket;
import org.mtudoctor.report.JsonReport;
import org.mtudoctor.report.TextReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mtudoctor FILE...}: analyse captures, print the findings and the fix. */
@Command(name = "mtudoctor", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Finds MTU and MSS problems in tcpdump captures and says how to fix them:",
            "PMTU black holes (ICMP too-big lost on the way), PMTUD that works, an MSS raised",
            "in the path, and oversize retransmissions with no ICMP at all.",
        },
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:no problem found",
            "1:internal error (a bug: please report it)",
            "2:usage error",
            "3:problem found (or warning, with --fail-on warning)",
            "4:unreadable input or missing native library (libpcap)",
        })
final class AnalyzeCommand implements Callable<Integer> {

    enum ReaderKind { own, libpcap }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Captures (pcap or pcapng, gzip-compressed too), read as one stream in the"
                    + " order of their first packets, like a rotated tcpdump -C/-G set. '-' reads standard input.")
    private List<String> files = new ArrayList<>();

    @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "A capture to read, as with tcpdump -r.")
    private List<String> readFiles = new ArrayList<>();

    @Mixin
    private FormatOption format;

    @Option(names = "--flows", description = "Also list every TCP flow: handshake MSS, largest sizes, retransmissions, ICMP.")
    private boolean flows;

    @Option(names = "--evidence",
            description = "Under each finding, the packets that show it (frame numbers as in Wireshark), decoded in full"
                    + " by pcap4j. Reads the files a second time, so not with standard input.")
    private boolean evidence;

    @Option(names = "--reader", paramLabel = "READER", defaultValue = "own",
            description = "Capture file reader: own (fast, default) or libpcap (through pcap4j).")
    private ReaderKind reader;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar. (It shows on stderr when that is a terminal and the analysis takes over a second.)")
    private boolean quiet;

    @Mixin
    private AnalysisOptions analysisOptions;

    private final PrintWriter out;
    private final PrintWriter err;

    AnalyzeCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Outcome outcome = analyze();
        if (outcome.analysis() != null) {
            Analysis analysis = outcome.analysis();
            out.print(format.format == FormatOption.Format.json ? JsonReport.render(analysis) : TextReport.render(analysis));
            out.flush();
        }
        outcome.errors().forEach(message -> err.println("mtudoctor: " + message));
        return outcome.exitCode();
    }

    /** How far the reading has got through the inputs, for the progress display's thread. */
    private static final class InputPosition {
        volatile FrameSource current;
        volatile long bytesBefore;

        long bytesRead() {
            FrameSource source = current;
            return bytesBefore + (source == null ? 0 : source.bytesRead());
        }

        /** The current input is done: its whole size counts, however far the reader got. */
        void next(String input) {
            long size = ProgressDisplay.totalSize(List.of(input));
            FrameSource source = current;
            current = null;
            bytesBefore += size >= 0 ? size : source == null ? 0 : source.bytesRead();
        }
    }

    /**
     * What one analysis gave: the analysis (null when no input could be read), the one-line
     * errors of the inputs that could not be read, and the exit code.
     */
    record Outcome(Analysis analysis, List<String> errors, int exitCode) {
    }

    /**
     * The second pass of --evidence, over the inputs the analysis read, in its order. Each input
     * numbers its own frames, so one that cannot be opened now (removed since) only loses its own
     * evidence, with a warning; a read error is where the first pass met it, and reported there.
     */
    private List<List<EvidencePacket>> evidence(List<String> inputs, Diagnosis diagnosis, TrafficPipeline pipeline) {
        EvidenceCollector collector = new EvidenceCollector(diagnosis.findings());
        for (String input : inputs) {
            collector.startInput(input);
            try (FrameSource source = Readers.open(input, reader == ReaderKind.libpcap)) {
                source.readAll(collector);
            } catch (CaptureException e) {
                pipeline.warning("--evidence: " + e.getMessage());
            } catch (IOException e) {
                // The frames before it were seen; the first pass's warning says where it stopped.
            }
        }
        return collector.evidence();
    }

    /** Reads every input, diagnoses, and decides the exit code; prints nothing. */
    Outcome analyze() {
        List<String> given = new ArrayList<>(readFiles);
        given.addAll(files);
        if (given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no capture given (usage: mtudoctor FILE...)");
        }
        if (evidence && given.contains("-")) {
            throw new ParameterException(spec.commandLine(),
                    "--evidence reads the captures a second time, which standard input cannot give: save it to a file");
        }
        List<String> inputs = InputOrder.byFirstFrame(given);
        List<FlowSummary> flowLines = flows ? new ArrayList<>() : null;
        Diagnoser diagnoser = new Diagnoser(flows ? flow -> flowLines.add(FlowSummary.of(flow)) : null);
        TrafficPipeline pipeline = new TrafficPipeline(analysisOptions.flowTracker(diagnoser));

        List<String> read = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        InputPosition position = new InputPosition();
        boolean bytesKnown = reader != ReaderKind.libpcap;
        try (ProgressDisplay progress = ProgressDisplay.start(!quiet, err, inputs,
                bytesKnown ? position::bytesRead : null, pipeline::frames)) {
            for (String input : inputs) {
                try (FrameSource source = Readers.open(input, reader == ReaderKind.libpcap)) {
                    position.current = source;
                    source.readAll(pipeline);
                    read.add(input);
                } catch (CaptureException e) {
                    errors.add(e.getMessage());
                } catch (IOException e) {
                    // The frames before the failure were analysed; the report says where it stopped.
                    read.add(input);
                    pipeline.warning(input + ": read error after " + pipeline.frames() + " packets: " + e.getMessage());
                } finally {
                    position.next(input);
                }
            }
        }
        pipeline.finish();
        if (read.isEmpty()) {
            return new Outcome(null, errors, ExitCode.BAD_INPUT);
        }
        Diagnosis diagnosis = diagnoser.diagnosis();
        if (flowLines != null) {
            flowLines.sort(null);
        }
        Analysis analysis = new Analysis(read, pipeline, diagnosis, flowLines);
        if (evidence) {
            analysis = analysis.withEvidence(evidence(read, diagnosis, pipeline));
        }
        if (!errors.isEmpty()) {
            return new Outcome(analysis, errors, ExitCode.BAD_INPUT);
        }
        return new Outcome(analysis, errors, analysisOptions.exitCode(diagnosis));
    }
}
