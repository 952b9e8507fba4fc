package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.testing.Prerequisites;

/**
 * Real tunnelled traffic from the public captures: how many TCP segments each tunnel kind
 * carried, with which overhead. The counts are the catalogue's ({@code tcp_encap}, TShark's
 * count of frames with TCP inside each encapsulation); the overheads follow from the headers
 * TShark shows in those frames.
 */
class TunnelPublicCapturesTest {

    /** "kind overhead" -> TCP segments (or ICMP too-big) seen inside that tunnel, per file. */
    private static Map<String, Integer> tunnelled(Path file) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        Decoding.decodeEach(file, packet -> {
            if (packet.tunnel() != Tunnel.NONE
                    && (packet.content() == Content.TCP || packet.content() == Content.ICMP_TOO_BIG)) {
                counts.merge(packet.tunnel().label() + " " + packet.tunnelOverhead(), 1, Integer::sum);
            }
        });
        return counts;
    }

    private static void assertTunnelled(String file, Map<String, Integer> expected) throws Exception {
        Path root = Prerequisites.requirePublicCaptures();
        assertEquals(expected, tunnelled(root.resolve(file)), file);
    }

    @Test
    void gre_with_ipv4_inside() throws Exception {
        // Outer IPv4 20 + GRE 4.
        assertTunnelled("zeek/tunnels/gre-sample.pcap", Map.of("gre 24", 22));
    }

    @Test
    void gre_with_ethernet_inside() throws Exception {
        // Outer IPv4 20 + GRE 4 + inner Ethernet 14.
        assertTunnelled("suricata-verify/bug-2576-01-ips/temp6.pcap", Map.of("gre 38", 15));
    }

    @Test
    void six_in_four_with_a_packet_too_big_inside() throws Exception {
        // Outer IPv4 20. The catalogue's 75 TCP frames, and frame 45: an ICMPv6 packet too big
        // (MTU 1460) inside the tunnel.
        assertTunnelled("nDPI/6in4tunnel.pcap", Map.of("6in4 20", 75 + 1));
    }

    @Test
    void four_in_six() throws Exception {
        // Outer IPv6 40.
        assertTunnelled("nDPI/4in6tunnel.pcap", Map.of("4in6 40", 4));
    }

    @Test
    void vxlan_under_a_vlan_tag() throws Exception {
        // Outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14. The 802.1Q tag is on the outer
        // frame (eth:vlan:ip:udp:vxlan:eth:ip:tcp), under the tunnel: not its overhead.
        assertTunnelled("nDPI/vxlan.pcap", Map.of("vxlan 50", 119));
    }

    @Test
    void vxlan() throws Exception {
        assertTunnelled("zeek/tunnels/vxlan-encapsulated-http.pcap", Map.of("vxlan 50", 12));
    }

    @Test
    void pppoe_session() throws Exception {
        // PPPoE 6 + PPP protocol compressed to one byte (0x21), which RFC 2516 forbids and this sender does.
        assertTunnelled("suricata-verify/bug-4810/pppoe-session-http.pcap", Map.of("pppoe 7", 30));
    }

    @Test
    void pptp_control_channel_and_lcp_carry_no_tunnelled_tcp() throws Exception {
        // TCP 1723 is PPTP's control connection, outside any tunnel; its GRE frames carry PPP LCP.
        assertTunnelled("tcpdump/pptp.pcap", Map.of());
    }

    @Test
    void gtp_u_in_mobile_captures() throws Exception {
        // Outer IPv4 20 + UDP 8 + GTP-U 8; 4 more with a sequence number (flags 0x32). The outer
        // 802.1Q tags of the nDPI captures are under the tunnel: not its overhead.
        assertTunnelled("nDPI/false_positives.pcapng", Map.of("gtp-u 36", 4));
        assertTunnelled("nDPI/rtmp.pcap", Map.of("gtp-u 36", 34));
        assertTunnelled("nDPI/ja3_lots_of_cipher_suites_2_anon.pcap", Map.of("gtp-u 36", 14, "gtp-u 40", 13));
        // Linux cooked capture; IPv6 inside.
        assertTunnelled("arkime/gtp-iphone.pcap", Map.of("gtp-u 36", 58));
    }

    @Test
    void gtp_u_in_zeeks_captures() throws Exception {
        assertTunnelled("zeek/tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap", Map.of("gtp-u 36", 72));
        // 27 of them from source port 5906: the destination port names GTP-U.
        assertTunnelled("zeek/tunnels/gtp/gtp2_different_udp_port.pcap", Map.of("gtp-u 36", 78));
        assertTunnelled("zeek/tunnels/gtp/gtp6_gtp_0x32.pcap", Map.of("gtp-u 36", 17, "gtp-u 40", 14));
        // Frame 12's T-PDU starts with nibble 7: not IP, left closed, as TShark leaves it.
        assertTunnelled("zeek/tunnels/gtp/gtp9_unknown_or_too_short_payload.pcap", Map.of("gtp-u 36", 11));
        // Sequence number 4 + a PDCP PDU number extension header 4, in an outer first fragment.
        assertTunnelled("zeek/tunnels/gtp/gtp_ext_header.pcap", Map.of("gtp-u 44", 1));
    }

    @Test
    void geneve() throws Exception {
        // Outer IPv4 20 + UDP 8 + Geneve 8 + options + inner Ethernet 14.
        assertTunnelled("zeek/tunnels/geneve-47101.pcap", Map.of("geneve 50", 24));
        assertTunnelled("zeek/tunnels/geneve-inner-tcp-bad-checksum.pcap", Map.of("geneve 50", 1));
        assertTunnelled("zeek/tunnels/geneve-many-options.pcap", Map.of("geneve 126", 10));   // 76 of options
        assertTunnelled("tcpdump/geneve.pcap", Map.of("geneve 50", 17, "geneve 58", 16));    // 0 or 8 of options
        // GCP: IPv4 inside (protocol type 0x0800), 40 of options, no inner Ethernet.
        assertTunnelled("tcpdump/geneve-gcp.pcap", Map.of("geneve 76", 1));
    }

    @Test
    void gre_inside_geneve() throws Exception {
        // Geneve 20 + 8 + 8 + 32 of options, IPv4 inside; then that packet's GRE: 20 + 4.
        assertTunnelled("suricata-verify/bug-6402-01/input.pcap", Map.of("geneve 92", 12));
    }

    @Test
    void gre_in_udp() throws Exception {
        // Outer IPv4 20 + UDP 8 + GRE 4.
        assertTunnelled("zeek/tunnels/gre-over-udp-4754.pcap", Map.of("gre-udp 32", 10));
    }

    @Test
    void erspan_mirrors_traffic_that_crossed_no_tunnel() throws Exception {
        // ERSPAN type II over GRE: 60 mirrored TCP segments, none of them tunnelled.
        Path file = Prerequisites.requirePublicCaptures().resolve("suricata-verify/bug-5437-02/input.pcap");
        assertEquals(Map.of(), tunnelled(file));
        Map<String, Integer> mss = new TreeMap<>();
        int[] segments = {0};
        Decoding.decodeEach(file, packet -> {
            if (packet.content() == Content.TCP) {
                segments[0]++;
                if (packet.mss() >= 0) {
                    mss.merge("mss " + packet.mss(), 1, Integer::sum);
                }
            }
        });
        assertEquals(60, segments[0]);
        assertEquals(Map.of("mss 1440", 6, "mss 1460", 16), mss, "TShark's tcp.options.mss_val");
    }

    @Test
    void erspan_mirroring_vxlan_gpe() throws Exception {
        // ERSPAN type II mirroring frames that crossed VXLAN-GPE (UDP 4790), which mtudoctor does
        // not open: the mirror's own IP, GRE and ERSPAN headers are no tunnel, so none is seen.
        assertTunnelled("arkime/gre-erspan-vxlan.pcap", Map.of());
    }

    @Test
    void zeeks_erspan_capture_is_bridged_gre() throws Exception {
        // Despite its name, GRE with a key carrying Ethernet (0x6558), not ERSPAN's protocol:
        // 20 + 4 + 4 + 14, a tunnel as any bridged GRE.
        assertTunnelled("zeek/erspan.pcap", Map.of("gre 42", 106));
    }
}
