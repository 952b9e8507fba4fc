package org.mtudoctor.decode;

/**
 * An encapsulation a packet crossed on its way to the capture point. Each one costs bytes of the
 * MTU of the link under it, which is why mtudoctor names it: a packet that fits the tunnel's
 * inside may not fit the underlay once wrapped.
 */
public enum Tunnel {
    NONE("none", "no tunnel"),
    /** GRE (RFC 2784, RFC 2890) carrying IPv4, IPv6 or Ethernet (0x6558). */
    GRE("gre", "GRE"),
    /** PPTP's enhanced GRE (RFC 2637, GRE version 1) carrying PPP. */
    PPTP("pptp", "PPTP (GRE)"),
    /** IPv4 in IPv4 (RFC 2003, IPv4 protocol 4). */
    IPIP("ipip", "IP-in-IP"),
    /** IPv6 in IPv4 (RFC 4213, IPv4 protocol 41). */
    SIX_IN_FOUR("6in4", "6in4"),
    /** IPv4 in IPv6 (RFC 2473, next header 4). */
    FOUR_IN_SIX("4in6", "4in6"),
    /** IPv6 in IPv6 (RFC 2473, next header 41). */
    SIX_IN_SIX("6in6", "6in6"),
    /** VXLAN (RFC 7348, UDP port 4789, or 8472, Linux's old default) carrying Ethernet. */
    VXLAN("vxlan", "VXLAN"),
    /** Geneve (RFC 8926, UDP port 6081) carrying Ethernet, IPv4 or IPv6. */
    GENEVE("geneve", "Geneve"),
    /** GTP-U (3GPP TS 29.281, UDP port 2152): a mobile network's user plane, IPv4 or IPv6 inside. */
    GTP_U("gtp-u", "GTP-U"),
    /** GRE in UDP (RFC 8086, UDP port 4754). */
    GRE_IN_UDP("gre-udp", "GRE in UDP"),
    /** A PPPoE session (RFC 2516) on the capture's Ethernet. */
    PPPOE("pppoe", "PPPoE");

    private final String label;
    private final String title;

    Tunnel(String label, String title) {
        this.label = label;
        this.title = title;
    }

    /** Lower-case name for JSON and verdicts: "vxlan". */
    public String label() {
        return label;
    }

    /** Name for the text report: "PPTP (GRE)". */
    public String title() {
        return title;
    }

    /**
     * Whether an IP packet of {@code protocol} to {@code destinationPort} (-1 when unknown) is a
     * tunnel's own packet that the decoder opens: an ICMP too-big quoting one reports the MTU of
     * the link under the tunnel.
     */
    public static boolean carrier(int protocol, int destinationPort) {
        return protocol == 4 || protocol == 41 || protocol == 47
                || protocol == 17 && UdpTunnels.opens(destinationPort);
    }

    /** The tunnel an IP header's protocol 4 or 41 opens under an outer header of {@code outerVersion}. */
    static Tunnel ipInIp(int outerVersion, boolean innerIsIpv4) {
        if (outerVersion == 4) {
            return innerIsIpv4 ? IPIP : SIX_IN_FOUR;
        }
        return innerIsIpv4 ? FOUR_IN_SIX : SIX_IN_SIX;
    }
}
