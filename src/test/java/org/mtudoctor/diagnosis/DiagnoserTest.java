package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.FIN;
import static org.mtudoctor.testing.Packets.PSH;
import static org.mtudoctor.testing.Packets.RST;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.TrafficPipeline;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * The diagnosis rules on hand-made sequences shaped like the seed incident: client
 * 10.0.1.2:44158 behind a VPN host 10.0.2.1 whose client link has MTU 1396, server 10.0.3.2:8080
 * that was told MSS 1380 and sends 1420-byte packets.
 */
class DiagnoserTest {

    static final String CLIENT = "10.0.1.2", SERVER = "10.0.3.2", VPN = "10.0.2.1";
    static final int CLIENT_PORT = 44158, SERVER_PORT = 8080;
    static final long CLIENT_ISN = 1000, SERVER_ISN = 5000;
    /** 1368 bytes of payload + 12 of timestamps = the raised MSS 1380; packet 1420. */
    static final int BIG_PAYLOAD = 1368;
    /** What fits MTU 1396: 1396 - 40 - 12. */
    static final int FITTING_PAYLOAD = 1344;

    /** Handshake, request, and three full-size segments already in flight, each refused with an ICMP. */
    static Timeline seedStart() {
        Timeline wire = handshake(new Timeline(), 1356, 1460)
            .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80))
            .after(20_000).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps());
        for (int i = 0; i < 3; i++) {
            long sequence = SERVER_ISN + 1 + (long) i * BIG_PAYLOAD;
            Packets.Tcp segment = fromServer().seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
            wire.after(10).add(segment)
                .after(5).add(fragNeeded(1396, segment));
        }
        return wire;
    }

    /** SYN with the client's MSS, SYN-ACK with the server's, ACK; timestamps on, as Linux sends. */
    static Timeline handshake(Timeline wire, int clientMss, int serverMss) {
        return handshake(wire, clientMss, serverMss, UnaryOperator.identity());
    }

    /** The same, each packet captured as {@code path} carries it (inside a tunnel, say). */
    static Timeline handshake(Timeline wire, int clientMss, int serverMss, UnaryOperator<Packets.IpPacket> path) {
        return wire.add(path.apply(fromClient().seq(CLIENT_ISN).flags(SYN).mss(clientMss).linuxTimestamps()))
            .after(20_000).add(path.apply(fromServer().seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(serverMss).linuxTimestamps()))
            .after(100).add(path.apply(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK).linuxTimestamps()));
    }

    /** A TCP segment with "don't fragment", TTL 64 and identification 0. */
    static Packets.Tcp tcp(String source, int sourcePort, String destination, int destinationPort) {
        return Packets.ipv4(source, destination).dontFragment().tcp(sourcePort, destinationPort);
    }

    static Packets.Tcp fromClient() {
        return tcp(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT);
    }

    static Packets.Tcp fromServer() {
        return tcp(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT);
    }

    /** The VPN host's ICMP fragmentation needed to the server, quoting the segment it refused. */
    static Packets.IpPacket fragNeeded(int mtu, Packets.IpPacket segment) {
        return Packets.ipv4(VPN, SERVER).dontFragment().icmpFragNeeded(mtu).quoting(segment);
    }

    static Diagnosis diagnose(Timeline wire) {
        return diagnose(wire, 1000);
    }

    static Diagnosis diagnose(Timeline wire, int maxFlows) {
        Diagnoser diagnoser = new Diagnoser();
        TrafficPipeline pipeline = new TrafficPipeline(new FlowTracker(maxFlows, 300, diagnoser));
        wire.playInto(pipeline);
        pipeline.finish();
        return diagnoser.diagnosis();
    }

    static <T extends Finding> T only(Diagnosis diagnosis, Class<T> type) {
        List<Finding> matching = diagnosis.findings().stream().filter(type::isInstance).toList();
        assertEquals(1, matching.size(), "findings of " + type.getSimpleName() + " in " + diagnosis.findings());
        return type.cast(matching.get(0));
    }

    @Test
    void senderThatKeepsResendingOversizeAfterTheIcmpIsABlackHole() {
        Timeline wire = seedStart();
        // RTO resends of the first segment, still 1420 bytes, each refused again.
        for (long backoff : new long[] {200_000, 400_000, 800_000}) {
            Packets.Tcp resend = fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
            wire.after(backoff).add(resend)
                .after(5).add(fragNeeded(1396, resend));
        }
        Diagnosis diagnosis = diagnose(wire);

        Finding.PmtuBlackHole hole = only(diagnosis, Finding.PmtuBlackHole.class);
        assertEquals(IpAddress.parse(VPN), hole.reporter());
        assertEquals(1396, hole.mtu());
        assertEquals(6, hole.icmpMessages());
        assertEquals(1420, hole.largestBefore());
        assertEquals(1420, hole.largestResent());
        assertEquals(3, hole.oversizeRetransmissions());
        assertEquals(List.of(new FlowRef(endpoint(SERVER, SERVER_PORT), endpoint(CLIENT, CLIENT_PORT))), hole.flows());
        assertEquals(1, hole.resends().size());
        assertEquals(1, hole.resends().get(0).segments().get(0).relativeSequence(), "relative seq of the first data byte");
        assertEquals(3, hole.resends().get(0).segments().get(0).times());

        Finding.MssRaisedInPath raised = only(diagnosis, Finding.MssRaisedInPath.class);
        assertEquals(1356, raised.advertisedMss());
        assertEquals(1380, raised.largestSegment(), "1368 payload + 12 option bytes (RFC 6691)");

        Fix fix = diagnosis.fix();
        assertNotNull(fix);
        assertEquals(1420, fix.mtu());
        assertEquals(1396, fix.reportedMtu());
        assertEquals(1356, fix.clampMss());
        assertEquals(1356, fix.raisedFrom());
        assertEquals(1380, fix.raisedTo());
        assertTrue(diagnosis.has(Severity.PROBLEM));
    }

    @Test
    void burstOfIcmpForPacketsInFlightFollowedByFittingResendIsPmtudThatWorks() {
        Timeline wire = seedStart();
        // The first ICMP reached the server: it resends at 1396 and the client acknowledges.
        wire.after(300).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(FITTING_PAYLOAD))
            .after(20_000).add(fromClient().seq(CLIENT_ISN + 81).ack(SERVER_ISN + 1 + FITTING_PAYLOAD).flags(ACK).linuxTimestamps());
        Diagnosis diagnosis = diagnose(wire);

        assertFalse(diagnosis.has(Severity.PROBLEM), diagnosis.findings().toString());
        Finding.PathMtuDiscovery worked = only(diagnosis, Finding.PathMtuDiscovery.class);
        assertEquals(Kind.PMTUD_WORKED, worked.kind());
        assertEquals(3, worked.icmpMessages(), "one ICMP per packet in flight");
        assertEquals(1396, worked.largestAfter());
        assertEquals(2, worked.oversizeInFlight(), "the two later segments were in flight, not resends");
        assertNull(diagnosis.fix(), "no problem, so no fix");
        assertEquals(Kind.MSS_RAISED_IN_PATH, only(diagnosis, Finding.MssRaisedInPath.class).kind());
    }

    @Test
    void icmpBurstWithNothingAfterIsUnconfirmedNotABlackHole() {
        Diagnosis diagnosis = diagnose(seedStart());
        assertEquals(Kind.PMTUD_UNCONFIRMED, only(diagnosis, Finding.PathMtuDiscovery.class).kind());
        assertFalse(diagnosis.has(Severity.PROBLEM));
    }

    @Test
    void singleOversizeResendAfterTheIcmpIsNotYetABlackHole() {
        Timeline wire = seedStart();
        wire.after(200_000).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        assertFalse(diagnose(wire).has(Severity.PROBLEM), "once is not 'again and again'");
    }

    @Test
    void oversizeResendsWithoutAnyIcmpAreASilentBlackHole() {
        Timeline wire = new Timeline();
        wire.add(fromClient().seq(CLIENT_ISN).flags(SYN).mss(1356).linuxTimestamps())
            .after(20_000).add(fromServer().seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1380).linuxTimestamps())
            .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80))
            // a small header segment gets through and is acknowledged
            .after(20_000).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK | PSH).linuxTimestamps().payload(150))
            .after(20_000).add(fromClient().seq(CLIENT_ISN + 81).ack(SERVER_ISN + 151).flags(ACK).linuxTimestamps());
        for (long backoff : new long[] {10, 200_000, 400_000, 800_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 151).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(1368));
        }
        Diagnosis diagnosis = diagnose(wire);

        Finding.SilentBlackHole silent = only(diagnosis, Finding.SilentBlackHole.class);
        assertEquals(1420, silent.stalledPacket());
        assertEquals(4, silent.mostSends());
        assertEquals(202, silent.largestAcknowledged(), "the 150-byte header segment: 20 + 32 + 150");
        assertEquals(151, silent.resends().get(0).segments().get(0).relativeSequence());
        assertEquals(1420, diagnosis.fix().mtu());
        assertEquals(-1, diagnosis.fix().reportedMtu(), "no ICMP said what the link's MTU is");
    }

    /** Handshake and an acknowledged request, then the server sends one 1420-byte segment four times. */
    static Timeline stuckBigSegment(boolean smallerSegmentAfter, boolean peerAnswersIt) {
        Timeline wire = handshake(new Timeline(), 1380, 1460)
            .after(10).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        if (smallerSegmentAfter) {
            wire.after(10).add(fromServer().seq(SERVER_ISN + 1 + BIG_PAYLOAD).ack(CLIENT_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(528));
            if (peerAnswersIt) {
                // the small one arrived out of order: a duplicate ACK for the hole
                wire.after(20_000).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK).linuxTimestamps());
            }
        }
        for (long backoff : new long[] {200_000, 400_000, 800_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        }
        return wire;
    }

    @Test
    void aSmallerSegmentThePeerAnswersDuringTheStallConfirmsASilentBlackHole() {
        assertEquals(4, only(diagnose(stuckBigSegment(true, true)), Finding.SilentBlackHole.class).mostSends());
    }

    @Test
    void aSmallerSegmentThePeerNeverAnswersMeansThePeerIsGoneNotTheMtu() {
        // As in suricata-verify's ssh-hassh-incomplete: after the 1492-byte segment a 580-byte one
        // and a FIN also go unanswered, not even a duplicate ACK: the peer is silent, whatever the size.
        assertTrue(diagnose(stuckBigSegment(true, false)).findings().isEmpty());
    }

    @Test
    void smallSegmentResentToADeadPeerIsNoMtuProblem() {
        Timeline wire = new Timeline();
        wire.add(fromClient().seq(CLIENT_ISN).flags(SYN).mss(1460))
            .after(20_000).add(fromServer().seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460))
            .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK));
        for (long backoff : new long[] {10, 200_000, 400_000, 800_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).payload(300));
        }
        assertTrue(diagnose(wire).findings().isEmpty(), "340-byte packets fit every link");
    }

    @Test
    void anIcmpWhoseMtuIsNotBelowTheQuotedPacketIsSetAside() {
        // A router answering 1420-byte packets with "MTU 1500": senders ignore it, and so must we.
        Timeline wire = handshake(new Timeline(), 1356, 1460);
        for (long backoff : new long[] {10, 200_000, 400_000}) {
            Packets.Tcp segment = fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
            wire.after(backoff).add(segment)
                    .after(5).add(fragNeeded(1500, segment));
        }
        Diagnoser diagnoser = new Diagnoser();
        TrafficPipeline pipeline = new TrafficPipeline(new FlowTracker(1000, 300, diagnoser));
        wire.playInto(pipeline);
        pipeline.finish();
        assertEquals(3, pipeline.tooBigMessages());
        assertEquals(3, pipeline.summary().tooBigNotBelowPacket());
        assertEquals(0, pipeline.summary().tooBigWithoutFlow());
        assertTrue(diagnoser.diagnosis().findings().stream().noneMatch(finding -> finding.kind() == Kind.PMTUD_WORKED
                || finding.kind() == Kind.PMTU_BLACK_HOLE), diagnoser.diagnosis().findings().toString());
    }

    @Test
    void nextHopMtuZeroIsEstimatedFromThePlateauBelowTheQuotedPacket() {
        Timeline wire = new Timeline();
        Packets.Tcp segment = fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
        wire.add(segment)
            .after(5).add(fragNeeded(0, segment));
        Diagnosis diagnosis = diagnose(wire);
        Finding.IcmpMtuZero zero = only(diagnosis, Finding.IcmpMtuZero.class);
        assertEquals(1006, zero.estimatedMtu(), "RFC 1191: the plateau below 1420 is 1006");
        assertTrue(only(diagnosis, Finding.PathMtuDiscovery.class).mtuEstimated());
    }

    @Test
    void aFullSegmentMergedWithAShortOneIsAnAggregateNotARaise() {
        // Public captures from hosts with GRO hold 1600-byte packets of 1448 + 100 bytes: no
        // standard Ethernet link carries them, and the peer's MSS 1460 says its link is one.
        Timeline wire = handshake(new Timeline(), 1460, 1460)
            .after(100).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(1448 + 100));
        Diagnosis diagnosis = diagnose(wire);
        assertEquals(1, only(diagnosis, Finding.OffloadAggregates.class).aggregates());
        assertEquals(1, diagnosis.findings().size(), "no MSS finding for an aggregate: " + diagnosis.findings());
    }

    @Test
    void segmentsAboveTheMssThatFitTheLinkAreARaise() {
        // 1436 against 1420: a 1488-byte packet that crosses standard Ethernet
        Timeline wire = handshake(new Timeline(), 1420, 1460)
            .after(100).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(1424));
        assertEquals(Kind.MSS_RAISED_IN_PATH, diagnose(wire).findings().get(0).kind());
    }

    @Test
    void aggregatesFarAboveTheMssAreNeitherARaiseNorOversize() {
        Timeline wire = new Timeline();
        wire.add(fromClient().seq(CLIENT_ISN).flags(SYN).mss(1460).linuxTimestamps())
            .after(100).add(fromServer().seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460).linuxTimestamps())
            // GRO merged ten segments: beyond any jumbo MTU
            .after(100).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(10 * 1448))
            // and two: 2948 bytes could be a jumbo frame, but it is twice the peer's MSS
            .after(100).add(fromServer().seq(SERVER_ISN + 1 + 10 * 1448).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(2 * 1448));
        Diagnosis diagnosis = diagnose(wire);
        Finding.OffloadAggregates aggregates = only(diagnosis, Finding.OffloadAggregates.class);
        assertEquals(2, aggregates.aggregates());
        assertEquals(20 + 32 + 14480, aggregates.largestAggregate());
        assertEquals(1, diagnosis.findings().size(), "no MSS finding for an aggregate: " + diagnosis.findings());
    }

    @Test
    void aFlowSilentForTheIdleTimeoutEndsAndIsJudgedThen() {
        Diagnoser diagnoser = new Diagnoser();
        FlowTracker tracker = new FlowTracker(1000, 300, diagnoser);
        TrafficPipeline pipeline = new TrafficPipeline(tracker);
        Timeline wire = seedStart();
        for (long backoff : new long[] {200_000, 400_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        }
        // another flow, 299 s later: the first one is not idle long enough yet
        wire.after(299_000_000).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps());
        wire.playInto(pipeline);
        assertEquals(0, tracker.expirations());
        assertEquals(2, tracker.liveFlows());
        // 301 s after the start: the black-holed flow (last packet at about 0.7 s) has been silent for 300 s
        new Timeline().after(301_000_000).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(2).flags(ACK).linuxTimestamps())
            .playInto(pipeline);
        assertEquals(1, tracker.expirations());
        assertEquals(1, tracker.liveFlows());
        assertEquals(Kind.PMTU_BLACK_HOLE, diagnoser.diagnosis().findings().get(0).kind(), "judged when it expired");
    }

    @Test
    void aNewConnectionOnTheSameAddressesAfterTheIdleTimeoutIsANewFlow() {
        // Found by scripts/bench repeat: the first packet after the silence used to revive the
        // ended flow, so the second connection's black hole was judged with the first one's state.
        Diagnoser diagnoser = new Diagnoser();
        FlowTracker tracker = new FlowTracker(1000, 300, diagnoser);
        TrafficPipeline pipeline = new TrafficPipeline(tracker);
        seedStart().playInto(pipeline);
        // the same endpoints again, 400 s after the start
        handshake(new Timeline().after(400_000_000), 1356, 1460).playInto(pipeline);
        assertEquals(2, tracker.flowsSeen(), "the second SYN starts a second flow");
        assertEquals(1, tracker.expirations());
    }

    /** The client closes, the server closes, and each FIN is acknowledged. */
    static Timeline closeBothWays(Timeline wire, long clientSequence, long serverSequence) {
        return wire.after(100).add(fromClient().seq(clientSequence).ack(serverSequence).flags(FIN | ACK).linuxTimestamps())
            .after(100).add(fromServer().seq(serverSequence).ack(clientSequence + 1).flags(FIN | ACK).linuxTimestamps())
            .after(100).add(fromClient().seq(clientSequence + 1).ack(serverSequence + 1).flags(ACK).linuxTimestamps());
    }

    @Test
    void aClosedFlowEndsAfterThirtySecondsOfSilenceAnOpenOneDoesNot() {
        Diagnoser diagnoser = new Diagnoser();
        FlowTracker tracker = new FlowTracker(1000, 300, diagnoser);
        TrafficPipeline pipeline = new TrafficPipeline(tracker);
        Timeline wire = closeBothWays(handshake(new Timeline(), 1356, 1460), CLIENT_ISN + 1, SERVER_ISN + 1);
        // an open flow that goes silent at the same moment
        wire.after(10).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps());
        // 29 s later, another flow's packet: the closed flow stays
        wire.after(29_000_000).add(tcp("10.0.1.4", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps());
        wire.playInto(pipeline);
        assertEquals(0, tracker.expirations());
        assertEquals(3, tracker.liveFlows());
        // 31 s after the close: it has ended; the open flow, silent just as long, has not
        new Timeline().after(31_000_000).add(tcp("10.0.1.5", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps())
            .playInto(pipeline);
        assertEquals(1, tracker.expirations());
        assertEquals(3, tracker.liveFlows());
    }

    @Test
    void aFullTableEvictsAClosedFlowBeforeAnIdlerOpenOne() {
        Timeline wire = seedStart();
        for (long backoff : new long[] {200_000, 400_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        }
        // a second flow that opens and closes after the black-holed one's last packet
        wire.after(10).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps())
            .after(10).add(tcp(SERVER, SERVER_PORT, "10.0.1.3", 40000).seq(7).ack(2).flags(SYN | ACK).mss(1460).linuxTimestamps())
            .after(10).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(2).ack(8).flags(RST).linuxTimestamps());
        // a third flow: the table of two is full
        wire.after(10).add(tcp("10.0.1.4", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps());
        Diagnosis diagnosis = diagnose(wire, 2);
        assertEquals(1, diagnosis.evictedFlows());
        assertEquals(0, diagnosis.findingsOnEvicted(), "the closed flow went, not the black-holed one");
        assertEquals(Kind.PMTU_BLACK_HOLE, diagnosis.findings().get(0).kind());
    }

    @Test
    void aSynOnAClosedFlowsAddressesStartsANewFlow() {
        Diagnoser diagnoser = new Diagnoser();
        FlowTracker tracker = new FlowTracker(1000, 300, diagnoser);
        TrafficPipeline pipeline = new TrafficPipeline(tracker);
        closeBothWays(handshake(new Timeline(), 1356, 1460), CLIENT_ISN + 1, SERVER_ISN + 1).playInto(pipeline);
        // the client reuses its port 5 s later, well within the idle timeout
        handshake(new Timeline().after(5_000_000), 1356, 1460).playInto(pipeline);
        assertEquals(2, tracker.flowsSeen());
        assertEquals(1, tracker.expirations());
        assertEquals(1, tracker.liveFlows());
    }

    @Test
    void evictedFlowsAreJudgedAndCounted() {
        Timeline wire = seedStart();
        for (long backoff : new long[] {200_000, 400_000}) {
            wire.after(backoff).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD));
        }
        wire.after(10).add(tcp("10.0.1.3", 40000, SERVER, SERVER_PORT).seq(1).flags(SYN).mss(1356).linuxTimestamps());
        Diagnosis diagnosis = diagnose(wire, 1);
        assertEquals(1, diagnosis.evictedFlows());
        assertEquals(1, diagnosis.findingsOnEvicted());
        assertEquals(Kind.PMTU_BLACK_HOLE, diagnosis.findings().get(0).kind(), "evicted flow still judged");
    }

    @Test
    void aForwardedCopyOnASecondInterfaceIsNotAResend() {
        // tcpdump -i any on the router: each small packet in on one interface, out on the other
        // with TTL one lower. Four copies of a 1396-byte packet would otherwise be "4 sends".
        Timeline wire = handshake(new Timeline(), 1356, 1460);
        for (int copy = 0; copy < 2; copy++) {
            wire.after(10).add(Packets.ipv4(SERVER, CLIENT).ttl(64).id(7).dontFragment().tcp(SERVER_PORT, CLIENT_PORT)
                            .seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(FITTING_PAYLOAD))
                .after(20).add(Packets.ipv4(SERVER, CLIENT).ttl(63).id(7).dontFragment().tcp(SERVER_PORT, CLIENT_PORT)
                            .seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(FITTING_PAYLOAD))
                .after(200_000);
        }
        assertTrue(diagnose(wire).findings().isEmpty(), "two sends, each seen twice, are not a stuck segment");
    }

    @Test
    void resendsWithIdentificationZeroAreStillResends() {
        // Stacks that send ID 0 with DF: same TTL, same ID, a real resend each time.
        Timeline wire = new Timeline();
        wire.add(fromClient().seq(CLIENT_ISN).flags(SYN).mss(1356).linuxTimestamps())
            .after(20_000).add(fromServer().seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460).linuxTimestamps())
            .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK).linuxTimestamps());
        for (int send = 0; send < 3; send++) {
            wire.after(5_000).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(1368));
        }
        assertEquals(3, only(diagnose(wire), Finding.SilentBlackHole.class).mostSends());
    }

    /**
     * A finding names the first {@value Diagnoser#MAX_FLOWS_PER_FINDING} of its flows in order,
     * whichever order they end in, and counts them all.
     */
    @Test
    void aFindingNamesItsFirstFlowsInOrderAndCountsThemAll() {
        int flows = Diagnoser.MAX_FLOWS_PER_FINDING + 200;
        List<Integer> ports = new java.util.ArrayList<>();
        for (int port = 20_000; port < 20_000 + flows; port++) {
            ports.add(port);
        }
        java.util.Collections.shuffle(ports, new java.util.Random(16));
        Timeline wire = new Timeline();
        for (int port : ports) {
            // 1424 bytes against MSS 1420: a raise that fits the link (as above), one flow each port
            wire.after(100).add(tcp(CLIENT, port, SERVER, SERVER_PORT).seq(CLIENT_ISN).flags(SYN).mss(1420).linuxTimestamps())
                .after(100).add(tcp(SERVER, SERVER_PORT, CLIENT, port).seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460)
                        .linuxTimestamps())
                .after(100).add(tcp(SERVER, SERVER_PORT, CLIENT, port).seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK)
                        .linuxTimestamps().payload(1424));
        }
        Finding raised = diagnose(wire, 2 * flows).findings().stream()
                .filter(finding -> finding.kind() == Kind.MSS_RAISED_IN_PATH).findFirst().orElseThrow();
        assertEquals(flows, raised.flowCount());
        List<org.mtudoctor.flow.Endpoint> expected = ports.stream().sorted().limit(Diagnoser.MAX_FLOWS_PER_FINDING)
                .map(port -> endpoint(CLIENT, port)).toList();
        List<org.mtudoctor.flow.Endpoint> named = raised.flows().stream().map(FlowRef::destination).toList();
        assertTrue(expected.equals(named), "named " + named.size() + " flows, to " + named.subList(0, 3) + " ... "
                + named.get(named.size() - 1) + "; expected " + expected.get(0) + " ... " + expected.get(expected.size() - 1));
    }

    private static org.mtudoctor.flow.Endpoint endpoint(String address, int port) {
        return new org.mtudoctor.flow.Endpoint(IpAddress.parse(address), port);
    }

    /**
     * An ICMP that claims an MTU no link can have (40, below IPv4's 68) about a 41-byte packet,
     * resent: the black hole is reported as the ICMP said, and the fix stays a real MTU with no clamp
     * (this made Fix throw, and the analysis end as an internal error).
     */
    @Test
    void anImpossibleReportedMtuGivesAFixWithinLinkMtus() {
        Timeline wire = handshake(new Timeline(), 1356, 1460);
        long sequence = SERVER_ISN + 1;
        for (int i = 0; i < 4; i++) {
            Packets.Tcp segment = fromServer().seq(sequence).ack(CLIENT_ISN + 1).flags(ACK).payload(1);   // 41 bytes
            wire.after(10).add(segment)
                .after(5).add(fragNeeded(40, segment));
        }

        Diagnosis diagnosis = diagnose(wire);

        Finding.PmtuBlackHole hole = (Finding.PmtuBlackHole) diagnosis.findings().get(0);
        assertEquals(40, hole.mtu(), "the MTU as the ICMP said it");
        assertEquals(41, hole.largestResent());
        assertEquals(Rules.MINIMUM_MTU, diagnosis.fix().mtu(), "the smallest MTU a link may have carries 41 bytes");
        assertEquals(-1, diagnosis.fix().clampMss(), "no MSS clamp from an MTU no link has");
    }
}
