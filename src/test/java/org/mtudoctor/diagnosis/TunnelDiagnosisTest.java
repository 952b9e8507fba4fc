package org.mtudoctor.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.diagnosis.DiagnoserTest.BIG_PAYLOAD;
import static org.mtudoctor.diagnosis.DiagnoserTest.CLIENT_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.SERVER_ISN;
import static org.mtudoctor.diagnosis.DiagnoserTest.diagnose;
import static org.mtudoctor.diagnosis.DiagnoserTest.fragNeeded;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromClient;
import static org.mtudoctor.diagnosis.DiagnoserTest.fromServer;
import static org.mtudoctor.diagnosis.DiagnoserTest.handshake;
import static org.mtudoctor.diagnosis.DiagnoserTest.only;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.PSH;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.decode.Tunnel;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Timeline;

/**
 * Findings and fixes for traffic captured inside a GRE tunnel (24 bytes of headers) between
 * 192.0.2.1 and 198.51.100.2: the flow is the inner one, and the fix must fit the tunnel.
 */
class TunnelDiagnosisTest {

    private static final String TUNNEL_NEAR = "192.0.2.1", TUNNEL_FAR = "198.51.100.2";
    private static final Encapsulation GRE = new Encapsulation(Tunnel.GRE, 24);
    /** 1448 bytes + 12 of timestamps: a 1500-byte packet, as a server on Ethernet sends. */
    private static final int FULL_PAYLOAD = 1448;

    /** The packet inside IPv4 (DF set) and GRE (24 bytes, as a Linux gre device sends them) from the near end to the far one. */
    private static Packets.IpPacket inTunnel(Packets.IpPacket packet) {
        return Packets.ipv4(TUNNEL_NEAR, TUNNEL_FAR).dontFragment().gre(packet);
    }

    /** Handshake and a small segment that gets acknowledged, then a 1500-byte one sent 4 times, never acknowledged. */
    private static Timeline stalledFullSizePacket(Timeline wire) {
        handshake(wire, 1460, 1460, TunnelDiagnosisTest::inTunnel)
                .after(100).add(inTunnel(fromClient().seq(CLIENT_ISN + 1).ack(SERVER_ISN + 1).flags(ACK | PSH).linuxTimestamps().payload(80)))
                .after(20_000).add(inTunnel(fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(200)))
                .after(100).add(inTunnel(fromClient().seq(CLIENT_ISN + 81).ack(SERVER_ISN + 201).flags(ACK).linuxTimestamps()));
        for (long backoff : new long[] {10, 200_000, 400_000, 800_000}) {
            wire.after(backoff).add(inTunnel(stalledSegment()));
        }
        return wire;
    }

    private static Packets.Tcp stalledSegment() {
        return fromServer().seq(SERVER_ISN + 201).ack(CLIENT_ISN + 81).flags(ACK).linuxTimestamps().payload(FULL_PAYLOAD);
    }

    /** ICMP fragmentation needed from a router under the tunnel, quoting one of the tunnel's own packets. */
    private static Packets.IpPacket underlayFragNeeded(String reporter, int mtu, Packets.IpPacket tunnelPacket) {
        return Packets.ipv4(reporter, TUNNEL_NEAR).dontFragment().icmpFragNeeded(mtu).quoting(tunnelPacket);
    }

    @Test
    void a_packet_the_tunnel_cannot_carry_gets_the_tunnels_mtu_and_a_clamp() {
        Diagnosis diagnosis = diagnose(stalledFullSizePacket(new Timeline()));

        Finding.SilentBlackHole silent = only(diagnosis, Finding.SilentBlackHole.class);
        assertEquals(1500, silent.stalledPacket(), "the inner packet's size, not the outer one's");
        assertEquals(GRE, silent.flows().get(0).encapsulation());
        Fix fix = diagnosis.fix();
        assertNotNull(fix.tunnel());
        assertFalse(fix.tunnel().fits(), "1500 + 24 > 1500");
        assertTrue(fix.tunnelTooSmall());
        assertEquals(Fix.UnderlayEvidence.ASSUMED, fix.tunnel().evidence());
        assertEquals(1500, fix.tunnel().wantedMtu());
        assertEquals(1476, fix.mtu(), "1500 - 24");
        assertEquals(1436, fix.clampMss(), "1500 - 24 - 40");
    }

