package org.mtudoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.Analyzer;
import org.mtudoctor.analysis.FlowPlot;
import org.mtudoctor.analysis.LiveSession;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.LiveCapture;
import org.mtudoctor.capture.LiveOptions;
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

/**
 * {@code mtudoctor live -i IFACE [FILTER...]}: sniff through libpcap, announce each finding the
 * moment it is established, and on stop print the same report the offline analysis gives.
 */
@Command(name = "live", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Sniffs live traffic through libpcap and reports MTU problems as they happen.",
            "Findings are printed the moment they are established; SIGINT (Ctrl-C), SIGTERM,",
            "-c or --duration stop the capture and print the final report. SIGUSR1 prints",
            "the counts so far on stderr, as tcpdump's does.",
            "FILTER is a BPF expression, as for tcpdump; it narrows the built-in filter",
            "(TCP, ICMP fragmentation-needed, ICMPv6 packet-too-big, and the tunnels",
            "mtudoctor opens: GRE/PPTP, IP in IP, 6in4 and VXLAN).",
        },
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:no problem found",
            "1:internal error (a bug: please report it)",
            "2:usage error",
            "3:problem found (or warning, with --fail-on warning)",
            "4:cannot capture: libpcap missing, no permission, no such interface, bad filter",
        },
        footerHeading = "%nExamples:%n", footer = {
            "  mtudoctor live -i ppp0",
            "      Until Ctrl-C: each finding as it happens, then the report and the fix.",
            "  mtudoctor live -i any --duration 15m -w vpn.pcap --html vpn.html",
            "      Every interface for 15 minutes; the packets saved, and a page drawn from them.",
            "  mtudoctor live -i eth0 --format jsonl host 203.0.113.7",
            "      One JSON object per finding, for the journal; a BPF filter narrows the capture.",
        })
final class LiveCommand implements Callable<Integer> {

    enum LiveFormat { text, json, jsonl }

