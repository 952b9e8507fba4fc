package org.mtudoctor.diagnosis;

import org.mtudoctor.decode.IpAddress;

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
 */
public record Fix(int mtu, int ipVersion, IpAddress reporter, int reportedMtu, int clampMss,
                  int raisedFrom, int raisedTo) {

    /** The smallest MTU an IPv4 link may have (RFC 791), and the largest any link takes. */
    public static final int MINIMUM_MTU = 68;
    public static final int MAXIMUM_MTU = 65535;
    /** The smallest MTU an IPv6 link may have (RFC 8200). */
    public static final int MINIMUM_IPV6_MTU = 1280;

    public Fix {
        if (mtu < MINIMUM_MTU || mtu > MAXIMUM_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " (expected: " + MINIMUM_MTU + "-" + MAXIMUM_MTU + ")");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("IP version " + ipVersion);
        }
    }

    /** TCP/IP header bytes the MSS excludes: 40 for IPv4, 60 for IPv6 (RFC 879, RFC 8200). */
    public static int headerOverhead(int ipVersion) {
        return ipVersion == 6 ? 60 : 40;
    }

    /** The smallest MTU a link of this IP version may have: a report below it is not a real link's. */
    public static int minimumLinkMtu(int ipVersion) {
        return ipVersion == 6 ? MINIMUM_IPV6_MTU : MINIMUM_MTU;
    }

    public boolean mssRaised() {
        return raisedFrom > 0;
    }
}
