package org.mtudoctor.flow;

import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;

/**
 * The table of live TCP flows, fed one decoded packet at a time. Memory is bounded by the
 * number of live flows: when the table is full, the flow idle longest (to within a second of
 * capture time) is handed to the listener and forgotten, and the eviction is counted.
 */
public final class FlowTracker {

    /** Told about each flow once, when it leaves the table: evicted, or at the end of input. */
    public interface FlowListener {
        void flowEnded(TcpFlow flow, boolean evicted);

        /**
         * An ICMP too-big reported {@code mtu} for a tunnel's own packet (GRE, IP in IP, VXLAN):
         * the MTU of the link under the tunnel, which no flow's packets name.
         */
        default void underlayTooBig(int mtu) {
        }

        /** An ICMP too-big about traffic that is no TCP flow here: the path MTU toward its destination. */
        default void otherTooBig(OtherTooBig message) {
        }
    }

    /** Told after every packet that changed a flow; live mode announces findings from here. */
    public interface UpdateListener {
        void flowUpdated(TcpFlow flow, long time);
    }

    private static final int TCP = 6;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final int maximumFlows;
    private final FlowListener listener;
    private final FlowTable flows = new FlowTable();
    private final long idleTimeoutNanos;
    private final long closedLingerNanos;
    private final UpdateListener updateListener;
    private long lastExpiryCheck = Long.MIN_VALUE;
    private IpAddress lastReporter;
    /**
     * The latest capture time seen so far: idle expiry and the use order run on it, so a frame
     * older than one before it (clocks of merged captures) makes no flow look younger or older.
     * Every shard of a sharded analysis sees every frame's time, so each keeps the same clock.
     */
    private long clock = Long.MIN_VALUE;
    /** A shard's share of the table (0: no limit); see {@link #limitShard}. */
    private int shardLimit;
    private long flowsSeen;
    private long evictions;
    private long expirations;

    /** A table without idle expiry. */
    public FlowTracker(int maximumFlows, FlowListener listener) {
        this(maximumFlows, 0, listener);
    }

    /**
     * @param idleTimeoutSeconds a flow silent this long in capture time has ended: it is judged
     *                           and forgotten. 0 keeps flows until the table is full.
     */
    public FlowTracker(int maximumFlows, long idleTimeoutSeconds, FlowListener listener) {
        this(maximumFlows, idleTimeoutSeconds, listener, null);
    }

    /**
     * @param updateListener told after every packet that changed a flow (live mode's
     *                       announcements), or null
     */
    public FlowTracker(int maximumFlows, long idleTimeoutSeconds, FlowListener listener, UpdateListener updateListener) {
        if (maximumFlows < 1) {
            throw new IllegalArgumentException("flow table cap " + maximumFlows + " (expected: 1 or more)");
        }
        if (idleTimeoutSeconds < 0) {
            throw new IllegalArgumentException("idle timeout " + idleTimeoutSeconds + " s (expected: 0 or more)");
        }
        this.maximumFlows = maximumFlows;
        this.idleTimeoutNanos = idleTimeoutSeconds * NANOS_PER_SECOND;
        this.closedLingerNanos = Math.min(idleTimeoutSeconds, FlowRules.CLOSED_LINGER_SECONDS) * NANOS_PER_SECOND;
        this.listener = listener;
        this.updateListener = updateListener;
    }

