package org.mtudoctor.flow;

import org.mtudoctor.decode.Packet;

/**
 * The flow stage's rules about single packets: which sizes every link carries, which "packets"
 * no wire carries (offload aggregates), which a too-big message may report, and how long a
 * closed flow lingers. The judgement of a sender's whole evidence is diagnosis's
 * ({@code diagnosis.Rules}); how one segment stands against the ones before it is
 * {@link SentSequence}'s.
 */
public final class FlowRules {
    private FlowRules() {
    }

    /** Anything at or below this IPv4 length is carried by every real link (RFC 791's 576). */
    public static final int IPV4_SAFE_PACKET = 576;
    /** IPv6's minimum link MTU (RFC 8200 section 5): every IPv6 link carries this. */
    public static final int IPV6_SAFE_PACKET = 1280;
    /** Standard Ethernet's MTU (RFC 894). */
    public static final int STANDARD_ETHERNET_MTU = 1500;
    /** The largest MSS a host on standard Ethernet advertises (1500 - 20 - 20). */
    public static final int STANDARD_ETHERNET_MSS = 1460;
    /** Larger than the biggest common jumbo frame: no wire carries it, so it is an aggregate. */
    public static final int BEYOND_ANY_MTU = 9216;
    /**
     * A closed flow (RST, or FIN both ways) ends after this much silence, or the idle timeout if
     * shorter: long enough for the last retransmissions and ICMP about them, short enough that a
     * busy server's finished connections do not fill the table for the whole idle timeout.
     */
    public static final long CLOSED_LINGER_SECONDS = 30;

    /** Packets up to this length pass any link of this IP version; MTU trouble needs more. */
    public static int safePacketLength(int ipVersion) {
        return ipVersion == 6 ? IPV6_SAFE_PACKET : IPV4_SAFE_PACKET;
    }

    /**
     * GRO/TSO aggregates: above every jumbo MTU, or above standard Ethernet and either more than
     * one and a half of the peer's MSS, or above an MSS that itself says the peer's link is no
     * bigger than standard Ethernet. Two merged segments already pass the first (2 x 1448 + 12
     * against 1460); a full segment merged with a short one (1448 + 100 in a 1600-byte packet,
     * as public captures from hosts with GRO hold) passes the second. A real MSS raise is a few
     * bytes to a few hundred, in packets that fit the links they cross.
     */
    public static boolean isAggregate(int ipPacketLength, int segmentSize, int peerMss) {
        if (ipPacketLength > BEYOND_ANY_MTU) {
            return true;
        }
        return peerMss > 0 && ipPacketLength > STANDARD_ETHERNET_MTU
                && (2L * segmentSize > 3L * peerMss || segmentSize > peerMss && peerMss <= STANDARD_ETHERNET_MSS);
    }

    /**
     * A too-big message reports an MTU below the packet that did not fit (RFC 1191, RFC 8201),
     * and stacks ignore one that does not. Such a message (a router giving its physical MTU for
     * a packet its own tunnel made too big, or a forged one) says nothing about the path: it is
     * counted, not taken as evidence.
     */
    public static boolean reportsMtuNotBelowPacket(Packet tooBig) {
        int mtu = tooBig.reportedMtu();
        int quotedLength = tooBig.quotedPacketLength();
        return mtu > 0 && quotedLength > 0 && mtu >= quotedLength;
    }

    /**
     * A too-big message whose quoted total length is not above its MTU, about a segment its flow
     * sent in a packet that was: the router wrote the bytes it quoted (548, say) as the quoted
     * header's total length. Windows and Linux act on such messages, since they match the quote
     * by addresses, ports and sequence number (Linux's tcp_v4_err), never by its length; so it
     * counts.
     *
     * @param sentPacket the largest packet the flow sent with the quoted sequence number, -1 when
     *                   unknown
     */
    public static boolean quoteRewritten(Packet tooBig, int sentPacket) {
        return reportsMtuNotBelowPacket(tooBig) && sentPacket > tooBig.reportedMtu();
    }
}
