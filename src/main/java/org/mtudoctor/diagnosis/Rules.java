package org.mtudoctor.diagnosis;

import java.util.EnumSet;
import java.util.Set;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.FlowRules;
import org.mtudoctor.flow.MissingBytes;
import org.mtudoctor.flow.Sender;
import org.mtudoctor.flow.Sender.StalledSegment;
import org.mtudoctor.flow.TooBigHistory;

/**
 * The judgement rules: what one sender's evidence establishes, and the limits a fix keeps to.
 * The end-of-flow judgement, live announcements and the fix all go through here; the rules
 * about single packets (aggregates, second views, MTUs a too-big message may report) are the
 * flow stage's, in {@link FlowRules}.
 */
public final class Rules {
    private Rules() {
    }

    /**
     * Oversize resends after an ICMP too-big that prove it was lost: "again and again". After
     * the first ICMP a PMTUD that works may still see one oversize packet (and one ICMP) for each
     * packet already in flight, but every resend of the quoted data fits the MTU (RFC 1191
     * section 6.4, RFC 8201 section 5.4: the sender lowers its estimate and retransmits).
     */
    public static final int BLACK_HOLE_RESENDS = 2;
    /**
     * Sends of one unacknowledged segment, with no ICMP at all, for a silent black hole: the
     * first send and two retransmission timeouts, so that one lost packet and its resend do not
     * make one.
     */
    public static final int SILENT_BLACK_HOLE_SENDS = 3;
    /**
     * How long bytes must stay missing at the receiving end: longer than a retransmission timeout
     * and its first doubling (RFC 6298: 1 s, then 2 s; Linux from 200 ms), so that a loss that one
     * timeout repairs never counts.
     */
    public static final long RECEIVER_STALL_NANOS = 2_000_000_000L;
    /** TCP option bytes a full-size segment may carry besides its payload (RFC 9293: up to 40). */
    public static final int MAXIMUM_TCP_OPTIONS = 40;
    /** The smallest MTU an IPv4 link may have (RFC 791). */
    public static final int MINIMUM_MTU = 68;
    /** The largest MTU any link takes: IPv4's total length field (RFC 791). */
    public static final int MAXIMUM_MTU = 65535;
    /** The smallest MTU an IPv6 link may have (RFC 8200 section 5). */
    public static final int MINIMUM_IPV6_MTU = FlowRules.IPV6_SAFE_PACKET;
    /** The MTU assumed under a tunnel when the capture shows none: standard Ethernet's (RFC 894). */
    public static final int STANDARD_ETHERNET_MTU = FlowRules.STANDARD_ETHERNET_MTU;

    /** TCP/IP header bytes the MSS excludes: 40 for IPv4, 60 for IPv6 (RFC 879, RFC 8200). */
    public static int headerOverhead(int ipVersion) {
        return ipVersion == 6 ? 60 : 40;
    }

    /** The smallest MTU a link of this IP version may have: a report below it is not a real link's. */
    public static int minimumLinkMtu(int ipVersion) {
        return ipVersion == 6 ? MINIMUM_IPV6_MTU : MINIMUM_MTU;
    }

    /** The kinds one sender's evidence establishes now. */
    public static Set<Kind> kindsOf(Sender sender, Sender peer) {
        return kindsOf(sender, peer, silentlyStalledWithoutIcmp(sender, peer));
    }

