package org.mtudoctor.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Matching one direction's packets between two points, at sizes no capture here has. */
class PacketMatchTest {

    static final long ISN = 4_000_000_000L; // the sequence numbers wrap within the transfer

    @Test
    void everyPacketOfALongTransferIsFoundOrMissedExactly() {
        // 200,000 full-size packets, each sent once or twice (resends with new IP IDs, as Linux
        // gives them); the next point misses every seventh transmission.
        PacketLog before = new PacketLog(), after = new PacketLog();
        Random random = new Random(13);
        long missed = 0, sent = 0;
        int id = 0;
        for (int i = 0; i < 200_000; i++) {
            long sequence = (ISN + 1 + 1448L * i) & 0xFFFFFFFFL;
            int copies = random.nextInt(8) == 0 ? 2 : 1;
            for (int copy = 0; copy < copies; copy++) {
                id = (id + 1) & 0xFFFF;
                before.add(sequence, 1448, id, 1500, 1_000L * sent, sent + 1);
                if (sent % 7 == 3) {
                    missed++;
                } else {
                    after.add(sequence, 1448, id, 1500, 1_000L * sent + 50, sent + 1);
                }
                sent++;
            }
        }
        PacketMatch match = PacketMatch.of(before, after, ISN);
        PacketMatch.Crossing crossing = match.judge(0, 0, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertEquals(sent - missed, crossing.crossed());
        assertEquals(missed, crossing.vanished());
        assertEquals(0, match.idRewritten(), "each transmission found by its own IP ID");
        assertEquals(50, match.minDelay());
        assertEquals(0, crossing.vanishedAbove(), "what vanished is no larger than what crossed");
    }

    @Test
    void aKeyOfAllZeroesIsAPacketLikeAnyOther() {
        PacketLog before = new PacketLog(), after = new PacketLog();
        before.add(0, 0, 0, 40, 0, 1);
        before.add(0, 0, 0, 40, 10, 2);
        after.add(0, 0, 0, 40, 5, 1);
        PacketMatch.Crossing crossing = PacketMatch.of(before, after, 0).judge(0, 0, 100, Long.MAX_VALUE);
        assertEquals(1, crossing.crossed());
        assertEquals(1, crossing.vanished());
    }

    @Test
    void packetsDueAfterTheNextPointStoppedAreNotJudged() {
        PacketLog before = new PacketLog(), after = new PacketLog();
        before.add(1, 100, 1, 140, 1_000, 1);
        before.add(101, 1400, 2, 1440, 5_000, 2);
        after.add(1, 100, 1, 140, 1_100, 1);
        PacketMatch match = PacketMatch.of(before, after, 0);
        assertEquals(1, match.judge(0, 0, 10_000, Long.MAX_VALUE).vanishedAbove(), "still capturing at 5 us");
        assertEquals(0, match.judge(0, 0, 4_000, Long.MAX_VALUE).vanished(), "stopped at 4 us");
        assertEquals(0, match.judge(0, 0, 10_000, 5_000 + PacketMatch.EDGE_NANOS - 1).vanished(),
                "its log ended within the edge of when it was due");
        assertEquals(0, match.judge(0, 6_000, 10_000, Long.MAX_VALUE).vanished(), "started at 6 us: not yet");
    }
}
