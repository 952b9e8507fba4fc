package org.mtudoctor.decode;

import org.mtudoctor.decode.Packet.Content;

/**
 * Decodes one captured frame into a reused {@link Packet}: link layer, IPv4 or IPv6, then TCP or
 * an ICMP / ICMPv6 too-big message with the packet it quotes.
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

    private final Ipv6Decoder ipv6;
    private final IcmpDecoder icmp;

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
        int transportStart = network == LinkDecoder.IPV4
                ? Ipv4Decoder.decode(data, networkStart, end, wireLength, out)
                : ipv6.decode(data, networkStart, end, wireLength, out);
        if (transportStart < 0) {
            return;
        }
        // Link padding (Ethernet's 60-byte minimum) follows the IP packet: it is not transport.
        int transportEnd = Math.min(end, networkStart + out.ipPacketLength);
        int transportLength = out.ipPacketLength - out.ipHeaderLength;
        if (out.protocol == TCP) {
            TcpDecoder.decode(data, transportStart, transportEnd, transportLength, out);
        } else if (out.protocol == (out.ipVersion == 4 ? ICMP : ICMPV6)) {
            icmp.decode(out.ipVersion, data, transportStart, transportEnd, transportLength, out);
        }
    }
}
