package org.mtudoctor.decode;

import org.mtudoctor.decode.Packet.Content;

/**
 * Decodes one captured frame into a reused {@link Packet}: link layer, IPv4 or IPv6, then TCP or
 * an ICMP / ICMPv6 too-big message with the packet it quotes. Tunnels (GRE, PPTP, IP in IP,
 * VXLAN, Geneve, GTP-U, GRE in UDP) are opened on the way, up to {@link #MAX_TUNNELS} deep, and
 * the packet inside is the one decoded; {@link Packet#tunnel()} says what it crossed. An ERSPAN
 * port mirror's copied frame is decoded as if captured where it was copied: the mirror's own
 * headers are not a tunnel the traffic crossed.
 *
 * <p>Built for the per-packet loop: it reads the frame's bytes in place, allocates nothing, and
 * never throws, whatever the bytes. A frame that is cut or impossible decodes as far as it can
 * and says so in {@link Packet#damage()}. One decoder per thread: it keeps scratch state.
 */
public final class PacketDecoder {

    private static final byte[] NO_BYTES = new byte[0];
    private static final int TCP = 6;
    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    private static final int IPV4_IN_IP = 4;
    private static final int IPV6_IN_IP = 41;
    private static final int GRE = 47;
    private static final int UDP = 17;
    /**
     * Tunnels opened per packet, PPPoE included. Each costs at least 20 bytes, so only hostile
     * input nests deeper, and it must not make the decoder loop.
     */
    public static final int MAX_TUNNELS = 4;
    private static final int MAXIMUM_IP_PACKET = 65535;

    private final Ipv6Decoder ipv6;
    private final IcmpDecoder icmp;
    private final InnerPacket inner = new InnerPacket();

    public PacketDecoder() {
        // The packet's own chain and the quoted packet's chain are walked one after the other,
        // never at the same time, so they share one walker.
        Ipv6ExtensionHeaders extensionHeaders = new Ipv6ExtensionHeaders();
        QuotedPacketDecoder quote = new QuotedPacketDecoder(extensionHeaders);
        ipv6 = new Ipv6Decoder(extensionHeaders);
        icmp = new IcmpDecoder(quote);
    }

    /**
     * Resets {@code out} and fills it from the frame {@code data[offset, offset + capturedLength)}.
     *
     * @param linkType       LINKTYPE_* value of the frame (see {@code capture.LinkType})
     * @param originalLength the frame's length on the wire; IP sizes that cannot come from the
     *                       headers come from this, never from {@code capturedLength}
     */
    public void decode(int linkType, byte[] data, int offset, int capturedLength, int originalLength,
                       Packet out) {
        out.reset(linkType);
        if (data == null || offset < 0 || offset > data.length || capturedLength < 0) {
            // A caller's mistake, not the capture's: decode it as an empty frame, not a crash.
            data = NO_BYTES;
            offset = 0;
            capturedLength = 0;
        }
        int end = offset + Math.min(capturedLength, data.length - offset);
        int network = LinkDecoder.decode(linkType, data, offset, end, out);
        if (network == LinkDecoder.UNKNOWN_LINK) {
            out.content = Content.UNKNOWN_LINK;
            return;
        }
        if (network == LinkDecoder.NOT_IP) {
            return;
        }
        int networkStart = offset + out.linkHeaderLength;
        // A record whose original length is below its captured length is itself damaged; the
        // captured bytes at least were on the wire.
        int wireLength = Math.max(originalLength, capturedLength) - out.linkHeaderLength;
        // Tunnels and mirrors opened, which a mirror's forgetting does not reset.
        int opened = out.tunnelCount;
        while (true) {
            int transportStart = network == LinkDecoder.IPV4
                    ? Ipv4Decoder.decode(data, networkStart, end, wireLength, out)
                    : ipv6.decode(data, networkStart, end, wireLength, out);
            if (transportStart < 0) {
                return;
            }
            // Link padding (Ethernet's 60-byte minimum) follows the IP packet: it is not transport.
            // Compared, not added first: a length taken from the frame may be near 2^31.
            int transportEnd = out.ipPacketLength < end - networkStart ? networkStart + out.ipPacketLength : end;
            int transportLength = out.ipPacketLength - out.ipHeaderLength;
            if (opened < MAX_TUNNELS && opensTunnel(data, transportStart, transportEnd, out)) {
                opened++;
                if (inner.network == LinkDecoder.NOT_IP) {
                    return;
                }
                if (inner.mirror) {
                    // The copied frame's own PPPoE, if any, was walked.
                    opened += out.tunnelCount;
                } else {
                    enterTunnel(networkStart, out);
                }
                // The inner packet must fit in the outer one, unless the outer is a first
                // fragment, or a mirror cut its copy: then the rest of the inner packet is
                // elsewhere, and only the largest IP packet bounds it.
                wireLength = out.moreFragments || inner.mirror && inner.mirrorCut ? MAXIMUM_IP_PACKET
                        : out.ipPacketLength - (inner.start - networkStart);
                network = inner.network;
                networkStart = inner.start;
                end = transportEnd;
                out.resetNetwork();
                continue;
            }
            if (out.protocol == TCP) {
                TcpDecoder.decode(data, transportStart, transportEnd, transportLength, out);
            } else if (out.protocol == (out.ipVersion == 4 ? ICMP : ICMPV6)) {
                icmp.decode(out.ipVersion, data, transportStart, transportEnd, transportLength, out);
            }
            return;
        }
    }

    /** Whether the IP packet just decoded carries a tunnel; if so, {@link #inner} says what is inside. */
    private boolean opensTunnel(byte[] data, int transportStart, int transportEnd, Packet out) {
        switch (out.protocol) {
            case IPV4_IN_IP:
                return inner.ip(Tunnel.ipInIp(out.ipVersion, true), LinkDecoder.IPV4, transportStart);
            case IPV6_IN_IP:
                return inner.ip(Tunnel.ipInIp(out.ipVersion, false), LinkDecoder.IPV6, transportStart);
            case GRE:
                return GreDecoder.decode(Tunnel.GRE, data, transportStart, transportEnd, out, inner);
            case UDP:
                return UdpTunnels.decode(data, transportStart, transportEnd, out, inner);
            default:
                return false;
        }
    }

    /**
     * Records the tunnel whose outer IP header starts at {@code outerStart} and whose inner IP
     * header is at {@link InnerPacket#start}; the outermost one names the packet's tunnel.
     */
    private void enterTunnel(int outerStart, Packet out) {
        if (out.tunnel == Tunnel.NONE) {
            out.tunnel = inner.tunnel;
            out.outerPacketLength = out.ipPacketLength;
        }
        out.tunnelCount++;
        out.tunnelOverhead += inner.start - outerStart;
    }
}
