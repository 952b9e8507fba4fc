package org.mtudoctor.compare;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mtudoctor.capture.CaptureWarning;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.decode.PacketDecoder;
import org.mtudoctor.flow.Endpoint;
import org.mtudoctor.flow.FlowRules;

/**
 * The handshakes one capture point saw, by the client's initial sequence number, which NAT
 * leaves alone (a firewall that randomises sequence numbers or proxies the handshake does not:
 * its connections stay unmatched). Memory follows the connections, not the packets; past
 * {@link #MAX_CONNECTIONS} the rest are counted.
 */
public final class Handshakes implements FrameSink {

    /** Connections kept per point: about 200 bytes each. */
    static final int MAX_CONNECTIONS = 1_000_000;
    /** Data packets logged per point, for matching packet by packet: about 24 bytes each. */
    static final int MAX_LOGGED = 2_000_000;
    private static final int TCP = 6;

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet packet = new Packet();
    private final Map<Long, Handshake> byClientIsn = new HashMap<>();
    /** Too-big messages grouped by what they are about, in the order of each group's first message. */
    private final Map<TooBigKey, TooBigGroup> tooBig = new LinkedHashMap<>();
    /** Data packets by client ISN: [0] client to server, [1] server to client. */
    private final Map<Long, PacketLog[]> logs = new HashMap<>();
    private long logged;
    private long loggedUntil = Long.MAX_VALUE;
    /** The latest handshake on each pair of endpoints (a reused port is a new connection). */
    private final Map<Pair, Latest> byEndpoints = new HashMap<>();
    private long frames;
    /** The number of the frame being read, in its file (as Wireshark numbers it). */
    private long frameNumber;
    private long nextFrameNumber = -1;
    private long notKept;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        frames++;
        frameNumber = nextFrameNumber > 0 ? nextFrameNumber : frames;
        firstTime = Math.min(firstTime, timestampNanos);
        lastTime = Math.max(lastTime, timestampNanos);
        decoder.decode(linkType, data, offset, capturedLength, originalLength, packet);
        if (packet.content() == Packet.Content.ICMP_TOO_BIG) {
            tooBig(timestampNanos);
            return;
        }
        if (packet.content() != Packet.Content.TCP) {
            return;
        }
        if ((packet.tcpFlags() & Packet.SYN) == 0) {
            if (packet.payloadLength() > 0) {
                data(timestampNanos);
            }
            return;
        }
        Endpoint source = new Endpoint(IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow()),
                packet.sourcePort());
        Endpoint destination = new Endpoint(IpAddress.of(packet.ipVersion(), packet.destinationHigh(),
                packet.destinationLow()), packet.destinationPort());
        if ((packet.tcpFlags() & Packet.ACK) == 0) {
            if (!byClientIsn.containsKey(packet.sequence())) {
                if (byClientIsn.size() >= MAX_CONNECTIONS) {
                    notKept++;
                    return;
                }
                byEndpoints.put(Pair.of(source, destination), new Latest(packet.sequence()));
                byClientIsn.put(packet.sequence(), new Handshake(source, destination, packet.sequence(), packet.mss(),
                        packet.hopLimit(), timestampNanos, frameNumber, -1, -1, -1, -1, -1));
            }
            return;
        }
        long clientIsn = (packet.acknowledgment() - 1) & 0xFFFFFFFFL;
        Handshake syn = byClientIsn.get(clientIsn);
        if (syn != null && !syn.synAckSeen()) {
            byClientIsn.put(clientIsn, syn.withSynAck(packet.sequence(), packet.mss(), packet.hopLimit(), timestampNanos,
                    frameNumber));
        }
    }

    /**
     * A data segment, logged in its connection's direction. Offload aggregates (GRO/TSO, by the
     * analysis's own rule) are no packets of the wire: they are logged apart, as the bytes they hold.
     */
    private void data(long time) {
        Latest latest = byEndpoints.get(Pair.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(),
                packet.sourcePort(), packet.destinationHigh(), packet.destinationLow(), packet.destinationPort()));
        Handshake connection = latest == null ? null : byClientIsn.get(latest.clientIsn);
        if (connection == null) {
            return;
        }
        if (logged >= MAX_LOGGED) {
            loggedUntil = Math.min(loggedUntil, time);
            return;
        }
        logged++;
        boolean fromClient = connection.client().is(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(),
                packet.sourcePort());
        int peerMss = fromClient ? connection.synAckMss() : connection.synMss();
        if (latest.logs == null) {
            latest.logs = logs.computeIfAbsent(connection.clientIsn(), isn -> new PacketLog[] {new PacketLog(), new PacketLog()});
        }
        PacketLog log = latest.logs[fromClient ? 0 : 1];
        if (FlowRules.isAggregate(packet.ipPacketLength(), packet.payloadLength() + packet.tcpOptionsLength(), peerMss)) {
            log.addMerged(packet.sequence(), packet.payloadLength(), frameNumber);
        } else {
            log.add(packet.sequence(), packet.payloadLength(), packet.identification(), packet.ipPacketLength(), time,
                    frameNumber);
        }
    }

    /**
     * The data packets this point saw of a connection in one direction, or null when it saw none.
     *
     * @param fromClient the client's direction, else the server's
     */
    public PacketLog log(long clientIsn, boolean fromClient) {
        PacketLog[] both = logs.get(clientIsn);
        return both == null ? null : both[fromClient ? 0 : 1];
    }

    /**
     * Until when (this point's clock) every data packet of the connections it saw is logged;
     * Long.MAX_VALUE when all are. Past {@link #MAX_LOGGED} the rest are not.
     */
    public long loggedUntil() {
        return loggedUntil;
    }

    /** What too-big messages are grouped by: one connection's quoted segment, one router and MTU. */
    private record TooBigKey(long clientIsn, long quotedSequence, IpAddress reporter, int mtu) {
    }

    /**
     * The too-big messages about one segment of one connection from one router: the first as
     * seen, how many, and when the last came. Memory follows segments, not messages: a sender
     * that ignores the ICMP draws one per resend.
     */
    public static final class TooBigGroup {
        private final long clientIsn;
        private final boolean aboutServer;
        private final TooBigSeen first;
        private long count;
        private long lastTime;

        TooBigGroup(long clientIsn, boolean aboutServer, TooBigSeen first) {
            this.clientIsn = clientIsn;
            this.aboutServer = aboutServer;
            this.first = first;
            this.lastTime = first.time();
        }

        public long clientIsn() { return clientIsn; }
        /** The quoted segment is the server's (the message travels toward the server), else the client's. */
        public boolean aboutServer() { return aboutServer; }
        public TooBigSeen first() { return first; }
        public long count() { return count; }
        public long lastTime() { return lastTime; }
    }

    /**
     * A too-big message about a TCP segment whose ports and sequence number the quote holds, of
     * a connection whose SYN this point saw (no other can be matched with another point's).
     */
    private void tooBig(long time) {
        if (packet.quotedProtocol() != TCP || packet.quotedSourcePort() < 0 || packet.quotedDestinationPort() < 0
                || packet.quotedSequence() < 0 || !packet.quotedAddressesKnown()) {
            return;
        }
        int version = packet.quotedIpVersion();
        Endpoint quotedSource = new Endpoint(IpAddress.of(version, packet.quotedSourceHigh(), packet.quotedSourceLow()),
                packet.quotedSourcePort());
        Endpoint quotedDestination = new Endpoint(IpAddress.of(version, packet.quotedDestinationHigh(),
                packet.quotedDestinationLow()), packet.quotedDestinationPort());
        Handshake connection = between(quotedSource, quotedDestination);
        if (connection == null) {
            return; // about a connection whose SYN this point did not see: nothing to match it with
        }
        IpAddress reporter = IpAddress.of(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow());
        TooBigKey key = new TooBigKey(connection.clientIsn(), packet.quotedSequence(), reporter, packet.reportedMtu());
        TooBigGroup group = tooBig.get(key);
        if (group == null) {
            if (tooBig.size() >= MAX_CONNECTIONS) {
                return; // a bound on memory, as for connections
            }
            group = new TooBigGroup(connection.clientIsn(), connection.server().equals(quotedSource),
                    new TooBigSeen(reporter, packet.reportedMtu(), quotedSource, quotedDestination, packet.quotedSequence(),
                            time, frameNumber));
            tooBig.put(key, group);
        }
        group.count++;
        group.lastTime = Math.max(group.lastTime, time);
    }

    /** Client ISNs of the connections a too-big message was about, made when first asked for. */
    private Set<Long> withIcmp;

    /** Whether this point saw an ICMP too-big about either side's segments of the connection. */
    public boolean icmpAbout(long clientIsn) {
        if (withIcmp == null) {
            withIcmp = new HashSet<>();
            tooBig.values().forEach(group -> withIcmp.add(group.clientIsn()));
        }
        return withIcmp.contains(clientIsn);
    }

    /** The too-big messages about TCP segments of connections this point saw, grouped, in capture order. */
    public Iterable<TooBigGroup> tooBig() {
        return tooBig.values();
    }

    /**
     * The handshake of the connection between {@code one} and {@code other}, either way round,
     * as this point saw its addresses; null when this point saw no SYN of it.
     */
    public Handshake between(Endpoint one, Endpoint other) {
        return byPair(Pair.of(one, other));
    }

    private Handshake byPair(Pair pair) {
        Latest latest = byEndpoints.get(pair);
        return latest == null ? null : byClientIsn.get(latest.clientIsn);
    }

    /**
     * The latest connection on a pair of endpoints: its client ISN, and its data packets' logs
     * once it has some, so that a data packet costs two look-ups (its endpoints, then the
     * handshake by ISN), not three.
     */
    private static final class Latest {
        final long clientIsn;
        PacketLog[] logs;

        Latest(long clientIsn) {
            this.clientIsn = clientIsn;
        }
    }

    /**
     * Two endpoints either way round, as primitive fields in a fixed order (the lesser first): one
     * small object per look-up, where two endpoints, two addresses and a list were four.
     */
    private record Pair(int version, long lowerHigh, long lowerLow, int lowerPort, long higherHigh, long higherLow,
                        int higherPort) {

        static Pair of(Endpoint one, Endpoint other) {
            return of(one.address().version(), one.address().high(), one.address().low(), one.port(),
                    other.address().high(), other.address().low(), other.port());
        }

        static Pair of(int version, long oneHigh, long oneLow, int onePort, long otherHigh, long otherLow, int otherPort) {
            int order = Long.compareUnsigned(oneHigh, otherHigh);
            order = order != 0 ? order : Long.compareUnsigned(oneLow, otherLow);
            order = order != 0 ? order : Integer.compare(onePort, otherPort);
            return order <= 0 ? new Pair(version, oneHigh, oneLow, onePort, otherHigh, otherLow, otherPort)
                    : new Pair(version, otherHigh, otherLow, otherPort, oneHigh, oneLow, onePort);
        }

        // Written out: a record's own equals and hashCode go through method handles
        // (ObjectMethods), and every data packet of a compare looks a Pair up.
        @Override
        public boolean equals(Object other) {
            return other instanceof Pair that && version == that.version && lowerHigh == that.lowerHigh
                    && lowerLow == that.lowerLow && lowerPort == that.lowerPort && higherHigh == that.higherHigh
                    && higherLow == that.higherLow && higherPort == that.higherPort;
        }

        @Override
        public int hashCode() {
            long hash = version;
            hash = hash * 31 + lowerHigh;
            hash = hash * 31 + lowerLow;
            hash = hash * 31 + lowerPort;
            hash = hash * 31 + higherHigh;
            hash = hash * 31 + higherLow;
            hash = hash * 31 + higherPort;
            return Long.hashCode(hash * 0x9E3779B97F4A7C15L);
        }
    }

    @Override
    public void warning(CaptureWarning warning) {
        // The per-point analysis reports the capture's warnings.
    }

    /** The handshake whose SYN carried {@code clientIsn}, or null. */
    public Handshake byClientIsn(long clientIsn) {
        return byClientIsn.get(clientIsn);
    }

    public Collection<Handshake> all() {
        return byClientIsn.values();
    }

    /**
     * The next frame is number {@code number} of its file: this point sees only some of the
     * file's frames (one interface of several), and names frames as the file numbers them.
     */
    void numberNextFrame(long number) {
        nextFrameNumber = number;
    }

    public long frames() {
        return frames;
    }

    /** Whether this point was capturing at {@code time} (its own clock): between its first and last frame. */
    public boolean capturing(long time) {
        return frames > 0 && time >= firstTime && time <= lastTime;
    }

    /** The time of the first frame (this point's clock); Long.MAX_VALUE when there was none. */
    public long firstTime() {
        return firstTime;
    }

    /** The time of the last frame; Long.MIN_VALUE when there was none. */
    public long lastTime() {
        return lastTime;
    }

    /** SYNs past {@link #MAX_CONNECTIONS}, not compared. */
    public long notKept() {
        return notKept;
    }
}
