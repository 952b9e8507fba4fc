package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.FIN;
import static org.mtudoctor.testing.Packets.RST;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Packet;
import org.mtudoctor.testing.Decoded;
import org.mtudoctor.testing.Packets;

/** The flow table's life cycle: which packets make a flow, and when and how each flow ends. */
class FlowTrackerTest {

    private static final String CLIENT = "10.0.0.1", SERVER = "10.0.0.2", OTHER_SERVER = "10.0.0.3";
    private static final String ROUTER = "10.0.9.1";
    private static final long T = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L, MS = 1_000_000L;

    record Ended(TcpFlow flow, boolean evicted) {
    }

    record Update(TcpFlow flow, long time) {
    }

    private final List<Ended> ended = new ArrayList<>();
    private final List<Integer> underlayMtus = new ArrayList<>();
    private final List<Update> updates = new ArrayList<>();
    private final FlowTracker.FlowListener listener = new FlowTracker.FlowListener() {
        @Override
        public void flowEnded(TcpFlow flow, boolean evicted) {
            ended.add(new Ended(flow, evicted));
        }

        @Override
        public void underlayTooBig(int mtu) {
            underlayMtus.add(mtu);
        }
    };

    private FlowTracker tracker(int maximumFlows, long idleTimeoutSeconds) {
        return new FlowTracker(maximumFlows, idleTimeoutSeconds, listener,
                (flow, time) -> updates.add(new Update(flow, time)));
    }

    private static void assertCounts(FlowTracker tracker, long seen, long live, long evictions, long expirations) {
        assertEquals(List.of(seen, live, evictions, expirations),
                List.of(tracker.flowsSeen(), (long) tracker.liveFlows(), tracker.evictions(), tracker.expirations()),
                "flows seen, live, evicted, expired");
    }

    /** Feeds a segment and returns its flow, as the update listener was told it. */
    private TcpFlow send(FlowTracker tracker, Packets.Tcp segment, long time) {
        assertTrue(tracker.tcp(Decoded.of(segment), time));
        assertEquals(time, updates.get(updates.size() - 1).time());
        return updates.get(updates.size() - 1).flow();
    }

    /** An IP header as Linux sends it: TTL 64, don't fragment, a non-zero identification (1). */
    private static Packets.Ip ip(String source, String destination) {
        return Packets.ipv4(source, destination).dontFragment().id(1);
    }

    private static Packets.Tcp tcp(String source, int sourcePort, String destination, int destinationPort) {
        return ip(source, destination).tcp(sourcePort, destinationPort);
    }

    /** Data from the client's port {@code clientPort} to the server's port 80. */
    private static Packets.Tcp data(int clientPort) {
        return data(ip(CLIENT, SERVER), clientPort);
    }

    /** The same under an IP header the test changed. */
    private static Packets.Tcp data(Packets.Ip ip, int clientPort) {
        return ip.tcp(clientPort, 80).seq(1001).ack(5001).flags(ACK).payload(100);
    }

    private static Packets.Tcp reset(int clientPort) {
        return tcp(CLIENT, clientPort, SERVER, 80).seq(1101).flags(RST);
    }

    /**
     * ICMP destination unreachable, fragmentation needed, from the router to {@code host}, quoting
     * the packet's IP header and its first 8 bytes after it.
     */
    private static Packets.IpPacket fragNeeded(String host, int mtu, Packets.IpPacket quoted) {
        return Packets.ipv4(ROUTER, host).ttl(255).dontFragment().icmpFragNeeded(mtu).quoting(quoted);
    }

    private static int clientPort(TcpFlow flow) {
        return flow.clientSide().source().port();
    }

    /**
     * Flows from client ports 1, 2 and 3, a second of capture time apart; flow 2
     * is closed by a RST between the second and the third.
     */
    private void threeFlowsTheSecondClosed(FlowTracker tracker) {
        send(tracker, data(1), T);
        send(tracker, data(2), T + SECOND);
        send(tracker, reset(2), T + 2 * SECOND);
        send(tracker, data(3), T + 3 * SECOND);
    }

