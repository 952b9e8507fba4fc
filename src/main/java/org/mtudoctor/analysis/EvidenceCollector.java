package org.mtudoctor.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.FlowRef;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.diagnosis.Rules;
import org.mtudoctor.flow.FlowRules;
import org.mtudoctor.flow.SentSequence;

/**
 * The second pass of {@code --evidence}: reads the captures again and picks, for each finding,
 * the packets of its first listed flow that show it. The analysis itself stays one streaming
 * pass with no frame numbers in its flow state; this pass knows which flow and what to look
 * for, so it keeps a few packets per finding and nothing else.
 *
 * <ul>
 * <li>PMTU black hole: the first ICMP too-big from the reporter about the flow, and the first
 *     {@value #RESENDS_SHOWN} oversize resends of data the sender had already sent, after it.</li>
 * <li>PMTUD that worked: that ICMP, and the first data packet after it that fits the MTU.</li>
 * <li>PMTUD unconfirmed, ICMP MTU 0: that ICMP.</li>
 * <li>Silent black hole: the stuck packet's first send and last resend (of the packets of the
 *     finding's size the peer never acknowledged, the one sent most often).</li>
 * <li>MSS raised in the path: the peer's SYN that advertised the MSS, and the first segment
 *     above it.</li>
 * <li>Offload aggregates: the sender's first aggregate.</li>
 * </ul>
 */
public final class EvidenceCollector implements FrameSink {

    /** Oversize resends shown for a black hole: as many as make one. */
    static final int RESENDS_SHOWN = Rules.BLACK_HOLE_RESENDS;
    /** Unacknowledged packets kept for a silent black hole's stuck packet: a window holds far fewer. */
    private static final int MAX_COUNTED_SEQUENCES = 10_000;

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private final List<Matcher> matchers = new ArrayList<>();
    private String input;
    private long frame;

    /** @param findings the diagnosis's findings, in its order; the result follows that order */
    public EvidenceCollector(List<Finding> findings) {
        for (Finding finding : findings) {
            matchers.add(finding.flows().isEmpty() ? new Matcher(null) : matcherFor(finding, finding.flows().get(0)));
        }
    }

    private static Matcher matcherFor(Finding finding, FlowRef flow) {
        return switch (finding.kind()) {
            case PMTU_BLACK_HOLE -> {
                Finding.PmtuBlackHole hole = (Finding.PmtuBlackHole) finding;
                yield new TooBigMatcher(flow, hole.reporter(), hole.mtu(), Follow.OVERSIZE_RESENDS);
            }
            case PMTUD_WORKED, PMTUD_UNCONFIRMED -> {
                Finding.PathMtuDiscovery discovery = (Finding.PathMtuDiscovery) finding;
                Follow follow = discovery.kind() == Kind.PMTUD_WORKED ? Follow.FITTING : Follow.NOTHING;
                yield new TooBigMatcher(flow, discovery.reporter(), discovery.mtu(), follow);
            }
            case ICMP_MTU_ZERO -> {
                Finding.IcmpMtuZero zero = (Finding.IcmpMtuZero) finding;
                yield new TooBigMatcher(flow, zero.reporter(), zero.estimatedMtu(), Follow.NOTHING);
            }
            case SILENT_BLACK_HOLE -> {
                Finding.SilentBlackHole silent = (Finding.SilentBlackHole) finding;
                yield new StuckPacketMatcher(flow, silent.stalledPacket(), silent.fellBack());
            }
            case RECEIVER_BLACK_HOLE -> new MissingBytesMatcher(flow);
            case MSS_RAISED_IN_PATH -> new RaisedMssMatcher(flow, ((Finding.MssRaisedInPath) finding).advertisedMss());
            case OFFLOAD_AGGREGATES -> new AggregateMatcher(flow);
            // About no TCP flow: the finding itself names the router and the destinations.
            case PATH_MTU -> new Matcher(null);
        };
    }

    /** The next frames come from this capture, numbered from 1. */
    public void startInput(String name) {
        input = name;
        frame = 0;
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        frame++;
        decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
        for (Matcher matcher : matchers) {
            if (matcher.flow == null) {
                continue;
            }
            matcher.time = timestampNanos;
            matcher.observe(packet);
            String role = matcher.offer(packet);
            if (role != null) {
                matcher.accept(new EvidencePacket(input, frame, role, linkType,
                        Arrays.copyOfRange(data, offset, offset + capturedLength), originalLength));
            }
        }
    }

    @Override
    public void warning(CaptureWarning warning) {
        // The analysis pass reported the input's warnings already.
    }

