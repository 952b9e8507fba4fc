package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.testing.Decoded;
import org.mtudoctor.testing.Packets;

/** One direction of a flow, fed segments one at a time, as FlowTracker feeds it. */
class SenderTest {

    private static final String CLIENT = "10.0.0.1", SERVER = "10.0.0.2";
    private static final long ISN = 1_000_000L;
    private static final long T = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    /** The SYN: 20 bytes of IP, 20 of TCP, 4 of MSS option. */
    private static final int SYN_LENGTH = 44;

    private final Sender sender = new Sender(endpoint(CLIENT, 40000), endpoint(SERVER, 80));

    private static Endpoint endpoint(String address, int port) {
        return new Endpoint(IpAddress.parse(address), port);
    }

    /** The client's IP header as Linux sends it: TTL 64, don't fragment, a non-zero identification (1). */
    private static Packets.Ip client() {
        return Packets.ipv4(CLIENT, SERVER).dontFragment().id(1);
    }

    /** A segment from the client's port 40000 to the server's port 80. */
    private static Packets.Tcp segment() {
        return client().tcp(40000, 80);
    }

    /** A segment from the client, acknowledging the server's SYN. */
    private static Packets.Tcp data(long sequence, int payload) {
        return data(client(), sequence, payload);
    }

    /** The same under an IP header the test changed (TTL, identification). */
    private static Packets.Tcp data(Packets.Ip ip, long sequence, int payload) {
        return ip.tcp(40000, 80).seq(sequence).ack(5001).flags(ACK).payload(payload);
    }

    private void syn(int mss) {
        assertTrue(send(segment().seq(ISN).flags(SYN).mss(mss), -1, T));
    }

    private boolean send(Packets.Tcp segment, int peerMss, long time) {
        return sender.segment(Decoded.of(segment), peerMss, time);
    }

    @Test
    void countsResendsAndOverlapsAsRetransmissionsAndNewDataNot() {
        syn(1460);
        send(data(client().id(2), ISN + 1, 100), 1460, T + 100 * MS);
        send(data(client().id(3), ISN + 101, 100), 1460, T + 110 * MS);
        assertEquals(0, sender.retransmissions());
        send(data(client().id(4), ISN + 1, 100), 1460, T + 300 * MS);
        assertEquals(1, sender.retransmissions());
        send(data(client().id(5), ISN + 51, 100), 1460, T + 400 * MS);   // ends past what was sent, starts before
        assertEquals(2, sender.retransmissions());
        send(data(client().id(6), ISN + 201, 100), 1460, T + 500 * MS);
        assertEquals(2, sender.retransmissions());
        assertEquals(6, sender.packets());        // the SYN and five data segments
        assertEquals(0, sender.secondViews());
    }

    @Test
    void aBareAcknowledgmentIsNeitherDataNorARetransmission() {
        syn(1460);
        send(data(ISN + 1, 0), 1460, T + 100 * MS);
        send(data(client().id(3), ISN + 1, 0), 1460, T + 200 * MS);
        assertEquals(3, sender.packets());
        assertEquals(0, sender.retransmissions());
        assertEquals(0, sender.largestPacket());
    }

    /**
     * Whether a copy of a data segment (its IP header and then its TCP header changed by
     * {@code header} and {@code change}) sent {@code delay} after it is counted, as a
     * retransmission, or taken for the same packet seen on another interface.
     */
    private boolean copyCounted(UnaryOperator<Packets.Ip> header, UnaryOperator<Packets.Tcp> change, long delay) {
        syn(1460);
        assertTrue(send(data(client().ttl(64).id(7), ISN + 1, 1000), 1460, T + 100 * MS));
        boolean counted = send(change.apply(data(header.apply(client().ttl(64).id(8)), ISN + 1, 1000)), 1460,
                T + 100 * MS + delay);
        assertEquals(counted ? 3 : 2, sender.packets());
        assertEquals(counted ? 1 : 0, sender.retransmissions());
        assertEquals(counted ? 0 : 1, sender.secondViews());
        return counted;
    }

    /** The same with only the IP header changed. */
    private boolean copyCounted(UnaryOperator<Packets.Ip> header, long delay) {
        return copyCounted(header, copy -> copy, delay);
    }