    private List<Integer> endedPorts() {
        return ended.stream().map(end -> clientPort(end.flow())).toList();
    }

    @Test
    void bothDirectionsOfAnAddressAndPortPairAreOneFlow() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1000).flags(SYN).mss(1460), T);
        assertSame(flow, send(tracker, tcp(SERVER, 80, CLIENT, 40000).seq(5000).ack(1001).flags(SYN | ACK)
                .mss(1400), T + MS));
        assertSame(flow, send(tracker, data(40000), T + 2 * MS));
        assertNotSame(flow, send(tracker, data(40001), T + 3 * MS));
        assertNotSame(flow, send(tracker, tcp(CLIENT, 40000, OTHER_SERVER, 80).seq(1).payload(1), T + 4 * MS));
        assertCounts(tracker, 3, 3, 0, 0);
        assertEquals(3, flow.packets());
        assertEquals(2, flow.clientSide().packets());
        assertEquals(1400, flow.serverSide().synMss());
        assertEquals(1460, flow.clientSide().synMss());
    }

    @Test
    void theSynWithoutAckNamesTheClient() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1000).flags(SYN), T);
        assertTrue(flow.rolesKnown());
        assertEquals(new Endpoint(IpAddress.parse(CLIENT), 40000), flow.clientSide().source());
        assertEquals(new Endpoint(IpAddress.parse(SERVER), 80), flow.serverSide().source());
    }

    @Test
    void aSynAckSeenFirstNamesItsPeerTheClient() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, tcp(SERVER, 80, CLIENT, 40000).seq(5000).ack(1001).flags(SYN | ACK), T);
        assertTrue(flow.rolesKnown());
        assertEquals(new Endpoint(IpAddress.parse(CLIENT), 40000), flow.clientSide().source());
    }

    @Test
    void withoutASynTheFirstPacketsSenderStandsFirstAndTheRolesAreUnknown() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, tcp(SERVER, 80, CLIENT, 40000).seq(5001).ack(1001).flags(ACK).payload(100), T);
        send(tracker, data(40000), T + MS);
        assertFalse(flow.rolesKnown());
        assertEquals(new Endpoint(IpAddress.parse(SERVER), 80), flow.clientSide().source());
    }

    @Test
    void aSecondViewOfAPacketIsNotCountedNorAnnounced() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, data(ip(CLIENT, SERVER).ttl(64), 40000), T);
        assertFalse(tracker.tcp(Decoded.of(data(ip(CLIENT, SERVER).ttl(63), 40000)), T + MS));
        assertEquals(1, updates.size());
        assertEquals(1, flow.packets());
    }

    @Test
    void aFullTableEvictsTheIdlestClosedFlowFirstThenTheIdlestOpenOne() {
        FlowTracker tracker = tracker(2, 0);
        threeFlowsTheSecondClosed(tracker);                // flow 1 is idler, but flow 2 is closed
        assertEquals(List.of(2), endedPorts());
        assertTrue(ended.get(0).evicted());
        send(tracker, data(1), T + 4 * SECOND);            // flow 3 is now the idlest
        send(tracker, data(4), T + 5 * SECOND);
        assertEquals(List.of(2, 3), endedPorts());
        assertTrue(ended.get(1).evicted());
        assertCounts(tracker, 4, 2, 2, 0);
    }

    @Test
    void aFlowSilentForTheIdleTimeoutEnds() {
        FlowTracker tracker = tracker(100, 10);
        send(tracker, data(1), T);
        send(tracker, data(2), T + 5 * SECOND);
        tracker.expireIdle(T + 9 * SECOND);
        assertEquals(List.of(), endedPorts());
        tracker.expireIdle(T + 10 * SECOND);
        assertEquals(List.of(1), endedPorts());
        assertFalse(ended.get(0).evicted());
        assertCounts(tracker, 2, 1, 0, 1);
    }

    @Test
    void idleFlowsAreLookedForAtMostOnceASecondOfCaptureTime() {
        FlowTracker tracker = tracker(100, 10);
        send(tracker, data(1), T);
        send(tracker, data(2), T + 9_500 * MS);              // looks, and finds flow 1 not yet idle
        tracker.expireIdle(T + 10 * SECOND);                 // half a second later: does not look
        assertEquals(List.of(), endedPorts());
        tracker.expireIdle(T + 10_500 * MS);
        assertEquals(List.of(1), endedPorts());
    }

    /**
     * The use order is kept to the second, so an entry may stand before one that has been idle
     * longer; a check still ends every flow idle for the timeout, not only those before the first
     * that is not (which flows end must not depend on which others share the table: shards).
     */
    @Test
    void aCheckEndsEveryIdleFlowWhateverStandsBeforeIt() {
        FlowTracker tracker = tracker(100, 10);
        send(tracker, data(1), T);
        send(tracker, data(2), T + 500 * MS);
        send(tracker, data(1), T + 900 * MS);                // within the second: flow 1 is not moved
        tracker.expireIdle(T + 10_600 * MS);                 // flow 1 idle 9.7 s, flow 2 10.1 s
        assertEquals(List.of(2), endedPorts());
        tracker.expireIdle(T + 11_600 * MS);
        assertEquals(List.of(2, 1), endedPorts());
    }

    /** A frame older than one before it moves no flow's idle time back. */
    @Test
    void aFrameFromThePastDoesNotMakeAFlowLookIdle() {
        FlowTracker tracker = tracker(100, 10);
        tracker.expireIdle(T + 20 * SECOND);                 // a frame of anything at T + 20 s
        send(tracker, data(2), T);                           // the clock stays at T + 20 s
        tracker.expireIdle(T + 25 * SECOND);
        assertEquals(List.of(), endedPorts(), "silent 5 s on the capture's clock, not 25");
        tracker.expireIdle(T + 30 * SECOND);
        assertEquals(List.of(2), endedPorts());
    }

    @Test
    void withoutAnIdleTimeoutFlowsStayUntilTheTableIsFull() {
        FlowTracker tracker = tracker(100, 0);
        send(tracker, data(1), T);
        tracker.expireIdle(T + 86_400 * SECOND);
        assertEquals(List.of(), endedPorts());
    }

    @Test
    void aClosedFlowLingersThirtySeconds() {
        FlowTracker tracker = tracker(100, 120);
        send(tracker, data(1), T);
        send(tracker, reset(1), T);
        send(tracker, data(2), T);
        send(tracker, tcp(CLIENT, 3, SERVER, 80).seq(1001).ack(5001).flags(FIN | ACK), T);
        send(tracker, tcp(SERVER, 80, CLIENT, 3).seq(5001).ack(1002).flags(FIN | ACK), T);
        send(tracker, tcp(CLIENT, 4, SERVER, 80).seq(1001).ack(5001).flags(FIN | ACK), T);
        tracker.expireIdle(T + 29 * SECOND);
        assertEquals(List.of(), endedPorts());
        tracker.expireIdle(T + 30 * SECOND);
        assertEquals(List.of(1, 3), endedPorts());          // a FIN one way only does not close
        tracker.expireIdle(T + 120 * SECOND);
        assertEquals(List.of(1, 3, 2, 4), endedPorts());
    }

    @Test
    void aClosedFlowLingersNoLongerThanTheIdleTimeout() {
        FlowTracker tracker = tracker(100, 10);
        send(tracker, reset(1), T);
        tracker.expireIdle(T + 10 * SECOND);
        assertEquals(List.of(1), endedPorts());
    }

    @Test
    void aNewSynOnAClosedFlowsAddressesStartsANewFlow() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow first = send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1000).flags(SYN), T);
        assertSame(first, send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1000).flags(SYN), T + SECOND),
                "a resent SYN on an open flow is the same connection");
        send(tracker, tcp(SERVER, 80, CLIENT, 40000).seq(5000).ack(1001).flags(SYN | ACK), T + SECOND);
        send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1001).ack(5001).flags(FIN | ACK), T + SECOND);
        send(tracker, tcp(SERVER, 80, CLIENT, 40000).seq(5001).ack(1002).flags(FIN | ACK), T + SECOND);
        assertSame(first, send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(1002).ack(5002).flags(ACK), T + SECOND),
                "the last ACK after both FINs still belongs to the closed flow");
        TcpFlow second = send(tracker, tcp(CLIENT, 40000, SERVER, 80).seq(9000).flags(SYN), T + 2 * SECOND);
        assertNotSame(first, second);
        assertEquals(List.of(new Ended(first, false)), ended);
        assertCounts(tracker, 2, 1, 0, 1);
    }

    @Test
    void finishHandsOverEveryFlowLeftClosedOnesFirst() {
        FlowTracker tracker = tracker(100, 0);
        threeFlowsTheSecondClosed(tracker);
        tracker.finish();
        assertEquals(List.of(2, 1, 3), endedPorts());
        assertTrue(ended.stream().noneMatch(Ended::evicted));
        assertEquals(0, tracker.liveFlows());
    }

    @Test
    void tooBigTiesTheIcmpToTheQuotedSendersFlowByItsPorts() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, data(40000).payload(1448), T);
        Packets.Tcp quoted = data(40000).payload(1448);
        assertTrue(tracker.tooBig(Decoded.of(fragNeeded(CLIENT, 1400, quoted)), 1400, false, T + MS));
        assertSame(flow, updates.get(updates.size() - 1).flow());
        assertEquals(1, flow.tooBigMessages());
        assertNotNull(flow.clientSide().tooBig());
        assertEquals(IpAddress.parse(ROUTER), flow.clientSide().tooBig().reporter());
        assertEquals(1400, flow.clientSide().tooBig().smallestMtu());
        assertNull(flow.serverSide().tooBig());

        Packets.Tcp fromServer = tcp(SERVER, 80, CLIENT, 40000).seq(5001).ack(1101).flags(ACK).payload(1448);
        assertTrue(tracker.tooBig(Decoded.of(fragNeeded(SERVER, 1300, fromServer)), 1300, true, T + 2 * MS));
        assertEquals(1300, flow.serverSide().tooBig().smallestMtu());
        assertTrue(flow.serverSide().tooBig().estimated());
        assertEquals(2, flow.tooBigMessages());
        assertEquals(1, tracker.flowsSeen());

        assertTrue(tracker.tooBig(Decoded.of(fragNeeded(CLIENT, 1400, data(40001))), 1400, false, T + 3 * MS));
        assertEquals(2, tracker.flowsSeen(), "another port: another flow");
    }

    @Test
    void tooBigQuotingAnythingButTcpNamesNoFlow() {
        FlowTracker tracker = tracker(100, 0);
        Packet icmp = Decoded.of(fragNeeded(CLIENT, 1400, ip(CLIENT, SERVER).udp(40000, 80).payload(1472)));
        assertFalse(tracker.tooBig(icmp, 1400, false, T));
        assertEquals(0, tracker.flowsSeen());
        assertEquals(List.of(), updates);
    }

    @Test
    void underlayTooBigGoesToTheListener() {
        tracker(100, 0).underlayTooBig(1476);
        assertEquals(List.of(1476), underlayMtus);
    }

    @Test
    void theUpdateListenerHearsOfEveryCountedPacketWithItsTime() {
        FlowTracker tracker = tracker(100, 0);
        TcpFlow flow = send(tracker, data(1), T);
        send(tracker, data(1).seq(1101), T + MS);
        assertEquals(List.of(new Update(flow, T), new Update(flow, T + MS)), updates);
    }

    @Test
    void rejectsAnEmptyTableAndANegativeTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new FlowTracker(0, listener));
        assertThrows(IllegalArgumentException.class, () -> new FlowTracker(1, -1, listener));
    }
}
