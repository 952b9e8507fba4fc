package org.mtudoctor.compare;

/**
 * Data packets above a size that left point {@code before} and never reached point {@code after},
 * next on their way, while the smaller ones of the same connections did: a link between the two
 * is smaller and drops them (with or without ICMP). The path between carries at least
 * {@code largestArrived} bytes, and not {@code smallestVanished}.
 *
 * @param direction the senders' side: "server" or "client"
 * @param withIcmp  of the connections, those about which either point saw ICMP too-big
 * @param example     one connection it happened to, as {@code before} saw it
 * @param firstFrame  the frame at {@code before} of that connection's first packet that vanished
 * @param crossedSize the largest packet of that connection that crossed: its size, its frame at
 *                    {@code before} and at {@code after} (-1 there when it arrived inside an
 *                    offload aggregate)
 */
public record LostBetween(String before, String after, String direction, int largestArrived, int smallestVanished,
                          long vanished, long connections, long withIcmp, Handshake example, long firstFrame,
                          int crossedSize, long crossedFrameBefore, long crossedFrameAfter) {

    /** The kind, as reports and verdict manifests name it. */
    public static final String KIND = "lost-between";

    /**
     * No ICMP too-big about these connections at either point: the packets vanish silently, a
     * problem. With ICMP, a router said why (path MTU discovery, working or not: the ICMP findings
     * tell), and the loss is information.
     */
    public boolean silent() {
        return withIcmp == 0;
    }
}
