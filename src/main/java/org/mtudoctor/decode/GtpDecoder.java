package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Damage;

/**
 * GTP-U, GTPv1's user plane (3GPP TS 29.281): a UDP datagram to port 2152 whose T-PDU (message
 * type 255) carries a subscriber's IPv4 or IPv6 packet. The header is 8 bytes; 4 more (sequence
 * number, N-PDU number, next extension header type) when any of the E, S or PN flags is set,
 * then the extension headers, each saying its length in 4-byte words and the type of the next.
 */
final class GtpDecoder {

    static final String LAYER = "gtp-u";
    static final int PORT = 2152;
    private static final int GTP_HEADER = 8;
    private static final int OPTIONAL_FIELDS = 4;
    private static final int VERSION_1 = 1;
    private static final int PROTOCOL_TYPE_GTP = 0x10;
    private static final int EXTENSION_HEADER_FLAG = 0x04;
    private static final int ANY_OPTIONAL_FLAG = 0x07;
    private static final int NO_MORE_EXTENSION_HEADERS = 0;
    private static final int EXTENSION_WORD = 4;
    private static final int T_PDU = 255;

    private GtpDecoder() {
    }

    /**
     * @param start the GTP header (the UDP payload), {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the user's IP packet is; false when this message
     *         carries none (echo, error indication, end marker, a payload that is not IP) or its
     *         header is cut or impossible
     */
    static boolean decode(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (end - start < GTP_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int flags = unsigned8(data, start);
        if (flags >>> 5 != VERSION_1 || (flags & PROTOCOL_TYPE_GTP) == 0) {
            // GTP' (protocol type 0) and other versions share no header layout with GTP-U.
            out.damage(Damage.MALFORMED, LAYER);
            return false;
        }
        if (unsigned8(data, start + 1) != T_PDU) {
            return false;
        }
        int position = start + GTP_HEADER;
        if ((flags & ANY_OPTIONAL_FLAG) != 0) {
            if (end - position < OPTIONAL_FIELDS) {
                out.damage(Damage.TRUNCATED, LAYER);
                return false;
            }
            int next = unsigned8(data, position + OPTIONAL_FIELDS - 1);
            position += OPTIONAL_FIELDS;
            // The next type is meaningful only with the E flag. Each header is at least 4 bytes,
            // so the walk ends with the captured bytes.
            while ((flags & EXTENSION_HEADER_FLAG) != 0 && next != NO_MORE_EXTENSION_HEADERS) {
                if (position >= end) {
                    out.damage(Damage.TRUNCATED, LAYER);
                    return false;
                }
                int length = unsigned8(data, position) * EXTENSION_WORD;
                if (length == 0) {
                    out.damage(Damage.MALFORMED, LAYER);
                    return false;
                }
                if (end - position < length) {
                    out.damage(Damage.TRUNCATED, LAYER);
                    return false;
                }
                next = unsigned8(data, position + length - 1);
                position += length;
            }
        }
        if (position >= end) {
            return false;
        }
        switch (LinkDecoder.versionNibble(data, position)) {
            case 4:
                return inner.ip(Tunnel.GTP_U, LinkDecoder.IPV4, position);
            case 6:
                return inner.ip(Tunnel.GTP_U, LinkDecoder.IPV6, position);
            default:
                return false;
        }
    }
}
