package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Bytes;
import org.mtudoctor.testing.Prerequisites;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * The default filter, run by libpcap's own interpreter over frames built by hand: what it keeps,
 * what it drops, and the limits {@link KernelFilter} documents. The kernel's view (VLAN tags taken
 * off before the filter) is tested live in {@link LiveCaptureTest}.
 */
class KernelFilterTest {

    @Test
    void theUsersFilterNarrowsTheDefaultOne() {
        assertEquals(KernelFilter.ANALYSIS, KernelFilter.expression(null));
        assertEquals("(" + KernelFilter.ANALYSIS + ") and (host 10.0.0.1)", KernelFilter.expression("host 10.0.0.1"));
    }

    @Test
    void compilesForEveryLinkTypeALiveCaptureCanDecode() throws Exception {
        Prerequisites.requireLibpcap();
        for (LinkType linkType : LinkType.values()) {
            if (!KernelFilter.capturesLive(linkType)) {
                continue;
            }
            BpfProgram program;
            try {
                program = Pcaps.compileFilter(256, DataLinkType.getInstance(linkType.dlt()), KernelFilter.ANALYSIS,
                        BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            } catch (PcapNativeException e) {
                throw new AssertionError("the filter does not compile for " + linkType + " (DLT " + linkType.dlt()
                        + "); a live capture cannot run on it unless KernelFilter.FILE_ONLY says so", e);
            }
            program.free();
        }
    }

    @Test
    void keepsTcpTooBigAndTunnelsAndDropsTheRest() throws Exception {
        Prerequisites.requireLibpcap();
        byte[] tcp = WireFrames.tcp(40000, 80, 0);
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("tcp", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.TCP, tcp)));
        frames.put("tcp over ipv6", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.TCP, tcp)));
        frames.put("frag-needed", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.ICMP, icmp(3, 4))));
        frames.put("too-big", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.ICMPV6, icmp(2, 0))));
        frames.put("port unreachable", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.ICMP, icmp(3, 3))));
        frames.put("echo", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.ICMP, icmp(8, 0))));
        frames.put("icmp6 echo", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.ICMPV6, icmp(128, 0))));
        frames.put("udp", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.UDP, WireFrames.udp(1, 53, 0))));
        frames.put("arp", ethernet(WireFrames.ARP, WireFrames.arpRequest(0)));
        // Limits: an extension header before ICMPv6, and a tag still in the frame (offline, or a QinQ
        // inner tag live) hide what follows.
        byte[] hopByHop = Bytes.concat(new byte[] {58, 0, 1, 4, 0, 0, 0, 0}, icmp(2, 0)); // next: ICMPv6; PadN
        frames.put("too-big after hop-by-hop", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, 0, hopByHop)));
        frames.put("tcp in 802.1Q", WireFrames.fromRouter(0, new int[] {WireFrames.VLAN}, WireFrames.IPV4,
                WireFrames.ipv4(0, WireFrames.TCP, tcp)));
        // Tunnels the decoder opens are kept whatever they carry; UDP on other ports is not.
        byte[] inner4 = WireFrames.ipv4(1, WireFrames.TCP, tcp);
        byte[] inner6 = WireFrames.ipv6(1, WireFrames.TCP, tcp);
        frames.put("gre", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.GRE, WireFrames.gre(inner4))));
        frames.put("gre over ipv6", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.GRE, WireFrames.gre(inner4))));
        frames.put("ip in ip", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.IP_IN_IP, inner4)));
        frames.put("6in4", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.IPV6_IN_IP, inner6)));
        frames.put("4in6", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.IP_IN_IP, inner4)));
        frames.put("6in6", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.IPV6_IN_IP, inner6)));
        byte[] innerFrame = ethernet(WireFrames.IPV4, inner4);
        frames.put("vxlan", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.UDP, WireFrames.vxlan(innerFrame))));
        frames.put("vxlan over ipv6", ethernet(WireFrames.IPV6, WireFrames.ipv6(0, WireFrames.UDP, WireFrames.vxlan(innerFrame))));
        frames.put("udp from port 4789", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.UDP,
                WireFrames.udp(WireFrames.VXLAN_PORT, 50000, 16))));
        frames.put("udp to port 8472", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, WireFrames.UDP,
                WireFrames.udp(50000, 8472, 16))));
        frames.put("ipv4 protocol 50 (esp)", ethernet(WireFrames.IPV4, WireFrames.ipv4(0, 50, new byte[16])));

        BpfProgram program = Pcaps.compileFilter(256, DataLinkType.EN10MB, KernelFilter.ANALYSIS,
                BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
        List<String> kept = new ArrayList<>();
        try {
            frames.forEach((name, frame) -> {
                if (program.applyFilter(frame)) {
                    kept.add(name);
                }
            });
        } finally {
            program.free();
        }

        assertEquals(List.of("tcp", "tcp over ipv6", "frag-needed", "too-big", "gre", "gre over ipv6", "ip in ip",
                "6in4", "4in6", "6in6", "vxlan", "vxlan over ipv6"), kept);
    }

    private static byte[] ethernet(int etherType, byte[] payload) {
        return WireFrames.toRouter(0, etherType, payload);
    }

    /** An ICMP or ICMPv6 message of this type and code with a 4-byte field and 8 bytes of quote. */
    private static byte[] icmp(int type, int code) {
        byte[] message = new byte[16];
        message[0] = (byte) type;
        message[1] = (byte) code;
        return message;
    }
}
