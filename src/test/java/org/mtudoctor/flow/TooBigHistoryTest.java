package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.TooBigHistory.ResentSegment;

/** What one sender did after ICMP told it its packets were too big, as Sender reports it. */
class TooBigHistoryTest {

    private static final IpAddress ROUTER = IpAddress.parse("10.0.9.1"), OTHER_ROUTER = IpAddress.parse("10.0.9.2");
    private static final int ISN = 1_000_000;
    private static final long T = 1_700_000_000_000_000_000L, MS = 1_000_000L;

    private final TooBigHistory history = new TooBigHistory(1500);

    /** A message about the segment at relative sequence number {@code relative}. */
    private void message(int mtu, int relative, long time) {
        history.message(ROUTER, mtu, false, ISN + relative, true, time);
    }

    /** A data packet sent after the first message, {@code relative} as in {@link #message}. */
    private void sent(int packetLength, boolean retransmission, int relative) {
        history.segmentAfter(packetLength, retransmission, relative, ISN + relative);
    }

    /** Packets above the MTU after the first message, and how many of them resent quoted data. */
    private void assertOversize(int after, int retransmissions) {
        assertEquals(after, history.oversizeAfter(), "oversize after");
        assertEquals(retransmissions, history.oversizeRetransmissions(), "oversize retransmissions");
    }

    @Test
    void countsMessagesWithTheFirstAndLastTimeAndTheFirstReporter() {
        history.message(ROUTER, 1400, false, ISN + 1, true, T);
        history.message(OTHER_ROUTER, 1400, false, ISN + 1, true, T + 5 * MS);
        history.message(OTHER_ROUTER, 1400, false, ISN + 1, true, T + 9 * MS);
        assertEquals(3, history.messages());
        assertEquals(T, history.firstTime());
        assertEquals(T + 9 * MS, history.lastTime());
        assertEquals(ROUTER, history.reporter());
    }

    @Test
    void theSmallestMtuIsKept() {
        message(1400, 1, T);
        message(1300, 1, T + MS);
        message(1450, 1, T + 2 * MS);
        assertEquals(1300, history.smallestMtu());
    }

    @Test
    void oneEstimatedMtuMarksTheHistoryEstimated() {
        message(1400, 1, T);
        assertFalse(history.estimated());
        history.message(ROUTER, 1300, true, ISN + 1, true, T + MS);
        message(1400, 1, T + 2 * MS);
        assertTrue(history.estimated());
    }

    @Test
    void keepsTheLargestPacketSentBefore() {
        assertEquals(1500, history.largestPacketBefore());
    }

    @Test
    void packetsAtOrBelowTheMtuFit() {
        message(1400, 1, T);
        sent(1400, true, 1);
        sent(600, false, 1401);
        assertEquals(2, history.fittingAfter());
        assertEquals(1400, history.largestFittingAfter());
        assertEquals(0, history.oversizeAfter());
    }

    @Test
    void newDataAboveTheMtuIsOversizeInFlightNotAnOversizeRetransmission() {
        message(1400, 1, T);
        sent(1500, false, 1449);
        assertOversize(1, 0);
        assertEquals(List.of(), history.resentSegments());
    }

    @Test
    void resendsOfTheQuotedDataOrLaterAboveTheMtuAreOversizeRetransmissions() {
        message(1400, 1, T);
        sent(1500, true, 1);
        sent(1500, true, 1);
        sent(1480, true, 1449);
        sent(1500, true, 1);
        assertOversize(4, 4);
        assertEquals(1500, history.largestOversizeRetransmission());
        assertEquals(List.of(new ResentSegment(1, 3), new ResentSegment(1449, 1)), history.resentSegments());
        assertEquals("seq 1 x3", history.resentSegments().get(0).toString());
    }

    @Test
    void aResendOfDataBeforeTheQuotedSegmentIsNoEvidence() {
        message(1400, 1449, T);
        sent(1500, true, 1);
        assertOversize(1, 0);
    }

    @Test
    void aLaterMessageQuotingEarlierDataMovesTheQuoteBack() {
        message(1400, 1449, T);
        message(1400, 1, T + MS);
        sent(1500, true, 1);
        assertEquals(1, history.oversizeRetransmissions());
    }

    @Test
    void aLaterMessageWithoutAQuotedSequenceLeavesTheQuote() {
        message(1400, 1449, T);
        history.message(ROUTER, 1400, false, ISN + 1, false, T + MS);
        sent(1500, true, 1);
        assertEquals(0, history.oversizeRetransmissions());
    }

    @Test
    void keepsEightResentSequencesAndCountsTheRest() {
        message(1400, 1, T);
        for (int i = 0; i < 10; i++) {
            sent(1500, true, 1 + 1448 * i);
        }
        sent(1500, true, 1 + 1448 * 9);
        assertEquals(11, history.oversizeRetransmissions());
        List<ResentSegment> resent = history.resentSegments();
        assertEquals(TooBigHistory.MAX_RESENT_SEQUENCES, resent.size());
        assertEquals(new ResentSegment(1 + 1448 * 7, 1), resent.get(7));
    }

    @Test
    void theQuotedDataIsAcknowledgedWhenAnAcknowledgmentPassesIt() {
        message(1400, 1, T);
        history.acknowledged(ISN + 1);
        assertFalse(history.quotedDataAcknowledged());
        history.acknowledged(ISN + 2);
        assertTrue(history.quotedDataAcknowledged());
    }

    @Test
    void sequenceNumbersWrapAround() {
        int quoted = 0xFFFF_FF00;
        history.message(ROUTER, 1400, false, quoted, true, T);
        history.segmentAfter(1500, true, 0x200, quoted + 0x200);    // past 2^32, so numerically smaller
        assertEquals(1, history.oversizeRetransmissions());
        history.acknowledged(0x10);
        assertTrue(history.quotedDataAcknowledged());
    }
}
