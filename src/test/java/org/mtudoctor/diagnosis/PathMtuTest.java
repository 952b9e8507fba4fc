package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * An ICMP too-big about traffic that is no TCP flow (a UDP datagram, a ping) still tells the
 * path MTU toward its destination: an info finding per router and MTU, not only a count.
 */
class PathMtuTest {

    static final String HOST = "10.0.1.2", ROUTER = "10.1.4.1", FAR = "10.2.5.5", OTHER = "10.2.5.6";

    static Packets.IpPacket tooBig(int mtu, Packets.IpPacket quoted) {
        return Packets.ipv4(ROUTER, HOST).icmpFragNeeded(mtu).quoting(quoted);
    }

    @Test
    void tooBigAboutUdpAndPingsGivesThePathMtuTowardTheirDestinations() {
        Packets.IpPacket datagram = Packets.ipv4(HOST, FAR).dontFragment().udp(40000, 4500).payload(1472);
        // ping -M do -s 1472: an echo request of 1500 bytes.
        Packets.IpPacket ping = Packets.ipv4(HOST, OTHER).dontFragment().carrying(1,
                new byte[] {8, 0, 0, 0, 0, 1, 0, 1},   // echo request, checksum 0, identifier 1, sequence 1
                new byte[1472]);                       // data
        Timeline wire = new Timeline()
                .add(datagram).after(5).add(tooBig(1400, datagram))
                .after(1000).add(ping).after(5).add(tooBig(1400, ping))
                .after(1000).add(datagram).after(5).add(tooBig(1300, datagram));
        Diagnosis diagnosis = DiagnoserTest.diagnose(wire);

        assertEquals(2, diagnosis.findings().size(), diagnosis.findings().toString());
        Finding.PathMtu at1300 = (Finding.PathMtu) diagnosis.findings().get(0);
        Finding.PathMtu at1400 = (Finding.PathMtu) diagnosis.findings().get(1);
        assertEquals(List.of(1300, 1400), List.of(at1300.mtu(), at1400.mtu()));
        assertEquals(IpAddress.parse(ROUTER), at1400.reporter());
        assertEquals(2, at1400.icmpMessages());
        assertEquals(List.of(IpAddress.parse(HOST)), at1400.senders());
        assertEquals(List.of(IpAddress.parse(FAR), IpAddress.parse(OTHER)), at1400.destinations());
        assertEquals(2, at1400.destinationCount());
        assertEquals(List.of(1, 17), at1400.protocols(), "ICMP and UDP, by protocol number");
        assertEquals(List.of(), at1400.flows(), "about no TCP flow");
        assertEquals(Severity.INFO, at1400.severity());
        assertEquals(List.of(false, false), List.of(at1300.belowLinkMinimum(), at1400.belowLinkMinimum()));
        assertNull(diagnosis.fix(), "nothing to fix: the senders were told");
    }

    @Test
    void aTooBigAboutATcpFlowIsNoPathMtuFinding() {
        Packets.IpPacket segment = Packets.ipv4(HOST, FAR).dontFragment().tcp(44158, 443).payload(1460);
        Diagnosis diagnosis = DiagnoserTest.diagnose(new Timeline().add(segment).after(5).add(tooBig(1400, segment)));
        assertEquals(List.of(Kind.PMTUD_UNCONFIRMED),
                diagnosis.findings().stream().map(Finding::kind).toList());
    }
}
