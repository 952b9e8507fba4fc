package org.mtudoctor.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.Analyzer;
import org.mtudoctor.analysis.Outcome;
import org.mtudoctor.analysis.Settings;
import org.mtudoctor.compare.Compare;
import org.mtudoctor.compare.Comparison;
import org.mtudoctor.compare.InterfaceNames;
import org.mtudoctor.report.HtmlReport;
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
        header = "finds MTU and MSS problems in tcpdump captures and says how to fix them",
        descriptionHeading = "%n",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads pcap and pcapng files (or sniffs live) and finds PMTU black holes",
            "(ICMP too-big lost on the way), PMTUD that works, an MSS raised in the path,",
            "and oversize retransmissions with no ICMP at all; then it prints the MTU to set",
            "and the /etc/ppp/ip-up line that sets it, with MSS clamping as the alternative.",
        },
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:no problem found",
            "1:internal error (a bug: please report it)",
            "2:usage error",
            "3:problem found (or warning, with --fail-on warning)",
            "4:unreadable input or missing native library (libpcap)",
        },
        footerHeading = "%nExamples:%n", footer = {
            "  mtudoctor captures/seed-black-hole.pcap",
            "      The seed incident: a PMTU black hole, the MTU to set and the ip-up line.",
            "  tcpdump -i ppp0 -s 256 -w vpn.pcap 'tcp or icmp or icmp6'",
            "  mtudoctor -r vpn.pcap --evidence --html vpn.html",
            "      Capture as tcpdump does (a BPF filter, headers only), then analyse: each",
            "      finding's packets by frame number, and a page with the stuck flow drawn.",
            "  mtudoctor live -i ppp0 --duration 15m -w vpn.pcap",
            "      Watch a VPN link: each finding as it is seen, the report at the end.",
            "  mtudoctor compare vpn=vpn.pcap server=server.pcap",
            "      One flow at two points: where the MSS is raised, where ICMP is lost.",
            "  mtudoctor check captures/",
            "      CI regression: each capture against its expected verdict.",
            "",
            "Commands: live, interfaces, compare, check ('mtudoctor COMMAND --help').",
            "Manual: man mtudoctor.",
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

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML page: the verdict, the findings, plots of each problem's"
                    + " flows (packet size and sequence number against time), the fix with copy buttons. Reads the"
                    + " files a second time for the plots, so not with standard input.")
    private String html;

    @Option(names = "--reader", paramLabel = "READER", defaultValue = "own",
            description = "Capture file reader: own (fast, default) or libpcap (through pcap4j).")
    private ReaderKind reader;

    @Option(names = {"-q", "--quiet"},
            description = "No progress bar. (It shows on stderr when that is a terminal and the analysis takes over a second.)")
    private boolean quiet;

    @Mixin
    private AnalysisOptions analysisOptions;

    @Mixin
    private InterfaceNameOption interfaceNames;

    private final PrintWriter out;
    private final PrintWriter err;

    AnalyzeCommand(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws ExitException {
        Request request = request();
        Analyzer analyzer = new Analyzer(request.settings());
        Compare.HostResult result;
        try (ProgressDisplay progress = ProgressDisplay.start(!quiet, err, request.inputs(),
                reader == ReaderKind.libpcap ? null : analyzer::bytesRead, analyzer::frames)) {
            result = Compare.analyze(analyzer, request.inputs(), request.interfaceNames());
        }
        Outcome outcome = result.outcome();
        if (outcome.analysis() != null) {
            Analysis analysis = outcome.analysis();
            out.print(format.format == FormatOption.Format.json ? JsonReport.render(analysis, result.interfaces())
                    : TextReport.render(analysis, result.interfaces()));
            out.flush();
        }
        outcome.errors().forEach(message -> err.println("mtudoctor: " + message));
        if (html != null && outcome.analysis() != null) {
            writeHtml(analyzer, outcome.analysis(), result.interfaces());
        }
        return exitCode(result);
    }

    /** The --html page, after the report: a page that cannot be written is an error of its own. */
    private void writeHtml(Analyzer analyzer, Analysis analysis, Comparison interfaces) throws ExitException {
        HtmlFile.write(html, HtmlReport.render(analysis, analyzer.plots(analysis), interfaces));
    }

    /** What the command line asks to analyse, and how. */
    record Request(List<String> inputs, Settings settings, InterfaceNames interfaceNames) {
    }

    /** The analysis the command line asks for, with the comparison of the capture's interfaces when it has several. */
    Compare.HostResult analyze() {
        Request request = request();
        return Compare.analyze(new Analyzer(request.settings()), request.inputs(), request.interfaceNames());
    }

    /** The inputs and settings of the parsed command line; a usage error when they do not go together. */
    Request request() {
        List<String> given = new ArrayList<>(readFiles);
        given.addAll(files);
        if (given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no capture given (usage: mtudoctor FILE...)");
        }
        if (html != null && given.contains("-")) {
            throw new ParameterException(spec.commandLine(),
                    "--html reads the captures a second time for its plots, which standard input cannot give: save it to a file");
        }
        if (evidence && given.contains("-")) {
            throw new ParameterException(spec.commandLine(),
                    "--evidence reads the captures a second time, which standard input cannot give: save it to a file");
        }
        return new Request(given, analysisOptions.settings(flows, evidence, reader == ReaderKind.libpcap),
                interfaceNames.names());
    }

    /**
     * 4 when an input could not be read, else what the findings make it, those between the
     * capture's interfaces included.
     */
    int exitCode(Compare.HostResult result) {
        Outcome outcome = result.outcome();
        if (outcome.hasUnreadableInput() || outcome.analysis() == null) {
            return ExitCode.BAD_INPUT;
        }
        int code = analysisOptions.exitCode(outcome.analysis().diagnosis());
        return result.interfaces() == null ? code : Math.max(code, analysisOptions.exitCode(result.interfaces()));
    }
}
