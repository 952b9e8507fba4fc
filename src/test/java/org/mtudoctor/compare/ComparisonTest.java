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
     * data segments of {@code serverPayloads} bytes from the server.
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
            feed(handshakes, time += 1000, Packets.ipv4(SERVER, CLIENT).ttl(128 - ttl).dontFragment().tcp(80, 40000)
                    .seq(sequence).ack(CLIENT_ISN + 1).flags(ACK).payload(payload));
            sequence += payload;
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
        Comparison comparison = Comparison.of(List.of(point("near", 63, 1460, 1460, 200), point("far", 64, 200)));
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
        Comparison comparison = Comparison.of(List.of(point("near", 63, 1460, 1460, 200), point("far", 64)));
        assertEquals(List.of(), comparison.losses(), "the far point saw not even the small packet");
    }
}
