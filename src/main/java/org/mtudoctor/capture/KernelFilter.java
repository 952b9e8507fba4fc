package org.mtudoctor.capture;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;

/**
 * The BPF filter a live capture runs in the kernel: only what the analysis reads gets copied to us,
 * so a busy VPN server's other traffic costs neither ring-buffer space nor drops.
 *
 * <p>{@link #ANALYSIS} keeps TCP, ICMP "fragmentation needed" (type 3 code 4) and ICMPv6 "packet
 * too big" (type 2), and the tunnels the decoder opens: GRE (PPTP's and ERSPAN's too), IP in IP,
 * 6in4, 4in6, 6in6, and UDP to the ports of VXLAN (4789, and Linux's old default 8472), Geneve
 * (6081), GTP-U (2152) and GRE in UDP (4754). Tunnel packets are kept whatever they carry, as the filter
 * cannot look inside them portably; on a VPN server's outside interface that is the VPN's whole
 * traffic, the same packets its ppp interfaces would show. A user's filter narrows it:
 * {@code (ANALYSIS) and (USER)}, and applies to a tunnel packet's outer headers, as in tcpdump. The user's expression
 * is compiled alone first, so that a syntax error is reported against what the user wrote, and so
 * that an expression such as {@code "tcp) or (udp"} cannot escape the parentheses.
 *
 * <p>What it cannot see, by construction (all checked against libpcap 1.10 and Linux 6):
 * <ul>
 * <li>IPv6 packets whose ICMPv6 or TCP header follows extension headers (hop-by-hop, routing,
 *     destination options): libpcap's {@code icmp6} and {@code ip6[40]} look at the fixed header's
 *     next-header field only. A TCP segment behind a fragment header alone is still kept.
 *     {@code icmp6[0] == 2} would read better, but libpcap before 1.10 refuses it, and 1.10 compiles
 *     it to the same code.</li>
 * <li>One 802.1Q tag is seen: Linux strips it before the filter runs and libpcap puts it back in
 *     the frame it delivers. The inner traffic of a double tag (802.1ad QinQ) is not: the filter
 *     would need {@code vlan and vlan and (...)}, and on platforms without Linux's run-time VLAN
 *     offsets that keyword shifts the offsets of everything after it, the user's filter included.</li>
 * <li>TCP inside PPPoE sessions or MPLS: libpcap's {@code pppoes} and {@code mpls} shift the offsets
 *     of everything after them, the user's filter included. Capture the decapsulated side (the
 *     ppp interface) instead.</li>
 * <li>UDP tunnels on ports other than their assigned ones (VXLAN or GTP-U configured on another
 *     port), which the decoder does not open either.</li>
 * <li>ICMP frag-needed that is itself a non-first fragment: libpcap's {@code icmp[...]} matches
 *     first fragments only (a 576-byte ICMP message is never fragmented in practice).</li>
 * </ul>
 *
 * <p>It compiles for every {@link LinkType} but those in {@link #FILE_ONLY}, which a live capture
 * refuses.
 */
final class KernelFilter {
    static final String ANALYSIS = "tcp or (icmp and icmp[0] == 3 and icmp[1] == 4) or (icmp6 and ip6[40] == 2)"
            + " or proto gre or ip proto 4 or ip proto 41 or ip6 proto 4 or ip6 proto 41"
            + " or udp dst port 4789 or udp dst port 8472 or udp dst port 6081 or udp dst port 2152"
            + " or udp dst port 4754";

    /**
     * Link types mtudoctor reads in files only. LINKTYPE 12 and 14 are raw IP as some BSDs wrote it;
     * libpcap on Linux reports raw IP as DLT_RAW, read as LINKTYPE_RAW (101), and knows no DLT 14.
     */
    static final Set<LinkType> FILE_ONLY = Collections.unmodifiableSet(
            EnumSet.of(LinkType.RAW_BSD_12, LinkType.RAW_BSD_14));

    private KernelFilter() {
    }

    /** Whether a live capture may run on this link type: mtudoctor decodes it and the filter compiles for it. */
    static boolean capturesLive(LinkType linkType) {
        return linkType != null && !FILE_ONLY.contains(linkType);
    }

    /** The expression installed for a user's filter, which may be {@code null}. */
    static String expression(String userFilter) {
        return userFilter == null ? ANALYSIS : "(" + ANALYSIS + ") and (" + userFilter + ")";
    }

    /**
     * Compiles the filter for this handle's link type and installs it.
     *
     * @throws CaptureException naming the interface and the user's expression, with libpcap's message
     */
    static void install(PcapHandle handle, String interfaceName, String userFilter) throws CaptureException {
        try {
            if (userFilter != null) {
                BpfProgram alone = compile(handle, interfaceName, userFilter);
                alone.free();
            }
            String expression = expression(userFilter);
            BpfProgram program = compile(handle, interfaceName, expression);
            try {
                handle.setFilter(program);
            } finally {
                program.free();
            }
        } catch (PcapNativeException e) {
            throw new CaptureException(interfaceName + ": cannot install the capture filter: "
                    + Libpcap.message(e), e);
        } catch (NotOpenException e) {
            throw new IllegalStateException("the capture handle was closed while opening it", e);
        }
    }

    private static BpfProgram compile(PcapHandle handle, String interfaceName, String expression)
            throws CaptureException, NotOpenException {
        try {
            return handle.compileFilter(expression, BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
        } catch (PcapNativeException e) {
            throw new CaptureException(interfaceName + ": bad filter expression \"" + expression + "\": "
                    + Libpcap.message(e), e);
        }
    }
}
