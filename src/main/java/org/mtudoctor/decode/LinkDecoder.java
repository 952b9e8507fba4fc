package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

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

    // LINKTYPE_* values, https://www.tcpdump.org/linktypes.html; see also capture.LinkType.
    private static final int NULL = 0;
    private static final int ETHERNET = 1;
    private static final int PPP = 9;
    private static final int RAW_BSD_12 = 12;
    private static final int RAW_BSD_14 = 14;
    private static final int PPP_HDLC = 50;
    private static final int RAW = 101;
    private static final int CISCO_HDLC = 104;
    private static final int LOOP = 108;
    private static final int LINUX_SLL = 113;
    private static final int IPV4_ONLY = 228;
    private static final int IPV6_ONLY = 229;
    private static final int LINUX_SLL2 = 276;

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;

    private LinkDecoder() {
    }

    /**
     * Reads the link layer of {@code data[start, end)} and sets {@link Packet#linkHeaderLength}.
     *
     * @return {@link #IPV4}, {@link #IPV6}, {@link #NOT_IP} or {@link #UNKNOWN_LINK}
     */
    static int decode(int linkType, byte[] data, int start, int end, Packet out) {
        switch (linkType) {
            case ETHERNET:
                if (end - start < ETHERNET_HEADER) {
                    return truncated(out, "ethernet");
                }
                out.linkHeaderLength = ETHERNET_HEADER;
                return EtherTypeDecoder.decode(unsigned16(data, start + 12), data, start, end, out);
            case LINUX_SLL:
                if (end - start < SLL_HEADER) {
                    return truncated(out, "sll");
                }
                out.linkHeaderLength = SLL_HEADER;
                return EtherTypeDecoder.decode(unsigned16(data, start + 14), data, start, end, out);
            case LINUX_SLL2:
                if (end - start < SLL2_HEADER) {
                    return truncated(out, "sll2");
                }
                out.linkHeaderLength = SLL2_HEADER;
                return EtherTypeDecoder.decode(unsigned16(data, start), data, start, end, out);
            case RAW:
            case RAW_BSD_12:
            case RAW_BSD_14:
                return EtherTypeDecoder.decode(EtherTypeDecoder.IP_BY_VERSION, data, start, end, out);
            case IPV4_ONLY:
                return IPV4;
            case IPV6_ONLY:
                return IPV6;
            case NULL:
            case LOOP:
                return LoopbackDecoder.decode(data, start, end, out);
            case PPP:
            case PPP_HDLC:
            case CISCO_HDLC:
                return PppDecoder.decode(linkType == CISCO_HDLC, data, start, end, out);
            default:
                return UNKNOWN_LINK;
        }
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
