package org.mtudoctor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.diagnosis.Diagnosis;
import org.mtudoctor.diagnosis.Finding;
import org.mtudoctor.diagnosis.Kind;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * The --evidence pass picks the packets the analysis counted: the same rule tells a resend from
 * new data and from a second view of a packet (tcpdump -i any on a router), in both.
 */
class EvidenceCollectorTest {

    static final String CLIENT = "10.0.1.2", SERVER = "10.0.3.2", VPN = "10.0.2.1";
    static final int CLIENT_PORT = 44158, SERVER_PORT = 8080;
    static final long CLIENT_ISN = 1000, SERVER_ISN = 5000;
    /** 1368 + 12 bytes of timestamps: 1420-byte packets against MTU 1396. */
    static final int BIG_PAYLOAD = 1368;

    static Packets.Tcp fromClient() {
        return Packets.ipv4(CLIENT, SERVER).dontFragment().tcp(CLIENT_PORT, SERVER_PORT);
    }

    /** The server's segment of the first 1368 bytes, with the IPv4 identification and TTL given. */
    static Packets.IpPacket firstSegment(int identification, int ttl) {
        return Packets.ipv4(SERVER, CLIENT).dontFragment().id(identification).ttl(ttl).tcp(SERVER_PORT, CLIENT_PORT)
                .seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
    }

    /** Frames 1-4: the handshake (the client's SYN says MSS 1356) and the client's request. */
    static Timeline handshakeAndRequest() {
        return new Timeline()
            /* 1 */ .add(fromClient().seq(CLIENT_ISN).flags(SYN).mss(1356).linuxTimestamps())
            /* 2 */ .after(20_000).add(Packets.ipv4(SERVER, CLIENT).dontFragment().tcp(SERVER_PORT, CLIENT_PORT)
                    .seq(SERVER_ISN).ack(CLIENT_ISN + 1).flags(SYN | ACK).mss(1460).linuxTimestamps())
            /* 3 */ .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK).linuxTimestamps())
            /* 4 */ .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH)
                    .linuxTimestamps().payload(80));
    }

    /** The evidence of the one finding of {@code kind}, as "input frame N: role" lines. */
    static List<String> evidenceOf(Timeline wire, Kind kind) {
        Assembly assembly = new Assembly(new Settings(1000, 300, false, true, false), null, null);
        wire.playInto(assembly.pipeline);
        assembly.pipeline.finish();
        Diagnosis diagnosis = assembly.diagnoser.diagnosis();
        List<Kind> kinds = diagnosis.findings().stream().map(Finding::kind).toList();
        assertEquals(1, kinds.stream().filter(kind::equals).count(), kinds.toString());

        EvidenceCollector collector = new EvidenceCollector(diagnosis.findings());
        collector.startInput("wire");
        wire.playInto(collector);
        return collector.evidence().get(kinds.indexOf(kind)).stream().map(EvidencePacket::toString).toList();
    }

    @Test
    void aBlackHoleShowsTheResendsTheAnalysisCountedNotNewDataNorASecondView() {
        Packets.IpPacket first = firstSegment(1, 64);
        Timeline wire = handshakeAndRequest()
            /* 5 */ .after(20_000).add(first)
            /* 6 */ .after(5).add(Packets.ipv4(VPN, SERVER).dontFragment().icmpFragNeeded(1396).quoting(first))
            // The first resend, and the same packet again on the router's other interface: one
            // hop later, same identification, 100 µs after.
            /* 7 */ .after(200_000).add(firstSegment(2, 64))
            /* 8 */ .after(100).add(firstSegment(2, 63))
            // New data, oversize too, but no resend.
            /* 9 */ .after(100).add(Packets.ipv4(SERVER, CLIENT).dontFragment().id(3).tcp(SERVER_PORT, CLIENT_PORT)
                    .seq(SERVER_ISN + 1 + BIG_PAYLOAD).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD))
            /* 10 */ .after(400_000).add(firstSegment(4, 64))
            /* 11 */ .after(800_000).add(firstSegment(5, 64));

        assertEquals(List.of(
                "wire frame 6: the first ICMP too-big from 10.0.2.1 about this flow, MTU 1396",
                "wire frame 7: an oversize resend after it, 1420 bytes against MTU 1396",
                "wire frame 10: another oversize resend after it, 1420 bytes against MTU 1396"),
                evidenceOf(wire, Kind.PMTU_BLACK_HOLE));
    }

    @Test
    void pmtudThatWorkedShowsTheFirstFittingPacketTheSenderSentAfterTheIcmpNotASecondViewOfAnEarlierOne() {
        Packets.IpPacket first = firstSegment(1, 64);
        // A short segment sent before the ICMP, whose copy on the router's other interface comes after it.
        Packets.IpPacket small = Packets.ipv4(SERVER, CLIENT).dontFragment().id(2).tcp(SERVER_PORT, CLIENT_PORT)
                .seq(SERVER_ISN + 1 + BIG_PAYLOAD).ack(CLIENT_ISN + 81).flags(ACK | PSH).linuxTimestamps().payload(200);
        Timeline wire = handshakeAndRequest()
            /* 5 */ .after(20_000).add(first)
            /* 6 */ .after(5).add(small)
            /* 7 */ .after(5).add(Packets.ipv4(VPN, SERVER).dontFragment().icmpFragNeeded(1396).quoting(first))
            /* 8 */ .after(50).add(Packets.ipv4(SERVER, CLIENT).dontFragment().id(2).ttl(63).tcp(SERVER_PORT, CLIENT_PORT)
                    .seq(SERVER_ISN + 1 + BIG_PAYLOAD).ack(CLIENT_ISN + 81).flags(ACK | PSH).linuxTimestamps().payload(200))
            // The quoted data again, in segments that fit MTU 1396 (1344 + 12 + 40).
            /* 9 */ .after(200).add(Packets.ipv4(SERVER, CLIENT).dontFragment().id(3).tcp(SERVER_PORT, CLIENT_PORT)
                    .seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(1344));

        assertEquals(List.of(
                "wire frame 7: the first ICMP too-big from 10.0.2.1 about this flow, MTU 1396",
                "wire frame 9: the first data packet after it, 1396 bytes: fits MTU 1396"),
                evidenceOf(wire, Kind.PMTUD_WORKED));
    }

    @Test
    void anIcmpWhoseQuoteARouterRewroteIsTheFirstIcmpAsTheAnalysisCountsIt() {
        // The router wrote the quoted total length as the 548 bytes it quoted, not 1420.
        Packets.IpPacket quoted = Packets.ipv4(SERVER, CLIENT).dontFragment().id(1).totalLength(548)
                .tcp(SERVER_PORT, CLIENT_PORT).seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps()
                .payload(BIG_PAYLOAD);
        Timeline wire = handshakeAndRequest()
            /* 5 */ .after(20_000).add(firstSegment(1, 64))
            /* 6 */ .after(5).add(Packets.ipv4(VPN, SERVER).dontFragment().icmpFragNeeded(1396).quoting(quoted, 548))
            /* 7 */ .after(200_000).add(firstSegment(2, 64))
            /* 8 */ .after(400_000).add(firstSegment(3, 64));

        assertEquals(List.of(
                "wire frame 6: the first ICMP too-big from 10.0.2.1 about this flow, MTU 1396",
                "wire frame 7: an oversize resend after it, 1420 bytes against MTU 1396",
                "wire frame 8: another oversize resend after it, 1420 bytes against MTU 1396"),
                evidenceOf(wire, Kind.PMTU_BLACK_HOLE));
    }
}
