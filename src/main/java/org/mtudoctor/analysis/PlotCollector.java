package org.mtudoctor.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.FlowRef;
import org.mtudoctor.diagnosis.Severity;
import org.mtudoctor.flow.SentSequence;

/**
 * The second pass of {@code --html}: reads the captures again and keeps, for the flows that the
 * problem findings name, every packet the plots draw ({@link FlowPlot}). The analysis stays one
 * pass with memory bounded by flows; this pass keeps packets only of at most
 * {@link #MAX_FLOWS} flows a finding, {@link #MAX_PACKETS} packets a flow.
 */
public final class PlotCollector implements FrameSink {

    /** Flows plotted per finding: the selector's choices. */
    public static final int MAX_FLOWS = 10;
    /** Packets kept per flow: a plot of more says little more, and the page must stay light. */
    public static final int MAX_PACKETS = 200_000;

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    /** One trace per flow, shared by the findings that name it. */
    private final Map<FlowRef, Trace> traces = new LinkedHashMap<>();
    /** For each finding, in the diagnosis's order: its flows to plot (none for other than problems). */
    private final List<List<FlowRef>> plotted = new ArrayList<>();

    public PlotCollector(List<Finding> findings) {
        for (Finding finding : findings) {
            List<FlowRef> flows = finding.severity() == Severity.PROBLEM
                    ? finding.flows().stream().limit(MAX_FLOWS).toList() : List.of();
            flows.forEach(flow -> traces.computeIfAbsent(flow, Trace::new));
            plotted.add(flows);
        }
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        if (traces.isEmpty()) {
            return;
        }
        decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
        if (packet.content() != Packet.Content.TCP && packet.content() != Packet.Content.ICMP_TOO_BIG) {
            return;
        }
        for (Trace trace : traces.values()) {
            trace.offer(packet, timestampNanos);
        }
    }

    @Override
    public void warning(CaptureWarning warning) {
        // The analysis pass reported the input's warnings already.
    }

    /** For each finding, in the diagnosis's order, the plots of its flows (empty for all but problems). */
    public List<List<FlowPlot>> plots() {
        List<List<FlowPlot>> plots = new ArrayList<>();
        for (List<FlowRef> flows : plotted) {
            plots.add(flows.stream().map(flow -> traces.get(flow).plot()).filter(plot -> plot != null).toList());
        }
        return plots;
    }

    /** The packets of one flow, both ways, as they pass. */
    private static final class Trace {
        private final FlowRef flow;
        private final SentSequence sent = new SentSequence();
        private final SentSequence peerSent = new SentSequence();
        private final List<FlowPlot.Segment> packets = new ArrayList<>();
        private final List<FlowPlot.Ack> acks = new ArrayList<>();
        private final List<FlowPlot.Sack> sacks = new ArrayList<>();
        private final List<FlowPlot.TooBig> icmp = new ArrayList<>();
        private long start = Long.MIN_VALUE;
        private boolean baseKnown;
        private long base;
        private long lastAck = -1;
        private boolean truncated;
        /**
         * The sender's latest transmission of each stretch of its data not yet acknowledged, by
         * first sequence number: {end, IP packet size}. A later transmission of any of its bytes
         * takes its place; the ACK or a SACK block covering it credits it (largestThrough).
         */
        private final TreeMap<Long, long[]> unacknowledged = new TreeMap<>();
        private int largestThrough;

        Trace(FlowRef flow) {
            this.flow = flow;
        }

        void offer(Packet packet, long time) {
            if (packet.content() == Packet.Content.ICMP_TOO_BIG) {
                if (aboutFlow(packet)) {
                    icmp.add(new FlowPlot.TooBig(micros(time), packet.reportedMtu(),
                            IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow()).toString()));
                }
                return;
            }
            boolean fromSender = flow.fromSource(packet);
            boolean fromPeer = !fromSender && flow.toSource(packet);
            if (!fromSender && !fromPeer) {
                return;
            }
            SentSequence.Segment segment = (fromSender ? sent : peerSent).add(packet, time);
            if (segment == SentSequence.Segment.SECOND_VIEW) {
                return;
            }
            if (packets.size() >= MAX_PACKETS) {
                truncated = true;
                return;
            }
            long micros = micros(time);
            if (fromSender) {
                if (!baseKnown || (packet.tcpFlags() & Packet.SYN) != 0) {
                    base = packet.sequence() + ((packet.tcpFlags() & Packet.SYN) != 0 ? 1 : 0);
                    baseKnown = true;
                }
                if (packet.payloadLength() > 0) {
                    long first = relative(packet.sequence());
                    packets.add(new FlowPlot.Segment(micros, packet.ipPacketLength(), first,
                            packet.payloadLength(), false, segment == SentSequence.Segment.RESEND));
                    transmitted(first, first + packet.payloadLength(), packet.ipPacketLength());
                }
                return;
            }
            packets.add(new FlowPlot.Segment(micros, packet.ipPacketLength(), -1, packet.payloadLength(), true,
                    segment == SentSequence.Segment.RESEND));
            if ((packet.tcpFlags() & Packet.ACK) != 0 && baseKnown) {
                long ack = relative(packet.acknowledgment());
                if (ack != lastAck) {
                    acks.add(new FlowPlot.Ack(micros, ack));
                    lastAck = ack;
                }
                delivered(Long.MIN_VALUE, ack);
                for (int i = 0; i < packet.sackBlocks(); i++) {
                    long left = relative(packet.sackLeft(i));
                    long right = relative(packet.sackRight(i));
                    sacks.add(new FlowPlot.Sack(micros, left, right));
                    delivered(left, right);
                }
            }
        }

        /** Relative to the sender's first sequence number, in 32-bit sequence space (may go below 0 a little). */
        private long relative(long sequence) {
            return (int) (sequence - base);
        }

        private long micros(long time) {
            if (start == Long.MIN_VALUE) {
                start = time;
            }
            return (time - start) / 1000;
        }

        private boolean aboutFlow(Packet packet) {
            return packet.quotedAddressesKnown() && packet.quotedSourcePort() >= 0 && flow.quotesFromSource(packet);
        }

        FlowPlot plot() {
            if (start == Long.MIN_VALUE) {
                return null; // not one packet of it in this pass (a file removed since)
            }
            return new FlowPlot(flow, start, packets, acks, sacks, icmp, largestThrough, truncated);
        }

        /** The sender sent {@code [first, end)}: earlier transmissions of any of those bytes are not what got through. */
        private void transmitted(long first, long end, int size) {
            Map.Entry<Long, long[]> before = unacknowledged.floorEntry(first);
            if (before != null && before.getValue()[0] > first) {
                unacknowledged.remove(before.getKey());
            }
            unacknowledged.subMap(first, true, end, false).clear();
            unacknowledged.put(first, new long[] {end, size});
        }

        /** The peer holds {@code [first, end)}: each latest transmission wholly inside it got through. */
        private void delivered(long first, long end) {
            var held = first == Long.MIN_VALUE ? unacknowledged.headMap(end, false)
                    : unacknowledged.subMap(first, true, end, false);
            for (var iterator = held.values().iterator(); iterator.hasNext(); ) {
                long[] transmission = iterator.next();
                if (transmission[0] <= end) {
                    largestThrough = Math.max(largestThrough, (int) transmission[1]);
                    iterator.remove();
                }
            }
        }
    }
}
