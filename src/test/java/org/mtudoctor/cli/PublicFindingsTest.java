package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.PublicCaptures;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * Every finding mtudoctor makes on the public captures, with what in the capture explains it.
 * Captures from strangers' networks are where a rule that was right on our own captures turns out
 * wrong: this table was how the GRO/TSO rule for a full segment merged with a short one was found
 * (11 false mss-raised-in-path warnings). A finding not listed fails, and so does a listed one
 * that no longer comes, so the table stays the truth.
 */
@Slow
class PublicFindingsTest {

    record Expected(String kinds, String reason) {
    }

    private static final String GRO =
            "IP packets above 1500 bytes, which no standard link carries: GRO/TSO on the capturing host";

    static final Map<String, Expected> FINDINGS = Map.ofEntries(
            Map.entry("arkime/https-generalizedtime.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("arkime/twovlan.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/6in4tunnel.pcap", new Expected("offload-aggregates,pmtud-worked",
                    "an ICMPv6 packet-too-big inside the 6in4 tunnel (frame 45), after which the sender shrinks; and " + GRO)),
            Map.entry("nDPI/dns2tcp_tunnel.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/dns_dot.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/dns_fragmented.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/git.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/google_chat.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/heuristic_tcp_ack_payload.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/http_connect.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/http_ipv6.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/monero.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_ech.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_heur__shadowsocks-tcp.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_heur__vmess-tcp-tls.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_heur__vmess-tcp.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_heur__vmess-websocket.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/tls_malicious_sha1.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/ultrasurf.pcap", new Expected("mss-raised-in-path,offload-aggregates",
                    "1436-byte segments against an advertised MSS of 1420, in 1476-byte packets that fit the wire; and " + GRO)),
            Map.entry("nDPI/webdav.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("nDPI/yandex.pcapng", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/base64/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/bug-2646-01/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/bug-2646-02/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/bug-3616-smtp/input.pcap", new Expected("pmtud-worked",
                    "ICMP frag-needed from 192.168.1.1, MTU 1492 (a PPPoE link), and the sender shrinks")),
            Map.entry("suricata-verify/bug-5881-01/input.pcap", new Expected("mss-raised-in-path",
                    "1448 bytes + 12 of options against MSS 1452 (192.168.0.47 to 17.188.17.120): the sender ignores the MSS")),
            Map.entry("suricata-verify/bug-7264-tcp-3whs-ack-data-tls-01/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/decode-sll2-02/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/filemagic-flowbits/pdf-dl.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/filestore-5408/input.pcap", new Expected("pmtud-worked",
                    "frag-needed MTU 1500 quoting 1645-byte packets (TSO at the sender); what follows is at most 1500")),
            Map.entry("suricata-verify/http2-compression-bug/input.pcap", new Expected("mss-raised-in-path",
                    "1460-byte segments against an advertised MSS of 1380, in 1500-byte packets")),
            Map.entry("suricata-verify/lua/lua-tlslib-02/input.pcap", new Expected("mss-raised-in-path,offload-aggregates",
                    "a crafted test trace: 1442-byte segments against an advertised MSS of 260; and " + GRO)),
            Map.entry("suricata-verify/smtp-errors/smtperr.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/smtp-long-command/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/tcp-fastopen-07/tcp_fastopen_segmentation.pcap", new Expected("mss-raised-in-path",
                    "a crafted TCP Fast Open test: 321-byte segments against MSS 256")),
            Map.entry("suricata-verify/tcp-fastopen-08/tcp_fastopen_segmentation-s1.pcap", new Expected("mss-raised-in-path",
                    "a crafted TCP Fast Open test: 320-byte segments against MSS 256")),
            Map.entry("suricata-verify/tls/tls-certs-alert/input.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("suricata-verify/tls/tls-fin-close-data-01/debug-s13.pcap", new Expected("mss-raised-in-path,offload-aggregates",
                    "1443-byte segments against an advertised MSS of 1408, in packets that fit the wire; and " + GRO)),
            Map.entry("tcpdump/heapoverflow-tcp_print.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("tcpdump/mptcp-v1.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("tcpdump/of10_s4810.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("tcpdump/tcp-auth-heapoverflow.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/erspan.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/http/concurrent-range-requests.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/mysql/tls-12-amazon-rds.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/mysql/tls-13-amazon-rds.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/smtp.pcap", new Expected("pmtud-worked",
                    "the same SMTP trace as suricata-verify bug-3616: frag-needed MTU 1492, the sender shrinks")),
            Map.entry("zeek/tls/google-cert-repeat.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/tls/irc-starttls.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/tls/openjdk-25.0.2-zeek.org.pcap", new Expected("offload-aggregates",
                    GRO)),
            Map.entry("zeek/tunnels/vxlan-encapsulated-http.pcap", new Expected("offload-aggregates",
                    GRO))
    );

    @Test
    void everyFindingOnAPublicCaptureIsTheListedOne() {
        Path root = Prerequisites.requirePublicCaptures();
        Map<String, String> found = new TreeMap<>();
        for (String name : PublicCaptures.captureFiles(root)) {
            String kinds = kinds(root.resolve(name));
            if (!kinds.isEmpty()) {
                found.put(name, kinds);
            }
        }
        Map<String, String> expected = new TreeMap<>(FINDINGS.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().kinds())));
        List<String> differences = new ArrayList<>();
        Set<String> names = new TreeSet<>(found.keySet());
        names.addAll(expected.keySet());
        for (String name : names) {
            String now = found.getOrDefault(name, "none");
            String listed = expected.getOrDefault(name, "none");
            if (!now.equals(listed)) {
                differences.add(name + ": " + now + " (listed: " + listed + ")");
            }
        }
        assertEquals(List.of(), differences, "findings on public captures that the table does not explain");
    }

    /** The finding kinds of one analysis, as check sees them, comma-joined; empty for none. */
    private static String kinds(Path capture) {
        return String.join(",", CheckCommand.verdict(List.of(capture.toString())).kinds());
    }
}