    @Test
    void aCopyWithTheTtlOneLowerIsASecondView() {
        assertFalse(copyCounted(copy -> copy.ttl(63), MS));
    }

    @Test
    void aCopyWithTheTtlOneHigherIsASecondView() {
        assertFalse(copyCounted(copy -> copy.ttl(65), MS));
    }

    @Test
    void aCopyWithTheTtlTwoLowerIsARetransmission() {
        assertTrue(copyCounted(copy -> copy.ttl(62), MS));
    }

    @Test
    void theSameTtlAndANewIdentificationIsARetransmission() {
        assertTrue(copyCounted(copy -> copy, MS));
    }

    @Test
    void theSameNonZeroIdentificationIsASecondView() {
        assertFalse(copyCounted(copy -> copy.id(7), MS));
    }

    @Test
    void identificationZeroIsNeverTakenForACopy() {
        syn(1460);
        assertTrue(send(data(client().id(0), ISN + 1, 1000), 1460, T + 100 * MS));
        assertTrue(send(data(client().id(0), ISN + 1, 1000), 1460, T + 101 * MS));
        assertEquals(1, sender.retransmissions());
        assertEquals(0, sender.secondViews());
    }

    @Test
    void aForwardedCopyExactlyTenMillisecondsLaterIsASecondView() {
        assertFalse(copyCounted(copy -> copy.ttl(63), SentSequence.SECOND_VIEW_WINDOW_NANOS));
    }

    @Test
    void aForwardedCopyAfterTheWindowIsARetransmission() {
        assertTrue(copyCounted(copy -> copy.ttl(63), SentSequence.SECOND_VIEW_WINDOW_NANOS + 1));
    }

    @Test
    void aForwardedCopyEarlierInTimeIsARetransmission() {
        assertTrue(copyCounted(copy -> copy.ttl(63), -1));
    }

    @Test
    void aForwardedCopyThatAcknowledgesMoreIsNotTheSamePacket() {
        assertTrue(copyCounted(copy -> copy.ttl(63), copy -> copy.ack(6001), MS));
    }

    @Test
    void aForwardedCopyWithOtherFlagsIsNotTheSamePacket() {
        assertTrue(copyCounted(copy -> copy.ttl(63), copy -> copy.flags(ACK | PSH), MS));
    }

    @Test
    void theFirstSynGivesTheMssAndTheSequenceBase() {
        assertFalse(sender.synSeen());
        assertEquals(-1, sender.synMss());
        syn(1380);
        send(segment().seq(ISN).flags(SYN).mss(1460), -1, T + 1000 * MS);
        assertTrue(sender.synSeen());
        assertEquals(1380, sender.synMss());
        assertEquals(1, sender.relative((int) (ISN + 1)));
    }

    @Test
    void aSynWithoutMssLeavesItUnknown() {
        send(segment().seq(ISN).flags(SYN), -1, T);
        assertTrue(sender.synSeen());
        assertEquals(-1, sender.synMss());
    }

    @Test
    void withoutASynSequenceNumbersCountFromTheFirstSeen() {
        send(data(5000, 100), -1, T);
        send(data(5100, 100), -1, T + 100 * MS);
        assertFalse(sender.synSeen());
        assertEquals(1, sender.relative(5000));
        assertEquals(101, sender.relative(5100));
    }

    @Test
    void relativeSequenceNumbersWrapAround() {
        send(segment().seq(0xFFFF_FFF0L).flags(SYN).mss(1460), -1, T);
        assertEquals(0x20, sender.relative(0x10));
    }

    @Test
    void aTooBigBeforeAnySegmentSetsTheBaseFromItsQuote() {
        sender.tooBig(IpAddress.parse("10.9.9.9"), 1400, false, 9000, T);
        assertEquals(1, sender.relative(9000));
    }