    @Spec
    private CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE", required = true,
            description = "Interface to capture on; repeat for several, or 'any'.")
    private List<String> interfaces;

    @Parameters(paramLabel = "FILTER", arity = "0..*", description = "BPF filter expression, as for tcpdump.")
    private List<String> filter = new ArrayList<>();

    @Option(names = {"-s", "--snapshot-length"}, paramLabel = "BYTES", defaultValue = "" + LiveOptions.DEFAULT_SNAP_LENGTH,
            description = "Bytes kept per packet: headers and ICMP quotes need about 200 (default: ${DEFAULT-VALUE}).")
    private int snapLength;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "KIB", defaultValue = "" + LiveOptions.DEFAULT_BUFFER_KIB,
            description = "The kernel's capture buffer of each interface in KiB, as tcpdump's -B (default: ${DEFAULT-VALUE}):"
                    + " what waits there while the analysis falls behind, as at its start.")
    private int bufferKib;

    @Option(names = "--promiscuous", description = "Put the interfaces in promiscuous mode (off by default).")
    private boolean promiscuous;

    @Option(names = {"-c", "--count"}, paramLabel = "COUNT", description = "Stop after COUNT packets.")
    private Long count;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long: 90s, 15m, 2h, or an ISO-8601 duration (PT15M).")
    private String duration;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE",
            description = "Also save the captured packets, like tcpdump -w (pcap; pcapng for several interfaces).")
    private Path writeFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text; json: the final report as one JSON object, as the analysis gives it (findings are"
                    + " announced on stderr meanwhile); or jsonl: one JSON object per finding, then a summary object"
                    + " (default: ${DEFAULT-VALUE}).")
    private LiveFormat format;

    @Option(names = "--html", paramLabel = "FILE",
            description = "When the capture stops, also write a self-contained HTML page. Its plots are drawn from"
                    + " the packets -w saved: without -w the page has the findings and the fix, no plots.")
    private String html;

    @Option(names = "--metrics", paramLabel = "[HOST:]PORT",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics while capturing: packets, flows,"
                    + " ICMP too-big by reporter and MTU, findings by kind and severity, flows in black holes now,"
                    + " libpcap's drops. HOST is 127.0.0.1 unless given (0.0.0.0 or [::] for every address).")
    private String metricsAddress;

    @Mixin
    private AnalysisOptions analysisOptions;

    @Option(names = {"-q", "--quiet"}, description = "No status line on the terminal.")
    private boolean quiet;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Clock clock;

    LiveCommand(PrintWriter out, PrintWriter err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    @Override
    public Integer call() throws CaptureException, IOException, ExitException {
        LiveOptions options = options();
        Duration stopAfter = duration == null ? null : parseDuration(duration);
        InetSocketAddress metricsAt = metricsAddress == null ? null : metricsAddress(metricsAddress);
        // With json, standard output is the one report object: the announcements go to stderr.
        PrintWriter announcements = format == LiveFormat.json ? err : out;
        LiveMetrics[] metrics = new LiveMetrics[1];
        LiveSession session = new LiveSession(analysisOptions.settings(false, false, false), (time, finding) -> {
            announcements.print(format == LiveFormat.jsonl ? JsonReport.findingLine(time, finding)
                    : TextReport.announcement(time, finding) + "\n");
            announcements.flush();
            if (metrics[0] != null) {
                metrics[0].finding(finding);
            }
        }, clock);
        StatusLine status = new StatusLine(err, !quiet && System.console() != null, clock, session);

        Analysis analysis;
        try (LiveCapture capture = LiveCapture.open(options); LiveMetrics served = serveMetrics(metricsAt)) {
            metrics[0] = served;
            if (served != null) {
                session.onTooBig(served::tooBig);
            }
            Signals.onStop(capture::stop);
            // As tcpdump's SIGUSR1: the counts so far, on stderr, and the capture goes on.
            Signals.onInfo(() -> {
                synchronized (err) {
                    err.println("mtudoctor: " + counts(session));
                    err.flush();
                }
            });
            // As tcpdump says it: scripts and people wait for this line.
            err.println("mtudoctor: listening on " + String.join(", ", options.interfaces())
                    + ", snapshot length " + options.snapLength() + " bytes, filter " + capture.filterExpression());
            if (served != null) {
                err.println("mtudoctor: metrics on http://" + hostInUrl(metricsAt) + ":" + served.port() + "/metrics");
            }
            if (html != null && writeFile == null) {
                err.println("mtudoctor: --html without -w: the page will have no plots (they are drawn from the saved packets)");
            }
            err.flush();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "mtudoctor-duration");
                thread.setDaemon(true);
                return thread;
            });
            Supplier<CaptureStatistics> libpcapCounters = capture::statistics;
            try {
                if (stopAfter != null) {
                    timer.schedule(capture::stop, stopAfter.toNanos(), TimeUnit.NANOSECONDS);
                }
                capture.readAll(new FrameSink() {
                    @Override
                    public void frame(int linkType, long timestampNanos, byte[] data, int offset,
                                      int capturedLength, int originalLength, int interfaceId) {
                        session.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
                        status.maybeShow();
                        if (served != null) {
                            served.frame(session, libpcapCounters);
                        }
                    }

                    @Override
                    public void warning(CaptureWarning warning) {
                        session.warning(warning);
                    }

                    @Override
                    public void idle() {
                        session.idle();
                        status.maybeShow();
                        if (served != null) {
                            served.update(session, capture.statistics());
                        }
                    }
                });
            } finally {
                timer.shutdownNow();
                status.clear();
            }
            analysis = session.finish(List.of(describe(options)), capture.statistics());
            out.print(switch (format) {
                case text -> TextReport.render(analysis);
                case json -> JsonReport.render(analysis);
                case jsonl -> JsonReport.summaryLine(analysis);
            });
            out.flush();
        }
        if (html != null) {
            // After the capture is closed: -w's file is whole, and its packets are the plots'.
            List<List<FlowPlot>> plots = writeFile == null ? null
                    : new Analyzer(analysisOptions.settings(false, false, false)).plots(analysis, List.of(writeFile.toString()));
            HtmlFile.write(html, HtmlReport.render(analysis, plots, null));
        }
        return analysisOptions.exitCode(analysis.diagnosis());
    }

    /** The --metrics server, or null without --metrics; a port that cannot be had is exit 4, one line. */
    private static LiveMetrics serveMetrics(InetSocketAddress address) throws ExitException {
        if (address == null) {
            return null;
        }
        try {
            return new LiveMetrics(address);
        } catch (IOException e) {
            throw new ExitException(ExitCode.BAD_INPUT, "--metrics " + hostInUrl(address) + ":" + address.getPort()
                    + ": cannot listen there (" + e.getMessage() + ")");
        }
    }

    /** {@code [HOST:]PORT}: 9101, 0.0.0.0:9101, [::1]:9101, localhost:9101; 127.0.0.1 when no host. */
    InetSocketAddress metricsAddress(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (host.isEmpty() || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(),
                    "--metrics " + text + " (expected [HOST:]PORT, e.g. 9101 or 0.0.0.0:9101)");
        }
    }

    private static String hostInUrl(InetSocketAddress address) {
        String host = address.getHostString();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private LiveOptions options() {
        try {
            return new LiveOptions(interfaces, snapLength, promiscuous,
                    filter.isEmpty() ? null : String.join(" ", filter),
                    count == null ? LiveOptions.UNLIMITED : count, writeFile, bufferKib);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String describe(LiveOptions options) {
        StringBuilder text = new StringBuilder("live");
        options.interfaces().forEach(name -> text.append(" -i ").append(name));
        if (options.userFilter() != null) {
            text.append(" '").append(options.userFilter()).append('\'');
        }
        return text.toString();
    }

    /** 90s, 15m, 2h, 1d, or ISO-8601 (PT15M). */
    Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
            }
            char unit = value.charAt(value.length() - 1);
            long amount = Long.parseLong(Character.isDigit(unit) ? value : value.substring(0, value.length() - 1));
            Duration parsed = switch (unit) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> Character.isDigit(unit) ? Duration.ofSeconds(amount) : null;
            };
            if (parsed == null) {
                throw new NumberFormatException();
            }
            return positive(parsed, text);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    "--duration " + text + " (expected: e.g. 90s, 15m, 2h, 1d or PT15M)");
        }
    }

    private Duration positive(Duration parsed, String text) {
        if (parsed.isNegative() || parsed.isZero()) {
            throw new ParameterException(spec.commandLine(), "--duration " + text + " (expected: more than 0)");
        }
        return parsed;
    }

    /** What the status line and SIGUSR1 say: the packets, flows, ICMP too-big and findings so far. */
    static String counts(LiveSession session) {
        return String.format(Locale.ROOT, "%d packets, %d flows, %d ICMP too-big, %d findings",
                session.frames(), session.liveFlows(), session.tooBigMessages(), session.findingsAnnounced());
    }

    /** The compact status line on a terminal's stderr: rewritten in place at most twice a second. */
    private static final class StatusLine {
        private final PrintWriter err;
        private final boolean enabled;
        private final Clock clock;
        private final LiveSession session;
        private long lastShown;
        private boolean shown;

        StatusLine(PrintWriter err, boolean enabled, Clock clock, LiveSession session) {
            this.err = err;
            this.enabled = enabled;
            this.clock = clock;
            this.session = session;
        }

        void maybeShow() {
            if (!enabled) {
                return;
            }
            long nowMillis = clock.millis();
            if (nowMillis - lastShown < 500) {
                return;
            }
            lastShown = nowMillis;
            shown = true;
            err.print("\r" + counts(session) + " ");
            err.flush();
        }

        void clear() {
            if (shown) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
