package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromServer;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.FIN;
import static org.mtudoctor.testing.Packets.PSH;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Timeline;

/**
 * The receiving end's view (issue 12, case 3): the client's own capture of a transfer whose
 * full-size segments never arrive. A Windows-like server (no timestamps) sends a 1460-byte
 * segment that dies on the way, and the 563-byte tail after it, which arrives; the client
 * acknowledges up to the hole for 21 s, until the server resends the bytes in 536-byte segments
 * (its black-hole detection). The SYN-ACK arrives with MSS 1432 though the client offered 1460.
 */
class ReceiverViewTest {

    static final int FULL = 1460, TAIL = 563, SMALL = 536;
    static final long DATA = SERVER_ISN + 1;

    /** Handshake (client MSS 1460, SYN-ACK arriving with {@code synAckMss}) and the request. */
    static Timeline request(int synAckMss) {
        return handshake(new Timeline(), FULL, synAckMss)
                .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(DATA).flags(ACK | PSH).payload(80))
                .after(20_000).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK));
    }

    /** The client's ACK of {@code acknowledgment}. */
    static Timeline clientAck(Timeline wire, long acknowledgment) {
        return wire.add(fromClient().seq(CLIENT_ISN + 81).ack(acknowledgment).flags(ACK));
    }

    /**
     * The tail after the lost full-size segment arrives; the client acknowledges up to the hole;
     * {@code fillAfterMicros} later the hole is filled by packets of {@code fillPayload} bytes,
     * and the client acknowledges everything. A negative delay: the bytes never come.
     */
    static Timeline hole(Timeline wire, long fillAfterMicros, int fillPayload) {
        wire.after(10).add(fromServer().seq(DATA + FULL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL))
                .after(50);
        clientAck(wire, DATA);
        long elapsed = 0;
        for (long dupAck = 3_000_000; dupAck < Math.abs(fillAfterMicros); dupAck *= 3) {
            // The server's resends of the big segment die too (at 3 s and 9 s); the client
            // repeats what it lacks.
            clientAck(wire.after(dupAck - elapsed), DATA);
            elapsed = dupAck;
        }
        if (fillAfterMicros < 0) {
            return wire;
        }
        wire.after(fillAfterMicros - elapsed);
        for (int sent = 0; sent < FULL; sent += fillPayload) {
            wire.add(fromServer().seq(DATA + sent).ack(CLIENT_ISN + 81).flags(ACK).payload(Math.min(fillPayload, FULL - sent)))
                    .after(20);
        }
        return clientAck(wire.after(50), DATA + FULL + TAIL);
    }

    static Finding.ReceiverBlackHole receiverFinding(Diagnosis diagnosis) {
        return DiagnoserTest.only(diagnosis, Finding.ReceiverBlackHole.class);
    }

    static List<Kind> kinds(Diagnosis diagnosis) {
        return diagnosis.findings().stream().map(Finding::kind).toList();
    }

    @Test
    void aHoleOfOneFullSegmentFilledOnlyBySmallResendsAfter21SecondsIsABlackHoleSeenFromTheReceiver() {
        Diagnosis diagnosis = DiagnoserTest.diagnose(hole(request(1432), 21_000_000, SMALL));

        Finding.ReceiverBlackHole hole = receiverFinding(diagnosis);
        assertEquals(SERVER, hole.sender().toString());
        assertEquals(FULL, hole.missing());
        assertEquals(TAIL + 40, hole.largestArrived(), "the largest packet that got through");
        assertEquals(1432 + 40, hole.sendable(), "the smaller MSS, as the SYN-ACK arrived, plus headers");
        assertEquals(1, hole.filledFlows());
        assertEquals(SMALL + 40, hole.largestFill());
        assertTrue(hole.longestStall() >= 21_000_000_000L && hole.longestStall() < 21_100_000_000L,
                "stall " + hole.longestStall());
        assertTrue(hole.oneWayClamp(), "SYN-ACK 1432 against the client's 1460");
        assertFalse(hole.pathMtuUnbounded());
        assertEquals(List.of(Kind.RECEIVER_BLACK_HOLE), kinds(diagnosis));

        Fix fix = diagnosis.fix();
        assertTrue(fix.atReceiver());
        assertEquals(TAIL + 40, fix.mtu(), "the largest packet that arrived");
        assertEquals(TAIL, fix.clampMss());
        assertEquals(SERVER, fix.farSender().toString());
    }

    @Test
    void theServersOwnCaptureOfTheSameTransferIsASilentBlackHoleItWorkedAround() {
        // Issue 12's case 2: at the server, the 1500-byte packet goes out at 0, +3 and +9 s and is
        // never acknowledged; the 563-byte tail after it is; at +21 s its bytes go out as 536-byte
        // segments, which are acknowledged. The SYN-ACK left the server with MSS 1460.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(FULL))
                .after(10).add(fromServer().seq(DATA + FULL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL));
        clientAck(wire.after(50), DATA);
        wire.after(3_000_000).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(FULL));
        clientAck(wire.after(50), DATA);
        wire.after(6_000_000).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(FULL));
        clientAck(wire.after(50), DATA);
        wire.after(12_000_000);
        for (int sent = 0; sent < FULL; sent += SMALL) {
            wire.add(fromServer().seq(DATA + sent).ack(CLIENT_ISN + 81).flags(ACK).payload(Math.min(SMALL, FULL - sent)))
                    .after(20);
        }
        Diagnosis diagnosis = DiagnoserTest.diagnose(clientAck(wire.after(50), DATA + FULL + TAIL));

        Finding.SilentBlackHole silent = DiagnoserTest.only(diagnosis, Finding.SilentBlackHole.class);
        assertEquals(FULL + 40, silent.stalledPacket());
        assertEquals(3, silent.mostSends());
        assertEquals(SMALL + 40, silent.fallback().packet());
        assertEquals(List.of(Kind.SILENT_BLACK_HOLE), kinds(diagnosis), "the capture saw every byte: no receiver's view");
        assertEquals(FULL + 40, diagnosis.fix().mtu());
    }

    @Test
    void bytesThatNeverComeAfterTheSenderFellSilentAreABlackHoleWhosePathMtuIsUnknown() {
        // The seed incident from the client (captures/seed-black-hole-ends-client.pcap): a small
        // header arrives, then nothing for 7 s; the server's ACK of the client's FIN shows the
        // bytes it had sent meanwhile.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(203))
                .after(50).add(fromClient().seq(CLIENT_ISN + 81).ack(DATA + 203).flags(ACK))
                .after(7_000_000).add(fromClient().seq(CLIENT_ISN + 81).ack(DATA + 203).flags(ACK | FIN))
                .after(100).add(fromServer().seq(DATA + 15_252).ack(CLIENT_ISN + 82).flags(ACK));
        Diagnosis diagnosis = DiagnoserTest.diagnose(wire);

        Finding.ReceiverBlackHole hole = receiverFinding(diagnosis);
        assertEquals(15_252 - 203, hole.missing());
        assertTrue(hole.neverFilled());
        assertEquals(243, hole.largestArrived());
        assertTrue(hole.pathMtuUnbounded(), "243 bytes pass every link: no MTU to set from it");
        assertNull(diagnosis.fix(), "no MTU before the path MTU is found");
        assertTrue(hole.longestStall() >= 7_000_000_000L, "the silence before the ACK: " + hole.longestStall());
    }

    @Test
    void aHoleThatOneTimeoutRepairsIsOrdinaryLoss() {
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(hole(request(1460), 1_000_000, SMALL))));
    }

    @Test
    void aHoleRepairedAtFullSizeWhereFullSizeSegmentsArriveIsNotAboutSize() {
        // A full-size segment arrives first: the path carries what the MSS allows, and the hole
        // after it (the main case's, one segment later) is loss of another kind.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(FULL));
        clientAck(wire.after(50), DATA + FULL);
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(holeAfter(wire, DATA + FULL))));
    }

    @Test
    void theSameHoleAfterASmallSegmentIsOne() {
        // The control for the case above: only the first packet's size differs.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(TAIL));
        clientAck(wire.after(50), DATA + TAIL);
        assertEquals(List.of(Kind.RECEIVER_BLACK_HOLE), kinds(DiagnoserTest.diagnose(holeAfter(wire, DATA + TAIL))));
    }

    /** The main case's hole, starting at {@code start} instead of the first byte. */
    static Timeline holeAfter(Timeline wire, long start) {
        return holeAfter(wire, start, FULL);
    }

    /** A hole of {@code missing} bytes from {@code start}, filled by small packets after 21 s. */
    static Timeline holeAfter(Timeline wire, long start, int missing) {
        wire.after(10).add(fromServer().seq(start + missing).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL));
        clientAck(wire.after(50), start);
        clientAck(wire.after(3_000_000), start);
        wire.after(18_000_000);
        for (int sent = 0; sent < missing; sent += SMALL) {
            wire.add(fromServer().seq(start + sent).ack(CLIENT_ISN + 81).flags(ACK).payload(Math.min(SMALL, missing - sent)))
                    .after(20);
        }
        return clientAck(wire.after(50), start + missing + TAIL);
    }

    @Test
    void twoFullSegmentsMissingWhereFullSizeSegmentsArriveAreNotAboutSize() {
        // More missing than any packet carried, but full-size packets do arrive: the path carries them.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(FULL));
        clientAck(wire.after(50), DATA + FULL);
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(holeAfter(wire, DATA + FULL, 2 * FULL))));
    }

    @Test
    void lessThanAFullSegmentMissingIsNotAboutSizeThoughOnlySmallPacketsArrive() {
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(100));
        clientAck(wire.after(50), DATA + 100);
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(holeAfter(wire, DATA + 100, 1000))));
    }

    @Test
    void aHoleNoLargerThanAPacketThatArrivedIsNotAboutSize() {
        // 1440 bytes missing after a 1450-byte payload arrived, both within the 1460 allowed.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(1450));
        clientAck(wire.after(50), DATA + 1450);
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(holeAfter(wire, DATA + 1450, 1440))));
    }

    @Test
    void bytesTheReceiverAcknowledgesThoughTheCaptureNeverSawThemAreTheCapturesLoss() {
        // The capture dropped the segment (or stands elsewhere): the client has it, and says so.
        Timeline wire = request(1432)
                .after(10).add(fromServer().seq(DATA + FULL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL))
                .after(50);
        clientAck(wire, DATA + FULL + TAIL);
        wire.after(21_000_000).add(fromServer().seq(DATA + FULL + TAIL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(100));
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(wire)));
    }

    @Test
    void withoutTheReceiversAcknowledgmentsAHoleMayBeTheCapturesOwnLoss() {
        // Only the sender's direction after the handshake (asymmetric routing, a one-way tap):
        // a packet the capture dropped looks the same as one the path dropped.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(TAIL))
                .after(10).add(fromServer().seq(DATA + TAIL + FULL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL));
        wire.after(21_000_000);
        for (int sent = 0; sent < FULL; sent += SMALL) {
            wire.add(fromServer().seq(DATA + TAIL + sent).ack(CLIENT_ISN + 81).flags(ACK).payload(Math.min(SMALL, FULL - sent)))
                    .after(20);
        }
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(wire)));
        // The control: the receiver's ACK of everything before the hole makes it one.
        Timeline seen = request(1460)
                .after(10).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(TAIL));
        clientAck(seen.after(5), DATA + TAIL);
        seen.after(10).add(fromServer().seq(DATA + TAIL + FULL).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL));
        seen.after(21_000_000);
        for (int sent = 0; sent < FULL; sent += SMALL) {
            seen.add(fromServer().seq(DATA + TAIL + sent).ack(CLIENT_ISN + 81).flags(ACK).payload(Math.min(SMALL, FULL - sent)))
                    .after(20);
        }
        assertEquals(List.of(Kind.RECEIVER_BLACK_HOLE), kinds(DiagnoserTest.diagnose(seen)));
    }

    @Test
    void aHoleSmallerThanAFullSegmentIsNotAboutSize() {
        // 201 bytes missing (arkime socks4-https.pcap): no MTU loses a packet that small alone.
        Timeline wire = request(1460)
                .after(10).add(fromServer().seq(DATA + 201).ack(CLIENT_ISN + 81).flags(ACK | PSH).payload(TAIL))
                .after(50);
        clientAck(wire, DATA);
        wire.after(21_000_000).add(fromServer().seq(DATA).ack(CLIENT_ISN + 81).flags(ACK).payload(201));
        clientAck(wire.after(50), DATA + 201 + TAIL);
        assertEquals(List.of(), kinds(DiagnoserTest.diagnose(wire)));
    }
}