    /** The evidence of each finding, in the order of the findings given; after the last input. */
    public List<List<EvidencePacket>> evidence() {
        List<List<EvidencePacket>> evidence = new ArrayList<>();
        for (Matcher matcher : matchers) {
            evidence.add(List.copyOf(matcher.finish()));
        }
        return evidence;
    }

    /** Picks the packets of one finding as they pass. */
    private static class Matcher {
        final FlowRef flow;
        final List<EvidencePacket> found = new ArrayList<>();
        /** The MSS the peer's SYN advertised; 0 before it. */
        int peerMss;
        /** Capture time of the packet being offered. */
        long time;

        Matcher(FlowRef flow) {
            this.flow = flow;
        }

        /** The role of this packet in the evidence, or null when it plays none. */
        String offer(Packet packet) {
            return null;
        }

        /** Called first with every packet: keeps the peer's MSS, which tells aggregates apart. */
        void observe(Packet packet) {
            if ((packet.tcpFlags() & Packet.SYN) != 0 && packet.mss() > 0 && toSender(packet)) {
                peerMss = packet.mss();
            }
        }

        /**
         * A GRO/TSO aggregate from the sender, by the analysis's own rule: the analysis leaves
         * those out of every size judgement, so the evidence does too.
         */
        boolean isAggregate(Packet packet) {
            return FlowRules.isAggregate(packet.ipPacketLength(), packet.payloadLength() + packet.tcpOptionsLength(), peerMss);
        }

        /** The packet {@link #offer} just gave a role, with its bytes. */
        void accept(EvidencePacket packet) {
            found.add(packet);
        }

        List<EvidencePacket> finish() {
            return found;
        }

        /** A TCP segment from the finding's sender to its peer. */
        boolean fromSender(Packet packet) {
            return packet.content() == Packet.Content.TCP && flow.fromSource(packet);
        }

        /** A TCP segment from the peer to the finding's sender. */
        boolean toSender(Packet packet) {
            return packet.content() == Packet.Content.TCP && flow.toSource(packet);
        }
    }

    private enum Follow { NOTHING, OVERSIZE_RESENDS, FITTING }

    /** An ICMP too-big about the flow from the reporter, then what the sender did. */
    private static final class TooBigMatcher extends Matcher {
        private final IpAddress reporter;
        private final int mtu;
        private final Follow follow;
        private final SentSequence sent = new SentSequence();
        /** The largest packet that carried each sequence number the sender sent, for a rewritten quote. */
        private final Map<Integer, Integer> sentPackets = new LinkedHashMap<>();
        private boolean icmpFound;
        private int resends;
        private boolean done;

        TooBigMatcher(FlowRef flow, IpAddress reporter, int mtu, Follow follow) {
            super(flow);
            this.reporter = reporter;
            this.mtu = mtu;
            this.follow = follow;
        }

        @Override
        String offer(Packet packet) {
            if (done) {
                return null;
            }
            // Every packet of the sender goes through the analysis's own rule, so the resends
            // shown are the ones the analysis counted, second views (tcpdump -i any) left out.
            SentSequence.Segment segment = fromSender(packet) ? sent.add(packet, time) : null;
            if (segment != null && !icmpFound && packet.payloadLength() > 0
                    && (sentPackets.size() < MAX_COUNTED_SEQUENCES || sentPackets.containsKey((int) packet.sequence()))) {
                sentPackets.merge((int) packet.sequence(), packet.ipPacketLength(), Math::max);
            }
            if (!icmpFound) {
                if (segment == null && isTooBigAboutFlow(packet)) {
                    icmpFound = true;
                    done = follow == Follow.NOTHING;
                    return "the first ICMP too-big from " + reporter + " about this flow, MTU " + packet.reportedMtu();
                }
                return null;
            }
            if (segment == null || packet.payloadLength() == 0 || segment == SentSequence.Segment.SECOND_VIEW
                    || isAggregate(packet)) {
                return null;
            }
            boolean resend = segment == SentSequence.Segment.RESEND;
            if (follow == Follow.FITTING) {
                if (packet.ipPacketLength() <= mtu) {
                    done = true;
                    return "the first data packet after it, " + packet.ipPacketLength() + " bytes: fits MTU " + mtu;
                }
                return null;
            }
            if (resend && packet.ipPacketLength() > mtu) {
                done = ++resends == RESENDS_SHOWN;
                return (resends == 1 ? "an" : "another") + " oversize resend after it, " + packet.ipPacketLength()
                        + " bytes against MTU " + mtu;
            }
            return null;
        }

