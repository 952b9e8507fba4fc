package org.mtudoctor.capture;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.mtudoctor.testing.Packets;

/**
 * Names the frames the live tests capture, so that an assertion reads like
 * "tcp 10.99.0.9:40000 > 10.99.8.1:80".
 */
final class FrameNames {
    private static final int SLL2_HEADER = 20;

    private FrameNames() {
    }

    /**
     * Names a captured Ethernet or Linux cooked v2 frame: "tcp 10.99.0.9:40000 > 10.99.8.1:80",
     * "icmp frag-needed mtu 1280 from 10.99.0.2", "icmp6 too-big mtu 1280", "vlan 100 tcp ...",
     * or "other" for anything else.
     */
    static String describe(int linkType, byte[] frame) {
        ByteBuffer bytes = ByteBuffer.wrap(frame);
        int at;
        int etherType;
        if (linkType == LinkType.ETHERNET.code()) {
            at = Packets.ETHERNET_HEADER;
            etherType = bytes.getShort(12) & 0xFFFF;
        } else if (linkType == LinkType.LINUX_SLL2.code()) {
            at = SLL2_HEADER;
            etherType = bytes.getShort(0) & 0xFFFF;
        } else {
            return "link type " + linkType;
        }
        String tags = "";
        while (etherType == Packets.VLAN || etherType == Packets.QINQ) {
            tags += "vlan " + (bytes.getShort(at) & 0xFFF) + " ";
            etherType = bytes.getShort(at + 2) & 0xFFFF;
            at += 4;
        }
        if (etherType == Packets.IPV4) {
            int protocol = frame[at + 9];
            String source = (frame[at + 12] & 0xFF) + "." + (frame[at + 13] & 0xFF) + "."
                    + (frame[at + 14] & 0xFF) + "." + (frame[at + 15] & 0xFF);
            String destination = (frame[at + 16] & 0xFF) + "." + (frame[at + 17] & 0xFF) + "."
                    + (frame[at + 18] & 0xFF) + "." + (frame[at + 19] & 0xFF);
            int transport = at + (frame[at] & 0x0F) * 4;
            if (protocol == Packets.TCP) {
                return String.format(Locale.ROOT, "%stcp %s:%d > %s:%d", tags, source,
                        bytes.getShort(transport) & 0xFFFF, destination, bytes.getShort(transport + 2) & 0xFFFF);
            }
            if (protocol == Packets.UDP) {
                return String.format(Locale.ROOT, "%sudp %s:%d > %s:%d", tags, source,
                        bytes.getShort(transport) & 0xFFFF, destination, bytes.getShort(transport + 2) & 0xFFFF);
            }
            if (protocol == Packets.ICMP && frame[transport] == 3 && frame[transport + 1] == 4) {
                return tags + "icmp frag-needed mtu " + (bytes.getShort(transport + 6) & 0xFFFF) + " from " + source;
            }
            return tags + "ipv4 protocol " + protocol;
        }
        if (etherType == Packets.IPV6) {
            int nextHeader = frame[at + 6];
            if (nextHeader == Packets.ICMPV6 && frame[at + 40] == 2) {
                return tags + "icmp6 too-big mtu " + bytes.getInt(at + 44);
            }
            return tags + "ipv6 next header " + nextHeader;
        }
        return tags + String.format(Locale.ROOT, "ethertype %04x", etherType);
    }
}
