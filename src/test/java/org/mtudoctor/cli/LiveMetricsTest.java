package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtudoctor.analysis.LiveSession;
import org.mtudoctor.analysis.Settings;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.CaptureStatistics;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.decode.IpAddress;

/**
 * live --metrics without a live capture: the seed capture played through a live session, the
 * metrics scraped over HTTP with the JDK's client, as Prometheus would. (LiveScenarioTest scrapes
 * a real live run and reads it with Prometheus's own parser.)
 */
class LiveMetricsTest {

    private static final Settings SETTINGS = new Settings(Settings.defaultMaxFlows(), 300, false, false, false);

    /** Each sample of the text exposition, as "name{label="value",...}" (labels sorted) to its value. */
    static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            int brace = series.indexOf('{');
            if (brace >= 0) {
                String[] labels = series.substring(brace + 1, series.length() - 1).split(",");
                Arrays.sort(labels);
                series = series.substring(0, brace) + "{" + String.join(",", labels) + "}";
            }
            samples.put(series, Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    void theSeedsBlackHoleIsAFindingCounterAndItsFlowAGauge() throws Exception {
        try (LiveMetrics metrics = new LiveMetrics(new InetSocketAddress("127.0.0.1", 0))) {
            LiveSession session = new LiveSession(SETTINGS, (time, finding) -> metrics.finding(finding), Clock.systemUTC());
            session.onTooBig(metrics::tooBig);
            CaptureStatistics libpcap = new CaptureStatistics(List.of(new CaptureStatistics.Counters("ppp0", 45, 2, 0)));
            try (FrameSource seed = CaptureFiles.open("captures/seed-black-hole.pcap")) {
                seed.readAll(new FrameSink() {
                    @Override
                    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                                      int originalLength, int interfaceId) {
                        session.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
                        metrics.frame(session, () -> libpcap);
                    }

                    @Override
                    public void warning(CaptureWarning warning) {
                        session.warning(warning);
                    }
                });
            }
            Map<String, Double> before = scrape(metrics.port());
            assertEquals(0.0, before.get("mtudoctor_packets_total"), "copied every 1024 frames: not yet");
            assertEquals(1.0, before.get("mtudoctor_findings_total{kind=\"pmtu-black-hole\",severity=\"problem\"}"),
                    "findings count as they are announced: " + before);

            metrics.update(session, libpcap);
            Map<String, Double> samples = scrape(metrics.port());
            assertEquals(45.0, samples.get("mtudoctor_packets_total"), samples.toString());
            assertEquals(1.0, samples.get("mtudoctor_tcp_flows"));
            assertEquals(1.0, samples.get("mtudoctor_black_hole_flows"));
            assertEquals(16.0, samples.get("mtudoctor_icmp_too_big_total{mtu=\"1396\",reporter=\"10.0.2.1\"}"));
            assertEquals(1.0, samples.get("mtudoctor_findings_total{kind=\"mss-raised-in-path\",severity=\"warning\"}"));
            assertEquals(0.0, samples.get("mtudoctor_findings_total{kind=\"silent-black-hole\",severity=\"problem\"}"),
                    "every kind live mode announces is there from the start");
            assertEquals(45.0, samples.get("mtudoctor_libpcap_received_total{interface=\"ppp0\"}"));
            assertEquals(2.0, samples.get("mtudoctor_libpcap_dropped_total{by=\"kernel\",interface=\"ppp0\"}"));
            assertTrue(samples.keySet().stream().noneMatch(series -> series.contains("10.0.1.2") || series.contains("10.0.3.2")),
                    "no flow address is a label: " + samples.keySet());
        }
    }

    @Test
    void icmpFromManySourcesCannotGrowTheSeriesWithoutBound() throws Exception {
        try (LiveMetrics metrics = new LiveMetrics(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 1000; i++) {
                metrics.tooBig(IpAddress.parse("198.51.100." + (i % 250 + 1)), 1000 + i);
            }
            Map<String, Double> samples = scrape(metrics.port());
            long series = samples.keySet().stream().filter(name -> name.startsWith("mtudoctor_icmp_too_big_total")).count();
            assertEquals(LiveMetrics.MAX_REPORTER_SERIES + 1, series);
            assertEquals(1000.0 - LiveMetrics.MAX_REPORTER_SERIES,
                    samples.get("mtudoctor_icmp_too_big_total{mtu=\"other\",reporter=\"other\"}"));
        }
    }

    @Test
    void aMetricsAddressIsHostAndPortOrAPortAndAPortInUseIsOneLine() throws Exception {
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--metrics", "9101x").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--metrics", "127.0.0.1:70000").exitCode());
        assertEquals(ExitCode.USAGE, CliTest.run("live", "-i", "lo", "--metrics", ":9101").exitCode());
        LiveCommand command = new LiveCommand(null, null, Clock.systemUTC());
        assertEquals(new InetSocketAddress("127.0.0.1", 9101).getHostString(),
                command.metricsAddress("9101").getHostString(), "loopback unless told");
        assertEquals("::", command.metricsAddress("[::]:9101").getHostString());
        assertEquals(9101, command.metricsAddress("0.0.0.0:9101").getPort());
    }
}
