package org.mtudoctor.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mtudoctor.analysis.Outcome;
import org.mtudoctor.compare.Compare;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.report.CheckReport;
import org.mtudoctor.report.VerdictCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mtudoctor check FOLDER|MANIFEST...}: CI regression over captures with expected verdicts. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {
            "Checks captures against their expected verdicts and prints a pass/fail table.",
            "A FOLDER holds the captures and a verdicts.txt; a MANIFEST is such a file.",
            "In a folder, captures without a line in verdicts.txt are reported NEW, with",
            "the line that describes what mtudoctor says about them now.",
        },
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every capture got its expected verdict",
            "2:usage error",
            "3:at least one verdict differs, or a capture has none",
            "4:a manifest is missing or malformed",
        },
        footerHeading = "%nExamples:%n", footer = {
            "  mtudoctor check captures/",
            "      Every capture in captures/ against captures/verdicts.txt.",
            "  mtudoctor check --format junit captures/ > mtudoctor-junit.xml",
            "      The same as JUnit XML, for Jenkins, GitLab or GitHub Actions to show.",
        })
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FOLDER|MANIFEST", arity = "1..*",
            description = "A folder with a verdicts.txt, or a manifest file.")
    private List<Path> paths;

    enum CheckFormat { text, json, junit }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table), json, or junit: JUnit XML, one test case per capture, for CI systems to"
                    + " show (default: ${DEFAULT-VALUE}).")
    private CheckFormat format;

    private final PrintWriter out;

    CheckCommand(PrintWriter out) {
        this.out = out;
    }

    @Override
    public Integer call() throws ExitException, IOException {
        List<String> manifests = new ArrayList<>();
        List<VerdictCheck> checks = new ArrayList<>();
        List<CheckReport.Suite> suites = new ArrayList<>();
        for (Path path : paths) {
            int first = checks.size();
            Path manifest = VerdictManifest.locate(path);
            // A folder without a manifest yet is a folder whose captures are all new: the table
            // then gives the lines to start its verdicts.txt with.
            List<VerdictManifest.Entry> entries = Files.isDirectory(path) && !Files.exists(manifest)
                    ? List.of() : VerdictManifest.read(manifest);
            manifests.add(manifest.toString());
            Set<Path> listed = new HashSet<>();
            for (VerdictManifest.Entry entry : entries) {
                if (!entry.comparison()) {
                    listed.add(entry.capture().normalize());
                }
                checks.add(check(entry));
            }
            if (Files.isDirectory(path)) {
                checks.addAll(unlisted(path, listed));
            }
            suites.add(new CheckReport.Suite(manifest.toString(), List.copyOf(checks.subList(first, checks.size()))));
        }
        out.print(switch (format) {
            case text -> CheckReport.text(manifests, checks);
            case json -> CheckReport.json(manifests, checks);
            case junit -> CheckReport.junit(suites);
        });
        out.flush();
        boolean allPass = checks.stream().allMatch(check -> check.status() == VerdictCheck.Status.PASS);
        return allPass ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static VerdictCheck check(VerdictManifest.Entry entry) {
        String name = entry.options().isEmpty() ? entry.name() : entry.name() + " " + String.join(" ", entry.options());
        List<String> args = new ArrayList<>(entry.options());
        if (entry.comparison()) {
            args.addAll(entry.points());
        } else {
            args.add(entry.capture().toString());
        }
        long started = System.nanoTime();
        Verdict now;
        try {
            now = entry.comparison() ? comparisonVerdict(args) : verdict(args);
        } catch (CommandLine.ParameterException e) {
            return new VerdictCheck(name, VerdictCheck.Status.FAIL, ExitCode.USAGE, Set.of(), -1,
                    List.of("options " + entry.options() + ": " + e.getMessage()), null, System.nanoTime() - started);
        }
        List<String> mismatches = new ArrayList<>();
        if (now.exitCode() != entry.exitCode()) {
            mismatches.add("exit " + now.exitCode() + " (expected " + entry.exitCode() + ")"
                    + (now.error() != null ? ": " + now.error() : ""));
        }
        if (entry.kinds() != null && !entry.kinds().equals(now.kinds())) {
            mismatches.add("kinds " + describe(now.kinds()) + " (expected " + describe(entry.kinds()) + ")");
        }
        if (entry.mtu() != null && entry.mtu() != now.mtu()) {
            mismatches.add("mtu " + VerdictCheck.mtuText(now.mtu())
                    + " (expected " + VerdictCheck.mtuText(entry.mtu()) + ")");
        }
        // The line that would make it pass, should the change be the one intended.
        String suggestion = mismatches.isEmpty() || entry.comparison() ? null
                : VerdictManifest.lineFor(entry.name(), now.exitCode(), now.kinds(), now.mtu())
                        + (entry.options().isEmpty() ? "" : " options=" + String.join(",", entry.options()));
        return new VerdictCheck(name, mismatches.isEmpty() ? VerdictCheck.Status.PASS : VerdictCheck.Status.FAIL,
                now.exitCode(), now.kinds(), now.mtu(), mismatches, suggestion, System.nanoTime() - started);
    }

    private static List<VerdictCheck> unlisted(Path folder, Set<Path> listed) throws IOException {
        List<VerdictCheck> checks = new ArrayList<>();
        // Subfolders too: captures are often kept by day or by site. The name is the path from
        // the folder, which is what a verdicts.txt line names.
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(VerdictManifest::looksLikeCapture).sorted().toList()) {
                if (listed.contains(file.toAbsolutePath().normalize())) {
                    continue;
                }
                String name = folder.relativize(file).toString().replace(File.separatorChar, '/');
                long started = System.nanoTime();
                Verdict now = verdict(List.of(file.toString()));
                checks.add(new VerdictCheck(name, VerdictCheck.Status.NEW, now.exitCode(), now.kinds(), now.mtu(),
                        List.of(), VerdictManifest.lineFor(name, now.exitCode(), now.kinds(), now.mtu()),
                        System.nanoTime() - started));
            }
        }
        return checks;
    }

    /** What mtudoctor says about a capture now: exit code, finding kinds, fix MTU (-1: none). */
    record Verdict(int exitCode, Set<String> kinds, int mtu, String error) {
    }

    /**
     * The capture's verdict now. Its options are parsed by the analysing command's own option
     * definitions, so a manifest takes exactly what the command line takes.
     */
    static Verdict verdict(List<String> args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine commandLine = new CommandLine(new AnalyzeCommand(discard, discard));
        commandLine.parseArgs(args.toArray(String[]::new));
        AnalyzeCommand command = commandLine.getCommand();
        Compare.HostResult result = command.analyze();
        Outcome outcome = result.outcome();
        Set<String> kinds = new TreeSet<>();
        int mtu = -1;
        if (outcome.analysis() != null) {
            Diagnosis diagnosis = outcome.analysis().diagnosis();
            diagnosis.findings().forEach(finding -> kinds.add(finding.kind().label()));
            mtu = diagnosis.fix() != null ? diagnosis.fix().mtu() : -1;
        }
        if (result.interfaces() != null) {
            kinds.addAll(result.interfaces().kinds()); // between the capture's interfaces, as its report gives them
        }
        return new Verdict(command.exitCode(result), kinds, mtu, outcome.errors().isEmpty() ? null : outcome.errors().get(0));
    }

    /** What compare says about several points now: its exit code and the cross-point kinds. */
    static Verdict comparisonVerdict(List<String> args) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine commandLine = new CommandLine(new CompareCommand(discard));
        commandLine.parseArgs(args.toArray(String[]::new));
        CompareCommand command = commandLine.getCommand();
        Compare.Result result = command.run();
        return new Verdict(command.exitCode(result), result.comparison().kinds(), -1,
                result.errors().isEmpty() ? null : result.errors().get(0));
    }

    private static String describe(Set<String> kinds) {
        return kinds.isEmpty() ? "none" : String.join(",", kinds);
    }
}
