package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mtudoctor.diagnosis.DiagnoserTest.BIG_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_PORT;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_PORT;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromServer;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;

import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * A silent black hole the sender works around: no ICMP, the 1420-byte segment sent again and
 * again, then the same bytes resent in 1076-byte packets, which the peer acknowledges at once
 * (what Linux with tcp_mtu_probing=1 does: captures/fallback-probing-1.pcap). And what is not one.
 */
class SenderFallbackTest {

    /** What fits after the fallback: 1076 - 40 - 12 of timestamps. */
    static final int FALLBACK_PAYLOAD = 1024;

    /**
     * Handshake and request; the first full-size segment (as {@code bigSegment} makes it) sent at
     * 0 and after each of {@code timeouts} RTOs, doubling from 200 ms; then {@code after}.
     */
    static Timeline stall(LongFunction<Packets.IpPacket> bigSegment, int timeouts) {
        Timeline wire = handshake(new Timeline(), 1356, 1460)
                .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80))
                .after(10_000).add(bigSegment.apply(SERVER_ISN + 1));
        long backoff = 200_000;
        for (int i = 0; i < timeouts; i++, backoff *= 2) {
            wire.after(backoff).add(bigSegment.apply(SERVER_ISN + 1));
        }
        return wire;
    }

    static Packets.IpPacket big(long sequence) {
        return fromServer().seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
    }

    /**
     * The server's resend of the stuck segment from {@code sequence} as a 1076-byte packet and the
     * rest, and the client's ACKs of both, at once.
     */
    static Timeline fallBack(Timeline wire, long sequence) {
        return wire.after(3_000_000).add(fromServer().seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps()
                        .payload(FALLBACK_PAYLOAD))
                .after(1).add(fromServer().seq(sequence + FALLBACK_PAYLOAD).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps()
                        .payload(BIG_PAYLOAD - FALLBACK_PAYLOAD))
                .after(50).add(fromClient().seq(CLIENT_ISN + 81).ack(sequence + FALLBACK_PAYLOAD).flags(ACK).linuxTimestamps())
                .after(1).add(fromClient().seq(CLIENT_ISN + 81).ack(sequence + BIG_PAYLOAD).flags(ACK).linuxTimestamps());
    }

    static List<Kind> kinds(Diagnosis diagnosis) {
        return diagnosis.findings().stream().map(Finding::kind).toList();
    }

    @Test
    void aSenderThatFellBackAfterTimeoutsWithNoIcmpIsASilentBlackHoleItWorkedAround() {
        Diagnosis diagnosis = DiagnoserTest.diagnose(fallBack(stall(SenderFallbackTest::big, 3), SERVER_ISN + 1));

        Finding.SilentBlackHole silent = DiagnoserTest.only(diagnosis, Finding.SilentBlackHole.class);
        assertEquals(1420, silent.stalledPacket());
        assertEquals(4, silent.mostSends());
        assertEquals(1076, silent.largestAcknowledged(), "what got through: the path MTU is at least this");
        // First send, RTOs after 0.2, 0.4 and 0.8 s, the fallback 3 s after the last: 4.4 s of stall.
        assertEquals(new Finding.SilentBlackHole.Fallback(1, 1076, 4_400_000_000L), silent.fallback());
        assertEquals(1420, diagnosis.fix().mtu(), "the MTU the stuck packets needed");
    }

    @Test
    void aSegmentAcknowledgedAtItsOwnSizeAfterTimeoutsIsAnOutageNotABlackHole() {
        Timeline wire = stall(SenderFallbackTest::big, 3)
                .after(3_000_000).add(big(SERVER_ISN + 1))
                .after(50).add(fromClient().seq(CLIENT_ISN + 81).ack(SERVER_ISN + 1 + BIG_PAYLOAD).flags(ACK).linuxTimestamps());
        assertEquals(List.of(Kind.MSS_RAISED_IN_PATH), kinds(DiagnoserTest.diagnose(wire)));
    }

    @Test
    void packetsWithoutDontFragmentWouldBeFragmentedNotDropped() {
        LongFunction<Packets.IpPacket> fragmentable = sequence -> Packets.ipv4(SERVER, CLIENT).tcp(SERVER_PORT, CLIENT_PORT)
                .seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
        Diagnosis diagnosis = DiagnoserTest.diagnose(fallBack(stall(fragmentable, 3), SERVER_ISN + 1));
        assertFalse(kinds(diagnosis).contains(Kind.SILENT_BLACK_HOLE), diagnosis.findings().toString());
    }

    @Test
    void oneFastResendInSmallerPacketsIsSackRecoveryNotABlackHole() {
        Diagnosis diagnosis = DiagnoserTest.diagnose(fallBack(stall(SenderFallbackTest::big, 1), SERVER_ISN + 1));
        assertFalse(kinds(diagnosis).contains(Kind.SILENT_BLACK_HOLE), diagnosis.findings().toString());
    }

    @Test
    void anEarlierSmallerResendInSackRecoveryDoesNotHideTheFallbackAfterTimeouts() {
        // First, the request's reply starts with a segment resent once, smaller, and acknowledged:
        // ordinary recovery. Then the next full-size segment stalls and the sender falls back.
        long second = SERVER_ISN + 1 + BIG_PAYLOAD;
        Timeline wire = stall(SenderFallbackTest::big, 0)
                .after(20_000).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps()
                        .payload(FALLBACK_PAYLOAD))
                .after(1).add(fromServer().seq(SERVER_ISN + 1 + FALLBACK_PAYLOAD).ack(CLIENT_ISN + 81).flags(ACK)
                        .linuxTimestamps().payload(BIG_PAYLOAD - FALLBACK_PAYLOAD))
                .after(50).add(fromClient().seq(CLIENT_ISN + 81).ack(second).flags(ACK).linuxTimestamps())
                .after(10).add(big(second))
                .after(200_000).add(big(second))
                .after(400_000).add(big(second))
                .after(800_000).add(big(second));
        Diagnosis diagnosis = DiagnoserTest.diagnose(fallBack(wire, second));

        Finding.SilentBlackHole silent = DiagnoserTest.only(diagnosis, Finding.SilentBlackHole.class);
        assertEquals(4, silent.mostSends());
        assertEquals(1076, silent.fallback().packet());
    }
}