    @ParameterizedTest(name = "packet {0}, segment {1}, peer MSS {2}: aggregate {3}")
    @CsvSource({
            "9217, 9000,   -1, true",   // above every jumbo MTU, peer MSS or not
            "9216, 9000, 8960, false",  // a jumbo frame that fits its link
            "1500, 1460,  536, false",  // standard Ethernet carries it, whatever the MSS
            "3100, 3040, 2000, true",   // more than 1.5 x an MSS above 1460
            "3050, 2990, 2000, false",  // less than 1.5 x it: a raised MSS, not a merge
            "1600, 1548, 1460, true",   // above an MSS of standard Ethernet or less
            "1600, 1548, 1461, false",  // the same above a larger MSS
            "1600, 1460, 1460, false",  // exactly the MSS
            "1600, 1548,   -1, false",  // peer MSS unknown
    })
    void isAggregate(int packetLength, int segmentSize, int peerMss, boolean aggregate) {
        assertEquals(aggregate, FlowRules.isAggregate(packetLength, segmentSize, peerMss));
    }

    @Test
    void aggregatesAreCountedApartAndStayOutOfTheMaxima() {
        syn(1460);
        send(data(ISN + 1, 1448).linuxTimestamps(), 1460, T + 100 * MS);
        send(data(ISN + 1449, 2896).linuxTimestamps(), 1460, T + 110 * MS);  // two segments merged by GRO
        assertEquals(1, sender.aggregates());
        assertEquals(2896 + 52, sender.largestAggregate());
        assertEquals(1448 + 52, sender.largestPacket());
        assertEquals(1448 + 12, sender.largestSegment());
        assertEquals(1448, sender.largestPayload());
        assertEquals(0, sender.segmentsAbovePeerMss());
    }

    @Test
    void countsSegmentsAboveThePeersMss() {
        syn(1460);
        assertEquals(-1, sender.peerMssWhenExceeded());
        send(data(ISN + 1, 1400), 1400, T + 100 * MS);
        assertEquals(0, sender.segmentsAbovePeerMss());
        send(data(ISN + 1401, 1448), 1400, T + 110 * MS);
        send(data(ISN + 2849, 1420), 1400, T + 120 * MS);
        send(data(ISN + 4269, 1448), -1, T + 130 * MS);             // peer MSS unknown: not counted
        assertEquals(2, sender.segmentsAbovePeerMss());
        assertEquals(1448, sender.largestSegmentAbovePeerMss());
        assertEquals(1400, sender.peerMssWhenExceeded());
    }

    @Test
    void theLargestAcknowledgedPacketIsTheLargestOfWhatTheAcknowledgmentCovered() {
        syn(1460);
        sender.acknowledgedBy((int) ISN);
        assertEquals(0, sender.largestAcknowledgedPacket());
        sender.acknowledgedBy((int) ISN + 1);
        assertEquals(SYN_LENGTH, sender.largestAcknowledgedPacket());
        send(data(ISN + 1, 1000), 1460, T + 100 * MS);
        send(data(ISN + 1001, 1400), 1460, T + 110 * MS);
        send(data(ISN + 2401, 500), 1460, T + 120 * MS);
        sender.acknowledgedBy((int) ISN + 1001);
        assertEquals(1040, sender.largestAcknowledgedPacket());
        sender.acknowledgedBy((int) ISN + 1);                        // an old acknowledgment changes nothing
        sender.acknowledgedBy((int) ISN + 2901);
        assertEquals(1440, sender.largestAcknowledgedPacket());
    }

    @Test
    void theStalledSegmentIsTheUnacknowledgedOneSentMostOften() {
        syn(1460);
        assertNull(sender.stalledSegment());
        send(data(client().id(2), ISN + 1, 100), 1460, T + 100 * MS);
        send(data(client().id(3), ISN + 101, 1448), 1460, T + 110 * MS);
        assertNull(sender.stalledSegment(), "nothing resent yet");
        send(data(client().id(4), ISN + 1, 100), 1460, T + 300 * MS);
        send(data(client().id(5), ISN + 101, 1448), 1460, T + 310 * MS);
        send(data(client().id(6), ISN + 101, 1448), 1460, T + 710 * MS);
        assertEquals(new Sender.StalledSegment(101, 1488, 3, T + 110 * MS, T + 710 * MS), sender.stalledSegment());
        sender.acknowledgedBy((int) (ISN + 101 + 1448));
        assertNull(sender.stalledSegment());
    }

