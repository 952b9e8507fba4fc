package org.mtudoctor.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtudoctor.testing.Packets.SYN;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.LinkType;
import org.mtudoctor.testing.Packets;

/** Splitting one capture into a point per interface, and naming them. */
class ByInterfaceTest {

    static final Packets.IpPacket SYN_IN = Packets.ipv4("10.0.1.2", "10.0.3.2").ttl(64).tcp(40000, 80).seq(1000)
            .flags(SYN).mss(1356);
    static final Packets.IpPacket SYN_OUT = Packets.ipv4("10.0.1.2", "10.0.3.2").ttl(63).tcp(40000, 80).seq(1000)
            .flags(SYN).mss(1380);

    static void ethernet(ByInterface split, Packets.IpPacket packet, int interfaceId) {
        byte[] frame = packet.ethernet();
        split.frame(LinkType.ETHERNET.code(), 1_000_000_000L, frame, 0, frame.length, frame.length, interfaceId);
    }

    static void cooked(ByInterface split, Packets.IpPacket packet, int ifindex) {
        byte[] frame = packet.sll2(ifindex);
        split.frame(LinkType.LINUX_SLL2.code(), 1_000_000_000L, frame, 0, frame.length, frame.length, 0);
    }

    @Test
    void aPcapngOfTwoInterfacesIsTwoPointsNamedByTheFile() {
        ByInterface split = new ByInterface(false, Map.of());
        split.interfaceDescribed(0, "ppp0");
        split.interfaceDescribed(1, null);
        ethernet(split, SYN_IN, 0);
        ethernet(split, SYN_OUT, 1);
        assertEquals(List.of("interface 1", "ppp0"), List.copyOf(split.points().keySet()));
        assertEquals(1356, split.points().get("ppp0").byClientIsn(1000).synMss());
        assertEquals(2, split.points().get("interface 1").byClientIsn(1000).synFrame(), "the file's frame number");
    }

    @Test
    void theUsersNamesGoBeforeTheFilesAndNameCookedIndexes() {
        ByInterface pcapng = new ByInterface(false, Map.of(0, "eth1"));
        pcapng.interfaceDescribed(0, "ppp0");
        pcapng.interfaceDescribed(1, "eth0");
        ethernet(pcapng, SYN_IN, 0);
        ethernet(pcapng, SYN_OUT, 1);
        assertEquals(List.of("eth0", "eth1"), List.copyOf(pcapng.points().keySet()));

        ByInterface any = new ByInterface(false, Map.of(3, "eth0"));
        cooked(any, SYN_IN, 2);
        cooked(any, SYN_OUT, 3);
        assertEquals(List.of("eth0", "ifindex 2"), List.copyOf(any.points().keySet()));
    }

    @Test
    void oneInterfaceIsNoHostToLookInsideUnlessEveryCaptureIsAPoint() {
        ByInterface analysis = new ByInterface(false, Map.of());
        ethernet(analysis, SYN_IN, 0);
        assertEquals(Map.of(), analysis.points());

        ByInterface compare = new ByInterface(true, Map.of());
        ethernet(compare, SYN_IN, 0);
        assertEquals(List.of(""), List.copyOf(compare.points().keySet()));

        ByInterface quietSecond = new ByInterface(false, Map.of());
        cooked(quietSecond, SYN_IN, 2);
        cooked(quietSecond, Packets.ipv4("10.0.9.9", "10.0.9.8").tcp(1, 2).seq(5), 3); // no handshake there
        assertEquals(Map.of(), quietSecond.points(), "only interfaces that saw a handshake are points");
    }
}
