package org.mtudoctor.decode;

import org.mtudoctor.capture.LinkType;

/**
 * Where a tunnel's payload leads: filled by {@link GreDecoder} and {@link VxlanDecoder}, read
 * by {@link PacketDecoder}. One per decoder, reused for every packet, so opening a tunnel
 * allocates nothing.
 */
final class InnerPacket {

    /** The kind of tunnel just opened. */
    Tunnel tunnel;
    /** {@link LinkDecoder#IPV4}, {@link LinkDecoder#IPV6} or {@link LinkDecoder#NOT_IP}. */
    int network;
    /** Index of the inner IP header, when {@link #network} names one. */
    int start;

    /** The tunnel carries an IP header of {@code network} right at {@code start}. */
    boolean ip(Tunnel tunnel, int network, int start) {
        this.tunnel = tunnel;
        this.network = network;
        this.start = start;
        return true;
    }

    /**
     * The tunnel carries a frame of {@code linkType} (Ethernet, PPP) at {@code start}: its link
     * header, VLAN tags and PPPoE are walked as any capture's are. They belong to this tunnel's
     * bytes, so the outer frame's link fields are left as they were.
     */
    boolean frame(Tunnel tunnel, LinkType linkType, byte[] data, int start, int end, Packet out) {
        int linkHeaderLength = out.linkHeaderLength;
        int vlanTagCount = out.vlanTagCount;
        Tunnel outermost = out.tunnel;
        int tunnelCount = out.tunnelCount;
        int tunnelOverhead = out.tunnelOverhead;
        int outerPacketLength = out.outerPacketLength;
        out.linkHeaderLength = 0;
        this.tunnel = tunnel;
        this.network = LinkDecoder.decode(linkType, data, start, end, out);
        this.start = start + out.linkHeaderLength;
        out.linkHeaderLength = linkHeaderLength;
        out.vlanTagCount = vlanTagCount;
        out.tunnel = outermost;
        out.tunnelCount = tunnelCount;
        out.tunnelOverhead = tunnelOverhead;
        out.outerPacketLength = outerPacketLength;
        return true;
    }
}
