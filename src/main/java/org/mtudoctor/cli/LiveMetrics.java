package org.mtudoctor.cli;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.mtudoctor.analysis.LiveSession;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.Kind;

/**
 * {@code live --metrics [HOST:]PORT}: Prometheus metrics of the running capture, served with
 * Prometheus's own Java client on {@code http://HOST:PORT/metrics} (127.0.0.1 unless a host is
 * given), for a fleet of VPN servers to scrape and alert on.
 *
 * <p>Labels stay few-valued: a finding's kind and severity, an ICMP reporter (a router) and the
 * MTU it reported, an interface; never a flow's addresses. A flood of forged ICMP from many
 * sources cannot grow the series without bound: past {@link #MAX_REPORTER_SERIES} reporter and
 * MTU pairs, the rest count under {@code reporter="other",mtu="other"}.
 *
 * <p>Threads: the capture's thread counts findings and ICMP as they pass and, every
 * {@link #UPDATE_EVERY_FRAMES} frames or when idle, copies the session's counts into volatile
 * fields; the HTTP server's threads only read those. Nothing of the analysis is read from them.
 */
final class LiveMetrics implements AutoCloseable {

    static final int MAX_REPORTER_SERIES = 64;
    static final int UPDATE_EVERY_FRAMES = 1024;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter findings;
    private final Counter tooBig;
    private final Set<List<String>> reporterSeries = new HashSet<>();
    private final HTTPServer server;

    private volatile long packets;
    private volatile long flows;
    private volatile long blackHoleFlows;
    private volatile CaptureStatistics libpcap = new CaptureStatistics(List.of());
    private long framesSinceUpdate;

    /** Serves the metrics on {@code address} from now on. */
    LiveMetrics(InetSocketAddress address) throws IOException {
        CounterWithCallback.builder().name("mtudoctor_packets_total")
                .help("Packets mtudoctor analysed (after the kernel filter)")
                .callback(callback -> callback.call(packets)).register(registry);
        GaugeWithCallback.builder().name("mtudoctor_tcp_flows")
                .help("TCP flows in the flow table now")
                .callback(callback -> callback.call(flows)).register(registry);
        GaugeWithCallback.builder().name("mtudoctor_black_hole_flows")
                .help("Flows in the table now that a black hole was found in (each direction counted)")
                .callback(callback -> callback.call(blackHoleFlows)).register(registry);
        tooBig = Counter.builder().name("mtudoctor_icmp_too_big_total")
                .help("ICMP fragmentation-needed and ICMPv6 packet-too-big messages, by sender and reported MTU")
                .labelNames("reporter", "mtu").register(registry);
        findings = Counter.builder().name("mtudoctor_findings_total")
                .help("Findings announced, by kind and severity")
                .labelNames("kind", "severity").register(registry);
        for (Kind kind : Kind.values()) {
            if (kind.announcedLive()) {
                findings.labelValues(kind.label(), kind.severity().label()); // present at 0 before the first
            }
        }
        CounterWithCallback.builder().name("mtudoctor_libpcap_received_total")
                .help("Packets libpcap received on each interface")
                .labelNames("interface")
                .callback(callback -> libpcap.interfaces().forEach(counters ->
                        callback.call(counters.received(), counters.interfaceName()))).register(registry);
        CounterWithCallback.builder().name("mtudoctor_libpcap_dropped_total")
                .help("Packets dropped before mtudoctor saw them, by interface and where: kernel (buffer full) or interface")
                .labelNames("interface", "by")
                .callback(callback -> libpcap.interfaces().forEach(counters -> {
                    callback.call(counters.droppedByKernel(), counters.interfaceName(), "kernel");
                    callback.call(counters.droppedByInterface(), counters.interfaceName(), "interface");
                })).register(registry);
        server = HTTPServer.builder().hostname(address.getHostString()).port(address.getPort())
                .registry(registry).buildAndStart();
    }

    /** The port it listens on (the one asked for, or the one the system chose for 0). */
    int port() {
        return server.getPort();
    }

    void finding(Finding finding) {
        findings.labelValues(finding.kind().label(), finding.severity().label()).inc();
    }

    void tooBig(IpAddress reporter, int mtu) {
        List<String> series = List.of(reporter.toString(), Integer.toString(mtu));
        if (!reporterSeries.contains(series)) {
            if (reporterSeries.size() >= MAX_REPORTER_SERIES) {
                series = List.of("other", "other");
            }
            reporterSeries.add(series);
        }
        tooBig.labelValues(series.get(0), series.get(1)).inc();
    }

    /** After each frame: the counts are copied now and then, not for every frame. */
    void frame(LiveSession session, Supplier<CaptureStatistics> statistics) {
        if (++framesSinceUpdate >= UPDATE_EVERY_FRAMES) {
            update(session, statistics.get());
        }
    }

    /** The session's counts as the scrapes will see them. */
    void update(LiveSession session, CaptureStatistics statistics) {
        framesSinceUpdate = 0;
        packets = session.frames();
        flows = session.liveFlows();
        blackHoleFlows = session.blackHoleFlows();
        libpcap = statistics;
    }

    @Override
    public void close() {
        server.close();
    }
}
