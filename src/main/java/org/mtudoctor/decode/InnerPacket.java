package org.mtudoctor.decode;

import org.mtudoctor.capture.LinkType;

/**
 * Where a tunnel's payload, or a port mirror's copied frame, leads: filled by {@link GreDecoder}
 * and the decoders {@link UdpTunnels} calls, read by {@link PacketDecoder}. One per decoder,
 * reused for every packet, so opening a tunnel allocates nothing.
 */
final class InnerPacket {

    /** The kind of tunnel just opened. */
    Tunnel tunnel;
    /** {@link LinkDecoder#IPV4}, {@link LinkDecoder#IPV6} or {@link LinkDecoder#NOT_IP}. */
    int network;
    /** Index of the inner IP header, when {@link #network} names one. */
    int start;
    /** What was opened is a port mirror's copy (ERSPAN), not a tunnel the traffic crossed. */
    boolean mirror;
    /** The mirror cut the copied frame to fit: its IP lengths say more than the copy holds. */
    boolean mirrorCut;

    /** The tunnel carries an IP header of {@code network} right at {@code start}. */
    boolean ip(Tunnel tunnel, int network, int start) {
        this.tunnel = tunnel;
        this.network = network;
        this.start = start;
        this.mirror = false;
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
        this.mirror = false;
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

    /**
     * A port mirror (ERSPAN) carries a copy of a frame of {@code linkType} from another link: it
     * is decoded as if captured there. The mirror's own headers, and any tunnel under them, are
     * the mirror's path, not the traffic's, so the tunnel and link fields decoded so far are
     * forgotten; the copied frame's own VLAN tags and PPPoE are the ones that count.
     *
     * @param cut the mirror says it cut the frame to fit
     */
    boolean mirror(LinkType linkType, byte[] data, int start, int end, boolean cut, Packet out) {
        out.tunnel = Tunnel.NONE;
        out.tunnelCount = 0;
        out.tunnelOverhead = 0;
        out.outerPacketLength = 0;
        out.linkHeaderLength = 0;
        out.vlanTagCount = 0;
        this.tunnel = Tunnel.NONE;
        this.mirror = true;
        this.mirrorCut = cut;
        this.network = LinkDecoder.decode(linkType, data, start, end, out);
        this.start = start + out.linkHeaderLength;
        return true;
    }
}
