package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.diagnosis.DiagnoserTest.BIG_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.FITTING_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.VPN;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromServer;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.TrafficPipeline;
import org.mtudoctor.flow.TrafficSummary;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * A router that writes the quoted IP header's total length as the bytes it quoted (548), not the
 * packet's (1420): the message seems to report an MTU no smaller than its packet, but the quoted
 * sequence number names a 1420-byte segment of the flow, and senders act on it.
 */
class RewrittenQuoteTest {

    /** The router's frag-needed quoting the first 548 bytes of {@code sequence}'s segment, total length rewritten to 548. */
    static Packets.IpPacket rewrittenFragNeeded(int mtu, long sequence) {
        Packets.IpPacket quoted = Packets.ipv4(DiagnoserTest.SERVER, DiagnoserTest.CLIENT).dontFragment().totalLength(548)
                .tcp(DiagnoserTest.SERVER_PORT, DiagnoserTest.CLIENT_PORT).seq(sequence).ack(CLIENT_ISN + 81).flags(ACK)
                .linuxTimestamps().payload(BIG_PAYLOAD);
        return Packets.ipv4(VPN, DiagnoserTest.SERVER).dontFragment().icmpFragNeeded(mtu).quoting(quoted, 548);
    }

    /** Handshake, request, three full-size segments each refused with a rewritten quote, then {@code after}. */
    static Timeline transfer(long quotedSequenceOffset) {
        Timeline wire = handshake(new Timeline(), 1356, 1460)
            .after(100).add(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80));
        for (int i = 0; i < 3; i++) {
            long sequence = SERVER_ISN + 1 + (long) i * BIG_PAYLOAD;
            wire.after(10).add(fromServer().seq(sequence).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD))
                .after(5).add(rewrittenFragNeeded(1396, sequence + quotedSequenceOffset));
        }
        // The server resends the first segment's data at once, in packets that fit.
        return wire.after(30).add(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps()
                .payload(FITTING_PAYLOAD));
    }

    record Result(Diagnosis diagnosis, TrafficSummary traffic) {
    }

    static Result analyse(Timeline wire) {
        Diagnoser diagnoser = new Diagnoser();
        TrafficPipeline pipeline = new TrafficPipeline(new FlowTracker(1000, 300, diagnoser));
        wire.playInto(pipeline);
        pipeline.finish();
        return new Result(diagnoser.diagnosis(), pipeline.summary());
    }

    @Test
    void aQuoteWhoseSequenceNamesAnOversizeSegmentCountsAndPmtudWorked() {
        Result result = analyse(transfer(0));
        Finding.PathMtuDiscovery worked = DiagnoserTest.only(result.diagnosis(), Finding.PathMtuDiscovery.class);
        assertEquals(Kind.PMTUD_WORKED, worked.kind());
        assertEquals(1396, worked.mtu());
        assertEquals(3, worked.icmpMessages());
        assertEquals(List.of(3L, 0L), List.of(result.traffic().tooBigQuoteRewritten(), result.traffic().tooBigNotBelowPacket()));
    }

    @Test
    void aQuoteThatNamesNoSegmentTheFlowSentIsStillSetAside() {
        // The quoted sequence numbers lie beyond anything the server sent: nothing explains the message.
        Result result = analyse(transfer(100_000));
        assertEquals(List.of(0L, 3L), List.of(result.traffic().tooBigQuoteRewritten(), result.traffic().tooBigNotBelowPacket()));
        assertEquals(List.of(Kind.MSS_RAISED_IN_PATH), result.diagnosis().findings().stream().map(Finding::kind).toList());
    }
}