    @Test
    void aStalledAggregateHasLengthZero() {
        syn(1460);
        send(data(client().id(2), ISN + 1, 2896).linuxTimestamps(), 1460, T + 100 * MS);
        send(data(client().id(3), ISN + 1, 2896).linuxTimestamps(), 1460, T + 300 * MS);
        assertEquals(0, sender.stalledSegment().packetLength());
    }

    @Test
    void lastSmallerSentDuringIsTheLatestSmallerSegmentSentAfterTheStalledOneFirstWas() {
        syn(1460);
        send(data(client().id(2), ISN + 1, 100), 1460, T + 100 * MS);         // smaller, but before
        send(data(client().id(3), ISN + 101, 1448), 1460, T + 200 * MS);
        send(data(client().id(4), ISN + 101, 1448), 1460, T + 400 * MS);
        Sender.StalledSegment stalled = sender.stalledSegment();
        assertEquals(-1, sender.lastSmallerSentDuring(stalled));
        send(data(client().id(5), ISN + 1549, 200), 1460, T + 500 * MS);
        send(data(client().id(6), ISN + 1749, 1448), 1460, T + 600 * MS);     // as big: not smaller
        send(data(client().id(7), ISN + 1549, 200), 1460, T + 700 * MS);
        assertEquals(T + 700 * MS, sender.lastSmallerSentDuring(stalled));
    }

    @Test
    void safePacketLengthIs576ForIpv4And1280ForIpv6() {
        assertEquals(576, sender.safePacketLength());
        assertEquals(1280, new Sender(endpoint("fd00::1", 40000), endpoint("fd00::2", 80)).safePacketLength());
    }

    @Test
    void tooBigStartsAHistoryThatFollowsTheSegmentsAndAcknowledgmentsAfterIt() {
        syn(1460);
        send(data(client().id(2), ISN + 1, 1448), 1460, T + 100 * MS);
        assertNull(sender.tooBig());
        IpAddress router = IpAddress.parse("10.9.9.9");
        sender.tooBig(router, 1400, false, ISN + 1, T + 101 * MS);
        TooBigHistory history = sender.tooBig();
        assertNotNull(history);
        assertEquals(1488, history.largestPacketBefore());
        assertEquals(router, history.reporter());
        send(data(client().id(3), ISN + 1, 1448), 1460, T + 300 * MS);         // resent oversize
        send(data(client().id(4), ISN + 1449, 1000), 1460, T + 310 * MS);      // new data that fits
        assertEquals(1, history.oversizeRetransmissions());
        assertEquals(List.of(new TooBigHistory.ResentSegment(1, 1)), history.resentSegments());
        assertEquals(1, history.fittingAfter());
        assertFalse(history.quotedDataAcknowledged());
        sender.acknowledgedBy((int) ISN + 2449);
        assertTrue(history.quotedDataAcknowledged());
        sender.tooBig(router, 1300, true, ISN + 1, T + 400 * MS);
        assertSame(history, sender.tooBig());
        assertEquals(2, history.messages());
        assertEquals(1300, history.smallestMtu());
    }

    @Test
    void aTooBigWithoutAQuotedSequenceStandsForTheHighestDataSent() {
        syn(1460);
        send(data(client().id(2), ISN + 1, 1448), 1460, T + 100 * MS);
        sender.tooBig(IpAddress.parse("10.9.9.9"), 1400, false, -1, T + 101 * MS);
        sender.acknowledgedBy((int) ISN + 1449);
        assertFalse(sender.tooBig().quotedDataAcknowledged());
        sender.acknowledgedBy((int) ISN + 1450);
        assertTrue(sender.tooBig().quotedDataAcknowledged());
    }

    @Test
    void lastSeenIsTheTimeOfTheLastCountedPacket() {
        assertEquals(Long.MIN_VALUE, sender.lastSeen());
        syn(1460);
        send(data(client().ttl(64), ISN + 1, 100), 1460, T + 100 * MS);
        send(data(client().ttl(63), ISN + 1, 100), 1460, T + 101 * MS);       // a second view: not counted
        assertEquals(T + 100 * MS, sender.lastSeen());
    }
}