        private boolean isTooBigAboutFlow(Packet packet) {
            return packet.content() == Packet.Content.ICMP_TOO_BIG
                    && (!FlowRules.reportsMtuNotBelowPacket(packet) || FlowRules.quoteRewritten(packet,
                            sentPackets.getOrDefault((int) packet.quotedSequence(), -1)))
                    && (reporter == null || matchesAddress(reporter, packet.ipVersion(), packet.sourceHigh(), packet.sourceLow()))
                    && flow.quotesFromSource(packet);
        }

        private static boolean matchesAddress(IpAddress address, int version, long high, long low) {
            return address.version() == version && address.high() == high && address.low() == low;
        }
    }

    /**
     * The stuck packet: of the sender's packets of the finding's size that the peer never
     * acknowledged, the one sent most often (the earliest on a tie); its first and last send.
     */
    private static final class StuckPacketMatcher extends Matcher {
        private final int packetLength;
        /** The finding's senders fell back: the stuck data was acknowledged once resent smaller. */
        private final boolean fellBack;
        /** Unacknowledged packets of the size, by sequence number, in the order first sent. */
        private final Map<Integer, Sends> unacknowledged = new LinkedHashMap<>();
        private int offeredSequence;
        private int offeredEnd;
        private boolean offeredSmaller;

        /** One sequence number's sends: how many, the first and the last, and a smaller resend of its data. */
        private static final class Sends {
            final int end;
            int count;
            EvidencePacket first;
            EvidencePacket last;
            EvidencePacket smaller;
            int smallerLength;

            Sends(int end) {
                this.end = end;
            }
        }

        StuckPacketMatcher(FlowRef flow, int packetLength, boolean fellBack) {
            super(flow);
            this.packetLength = packetLength;
            this.fellBack = fellBack;
        }

        @Override
        String offer(Packet packet) {
            if (toSender(packet) && (packet.tcpFlags() & Packet.ACK) != 0) {
                // What is acknowledged cannot be the stuck packet (the finding needs it larger than
                // anything acknowledged); forgetting it keeps this map to a window's worth.
                // A sender that fell back got the stuck data acknowledged after resending it smaller:
                // that one stays.
                int acknowledgment = (int) packet.acknowledgment();
                unacknowledged.values().removeIf(sends -> sends.end - acknowledgment <= 0 && sends.smaller == null);
                return null;
            }
            offeredSmaller = false;
            if (fellBack && fromSender(packet) && packet.payloadLength() > 0 && packet.ipPacketLength() < packetLength
                    && !isAggregate(packet)) {
                Sends sends = unacknowledged.get((int) packet.sequence());
                if (sends != null && sends.smaller == null) {
                    offeredSequence = (int) packet.sequence();
                    offeredEnd = packet.ipPacketLength();
                    offeredSmaller = true;
                    return "smaller";
                }
            }
            if (fromSender(packet) && packet.ipPacketLength() == packetLength && packet.payloadLength() > 0
                    && !isAggregate(packet)) {
                offeredSequence = (int) packet.sequence();
                offeredEnd = offeredSequence + packet.payloadLength();
                if (unacknowledged.containsKey(offeredSequence) || unacknowledged.size() < MAX_COUNTED_SEQUENCES) {
                    return "send";
                }
            }
            return null;
        }

        @Override
        void accept(EvidencePacket packet) {
            if (offeredSmaller) {
                Sends sends = unacknowledged.get(offeredSequence);
                sends.smaller = packet;
                sends.smallerLength = offeredEnd;
                return;
            }
            Sends sends = unacknowledged.computeIfAbsent(offeredSequence, sequence -> new Sends(offeredEnd));
            sends.count++;
            if (sends.first == null) {
                sends.first = packet;
            } else {
                sends.last = packet;
            }
        }

        @Override
        List<EvidencePacket> finish() {
            Sends stuck = null;
            for (Sends sends : unacknowledged.values()) {
                if ((!fellBack || sends.smaller != null) && (stuck == null || sends.count > stuck.count)) {
                    stuck = sends;
                }
            }
            if (stuck == null) {
                return List.of();
            }
            List<EvidencePacket> evidence = new ArrayList<>();
            evidence.add(stuck.first.withRole("the stuck packet, " + packetLength + " bytes: its first send"));
            if (stuck.last != null) {
                evidence.add(stuck.last.withRole("its last resend, " + packetLength + " bytes, send " + stuck.count
                        + " of it, never acknowledged"));
            }
            if (stuck.smaller != null) {
                evidence.add(stuck.smaller.withRole("the fallback: its data again in " + stuck.smallerLength
                        + " bytes, which the peer acknowledged"));
            }
            return evidence;
        }
    }

