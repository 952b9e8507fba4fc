package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mtudoctor.diagnosis.DiagnoserTest.BIG_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.VPN;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromServer;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.TooBigHistory.ReportedMtu;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * Two small links on one path: the first router reports 1396, and once the sender fits that, a
 * second one further on reports 1300. Each is reported; the smallest is the path MTU.
 */
class SeveralRoutersTest {

    static final String FAR_ROUTER = "10.0.5.1";

    static Packets.Tcp segment(long sequence, int payload) {
        return fromServer().seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(payload);
    }

    static Packets.IpPacket fragNeeded(String router, int mtu, Packets.IpPacket quoted) {
        return Packets.ipv4(router, DiagnoserTest.SERVER).dontFragment().icmpFragNeeded(mtu).quoting(quoted);
    }

    @Test
    void eachRouterIsReportedAndTheSmallestMtuIsTheFindings() {
        long first = SERVER_ISN + 1;
        Packets.IpPacket big = segment(first, BIG_PAYLOAD);            // 1420 bytes
        Packets.IpPacket middle = segment(first, 1396 - 52);           // 1396: fits the first link only
        Timeline wire = handshake(new Timeline(), 1356, 1460)
                .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80))
                .after(10).add(big).after(5).add(fragNeeded(VPN, 1396, big))
                .after(30).add(middle).after(5).add(fragNeeded(FAR_ROUTER, 1300, middle))
                .after(30).add(segment(first, 1300 - 52));
        Diagnosis diagnosis = DiagnoserTest.diagnose(wire);

        Finding.PathMtuDiscovery worked = DiagnoserTest.only(diagnosis, Finding.PathMtuDiscovery.class);
        assertEquals(Kind.PMTUD_WORKED, worked.kind());
        assertEquals(IpAddress.parse(FAR_ROUTER), worked.reporter(), "the router of the smallest link");
        assertEquals(1300, worked.mtu());
        assertEquals(List.of(new ReportedMtu(IpAddress.parse(VPN), 1396), new ReportedMtu(IpAddress.parse(FAR_ROUTER), 1300)),
                worked.reports(), "in path order");
        assertNull(diagnosis.fix());
    }
}