    /** @param stalled {@link #silentlyStalledWithoutIcmp}'s answer for this sender */
    static Set<Kind> kindsOf(Sender sender, Sender peer, StalledSegment stalled) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        TooBigHistory history = sender.tooBig();
        if (history != null) {
            kinds.add(tooBigKind(history));
            if (history.estimated()) {
                kinds.add(Kind.ICMP_MTU_ZERO);
            }
        } else if (stalled != null) {
            kinds.add(Kind.SILENT_BLACK_HOLE);
        } else if (lostBeforeReceiver(sender, peer) != null) {
            kinds.add(Kind.RECEIVER_BLACK_HOLE);
        }
        if (sender.segmentsAbovePeerMss() > 0) {
            kinds.add(Kind.MSS_RAISED_IN_PATH);
        }
        if (sender.aggregates() > 0) {
            kinds.add(Kind.OFFLOAD_AGGREGATES);
        }
        return kinds;
    }

    /** What a sender did after ICMP too-big about it: ignored it, acted on it, or nothing yet. */
    private static Kind tooBigKind(TooBigHistory history) {
        if (history.oversizeRetransmissions() >= BLACK_HOLE_RESENDS) {
            return Kind.PMTU_BLACK_HOLE;
        }
        if (history.fittingAfter() > 0 || history.quotedDataAcknowledged()) {
            return Kind.PMTUD_WORKED;
        }
        return Kind.PMTUD_UNCONFIRMED;
    }

    /**
     * A silent black hole needs no ICMP at all: with ICMP, the ICMP kinds judge the sender. It is
     * a segment still stuck, or else one the sender got through only by falling back to smaller
     * packets.
     */
    static StalledSegment silentlyStalledWithoutIcmp(Sender sender, Sender peer) {
        if (sender.tooBig() != null) {
            return null;
        }
        // A sender that fell back explains its stall by that: what is left outstanding after it
        // is the smaller packets'.
        StalledSegment fellBack = fellBackAroundBlackHole(sender, peer);
        return fellBack != null ? fellBack : silentlyStalled(sender, peer);
    }

    /**
     * A silent black hole the sender worked around: one segment sent {@value #SILENT_BLACK_HOLE_SENDS}
     * or more times at one size and never acknowledged, then resent in smaller packets, which the
     * peer acknowledged at once (Windows PMTU black-hole detection, macOS and iOS, Linux
     * tcp_mtu_probing, RFC 4821 and 8899). Not a black hole: a segment acknowledged at its own size
     * after timeouts (an outage: the path came back), a fast retransmission (SACK recovery resends
     * once), packets sent without DF (a smaller link would fragment them), a size no larger
     * than what was acknowledged or what every link carries, or what {@link #mayBeAggregate}.
     */
    private static StalledSegment fellBackAroundBlackHole(Sender sender, Sender peer) {
        StalledSegment fellBack = sender.fellBack();
        if (fellBack == null || fellBack.sends() < SILENT_BLACK_HOLE_SENDS || sender.fragmentable()) {
            return null;
        }
        int length = fellBack.packetLength();
        if (length <= sender.safePacketLength() || length <= sender.largestAcknowledgedPacket()
                || mayBeAggregate(length, peer)) {
            return null;
        }
        return fellBack;
    }

    /**
     * A "packet" above standard Ethernet from a flow whose SYNs the capture lacks: without the
     * peer's MSS, {@link FlowRules#isAggregate} cannot tell a receive-offload aggregate (GRO) from
     * a jumbo frame, so no black hole is read from it (nDPI ultrasurf.pcap: 2628-byte merges of
     * two 1288-byte segments, resent and merged differently).
     */
    private static boolean mayBeAggregate(int packetLength, Sender peer) {
        return packetLength > STANDARD_ETHERNET_MTU && peer.synMss() < 0;
    }

    /** The segment that makes a silent black hole of this sender, or null when there is none. */
    private static StalledSegment silentlyStalled(Sender sender, Sender peer) {
        StalledSegment stalled = sender.stalledSegment();
        if (stalled == null || stalled.sends() < SILENT_BLACK_HOLE_SENDS) {
            return null;
        }
        int length = stalled.packetLength();
        // Smaller packets must have got through (something was acknowledged), and the stuck one
        // must be larger than anything acknowledged and than what every link carries:
        // otherwise a dead peer or plain loss explains it as well as an MTU does.
        if (sender.largestAcknowledgedPacket() == 0 || length <= sender.largestAcknowledgedPacket()
                || length <= sender.safePacketLength() || mayBeAggregate(length, peer)) {
            return null;
        }
        // Small packets must still get through while the big one is stuck. A smaller segment
        // sent during the stall that the peer never answered, not even with a duplicate ACK,
        // says they do not: the peer or the whole path is gone, whatever the size.
        long smallerSent = sender.lastSmallerSentDuring(stalled);
        if (smallerSent >= 0 && peer.lastSeen() < smallerSent) {
            return null;
        }
        return stalled;
    }

    /**
     * The receiver's view of a black hole: the hole in {@code sender}'s data that makes one, or
     * null. Bytes the sender sent never reached the capture point for
     * {@link #RECEIVER_STALL_NANOS} or more (filled late, in whatever packets, or never); the hole
     * is at least one full-size segment and more than any packet that did arrive carried; and
     * the largest packet that arrived is smaller than what both MSS options allowed. The receiver
     * must be seen acknowledging up to the hole (a capture of one direction shows no receiver),
     * and a hole it acknowledged before the capture saw its bytes is the capture's loss and never
     * counts ({@link MissingBytes}). With ICMP about the sender, or the sender's own resends in
     * the capture, the sender's view judges instead.
     */
    public static MissingBytes.Hole lostBeforeReceiver(Sender sender, Sender peer) {
        if (sender.tooBig() != null || peer.synMss() <= 0 || sender.largestPacket() == 0) {
            return null;
        }
        long end = lastActivity(sender, peer);
        MissingBytes.Hole hole = sender.longestHole(end);
        if (hole == null || !hole.receiverAtStart() || hole.stall(end) < RECEIVER_STALL_NANOS) {
            return null;
        }
        int sendable = sendablePacket(sender, peer);
        long fullSegment = sendable - headerOverhead(sender.source().address().version()) - MAXIMUM_TCP_OPTIONS;
        if (hole.missing() < fullSegment || hole.missing() <= sender.largestPayload()
                || sender.largestPacket() >= sendable) {
            return null;
        }
        return hole;
    }

    /** When the flow was last seen active, either way: a hole still open stalls it until then. */
    static long lastActivity(Sender sender, Sender peer) {
        return Math.max(sender.lastSeen(), peer.lastSeen());
    }

    /**
     * The largest packet {@code sender} may send: the MSS the peer's SYN advertised, or the
     * sender's own when smaller (it reflects the sender's link), plus the headers.
     */
    public static int sendablePacket(Sender sender, Sender peer) {
        int mss = peer.synMss();
        if (sender.synMss() > 0) {
            mss = Math.min(mss, sender.synMss());
        }
        return mss + headerOverhead(sender.source().address().version());
    }

    /**
     * The tunnel the lost packets crossed against the link under it, or null without a tunnel.
     * That link's MTU is what an ICMP about the tunnel's packets reported, else at least what
     * acknowledged packets show it carried, else standard Ethernet's.
     *
     * @param underlayMtu the MTU ICMP reported for tunnel packets themselves, -1 when none did
     */
    static Fix.TunnelLimit tunnelLimit(Finding.LostPath path, int underlayMtu, int wantedMtu) {
        Encapsulation encapsulation = path.tunnel();
        if (!encapsulation.isTunnel()) {
            return null;
        }
        int underlay = STANDARD_ETHERNET_MTU;
        Fix.UnderlayEvidence evidence = Fix.UnderlayEvidence.ASSUMED;
        // An MTU that leaves less than the smallest link inside the tunnel is no real link's.
        if (underlayMtu - encapsulation.overhead() >= MINIMUM_MTU) {
            underlay = underlayMtu;
            evidence = Fix.UnderlayEvidence.ICMP;
        } else if (path.largestCarried() > STANDARD_ETHERNET_MTU) {
            underlay = path.largestCarried();
            evidence = Fix.UnderlayEvidence.ACKNOWLEDGED;
        }
        if (underlay <= encapsulation.overhead()) {
            return null;
        }
        return new Fix.TunnelLimit(encapsulation.tunnel(), encapsulation.overhead(), underlay, evidence, wantedMtu);
    }
}
