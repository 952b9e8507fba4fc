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
}
