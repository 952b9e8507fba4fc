package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;
import org.mtudoctor.decode.Packet.Damage;

/**
 * GRE (RFC 2784 with RFC 2890's key and sequence number) carrying IPv4, IPv6 or Ethernet
 * (transparent Ethernet bridging, 0x6558), and PPTP's enhanced GRE (RFC 2637 section 4.1,
 * version 1) carrying PPP. Other payloads (ERSPAN, vendors' 802.11) are left closed.
 */
final class GreDecoder {

    static final String LAYER = "gre";
    static final String PPTP_LAYER = "pptp-gre";

    private static final int CHECKSUM_PRESENT = 0x80;
    private static final int ROUTING_PRESENT = 0x40;
    private static final int KEY_PRESENT = 0x20;
    private static final int SEQUENCE_PRESENT = 0x10;
    /** Enhanced GRE: the acknowledgment number bit, in the second byte. */
    private static final int ACKNOWLEDGMENT_PRESENT = 0x80;
    private static final int VERSION_MASK = 0x07;

    private static final int BASE_HEADER = 4;
    private static final int OPTIONAL_FIELD = 4;
    /** Enhanced GRE always has the key: payload length and call ID. */
    private static final int ENHANCED_HEADER = 8;

    private static final int TRANSPARENT_ETHERNET_BRIDGING = 0x6558;
    private static final int PPP = 0x880B;

    private GreDecoder() {
    }

    /**
     * @param start the GRE header, {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the payload leads; false when the payload is
     *         not opened (another protocol, no payload) or the header is cut or impossible
     */
    static boolean decode(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (end - start < BASE_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int flags = unsigned8(data, start);
        int version = unsigned8(data, start + 1) & VERSION_MASK;
        int protocol = unsigned16(data, start + 2);
        if (version == 1) {
            return enhanced(data, start, end, flags, protocol, out, inner);
        }
        if (version != 0 || (flags & ROUTING_PRESENT) != 0) {
            // RFC 1701's source routes and unknown versions: nothing says how long the header is.
            return false;
        }
        int length = BASE_HEADER
                + ((flags & CHECKSUM_PRESENT) != 0 ? OPTIONAL_FIELD : 0)
                + ((flags & KEY_PRESENT) != 0 ? OPTIONAL_FIELD : 0)
                + ((flags & SEQUENCE_PRESENT) != 0 ? OPTIONAL_FIELD : 0);
        if (end - start < length) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int payload = start + length;
        switch (protocol) {
            case EtherTypeDecoder.IPV4:
                return inner.ip(Tunnel.GRE, LinkDecoder.IPV4, payload);
            case EtherTypeDecoder.IPV6:
                return inner.ip(Tunnel.GRE, LinkDecoder.IPV6, payload);
            case TRANSPARENT_ETHERNET_BRIDGING:
                return inner.frame(Tunnel.GRE, LinkType.ETHERNET, data, payload, end, out);
            default:
                return false;
        }
    }

    /** RFC 2637 section 4.1: key (payload length, call ID), then sequence and acknowledgment if flagged. */
    private static boolean enhanced(byte[] data, int start, int end, int flags, int protocol, Packet out,
                                    InnerPacket inner) {
        if (protocol != PPP || (flags & KEY_PRESENT) == 0
                || (flags & (CHECKSUM_PRESENT | ROUTING_PRESENT)) != 0) {
            out.damage(Damage.MALFORMED, PPTP_LAYER);
            return false;
        }
        int length = ENHANCED_HEADER
                + ((flags & SEQUENCE_PRESENT) != 0 ? OPTIONAL_FIELD : 0)
                + ((unsigned8(data, start + 1) & ACKNOWLEDGMENT_PRESENT) != 0 ? OPTIONAL_FIELD : 0);
        if (end - start < length) {
            out.damage(Damage.TRUNCATED, PPTP_LAYER);
            return false;
        }
        // An acknowledgment alone carries no PPP frame.
        if (unsigned16(data, start + 4) == 0) {
            return false;
        }
        return inner.frame(Tunnel.PPTP, LinkType.PPP, data, start + length, end, out);
    }
}