    /**
     * The receiving end's view: the receiver's SYN with the MSS it allowed, the sender's packet
     * that shows the most bytes missing before it (it starts past everything that arrived), and
     * the first packet that brings the missing bytes at last.
     */
    private static final class MissingBytesMatcher extends Matcher {
        private enum Role { SYN, GAP, FILL }

        /** The sender's segments, by the analysis's own classifier: the same second views, the same highest end. */
        private final SentSequence sent = new SentSequence();
        private long largestGap;
        private int gapStart;
        private boolean filling;
        private Role offered;
        private EvidencePacket syn;
        private EvidencePacket gap;
        private EvidencePacket fill;

        MissingBytesMatcher(FlowRef flow) {
            super(flow);
        }

        @Override
        String offer(Packet packet) {
            int flags = packet.tcpFlags();
            if (syn == null && toSender(packet) && (flags & Packet.SYN) != 0 && packet.mss() > 0) {
                offered = Role.SYN;
                return "the receiver's SYN, which allowed segments of up to " + packet.mss() + " bytes";
            }
            if (!fromSender(packet)) {
                return null;
            }
            boolean endKnown = sent.highestEndKnown();
            int highestEnd = sent.highestEnd();
            if (sent.add(packet, time) == SentSequence.Segment.SECOND_VIEW) {
                return null;
            }
            int sequence = (int) packet.sequence();
            int end = sequence + packet.payloadLength() + ((flags & (Packet.SYN | Packet.FIN)) != 0 ? 1 : 0);
            // As flow.Sender sees a hole: a segment other than a SYN or RST starting past the highest end.
            if (endKnown && (flags & (Packet.SYN | Packet.RST)) == 0 && sequence - highestEnd > 0
                    && sequence - highestEnd > largestGap) {
                largestGap = sequence - highestEnd;
                gapStart = highestEnd;
                filling = true;
                offered = Role.GAP;
                return "the first packet past " + largestGap + " bytes the sender sent that never arrived here";
            }
            if (filling && packet.payloadLength() > 0 && sequence - gapStart <= 0 && end - gapStart > 0) {
                filling = false;
                offered = Role.FILL;
                return "the missing bytes arrive at last, in a " + packet.ipPacketLength() + "-byte packet";
            }
            return null;
        }

        @Override
        void accept(EvidencePacket packet) {
            switch (offered) {
                case SYN -> syn = packet;
                case GAP -> {
                    gap = packet;
                    fill = null;
                }
                case FILL -> fill = packet;
            }
        }

        @Override
        List<EvidencePacket> finish() {
            List<EvidencePacket> evidence = new ArrayList<>();
            for (EvidencePacket packet : new EvidencePacket[] {syn, gap, fill}) {
                if (packet != null) {
                    evidence.add(packet);
                }
            }
            return evidence;
        }
    }

    /** The peer's SYN that advertised the MSS, and the first segment above it. */
    private static final class RaisedMssMatcher extends Matcher {
        private final int advertisedMss;
        private boolean synFound;
        private boolean done;

        RaisedMssMatcher(FlowRef flow, int advertisedMss) {
            super(flow);
            this.advertisedMss = advertisedMss;
        }

        @Override
        String offer(Packet packet) {
            if (done) {
                return null;
            }
            if (!synFound && toSender(packet) && (packet.tcpFlags() & Packet.SYN) != 0 && packet.mss() == advertisedMss) {
                synFound = true;
                return "the SYN that advertised MSS " + advertisedMss;
            }
            int segment = packet.payloadLength() + packet.tcpOptionsLength();
            if (synFound && fromSender(packet) && packet.payloadLength() > 0 && segment > advertisedMss
                    && !isAggregate(packet)) {
                done = true;
                return "the first segment above it, " + segment + " bytes (payload + options)";
            }
            return null;
        }
    }

    /** The sender's first GRO/TSO aggregate. */
    private static final class AggregateMatcher extends Matcher {

        AggregateMatcher(FlowRef flow) {
            super(flow);
        }

        @Override
        String offer(Packet packet) {
            if (found.isEmpty() && fromSender(packet) && packet.payloadLength() > 0 && isAggregate(packet)) {
                return "the first aggregate, " + packet.ipPacketLength() + " bytes: more than the wire carries";
            }
            return null;
        }
    }
}
