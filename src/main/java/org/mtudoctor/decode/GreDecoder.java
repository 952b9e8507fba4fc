package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;
import org.mtudoctor.decode.Packet.Damage;

/**
 * GRE (RFC 2784 with RFC 2890's key and sequence number) carrying IPv4, IPv6 or Ethernet
 * (transparent Ethernet bridging, 0x6558), also in UDP to port 4754 (RFC 8086); PPTP's enhanced
 * GRE (RFC 2637 section 4.1, version 1) carrying PPP; and ERSPAN types I, II and III, a switch's
 * port mirror, whose mirrored frame is decoded as if captured where it was copied. Other payloads
 * (vendors' 802.11) are left closed.
 */
final class GreDecoder {

    static final String LAYER = "gre";
    static final String PPTP_LAYER = "pptp-gre";
    static final String ERSPAN_LAYER = "erspan";
    static final int UDP_PORT = 4754;

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

    static final int TRANSPARENT_ETHERNET_BRIDGING = 0x6558;
    private static final int PPP = 0x880B;
    /** ERSPAN type II (and type I, which has no sequence number and no ERSPAN header). */
    private static final int ERSPAN_TYPE_II = 0x88BE;
    private static final int ERSPAN_TYPE_III = 0x22EB;
    private static final int ERSPAN_II_HEADER = 8;
    private static final int ERSPAN_III_HEADER = 12;
    /** Type III's optional platform-specific subheader, present with the O flag. */
    private static final int ERSPAN_III_SUBHEADER = 8;
    /** The T flag, in the third byte of types II and III: the mirrored frame was cut to fit. */
    private static final int ERSPAN_TRUNCATED = 0x04;
    private static final int ERSPAN_III_FRAME_TYPE_IP = 2;

    private GreDecoder() {
    }

    /**
     * @param tunnel {@link Tunnel#GRE}, or {@link Tunnel#GRE_IN_UDP} for the GRE header in a UDP
     *               datagram
     * @param start  the GRE header, {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the payload leads; false when the payload is
     *         not opened (another protocol, no payload) or the header is cut or impossible
     */
    static boolean decode(Tunnel tunnel, byte[] data, int start, int end, Packet out, InnerPacket inner) {
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
                return inner.ip(tunnel, LinkDecoder.IPV4, payload);
            case EtherTypeDecoder.IPV6:
                return inner.ip(tunnel, LinkDecoder.IPV6, payload);
            case TRANSPARENT_ETHERNET_BRIDGING:
                return inner.frame(tunnel, LinkType.ETHERNET, data, payload, end, out);
            case ERSPAN_TYPE_II:
                return (flags & SEQUENCE_PRESENT) == 0
                        ? inner.mirror(LinkType.ETHERNET, data, payload, end, false, out)
                        : erspanTypeII(data, payload, end, out, inner);
            case ERSPAN_TYPE_III:
                return erspanTypeIII(data, payload, end, out, inner);
            default:
                return false;
        }
    }

    /** ERSPAN type II: version 1, VLAN, COS, encapsulation, T, session ID; index; the mirrored Ethernet frame. */
    private static boolean erspanTypeII(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (!erspanHeader(data, start, end, 1, ERSPAN_II_HEADER, out)) {
            return false;
        }
        boolean cut = (unsigned8(data, start + 2) & ERSPAN_TRUNCATED) != 0;
        return inner.mirror(LinkType.ETHERNET, data, start + ERSPAN_II_HEADER, end, cut, out);
    }

    /**
     * ERSPAN type III: version 2, VLAN, COS, BSO, T, session ID; timestamp; SGT, P, frame type,
     * hardware ID, D, granularity, O; the platform subheader with O; the mirrored Ethernet frame,
     * or IP packet for frame type 2.
     */
    private static boolean erspanTypeIII(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (!erspanHeader(data, start, end, 2, ERSPAN_III_HEADER, out)) {
            return false;
        }
        int length = ERSPAN_III_HEADER + ((unsigned8(data, start + 11) & 0x01) != 0 ? ERSPAN_III_SUBHEADER : 0);
        if (end - start < length) {
            out.damage(Damage.TRUNCATED, ERSPAN_LAYER);
            return false;
        }
        boolean cut = (unsigned8(data, start + 2) & ERSPAN_TRUNCATED) != 0;
        int frameType = unsigned8(data, start + 10) >>> 2 & 0x1F;
        if (frameType != 0 && frameType != ERSPAN_III_FRAME_TYPE_IP) {
            return false;
        }
        return inner.mirror(frameType == 0 ? LinkType.ETHERNET : LinkType.RAW, data, start + length, end, cut, out);
    }

    /** Whether {@code length} bytes of an ERSPAN header of {@code version} were captured; the damage if not. */
    private static boolean erspanHeader(byte[] data, int start, int end, int version, int length, Packet out) {
        if (end - start < length) {
            out.damage(Damage.TRUNCATED, ERSPAN_LAYER);
            return false;
        }
        if (unsigned8(data, start) >>> 4 != version) {
            out.damage(Damage.MALFORMED, ERSPAN_LAYER);
            return false;
        }
        return true;
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
