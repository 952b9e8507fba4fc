package org.mtudoctor.compare;

import java.util.ArrayList;
import java.util.List;
import org.mtudoctor.analysis.Analyzer;
import org.mtudoctor.analysis.Outcome;
import org.mtudoctor.analysis.Settings;

/**
 * {@code mtudoctor compare}: each capture point is analysed on its own, as a single capture is,
 * and its handshakes are collected; then the points are lined up ({@link Comparison}). A point
 * that cannot be read is an error line, and the others are still compared.
 */
public final class Compare {

    /** One point as given: {@code NAME=FILE}, or a file named after itself. */
    public record Input(String name, String file) {
        /** {@code NAME=FILE}, or FILE, whose name without directory and extension names the point. */
        public static Input parse(String argument) {
            int equals = argument.indexOf('=');
            if (equals > 0) {
                return new Input(argument.substring(0, equals), argument.substring(equals + 1));
            }
            String base = argument.substring(argument.lastIndexOf('/') + 1);
            int dot = base.indexOf('.');
            return new Input(dot > 0 ? base.substring(0, dot) : base, argument);
        }
    }

    /** A point that was read: its handshakes and its own analysis. */
    public record PointResult(Point point, Outcome analysis) {
    }

    /** What was compared, and the errors of points that could not be. */
    public record Result(List<PointResult> points, Comparison comparison, List<String> errors) {

        /** The point read under {@code name} (one of {@link Comparison#order}). */
        public PointResult point(String name) {
            return points.stream().filter(p -> p.point().name().equals(name)).findFirst().orElseThrow();
        }
    }

    private Compare() {
    }

    /**
     * One capture's own analysis and, when it holds several interfaces of one host ({@code tcpdump
     * -i any} on a router, a pcapng of several), their comparison: what changed inside the host,
     * between its links.
     *
     * @param interfaces null when the capture is not of several interfaces (or is several files,
     *                   a rotated set, whose frame numbers are each file's own)
     */
    public record HostResult(Outcome outcome, Comparison interfaces) {
    }

    /** The host of a single capture's interfaces, as reports name it. */
    public static final String THIS_HOST = "this host";

    /** The analysis of {@code files}, with the comparison of one capture's interfaces when it has several. */
    public static HostResult analyze(Analyzer analyzer, List<String> files, InterfaceNames names) {
        if (files.size() != 1) {
            return new HostResult(analyzer.analyze(files), null);
        }
        ByInterface[] made = new ByInterface[1];
        Outcome outcome = analyzer.analyze(files, () -> made[0] = new ByInterface(false, names.forPoint("")));
        ByInterface interfaces = made[0];
        List<Point> points = new ArrayList<>();
        interfaces.points().forEach((label, handshakes) -> points.add(new Point(label, THIS_HOST, label, files.get(0),
                handshakes)));
        Comparison comparison = outcome.analysis() == null || points.isEmpty() ? null : Comparison.of(points);
        // Interfaces that share no connection are not one host's links in and out (a capture of
        // two unrelated networks): nothing to say about them.
        boolean shared = comparison != null && comparison.neighbours().stream().anyMatch(pair -> pair.matched() > 0);
        return new HostResult(outcome, shared ? comparison : null);
    }

    public static Result run(List<Input> inputs, Settings settings, InterfaceNames names) {
        return run(inputs, settings, names, false);
    }

    /** @param listConnections list each connection matched between neighbours ({@code --flows}) */
    public static Result run(List<Input> inputs, Settings settings, InterfaceNames names, boolean listConnections) {
        List<PointResult> read = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Input input : inputs) {
            // One read per point: its own analysis and compare's handshakes, ICMP and packets.
            ByInterface[] made = new ByInterface[1];
            Outcome analysis = new Analyzer(settings).analyze(List.of(input.file()),
                    () -> made[0] = new ByInterface(true, names.forPoint(input.name())));
            ByInterface interfaces = made[0];
            if (analysis.analysis() == null) {
                errors.add(input.name() + ": " + String.join("; ", analysis.errors()));
                continue;
            }
            // A capture of several interfaces (tcpdump -i any on a router) is a point per interface.
            interfaces.points().forEach((label, handshakes) -> read.add(new PointResult(
                    label.isEmpty() ? new Point(input.name(), input.file(), handshakes)
                            : new Point(input.name() + " " + label, input.name(), label, input.file(), handshakes),
                    analysis)));
        }
        Comparison comparison = Comparison.of(read.stream().map(PointResult::point).toList(), listConnections);
        return new Result(read, comparison, errors);
    }
}
