package org.mtudoctor.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;
import org.mtudoctor.decode.Rfc1191Plateaus;
import org.mtudoctor.decode.TcpPeek;
import org.mtudoctor.decode.Tunnel;

/**
 * The per-packet loop: decode each frame in place and feed the flow table. One instance per
 * analysis; it reuses one {@link Packet} for every frame.
 */
public final class TrafficPipeline implements FrameSink {

    /** Warnings kept word for word; more are only counted, so a broken file cannot flood memory. */
    static final int MAX_WARNINGS = 20;

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private final TcpPeek peek = new TcpPeek();
    private final FlowTracker tracker;

    private long frames;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private long tcpSegments;
    private long secondViews;
    private long tooBigMessages;
    private long tooBigWithoutFlow;
    private long tooBigAboutTunnels;
    private long tooBigNotBelowPacket;
    private long tooBigQuoteRewritten;
    private long truncatedFrames;
    private long malformedFrames;
    private long encryptedPppFrames;
    private final Map<Integer, Long> unknownLinkTypes = new TreeMap<>();
    private final List<CaptureWarning> warnings = new ArrayList<>();
    private long warningsDropped;
    private long framesBackInTime;
    private long firstFrameBackInTime;
    private long largestStepBack;

    /** Told of each ICMP too-big message as it passes: who sent it, and the MTU field as sent. */
    public interface TooBigListener {
        void tooBig(IpAddress reporter, int mtu);
    }

    private TooBigListener tooBigListener;

    /** This pipeline's shard and how many there are: it analyses only the packets {@link FlowTracker#shardOf} gives it. */
    private final int shard;
    private final int shards;
    private final Shards.Stop stop;

    public TrafficPipeline(FlowTracker tracker) {
        this(tracker, 0, 1, null);
    }

