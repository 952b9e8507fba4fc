package org.mtudoctor.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.Analyzer;
import org.mtudoctor.analysis.Outcome;
import org.mtudoctor.analysis.Settings;
import org.mtudoctor.compare.Compare;
import org.mtudoctor.compare.InterfaceNames;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.report.CompareReport;
import org.mtudoctor.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mtudoctor compare [NAME=]FILE [NAME=]FILE...}: the same traffic at several capture points. */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Lines up captures of the same traffic taken at several points: the same connections"
                + " at every point (by their initial sequence numbers, which survive NAT), the points in path order"
                + " (by the SYNs' TTL), each clock's offset, and the MSS options rewritten between neighbours."
                + " Each point is also analysed on its own.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:no problem at any point, and no cross-point finding at --fail-on",
            "2:usage error",
            "3:a problem at a point or between points, or a warning with --fail-on warning",
            "4:a point could not be read (the others are still compared)",
        },
        footerHeading = "%nExamples:%n", footer = {
            "  mtudoctor compare vpn=captures/seed-black-hole-ends.pcap \\",
            "                    server=captures/seed-black-hole-ends-server.pcap",
            "      Where the SYN's MSS was raised, and where the ICMP too-big was dropped.",
            "  mtudoctor compare --ifname isp:2=to-vpn,isp:3=to-server \\",
            "                    isp=isp-any.pcap vpn=vpn.pcap",
            "      A router's tcpdump -i any, its interfaces named as 'ip -o link' has them.",
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "[NAME=]FILE", arity = "2..*",
            description = "A capture point: NAME=FILE, or FILE, named after the file without its extension.")
    private List<String> points;

    @Mixin
    private AnalysisOptions analysis;

    @Mixin
    private FormatOption format;

    @Mixin
    private InterfaceNameOption interfaceNames;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML page: the comparison, then each point's findings with"
                    + " plots of its problems' flows and its fix. Reads each point a second time for the plots.")
    private String html;

    @Option(names = "--flows", description = "Also list every connection seen at two neighbouring points: its addresses"
            + " at each, both MSS options at each, and the data packets that crossed and vanished each way.")
    private boolean flows;

    private final PrintWriter out;

    /** With output to {@code out}; {@code check} runs it with none. */
    CompareCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() throws ExitException {
        Compare.Result result = run();
        out.print(format.format == FormatOption.Format.json ? CompareReport.json(result) : CompareReport.text(result));
        out.flush();
        if (html != null) {
            writeHtml(result);
        }
        return exitCode(result);
    }

    /** The --html page: each capture once (a host's interfaces share theirs), in path order, with its plots. */
    private void writeHtml(Compare.Result result) throws ExitException {
        Settings settings = analysis.settings(false, false, false);
        List<Map.Entry<String, HtmlReport.PointPlots>> points = new ArrayList<>();
        Set<Outcome> shown = Collections.newSetFromMap(new IdentityHashMap<>());
        for (String name : result.comparison().order()) {
            Compare.PointResult point = result.point(name);
            if (shown.add(point.analysis())) {
                Analysis read = point.analysis().analysis();
                points.add(Map.entry(point.point().host(), new HtmlReport.PointPlots("p" + points.size() + "-", read,
                        new Analyzer(settings).plots(read))));
            }
        }
        HtmlFile.write(html, HtmlReport.renderComparison(result, points));
    }

    /** The comparison these arguments ask for. */
    Compare.Result run() {
        List<Compare.Input> inputs = points.stream().map(Compare.Input::parse).toList();
        if (inputs.stream().map(Compare.Input::name).distinct().count() < inputs.size()) {
            throw new ParameterException(spec.commandLine(), "two points have the same name: name them NAME=FILE");
        }
        InterfaceNames names = interfaceNames.names();
        for (String point : names.points()) {
            if (inputs.stream().noneMatch(input -> input.name().equals(point))) {
                throw new ParameterException(spec.commandLine(), "--ifname names an interface of point '" + point
                        + "', which is not given");
            }
        }
        return Compare.run(inputs, analysis.settings(false, false, false), names, flows);
    }

    /** 4 when a point could not be read; else 3 for a problem at a point or between points (or a warning, with --fail-on warning). */
    int exitCode(Compare.Result result) {
        if (!result.errors().isEmpty()) {
            return ExitCode.BAD_INPUT;
        }
        int worst = ExitCode.OK;
        for (Compare.PointResult point : result.points()) {
            Diagnosis diagnosis = point.analysis().analysis().diagnosis();
            worst = Math.max(worst, analysis.exitCode(diagnosis));
        }
        return Math.max(worst, analysis.exitCode(result.comparison()));
    }
}