    @Test
    void an_icmp_about_the_tunnels_own_packets_gives_the_underlay_mtu() {
        Timeline wire = stalledFullSizePacket(new Timeline());
        wire.after(5).add(underlayFragNeeded("203.0.113.9", 1400, inTunnel(stalledSegment())));   // 1524 bytes

        Fix fix = diagnose(wire).fix();
        assertEquals(Fix.UnderlayEvidence.ICMP, fix.tunnel().evidence());
        assertEquals(1400, fix.tunnel().underlayMtu());
        assertEquals(1376, fix.mtu(), "1400 - 24");
        assertEquals(1336, fix.clampMss());
    }

    @Test
    void an_underlay_mtu_that_leaves_no_room_inside_the_tunnel_is_not_believed() {
        // MTU 80 under 24 bytes of GRE leaves 56 inside: no IPv4 link is that small (RFC 791's 68).
        Timeline wire = stalledFullSizePacket(new Timeline());
        wire.after(5).add(underlayFragNeeded("203.0.113.9", 80, inTunnel(stalledSegment())));     // 1524 bytes

        Fix fix = diagnose(wire).fix();
        assertEquals(Fix.UnderlayEvidence.ASSUMED, fix.tunnel().evidence());
        assertEquals(1476, fix.mtu(), "as without the ICMP: 1500 - 24");
        assertEquals(1436, fix.clampMss());
        assertTrue(fix.tunnelTooSmall());
    }

    @Test
    void a_tunnel_too_small_for_ipv6_keeps_the_mtu_the_packets_need() {
        // VXLAN on a 1300 underlay leaves 1250 inside, below IPv6's 1280: no MTU inside can be
        // the fix, so the fix stays 1420 and does not claim to be the tunnel's MTU.
        Fix.TunnelLimit vxlan = new Fix.TunnelLimit(Tunnel.VXLAN, 50, 1300, Fix.UnderlayEvidence.ICMP, 1420);
        IpAddress reporter = IpAddress.parse("2001:db8::1");
        assertFalse(new Fix(1420, 6, reporter, 1400, 1340, -1, -1, vxlan).tunnelTooSmall());
        assertTrue(new Fix(1250, 4, IpAddress.parse("192.0.2.9"), 1400, 1210, -1, -1, vxlan).tunnelTooSmall());
    }

    @Test
    void an_mtu_that_fits_in_the_tunnel_is_kept_and_the_tunnel_named() {
        Timeline wire = handshake(new Timeline(), 1356, 1460, TunnelDiagnosisTest::inTunnel);
        // The seed's black hole inside the tunnel: 1420-byte packets refused with MTU 1396, resent.
        for (long backoff : new long[] {10, 200_000, 400_000, 800_000}) {
            Packets.Tcp segment = fromServer().seq(SERVER_ISN + 1).ack(CLIENT_ISN + 1).flags(ACK).linuxTimestamps().payload(BIG_PAYLOAD);
            wire.after(backoff).add(inTunnel(segment))
                    .after(5).add(fragNeeded(1396, segment));
        }
        Diagnosis diagnosis = diagnose(wire);

        Finding.PmtuBlackHole hole = only(diagnosis, Finding.PmtuBlackHole.class);
        assertEquals(GRE, hole.flows().get(0).encapsulation());
        Fix fix = diagnosis.fix();
        assertEquals(1420, fix.mtu());
        assertTrue(fix.tunnel().fits(), "1420 + 24 <= 1500");
        assertEquals(1356, fix.clampMss(), "still the MSS that fits the reported 1396");
    }

    @Test
    void traffic_outside_any_tunnel_has_no_tunnel_in_its_fix() {
        Timeline wire = stalledFullSizePacket(new Timeline());
        Diagnosis plain = diagnose(new Timeline());
        assertEquals(null, plain.fix());
        Diagnosis tunnelled = diagnose(wire);
        assertEquals(GRE, tunnelled.findings().get(0).flows().get(0).encapsulation());
    }
}