    /**
     * A TCP segment (content {@link Packet.Content#TCP}).
     *
     * @return false when it was the same packet seen again on another interface, not counted
     */
    public boolean tcp(Packet packet, long time) {
        // Before the lookup: a new connection on the same addresses and ports after a silence
        // longer than the timeout must start a new flow, not revive the ended one.
        expireIdle(time);
        boolean fromLow = FlowTable.isLower(packet.sourceHigh(), packet.sourceLow(), packet.sourcePort(),
                packet.destinationHigh(), packet.destinationLow(), packet.destinationPort());
        int flags = packet.tcpFlags();
        boolean opening = (flags & (Packet.SYN | Packet.ACK)) == Packet.SYN;
        FlowTable.Entry entry = lookup(fromLow, packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(),
                packet.sourcePort(), packet.destinationHigh(), packet.destinationLow(), packet.destinationPort(),
                opening, time);
        TcpFlow flow = entry.flow;
        flow.touched(time);
        entry.seenAt = clock;
        Sender sender = flow.senderFrom(fromLow == entry.firstIsLow);
        Sender peer = flow.peerOf(sender);
        if (!sender.segment(packet, peer.synMss(), time)) {
            return false;
        }
        if ((flags & (Packet.FIN | Packet.RST)) != 0 && !entry.closed) {
            flow.endSignal(sender, flags);
            if (flow.closed()) {
                flows.close(entry);
                flow.compact();
                // The closed list is in the order of closing, so its use times stay in order.
                entry.orderedAt = clock;
            }
        }
        if ((flags & Packet.SYN) != 0) {
            flow.markClient((flags & Packet.ACK) == 0 ? sender : peer);
        }
        if ((flags & Packet.ACK) != 0 && packet.acknowledgment() >= 0) {
            peer.acknowledgedBy((int) packet.acknowledgment());
        }
        if (updateListener != null) {
            updateListener.flowUpdated(flow, time);
        }
        return true;
    }

    /**
     * Which of {@code shards} analyses a decoded packet: a TCP segment goes by its flow, an ICMP
     * too-big by the flow it quotes (so the message meets the flow's table), and everything else
     * to shard 0. Both directions of a flow hash alike.
     */
    public static int shardOf(Packet packet, int shards) {
        return switch (packet.content()) {
            case TCP -> shardOf(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(), packet.sourcePort(),
                    packet.destinationHigh(), packet.destinationLow(), packet.destinationPort(), shards);
            case ICMP_TOO_BIG -> packet.quotedProtocol() != TCP || packet.quotedSourcePort() < 0
                    || packet.quotedDestinationPort() < 0 ? 0
                    : shardOf(packet.quotedIpVersion(), packet.quotedSourceHigh(), packet.quotedSourceLow(),
                            packet.quotedSourcePort(), packet.quotedDestinationHigh(), packet.quotedDestinationLow(),
                            packet.quotedDestinationPort(), shards);
            default -> 0;
        };
    }

    /** The shard of the TCP flow between two endpoints, whichever sent the packet. */
    public static int shardOf(int version, long sourceHigh, long sourceLow, int sourcePort,
                              long destinationHigh, long destinationLow, int destinationPort, int shards) {
        boolean fromLow = FlowTable.isLower(sourceHigh, sourceLow, sourcePort, destinationHigh, destinationLow,
                destinationPort);
        int hash = fromLow
                ? FlowTable.hash(version, sourceHigh, sourceLow, sourcePort, destinationHigh, destinationLow, destinationPort)
                : FlowTable.hash(version, destinationHigh, destinationLow, destinationPort, sourceHigh, sourceLow, sourcePort);
        // The table indexes by the hash's low bits; the shard comes from all of them, mixed, so a
        // shard's flows still spread over every slot of its table.
        long mixed = (hash ^ hash >>> 16) * 0x9E3779B1L & 0xFFFF_FFFFL;
        return (int) (mixed * shards >>> 32);
    }

    /**
     * An ICMP too-big whose quote names a TCP flow. Returns false when the quote is not TCP or
     * is cut before the ports, so the message cannot be tied to a flow.
     *
     * @param mtu       the MTU to hold the sender to: as reported, or estimated when it was 0
     * @param estimated true when {@code mtu} is an estimate
     */
    public boolean tooBig(Packet packet, int mtu, boolean estimated, long time) {
        if (packet.quotedProtocol() != TCP || packet.quotedSourcePort() < 0 || packet.quotedDestinationPort() < 0) {
            return false;
        }
        expireIdle(time);
        boolean fromLow = FlowTable.isLower(packet.quotedSourceHigh(), packet.quotedSourceLow(), packet.quotedSourcePort(),
                packet.quotedDestinationHigh(), packet.quotedDestinationLow(), packet.quotedDestinationPort());
        FlowTable.Entry entry = lookup(fromLow, packet.quotedIpVersion(), packet.quotedSourceHigh(),
                packet.quotedSourceLow(), packet.quotedSourcePort(), packet.quotedDestinationHigh(),
                packet.quotedDestinationLow(), packet.quotedDestinationPort(), false, time);
        TcpFlow flow = entry.flow;
        flow.touched(time);
        entry.seenAt = clock;
        flow.countTooBig();
        Sender sender = flow.senderFrom(fromLow == entry.firstIsLow);
        sender.tooBig(reporter(packet), mtu, estimated, packet.quotedSequence(), time);
        if (updateListener != null) {
            updateListener.flowUpdated(flow, time);
        }
        return true;
    }

