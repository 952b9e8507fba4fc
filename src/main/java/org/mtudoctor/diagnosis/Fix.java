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

    public Fix {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " (expected: 68-65535)");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("IP version " + ipVersion);
        }
    }

    /** TCP/IP header bytes the MSS excludes: 40 for IPv4, 60 for IPv6 (RFC 879, RFC 8200). */
    public static int headerOverhead(int ipVersion) {
        return ipVersion == 6 ? 60 : 40;
    }

    public boolean mssRaised() {
        return raisedFrom > 0;
    }
}
