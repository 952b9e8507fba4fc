package org.mtudoctor.report;

import org.mtudoctor.diagnosis.Fix;

/**
 * The command lines that apply a {@link Fix}. Only numbers from the analysis go into them;
 * nothing taken from capture data (interface names, comments) is ever spliced into a shell line.
 */
public final class FixLines {
    private FixLines() {
    }

    /** For /etc/ppp/ip-up, where pppd puts the PPP interface's name in $IFNAME. */
    public static String ipUp(Fix fix) {
        return "ip link set dev \"$IFNAME\" mtu " + fix.mtu();
    }

    /** The same with net-tools, as the seed incident's author wrote it. */
    public static String ifconfig(Fix fix) {
        return "ifconfig \"$IFNAME\" mtu " + fix.mtu();
    }

    /** Clamp the MSS of forwarded SYNs to the route's path MTU. */
    public static String iptablesClamp(Fix fix) {
        return (fix.ipVersion() == 6 ? "ip6tables" : "iptables")
                + " -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu";
    }

    /** The nftables form; the table and chain are the common ones, adjust to the host's ruleset. */
    public static String nftClamp(Fix fix) {
        return "nft add rule inet filter forward tcp flags syn tcp option maxseg size set rt mtu";
    }

    /** The nftables form of the fixed clamp. */
    public static String nftSetMss(Fix fix) {
        return "nft add rule inet filter forward tcp flags syn tcp option maxseg size set " + fix.clampMss();
    }

    /** A fixed clamp to the MSS that fits the current MTU, when that MTU is known. */
    public static String iptablesSetMss(Fix fix) {
        return (fix.ipVersion() == 6 ? "ip6tables" : "iptables")
                + " -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss " + fix.clampMss();
    }

    /**
     * A fix at the receiving end: SYNs toward the far sender advertise the MSS that fits what
     * arrives, in {@code chain} (OUTPUT on the host, FORWARD on its router).
     */
    public static String receiverClamp(Fix fix, String chain) {
        return (fix.ipVersion() == 6 ? "ip6tables" : "iptables") + " -t mangle -A " + chain
                + " -p tcp --tcp-flags SYN,RST SYN -d " + fix.farSender() + " -j TCPMSS --set-mss " + fix.clampMss();
    }

    /** The nftables form of {@link #receiverClamp} on a router. */
    public static String receiverNftClamp(Fix fix) {
        return "nft add rule inet filter forward " + (fix.ipVersion() == 6 ? "ip6" : "ip") + " daddr " + fix.farSender()
                + " tcp flags syn tcp option maxseg size set " + fix.clampMss();
    }
}