    /**
     * One shard of a sharded analysis: it reads every frame, keeps the capture's clock with
     * them, and analyses the packets of its own flows (and, shard 0, every packet that belongs
     * to no TCP flow). Stops with {@link Shards.Stopped} soon after {@code stop} is set.
     */
    public TrafficPipeline(FlowTracker tracker, int shard, int shards, Shards.Stop stop) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        this.tracker = tracker;
        this.shard = shard;
        this.shards = shards;
        this.stop = stop;
    }

    /** Live mode's metrics: each ICMP too-big message from now on, to {@code listener}. */
    public void onTooBig(TooBigListener listener) {
        this.tooBigListener = listener;
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset,
                      int capturedLength, int originalLength, int interfaceId) {
        frames++;
        if (timestampNanos < lastTime) {
            steppedBack(timestampNanos);
        }
        firstTime = Math.min(firstTime, timestampNanos);
        lastTime = Math.max(lastTime, timestampNanos);
        // Every frame moves the clock and may end idle flows, whichever shard owns it, so that
        // each shard ends its flows at the same moments as one table would.
        tracker.expireIdle(timestampNanos);
        if (shards > 1 && othersAtAGlance(linkType, data, offset, capturedLength, originalLength)) {
            return;
        }
        decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
        if (shards > 1 && FlowTracker.shardOf(packet, shards) != shard) {
            return;
        }
        switch (packet.damage()) {
            case TRUNCATED -> truncatedFrames++;
            case MALFORMED -> malformedFrames++;
            default -> { }
        }
        switch (packet.content()) {
            case TCP -> {
                tcpSegments++;
                if (!tracker.tcp(packet, timestampNanos)) {
                    secondViews++;
                }
            }
            case ICMP_TOO_BIG -> tooBig(timestampNanos);
            case UNKNOWN_LINK -> unknownLinkTypes.merge(linkType, 1L, Long::sum);
            case ENCRYPTED_PPP -> encryptedPppFrames++;
            default -> { }
        }
    }

    /**
     * Whether the frame is, by its fixed offsets alone, a TCP segment of another shard's flow
     * (most frames, for all but one shard): then it need not be decoded here. Checks now and
     * then whether to stop.
     */
    private boolean othersAtAGlance(int linkType, byte[] data, int offset, int capturedLength, int originalLength) {
        if ((frames & 0xFFF) == 0 && stop != null && stop.requested()) {
            throw new Shards.Stopped();
        }
        return peek.peek(linkType, data, offset, capturedLength, originalLength)
                && FlowTracker.shardOf(4, 0, peek.source(), peek.sourcePort(), 0, peek.destination(),
                        peek.destinationPort(), shards) != shard;
    }

    private void tooBig(long time) {
        tooBigMessages++;
        int mtu = packet.reportedMtu();
        if (tooBigListener != null) {
            tooBigListener.tooBig(IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow()), mtu);
        }
        if (FlowRules.reportsMtuNotBelowPacket(packet)) {
            if (!FlowRules.quoteRewritten(packet, tracker.quotedPacketSent(packet))) {
                tooBigNotBelowPacket++;
                return;
            }
            tooBigQuoteRewritten++;
        }
        boolean estimated = false;
        if (mtu == 0) {
            estimated = true;
            // RFC 1191 section 7: without a next-hop MTU, assume the plateau below the packet
            // that did not fit. An unknown quoted length leaves only the smallest plateau.
            int quoted = packet.quotedPacketLength();
            mtu = quoted > 0 ? Rfc1191Plateaus.plateauBelow(quoted) : Rfc1191Plateaus.MINIMUM_MTU;
        }
        if (!tracker.tooBig(packet, mtu, estimated, time)) {
            tooBigWithoutFlow++;
            if (Tunnel.carrier(packet.quotedProtocol(), packet.quotedDestinationPort())) {
                tooBigAboutTunnels++;
                tracker.underlayTooBig(mtu);
            } else if (packet.quotedAddressesKnown()) {
                tracker.otherTooBig(new OtherTooBig(
                        IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow()), mtu, estimated,
                        IpAddress.of(packet.quotedIpVersion(), packet.quotedSourceHigh(), packet.quotedSourceLow()),
                        IpAddress.of(packet.quotedIpVersion(), packet.quotedDestinationHigh(), packet.quotedDestinationLow()),
                        packet.quotedProtocol(), time));
            }
        }
    }

    @Override
    public void warning(CaptureWarning warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else {
            warningsDropped++;
        }
    }

    private void steppedBack(long time) {
        if (framesBackInTime++ == 0) {
            firstFrameBackInTime = frames;
        }
        largestStepBack = Math.max(largestStepBack, lastTime - time);
    }

    /** End of input: says whether time went backwards, and hands the remaining flows to the listener. */
    public void finish() {
        if (framesBackInTime > 0) {
            // Idle timeouts and durations are taken in file order; a clock that jumps explains odd ones.
            warning(new CaptureWarning(CaptureWarning.Kind.TIME_BACKWARDS, String.format(Locale.ROOT,
                    "%d frame%s older than a frame before %s (the first is frame %d,"
                    + " the largest step back %d.%06d s): capture time is taken in file order",
                    framesBackInTime, framesBackInTime == 1 ? "" : "s", framesBackInTime == 1 ? "it" : "them",
                    firstFrameBackInTime, largestStepBack / 1_000_000_000, largestStepBack % 1_000_000_000 / 1000)));
        }
        tracker.finish();
    }

    /** The counts so far, frozen: what the reports are written from. */
    public TrafficSummary summary() {
        return summaryWith(List.of());
    }

    /**
     * The counts of a sharded analysis, frozen: this pipeline's (shard 0's) frames, times and
     * warnings, which every shard saw alike, and the sums of what each shard analysed.
     */
    public TrafficSummary summaryWith(List<TrafficPipeline> otherShards) {
        List<TrafficPipeline> shards = new ArrayList<>(otherShards.size() + 1);
        shards.add(this);
        shards.addAll(otherShards);
        long flowsSeen = 0, segments = 0, views = 0, tooBig = 0, withoutFlow = 0, aboutTunnels = 0, notBelow = 0,
                rewritten = 0, truncated = 0, malformed = 0, encrypted = 0, expired = 0;
        Map<Integer, Long> unknown = new TreeMap<>();
        for (TrafficPipeline shard : shards) {
            flowsSeen += shard.tracker.flowsSeen();
            segments += shard.tcpSegments;
            views += shard.secondViews;
            tooBig += shard.tooBigMessages;
            withoutFlow += shard.tooBigWithoutFlow;
            aboutTunnels += shard.tooBigAboutTunnels;
            notBelow += shard.tooBigNotBelowPacket;
            rewritten += shard.tooBigQuoteRewritten;
            truncated += shard.truncatedFrames;
            malformed += shard.malformedFrames;
            encrypted += shard.encryptedPppFrames;
            shard.unknownLinkTypes.forEach((type, count) -> unknown.merge(type, count, Long::sum));
            expired += shard.tracker.expirations();
        }
        return new TrafficSummary(frames, firstTime, lastTime, flowsSeen, segments, views, tooBig, withoutFlow,
                aboutTunnels, notBelow, rewritten, truncated, malformed, encrypted, unknown, warnings, warningsDropped,
                expired, tracker.maximumFlows());
    }

    /** Frames read so far (a progress display may sample it from another thread). */
    public long frames() { return frames; }
    public long tooBigMessages() { return tooBigMessages; }
}
