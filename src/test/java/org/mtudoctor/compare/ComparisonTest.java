package org.mtudoctor.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Packets;

/** Lining up two points from packets made here, for the rules no committed capture isolates. */
class ComparisonTest {

    static final String CLIENT = "10.0.1.2", SERVER = "10.0.3.2";
    static final long CLIENT_ISN = 1000, SERVER_ISN = 5000;

    /**
     * A point that saw the handshake and the client's request with the SYN's TTL {@code ttl}, then
     * data segments of {@code serverPayloads} bytes from the server; a negative one was sent but
     * not seen here (its bytes are skipped).
     */
    static Point point(String name, int ttl, int... serverPayloads) {
        Handshakes handshakes = new Handshakes();
        long time = 1_000_000_000L;
        feed(handshakes, time, Packets.ipv4(CLIENT, SERVER).ttl(ttl).tcp(40000, 80).seq(CLIENT_ISN).flags(SYN).mss(1460));
        feed(handshakes, time += 1000, Packets.ipv4(SERVER, CLIENT).ttl(128 - ttl).tcp(80, 40000).seq(SERVER_ISN)
                .ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460));
        feed(handshakes, time += 1000, Packets.ipv4(CLIENT, SERVER).ttl(ttl).tcp(40000, 80).seq(CLIENT_ISN + 1)
                .ack(SERVER_ISN + 1).flags(ACK).payload(80));
        long sequence = SERVER_ISN + 1;
        for (int payload : serverPayloads) {
            time += 1000;
            if (payload > 0) {
                feed(handshakes, time, Packets.ipv4(SERVER, CLIENT).ttl(128 - ttl).dontFragment().tcp(80, 40000)
                        .seq(sequence).ack(CLIENT_ISN + 1).flags(ACK).payload(payload));
            }
            sequence += Math.abs(payload);
        }
        // Other traffic, a second later: the point was still capturing when the data passed.
        feed(handshakes, time + 1_000_000_000L, Packets.ipv4("10.9.9.9", "10.9.9.8").tcp(1, 2).seq(1).flags(ACK));
        return new Point(name, name + ".pcap", handshakes);
    }

    static void feed(Handshakes handshakes, long time, Packets.IpPacket packet) {
        byte[] frame = packet.ethernet();
        handshakes.frame(1, time, frame, 0, frame.length, frame.length, 0);
    }

    @Test
    void bigPacketsThatVanishWhileSmallOnesArriveAreLostBetween() {
        Comparison comparison = Comparison.of(List.of(point("near", 63, 1460, 1460, 200), point("far", 64, -1460, -1460, 200)));
        assertEquals(List.of("far", "near"), comparison.order(), "the higher SYN TTL is nearer the client");
        LostBetween loss = comparison.losses().get(0);
        assertEquals("near", loss.before());
        assertEquals("far", loss.after());
        assertEquals(240, loss.largestArrived());
        assertEquals(1500, loss.smallestVanished());
        assertEquals(2, loss.vanished());
        assertEquals(1, comparison.problems(), "no ICMP at either point: silent");
    }

    @Test
    void whenNothingOfThatDirectionArrivesItIsAnOutageNotASizeLimit() {
        Comparison comparison = Comparison.of(List.of(point("near", 63, 1460, 1460, 200), point("far", 64, -1460, -1460, -200)));
        assertEquals(List.of(), comparison.losses(), "the far point saw not even the small packet");
    }

    /** One data segment from the server: its bytes' offset after the ISN, its payload, its IP ID. */
    record Segment(int offset, int payload, int id) {
    }

    static Segment seg(int offset, int payload, int id) {
        return new Segment(offset, payload, id);
    }

    /**
     * A point that saw the handshake and {@code segments} from the server, its clock {@code shift}
     * nanoseconds ahead, and {@code transit} nearer the client than a point given 0: the client's
     * packets pass it that much earlier, the server's that much later.
     */
    static Point at(String name, int ttl, long shift, long transit, Segment... segments) {
        return at(name, ttl, CLIENT_ISN, shift, transit, segments);
    }

    /** The same, the client's SYN carrying {@code clientIsn}. */
    static Point at(String name, int ttl, long clientIsn, long shift, long transit, Segment... segments) {
        Handshakes handshakes = new Handshakes();
        long time = 1_000_000_000L + shift;
        feed(handshakes, time - transit, Packets.ipv4(CLIENT, SERVER).ttl(ttl).tcp(40000, 80).seq(clientIsn).flags(SYN)
                .mss(1460));
        feed(handshakes, time + 1000 + transit, Packets.ipv4(SERVER, CLIENT).ttl(128 - ttl).tcp(80, 40000).seq(SERVER_ISN)
                .ack(clientIsn + 1).flags(SYN | ACK).mss(1460));
        feed(handshakes, time + 2000 - transit, Packets.ipv4(CLIENT, SERVER).ttl(ttl).id(7).tcp(40000, 80)
                .seq(clientIsn + 1).ack(SERVER_ISN + 1).flags(ACK).payload(80));
        time += 3000;
        for (Segment segment : segments) {
            feed(handshakes, (time += 1000) + transit, Packets.ipv4(SERVER, CLIENT).ttl(128 - ttl).id(segment.id()).dontFragment()
                    .tcp(80, 40000).seq(SERVER_ISN + 1 + segment.offset()).ack(clientIsn + 1).flags(ACK)
                    .payload(segment.payload()));
        }
        feed(handshakes, time + 1_000_000_000L, Packets.ipv4("10.9.9.9", "10.9.9.8").tcp(1, 2).seq(1).flags(ACK));
        return new Point(name, name + ".pcap", handshakes);
    }

    @Test
    void aFullSizePacketLostAmongOthersThatArriveIsOrdinaryLossNotASizeLimit() {
        Comparison comparison = Comparison.of(List.of(
                at("near", 63, 0, 0, seg(0, 1460, 1), seg(1460, 1460, 2), seg(2920, 200, 3)),
                at("far", 64, 0, 0, seg(0, 1460, 1), seg(2920, 200, 3))));
        assertEquals(List.of(), comparison.losses());
        Comparison.Crossed crossed = comparison.neighbours().get(0).towardClient();
        assertEquals(new Comparison.Crossed(2, 1, 0), crossed, "the one that vanished is counted all the same");
    }

    @Test
    void theIpIdTellsWhichTransmissionOfASegmentCrossed() {
        // The first 1460-byte transmission vanished, its resend arrived; the 1500-byte packet that
        // crossed is the largest, so nothing above it vanished.
        Comparison comparison = Comparison.of(List.of(
                at("near", 63, 0, 0, seg(0, 1460, 1), seg(0, 1460, 2), seg(1460, 100, 3)),
                at("far", 64, 0, 0, seg(0, 1460, 2), seg(1460, 100, 3))));
        assertEquals(new Comparison.Crossed(2, 1, 0), comparison.neighbours().get(0).towardClient());
        assertEquals(List.of(), comparison.losses());
    }

    @Test
    void aRouterThatRewritesIpIdsStillLetsThePacketsMatch() {
        Comparison comparison = Comparison.of(List.of(
                at("near", 63, 0, 0, seg(0, 1460, 1), seg(1460, 1460, 2)),
                at("far", 64, 0, 0, seg(0, 1460, 901), seg(1460, 1460, 902))));
        assertEquals(new Comparison.Crossed(2, 0, 2), comparison.neighbours().get(0).towardClient());
    }

    @Test
    void bytesThatArriveInsideAnOffloadAggregateCrossed() {
        // The far point is the receiving host, whose GRO merged the two full segments into one.
        Comparison comparison = Comparison.of(List.of(
                at("near", 63, 0, 0, seg(0, 1460, 1), seg(1460, 1460, 2), seg(2920, 200, 3)),
                at("far", 64, 0, 0, seg(0, 2920, 1), seg(2920, 200, 3))));
        assertEquals(new Comparison.Crossed(3, 0, 0), comparison.neighbours().get(0).towardClient());
        assertEquals(List.of(), comparison.losses(), "no packet vanished");
    }

    @Test
    void theClockOffsetComesFromTheQuickestPacketEachWayAndLeavesTheTransitApart() {
        // far's clock is 5 s ahead; each packet takes 300 us between the points, either way.
        long shift = 5_000_000_000L, transit = 300_000;
        Comparison comparison = Comparison.of(List.of(
                at("near", 63, 0, 0, seg(0, 1460, 1), seg(1460, 200, 2)),
                at("far", 64, shift, transit, seg(0, 1460, 1), seg(1460, 200, 2))));
        Comparison.Neighbours pair = comparison.neighbours().get(0);
        assertEquals("far", pair.nearClient());
        assertEquals(-shift, pair.clockOffsetNanos(), "near's clock is 5 s behind far's");
        assertEquals(transit, pair.transitNanos());
    }

    @Test
    void twoEndsOfOneLinkAreOrderedByTheHandshakesRoundTripWhateverTheClocks() {
        // Equal TTLs; "near" is 500 us nearer the client, and its clock is 3 s behind.
        Comparison comparison = Comparison.of(List.of(
                at("far", 64, 0, 0, seg(0, 1460, 1)),
                at("near", 64, -3_000_000_000L, 500_000, seg(0, 1460, 1))));
        assertEquals(List.of("near", "far"), comparison.order());
        assertEquals(true, comparison.ordered());
    }

    @Test
    void jitterBetweenTwoEndsOfOneLinkIsNoVote() {
        Comparison comparison = Comparison.of(List.of(
                at("far", 64, 0, 0, seg(0, 1460, 1)),
                at("near", 64, 0, Comparison.ROUND_TRIP_VOTE_NANOS / 2 - 1, seg(0, 1460, 1))));
        assertEquals(List.of("far", "near"), comparison.order(), "as given");
        assertEquals(false, comparison.ordered());
    }

    @Test
    void aHostsInterfacesStayTogetherOnThePath() {
        // vpn and isp's first interface are the two ends of one link (same TTLs); isp forwards to
        // its second interface (TTL one less). Given isp's interfaces first, vpn still goes before them.
        Point ispIn = at("isp in", 63, 0, 0, seg(0, 1460, 1));
        Point ispOut = at("isp out", 62, 0, 0, seg(0, 1460, 1));
        Comparison comparison = Comparison.of(List.of(
                new Point("isp in", "isp", "in", "isp.pcap", ispIn.handshakes()),
                new Point("isp out", "isp", "out", "isp.pcap", ispOut.handshakes()),
                at("vpn", 63, 0, 0, seg(0, 1460, 1))));
        assertEquals(List.of("vpn", "isp in", "isp out"), comparison.order());
    }

    @Test
    void aConnectionWhoseSequenceNumbersWereRewrittenIsCountedNotCompared() {
        Comparison comparison = Comparison.of(List.of(
                at("near", 64, 0, 0, seg(0, 1460, 1)),
                at("far", 63, 777_777, 0, 0, seg(0, 1460, 1))));
        Comparison.Neighbours pair = comparison.neighbours().get(0);
        assertEquals(0, pair.matched());
        assertEquals(1, pair.onlyNearServer());
        assertEquals(1, pair.renumbered(), "the same ports at the same time");
        Comparison later = Comparison.of(List.of(
                at("near", 64, 0, 0, seg(0, 1460, 1)),
                at("far", 63, 777_777, Comparison.RENUMBERED_WITHIN_NANOS + 10_000_000, 0, seg(0, 1460, 1))));
        assertEquals(0, later.neighbours().get(0).renumbered(), "another connection, later, on a reused port");
    }
}
