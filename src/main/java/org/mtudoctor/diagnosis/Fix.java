package org.mtudoctor.diagnosis;

import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Tunnel;

/**
 * What to change: the smallest MTU that carries the packets that were lost, on the link whose
 * MTU was too small, and the MSS clamp that is the alternative.
 *
 * @param mtu         the MTU to set (1420 in the seed incident)
 * @param ipVersion   6 when the lost packets were IPv6 (MSS = MTU - 60), else 4
 * @param reporter    the host whose link reported the small MTU, or null when no ICMP said
 * @param reportedMtu the MTU that link has now (1396 in the seed), or -1 when unknown
 * @param clampMss    the MSS that fits the current MTU, or -1 when the current MTU is unknown
 * @param raisedFrom  the MSS advertised before a raise in the path, or -1 when none was seen
 * @param raisedTo    the segment size actually sent after that raise, or -1
 * @param tunnel      the tunnel the lost packets crossed, or null when they crossed none. When
 *                    the MTU they need does not fit in it ({@link TunnelLimit#fits()} false),
 *                    {@code mtu} is the most the tunnel carries and {@code clampMss} the MSS
 *                    that fits it, since no link MTU inside the tunnel can be larger.
 * @param farSender   null for a fix on the path. Otherwise the capture is the receiving end's,
 *                    the packets from this far sender are lost on a path it cannot change from
 *                    there, and the fix is at the receiving end: lower its own MTU to {@code mtu}
 *                    (the largest packet that arrived), or clamp its SYNs' MSS to
 *                    {@code clampMss}, so the far sender sends nothing larger.
 */
public record Fix(int mtu, int ipVersion, IpAddress reporter, int reportedMtu, int clampMss,
                  int raisedFrom, int raisedTo, TunnelLimit tunnel, IpAddress farSender) {

    /** How the MTU of the link under a tunnel is known. */
    public enum UnderlayEvidence {
        /** An ICMP too-big about the tunnel's own packets reported it. */
        ICMP("icmp"),
        /** Acknowledged packets this large crossed the tunnel, so it carries at least this. */
        ACKNOWLEDGED("acknowledged"),
        /** Nothing in the capture says: standard Ethernet's 1500 is assumed. */
        ASSUMED("assumed");

        private final String label;

        UnderlayEvidence(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A tunnel the lost packets crossed, against the link under it.
     *
     * @param kind        the outermost tunnel
     * @param overhead    bytes the tunnels add to each packet
     * @param underlayMtu the MTU of the link under the tunnel
     * @param evidence    how {@code underlayMtu} is known
     * @param wantedMtu   the MTU the lost packets need inside the tunnel
     */
    public record TunnelLimit(Tunnel kind, int overhead, int underlayMtu, UnderlayEvidence evidence, int wantedMtu) {
        public TunnelLimit {
            if (kind == null || kind == Tunnel.NONE || evidence == null) {
                throw new IllegalArgumentException("tunnel limit without a tunnel or evidence");
            }
            if (overhead <= 0 || underlayMtu <= overhead) {
                throw new IllegalArgumentException(overhead + " bytes of overhead on an underlay MTU of " + underlayMtu);
            }
        }

        /** The wanted MTU plus the tunnel's headers fits the underlay. */
        public boolean fits() {
            return wantedMtu + overhead <= underlayMtu;
        }

        /** The largest packet the tunnel carries: the underlay MTU less its headers. */
        public int tunnelMtu() {
            return underlayMtu - overhead;
        }

        /** Tunnels set up by pppd, whose interface /etc/ppp/ip-up configures. */
        public boolean pppd() {
            return kind == Tunnel.PPTP || kind == Tunnel.PPPOE;
        }
    }

    /** A fix for packets that crossed no tunnel. */
    public Fix(int mtu, int ipVersion, IpAddress reporter, int reportedMtu, int clampMss, int raisedFrom, int raisedTo) {
        this(mtu, ipVersion, reporter, reportedMtu, clampMss, raisedFrom, raisedTo, null, null);
    }

    /** A fix on the path, for packets that crossed {@code tunnel} (null: none). */
    public Fix(int mtu, int ipVersion, IpAddress reporter, int reportedMtu, int clampMss, int raisedFrom, int raisedTo,
               TunnelLimit tunnel) {
        this(mtu, ipVersion, reporter, reportedMtu, clampMss, raisedFrom, raisedTo, tunnel, null);
    }

    /**
     * A fix at the receiving end for packets from {@code farSender} that are lost above
     * {@code largestArrived} bytes: the MTU that makes its SYNs advertise no more, and that MSS.
     */
    public static Fix atReceiver(int largestArrived, int ipVersion, IpAddress farSender) {
        return new Fix(largestArrived, ipVersion, null, -1, largestArrived - Rules.headerOverhead(ipVersion), -1, -1,
                null, farSender);
    }

    /** The fix is at the receiving end, for packets lost on their way to it. */
    public boolean atReceiver() {
        return farSender != null;
    }

    public Fix {
        if (mtu < Rules.MINIMUM_MTU || mtu > Rules.MAXIMUM_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " (expected: " + Rules.MINIMUM_MTU + "-" + Rules.MAXIMUM_MTU + ")");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("IP version " + ipVersion);
        }
    }

    /**
     * The lost packets crossed a tunnel that cannot carry the MTU they need, and the fix is the
     * most it carries. (When even that is below the IP version's smallest link, as for IPv6 in a
     * tunnel with under 1280 bytes inside, the fix stays the MTU the packets need.)
     */
    public boolean tunnelTooSmall() {
        return tunnel != null && !tunnel.fits() && mtu == tunnel.tunnelMtu();
    }

    public boolean mssRaised() {
        return raisedFrom > 0;
    }
}