    /**
     * The ICMP message's source, as the last message's when the same router sent it: a path's
     * few routers send most messages, and a flow may get dozens.
     */
    private IpAddress reporter(Packet packet) {
        IpAddress last = lastReporter;
        if (last == null || last.version() != packet.ipVersion() || last.high() != packet.sourceHigh()
                || last.low() != packet.sourceLow()) {
            last = lastReporter = IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow());
        }
        return last;
    }

    /**
     * The packet an ICMP too-big quotes, as its flow sent it: the largest packet that carried the
     * quoted sequence number; -1 when the quote names no flow in the table or no segment it keeps.
     * A router may rewrite the quoted header's total length; the flow still knows the packet.
     */
    public int quotedPacketSent(Packet packet) {
        if (packet.quotedProtocol() != TCP || packet.quotedSourcePort() < 0 || packet.quotedDestinationPort() < 0
                || packet.quotedSequence() < 0) {
            return -1;
        }
        boolean fromLow = FlowTable.isLower(packet.quotedSourceHigh(), packet.quotedSourceLow(), packet.quotedSourcePort(),
                packet.quotedDestinationHigh(), packet.quotedDestinationLow(), packet.quotedDestinationPort());
        long lowHigh = fromLow ? packet.quotedSourceHigh() : packet.quotedDestinationHigh();
        long lowLow = fromLow ? packet.quotedSourceLow() : packet.quotedDestinationLow();
        long highHigh = fromLow ? packet.quotedDestinationHigh() : packet.quotedSourceHigh();
        long highLow = fromLow ? packet.quotedDestinationLow() : packet.quotedSourceLow();
        int lowPort = fromLow ? packet.quotedSourcePort() : packet.quotedDestinationPort();
        int highPort = fromLow ? packet.quotedDestinationPort() : packet.quotedSourcePort();
        int version = packet.quotedIpVersion();
        FlowTable.Entry entry = flows.find(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort,
                FlowTable.hash(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort));
        if (entry == null) {
            return -1;
        }
        return entry.flow.senderFrom(fromLow == entry.firstIsLow).sentPacketLength((int) packet.quotedSequence());
    }

    /** An ICMP too-big about traffic that is no TCP flow; see {@link FlowListener#otherTooBig}. */
    public void otherTooBig(OtherTooBig message) {
        listener.otherTooBig(message);
    }

    /** An ICMP too-big about a tunnel's own packet; see {@link FlowListener#underlayTooBig}. */
    public void underlayTooBig(int mtu) {
        listener.underlayTooBig(mtu);
    }

    /**
     * Ends every flow that has been silent for the idle timeout at capture time {@code now}.
     * Cheap to call per packet: it looks at the table at most once per second of capture time.
     * The pipeline calls it for every frame, and live capture when no packet comes, so quiet
     * hours still end flows.
     */
    public void expireIdle(long now) {
        if (now > clock) {
            clock = now;
        }
        // The first check always runs: clock - Long.MIN_VALUE would overflow.
        if (idleTimeoutNanos == 0 || lastExpiryCheck != Long.MIN_VALUE && clock - lastExpiryCheck < NANOS_PER_SECOND) {
            return;
        }
        lastExpiryCheck = clock;
        expire(false, idleTimeoutNanos);
        expire(true, closedLingerNanos);
    }

    /**
     * Ends every flow of one list that has been silent for {@code timeoutNanos}, idlest first.
     * A list is in the order its entries were last moved, and each move records the clock
     * ({@code orderedAt}, at most a second behind the flow's last packet), so the walk stops at
     * the first entry moved within the timeout: no entry after it can have been silent that
     * long. Which flows end is thus a property of each flow alone, the same however the table
     * is split into shards.
     */
    private void expire(boolean closed, long timeoutNanos) {
        FlowTable.Entry entry = flows.idlest(closed);
        while (entry != null && clock - entry.orderedAt >= timeoutNanos) {
            FlowTable.Entry next = entry.newer;
            if (clock - entry.seenAt >= timeoutNanos) {
                flows.remove(entry);
                expirations++;
                listener.flowEnded(entry.flow, false);
            }
            entry = next;
        }
    }

    /**
     * Makes this table one shard of a sharded analysis, holding at most {@code flows} flows:
     * one more throws {@link ShardFull}. Eviction picks the idlest flow of the whole table,
     * which no shard knows, so a sharded analysis must never reach the cap; the caller gives
     * each shard its share of it and starts over unsharded when one fills.
     */
    public void limitShard(int flows) {
        this.shardLimit = flows;
    }

    /** A shard's share of the flow table is full: the analysis must run again unsharded. */
    public static final class ShardFull extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShardFull(int flows) {
            super("a shard of the flow table reached its share of " + flows + " flows", null, false, false);
        }
    }

    /**
     * The entry of the flow from source to destination, made the most recently used, or a new one
     * (evicting the idlest flow when the table is full).
     *
     * @param fromLow the source sorts before the destination ({@link FlowTable#isLower})
     * @param opening the packet is a SYN without ACK: on a closed flow's addresses, it starts a
     *                new connection, and the closed flow ends
     */
    private FlowTable.Entry lookup(boolean fromLow, int version, long sourceHigh, long sourceLow, int sourcePort,
                                   long destinationHigh, long destinationLow, int destinationPort, boolean opening,
                                   long time) {
        long lowHigh = fromLow ? sourceHigh : destinationHigh, lowLow = fromLow ? sourceLow : destinationLow;
        long highHigh = fromLow ? destinationHigh : sourceHigh, highLow = fromLow ? destinationLow : sourceLow;
        int lowPort = fromLow ? sourcePort : destinationPort, highPort = fromLow ? destinationPort : sourcePort;
        int hash = FlowTable.hash(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort);
        FlowTable.Entry entry = flows.find(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort, hash);
        if (entry != null && entry.closed && opening) {
            flows.remove(entry);
            expirations++;
            listener.flowEnded(entry.flow, false);
            entry = null;
        }
        if (entry != null) {
            // Moving an entry in the use order writes to both its neighbours: two cache misses a
            // packet on a big table. Moving it at most once a second of capture time keeps the
            // order right to the second, the precision idle expiry checks at anyway.
            if (clock - entry.orderedAt >= NANOS_PER_SECOND) {
                flows.touch(entry);
                entry.orderedAt = clock;
            }
            return entry;
        }
        if (shardLimit > 0 && flows.size() >= shardLimit) {
            throw new ShardFull(shardLimit);
        }
        if (flows.size() >= maximumFlows) {
            evictIdlest();
        }
        Endpoint source = new Endpoint(IpAddress.of(version, sourceHigh, sourceLow), sourcePort);
        Endpoint destination = new Endpoint(IpAddress.of(version, destinationHigh, destinationLow), destinationPort);
        entry = new FlowTable.Entry(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort, hash,
                new TcpFlow(source, destination, time), fromLow);
        entry.orderedAt = clock;
        entry.seenAt = clock;
        flows.add(entry);
        flowsSeen++;
        return entry;
    }

    /** Evicts the idlest closed flow, or when none is closed, the idlest open one. */
    private void evictIdlest() {
        FlowTable.Entry idlest = flows.idlest(true) != null ? flows.idlest(true) : flows.idlest(false);
        flows.remove(idlest);
        evictions++;
        listener.flowEnded(idlest.flow, true);
    }

    /** End of input: every flow still in the table goes to the listener. */
    public void finish() {
        for (boolean closed : new boolean[] {true, false}) {
            for (FlowTable.Entry entry = flows.idlest(closed); entry != null; entry = entry.newer) {
                listener.flowEnded(entry.flow, false);
            }
        }
        flows.clear();
    }

    public long flowsSeen() { return flowsSeen; }
    public long evictions() { return evictions; }
    /** Flows ended by the idle timeout, or by a new connection on their addresses after they closed. */
    public long expirations() { return expirations; }
    public int liveFlows() { return flows.size(); }
    public int maximumFlows() { return maximumFlows; }
}
