package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned64;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/** The IPv6 header (RFC 8200) and its extension headers, up to the transport header. */
final class Ipv6Decoder {

    static final String LAYER = "ipv6";
    static final int FIXED_HEADER = 40;
    private static final int NO_NEXT_HEADER = 59;

    private final Ipv6ExtensionHeaders extensionHeaders;

    Ipv6Decoder(Ipv6ExtensionHeaders extensionHeaders) {
        this.extensionHeaders = extensionHeaders;
    }

    /**
     * @param wireLength bytes of the frame on the wire from {@code start} on
     * @return where the transport header starts, or -1 when none is to be read
     */
    int decode(byte[] data, int start, int end, int wireLength, Packet out) {
        if (end - start < FIXED_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return -1;
        }
        if (unsigned8(data, start) >>> 4 != 6) {
            out.damage(Damage.MALFORMED, LAYER);
            return -1;
        }
        int payloadLength = unsigned16(data, start + 4);
        int nextHeader = unsigned8(data, start + 6);
        out.ipVersion = 6;
        // Routers never fragment IPv6: every packet behaves as if DF were set.
        out.dontFragment = true;
        out.hopLimit = unsigned8(data, start + 7);
        out.sourceHigh = unsigned64(data, start + 8);
        out.sourceLow = unsigned64(data, start + 16);
        out.destinationHigh = unsigned64(data, start + 24);
        out.destinationLow = unsigned64(data, start + 32);

        if (payloadLength == 0 && nextHeader != NO_NEXT_HEADER) {
            // A jumbogram (RFC 2675) or an offloaded packet: the frame is the only size left.
            out.ipLengthFromFrame = true;
            out.ipPacketLength = wireLength;
        } else {
            out.ipPacketLength = FIXED_HEADER + payloadLength;
            if (out.ipPacketLength > wireLength) {
                // More than the frame held on the wire: malformed, the frame is the honest size,
                // and what was captured is still read, as TShark reads it (see Ipv4Decoder).
                out.damage(Damage.MALFORMED, LAYER);
                out.ipLengthFromFrame = true;
                out.ipPacketLength = Math.max(FIXED_HEADER, wireLength);
            }
        }
        int packetEnd = start + out.ipPacketLength;
        Ipv6ExtensionHeaders chain = extensionHeaders;
        chain.walk(data, start + FIXED_HEADER, Math.min(end, packetEnd), packetEnd, nextHeader);
        out.ipHeaderLength = chain.headerEnd - start;
        out.protocol = chain.protocol;
        out.fragmentOffset = chain.fragmentOffset;
        out.moreFragments = chain.moreFragments;
        if (chain.damage != Damage.NONE) {
            out.damage(chain.damage, LAYER);
            return -1;
        }
        out.content = Content.IP_OTHER;
        return chain.transportFollows ? chain.headerEnd : -1;
    }
}
