package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.diagnosis.DiagnoserTest.BIG_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.VPN;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.diagnosis.SeveralRoutersTest.fragNeeded;
import static org.mtudoctor.diagnosis.SeveralRoutersTest.segment;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * A too-big message from the sender's own host: Linux sends one to a local sender whose packet a
 * tunnel of its own cannot carry (captured with tcpdump -i any, on lo). It is no router's, and no
 * network between can drop it: a sender that ignores it ignores its own host.
 */
class SendersOwnHostTest {

    /** The 1420-byte segment refused {@code times} times by {@code reporter}, resent at 1420 after each. */
    static Timeline refused(String reporter, int times) {
        long first = SERVER_ISN + 1;
        Packets.IpPacket big = segment(first, BIG_PAYLOAD);
        Timeline wire = handshake(new Timeline(), 1356, 1460)
                .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80));
        for (int i = 0; i < times; i++) {
            wire.after(200_000).add(big).after(5).add(fragNeeded(reporter, 1396, big));
        }
        return wire;
    }

    @Test
    void aBlackHoleWhoseIcmpComesFromTheSendersOwnHostIsNotBlamedOnTheNetwork() {
        Finding.PmtuBlackHole hole = DiagnoserTest.only(DiagnoserTest.diagnose(refused(SERVER, 4)), Finding.PmtuBlackHole.class);
        assertEquals(IpAddress.parse(SERVER), hole.reporter());
        assertTrue(hole.fromSendersOwnHost());
    }

    @Test
    void loopbackIsTheSendersOwnHostToo() {
        Finding.PmtuBlackHole hole = DiagnoserTest.only(DiagnoserTest.diagnose(refused("127.0.0.1", 4)),
                Finding.PmtuBlackHole.class);
        assertTrue(hole.fromSendersOwnHost());
    }

    @Test
    void aRoutersIcmpIsNot() {
        Finding.PmtuBlackHole hole = DiagnoserTest.only(DiagnoserTest.diagnose(refused(VPN, 4)), Finding.PmtuBlackHole.class);
        assertFalse(hole.fromSendersOwnHost());
    }

    @Test
    void discoveryThatWorksOnTheSendersOwnLinkSaysSo() {
        Timeline wire = refused(SERVER, 1).after(30).add(segment(SERVER_ISN + 1, 1396 - 52));
        Finding.PathMtuDiscovery worked = DiagnoserTest.only(DiagnoserTest.diagnose(wire), Finding.PathMtuDiscovery.class);
        assertEquals(Kind.PMTUD_WORKED, worked.kind());
        assertTrue(worked.fromSendersOwnHost());
    }
}
