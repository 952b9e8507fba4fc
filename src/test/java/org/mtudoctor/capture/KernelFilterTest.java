package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.capture.RouterNamespace.ipv4FromHost;
import static org.mtudoctor.capture.RouterNamespace.ipv6FromHost;
import static org.mtudoctor.capture.RouterNamespace.toRouter;
import static org.mtudoctor.testing.Packets.HOP_BY_HOP;
import static org.mtudoctor.testing.Packets.ICMP;
import static org.mtudoctor.testing.Packets.ICMPV6;
import static org.mtudoctor.testing.Packets.SYN;
import static org.mtudoctor.testing.Packets.VLAN;
import static org.mtudoctor.testing.Packets.VXLAN_PORT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Bytes;
import org.mtudoctor.testing.Packets;
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
        Packets.IpPacket tcp = ipv4FromHost(0).tcp(40000, 80).seq(1).flags(SYN);
        Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("tcp", toRouter(0, tcp));
        frames.put("tcp over ipv6", toRouter(0, ipv6FromHost(0).tcp(40000, 80).seq(1).flags(SYN)));
        frames.put("frag-needed", toRouter(0, ipv4FromHost(0).carrying(ICMP, icmp(3, 4))));
        frames.put("too-big", toRouter(0, ipv6FromHost(0).carrying(ICMPV6, icmp(2, 0))));
        frames.put("port unreachable", toRouter(0, ipv4FromHost(0).carrying(ICMP, icmp(3, 3))));
        frames.put("echo", toRouter(0, ipv4FromHost(0).carrying(ICMP, icmp(8, 0))));
        frames.put("icmp6 echo", toRouter(0, ipv6FromHost(0).carrying(ICMPV6, icmp(128, 0))));
        frames.put("udp", toRouter(0, ipv4FromHost(0).udp(1, 53)));
        frames.put("arp", RouterNamespace.arpRequest(0));
        // Limits: an extension header before ICMPv6, and a tag still in the frame (offline, or a QinQ
        // inner tag live) hide what follows.
        frames.put("too-big after hop-by-hop", toRouter(0, ipv6FromHost(0)
                .extensionHeaders(HOP_BY_HOP, Bytes.bytes(ICMPV6, 0, 1, 4, 0, 0, 0, 0))   // next: ICMPv6; PadN
                .carrying(ICMPV6, icmp(2, 0))));
        frames.put("tcp in 802.1Q", RouterNamespace.fromRouter(0, tcp.vlan(VLAN, 100)));
        // Tunnels the decoder opens are kept whatever they carry; UDP on other ports is not.
        Packets.IpPacket inner4 = ipv4FromHost(1).tcp(40000, 80).seq(1).flags(SYN);
        Packets.IpPacket inner6 = ipv6FromHost(1).tcp(40000, 80).seq(1).flags(SYN);
        frames.put("gre", toRouter(0, ipv4FromHost(0).gre(inner4)));
        frames.put("gre over ipv6", toRouter(0, ipv6FromHost(0).gre(inner4)));
        frames.put("ip in ip", toRouter(0, ipv4FromHost(0).ipInIp(inner4)));
        frames.put("6in4", toRouter(0, ipv4FromHost(0).ipInIp(inner6)));
        frames.put("4in6", toRouter(0, ipv6FromHost(0).ipInIp(inner4)));
        frames.put("6in6", toRouter(0, ipv6FromHost(0).ipInIp(inner6)));
        byte[] innerFrame = toRouter(0, inner4);
        frames.put("vxlan", toRouter(0, ipv4FromHost(0).vxlan(innerFrame)));
        frames.put("vxlan over ipv6", toRouter(0, ipv6FromHost(0).vxlan(innerFrame)));
        frames.put("udp from port 4789", toRouter(0, ipv4FromHost(0).udp(VXLAN_PORT, 50000).payload(16)));
        // The other UDP tunnels, by destination port: VXLAN on Linux's old default, Geneve, GTP-U, GRE in UDP.
        byte[] innerPacket = inner4.bytes();
        frames.put("vxlan on 8472", toRouter(0, ipv4FromHost(0).udp(50000, 8472)
                .payload(Bytes.concat(Bytes.bytes(0x08, 0, 0, 0, 0, 0, 0x2A, 0), innerFrame))));
        frames.put("geneve", toRouter(0, ipv4FromHost(0).udp(50000, 6081)
                .payload(Bytes.concat(Bytes.bytes(0, 0, 0x08, 0x00, 0, 0, 0x2A, 0), innerPacket))));
        frames.put("gtp-u over ipv6", toRouter(0, ipv6FromHost(0).udp(50000, 2152)
                .payload(Bytes.concat(Bytes.bytes(0x30, 0xFF, 0, innerPacket.length, 0, 0, 0, 1), innerPacket))));
        frames.put("gre in udp", toRouter(0, ipv4FromHost(0).udp(50000, 4754)
                .payload(Bytes.concat(Bytes.bytes(0, 0, 0x08, 0x00), innerPacket))));
        frames.put("udp from port 2152", toRouter(0, ipv4FromHost(0).udp(2152, 50000).payload(16)));
        frames.put("udp to port 2123 (gtp-c)", toRouter(0, ipv4FromHost(0).udp(50000, 2123).payload(16)));
        frames.put("ipv4 protocol 50 (esp)", toRouter(0, ipv4FromHost(0).carrying(50, new byte[16])));

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
                "6in4", "4in6", "6in6", "vxlan", "vxlan over ipv6", "vxlan on 8472", "geneve", "gtp-u over ipv6",
                "gre in udp"), kept);
    }

    /** An ICMP or ICMPv6 message of this type and code with a 4-byte field and 8 bytes of quote. */
    private static byte[] icmp(int type, int code) {
        byte[] message = new byte[16];
        message[0] = (byte) type;
        message[1] = (byte) code;
        return message;
    }
}
