package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;

/**
 * Finds the IP header behind a frame's link layer. Each link type's own header is read here or in
 * its family's decoder; whatever comes between it and IP (VLAN tags, PPPoE, MPLS) is left to
 * {@link EtherTypeDecoder}, so every link type that names its payload by EtherType gets them all.
 */
final class LinkDecoder {

    /** The link type is not one mtudoctor decodes. */
    static final int UNKNOWN_LINK = -1;
    /** The frame carries no IP, or its link header was cut or impossible (see the damage). */
    static final int NOT_IP = 0;
    static final int IPV4 = 4;
    static final int IPV6 = 6;

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;

    private LinkDecoder() {
    }

    /**
     * Reads the link layer of {@code data[start, end)} and sets {@link Packet#linkHeaderLength}.
     *
     * @param linkType LINKTYPE_* value of the frame
     * @return {@link #IPV4}, {@link #IPV6}, {@link #NOT_IP} or {@link #UNKNOWN_LINK}
     */
    static int decode(int linkType, byte[] data, int start, int end, Packet out) {
        LinkType type = LinkType.fromCode(linkType);
        return type == null ? UNKNOWN_LINK : decode(type, data, start, end, out);
    }

    /**
     * The same for a link type mtudoctor decodes. The switch names every one of them: a link type
     * added to the table does not compile until it is decoded here.
     */
    static int decode(LinkType linkType, byte[] data, int start, int end, Packet out) {
        return switch (linkType) {
            case ETHERNET -> etherTypeHeader(ETHERNET_HEADER, 12, "ethernet", data, start, end, out);
            case LINUX_SLL -> etherTypeHeader(SLL_HEADER, 14, "sll", data, start, end, out);
            case LINUX_SLL2 -> etherTypeHeader(SLL2_HEADER, 0, "sll2", data, start, end, out);
            case RAW, RAW_BSD_12, RAW_BSD_14 ->
                    EtherTypeDecoder.decode(EtherTypeDecoder.IP_BY_VERSION, data, start, end, out);
            case IPV4 -> LinkDecoder.IPV4;
            case IPV6 -> LinkDecoder.IPV6;
            case NULL, LOOP -> LoopbackDecoder.decode(data, start, end, out);
            case PPP, PPP_HDLC, C_HDLC -> PppDecoder.decode(linkType == LinkType.C_HDLC, data, start, end, out);
        };
    }

    /** A link header of {@code length} bytes that names its payload by the EtherType at {@code etherTypeAt}. */
    private static int etherTypeHeader(int length, int etherTypeAt, String layer, byte[] data, int start, int end,
                                       Packet out) {
        if (end - start < length) {
            return truncated(out, layer);
        }
        out.linkHeaderLength = length;
        return EtherTypeDecoder.decode(unsigned16(data, start + etherTypeAt), data, start, end, out);
    }

    /** The captured bytes ended inside a link-layer header: nothing can be said about IP. */
    static int truncated(Packet out, String layer) {
        out.damage(Packet.Damage.TRUNCATED, layer);
        return NOT_IP;
    }

    /** A link-layer header says something impossible: nothing can be said about IP. */
    static int malformed(Packet out, String layer) {
        out.damage(Packet.Damage.MALFORMED, layer);
        return NOT_IP;
    }

    /** The IP version nibble of the byte at {@code index}, which the caller has checked is captured. */
    static int versionNibble(byte[] data, int index) {
        return unsigned8(data, index) >>> 4;
    }
}
