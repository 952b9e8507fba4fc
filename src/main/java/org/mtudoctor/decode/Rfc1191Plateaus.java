package org.mtudoctor.decode;

/**
 * What to assume when a router reports next-hop MTU 0. Routers older than RFC 1191 send
 * fragmentation-needed without the MTU; RFC 1191 section 5 has the host then try the largest
 * "plateau" below the size of the packet that was refused, from the table of MTUs in common use
 * in section 7 (table 7-1). Each plateau stands for a family of links whose MTUs lie just above
 * it, so stepping down one plateau per error converges in a few round trips.
 *
 * <p>The decoder keeps {@link Packet#reportedMtu()} as sent; whether to estimate is the caller's
 * choice.
 */
public final class Rfc1191Plateaus {

    /** RFC 1191 table 7-1, largest first. */
    private static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};

    /** The smallest MTU every IPv4 link must carry (RFC 791); there is no plateau below it. */
    public static final int MINIMUM_MTU = 68;

    private Rfc1191Plateaus() {
    }

    /**
     * The largest plateau strictly less than the refused packet's length, e.g. 1006 for a
     * 1420-byte packet and 1492 for a 1500-byte one. Lengths of 68 or less, which no plateau is
     * below, give {@link #MINIMUM_MTU}.
     *
     * @param quotedPacketLength total length of the packet the ICMP error quotes
     */
    public static int plateauBelow(int quotedPacketLength) {
        for (int plateau : PLATEAUS) {
            if (plateau < quotedPacketLength) {
                return plateau;
            }
        }
        return MINIMUM_MTU;
    }
}
