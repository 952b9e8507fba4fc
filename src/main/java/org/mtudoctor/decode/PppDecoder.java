package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

/**
 * PPP (LINKTYPE_PPP), PPP in HDLC framing (LINKTYPE_PPP_HDLC) and Cisco HDLC (LINKTYPE_C_HDLC).
 * Captures under the PPP link types also carry Cisco HDLC frames, told apart by their first byte
 * as tcpdump does; the address/control bytes and the protocol field may both be compressed
 * (RFC 1661 section 6.5 and 6.6), so each is optional here.
 */
final class PppDecoder {

    private static final int ADDRESS_ALL_STATIONS = 0xFF;
    private static final int CONTROL_UNNUMBERED = 0x03;
    private static final int CISCO_UNICAST = 0x0F;
    private static final int CISCO_BROADCAST = 0x8F;
    // address, control, then a 2-byte EtherType
    private static final int CISCO_HEADER = 4;

    private PppDecoder() {
    }

    /**
     * @param ciscoOnly the link type is Cisco HDLC, whatever the first byte says
     * @return {@link LinkDecoder#IPV4}, {@link LinkDecoder#IPV6} or {@link LinkDecoder#NOT_IP}
     */
    static int decode(boolean ciscoOnly, byte[] data, int start, int end, Packet out) {
        if (end - start < 1) {
            return LinkDecoder.truncated(out, "ppp");
        }
        int first = unsigned8(data, start);
        if (ciscoOnly || first == CISCO_UNICAST || first == CISCO_BROADCAST) {
            if (end - start < CISCO_HEADER) {
                return LinkDecoder.truncated(out, "cisco-hdlc");
            }
            out.linkHeaderLength = CISCO_HEADER;
            return EtherTypeDecoder.decode(unsigned16(data, start + 2), data, start, end, out);
        }
        int position = start;
        if (first == ADDRESS_ALL_STATIONS) {
            if (end - position < 2) {
                return LinkDecoder.truncated(out, "ppp");
            }
            if (unsigned8(data, position + 1) != CONTROL_UNNUMBERED) {
                return LinkDecoder.malformed(out, "ppp");
            }
            position += 2;
        }
        if (end - position < 1) {
            return LinkDecoder.truncated(out, "ppp");
        }
        int protocolLength = protocolFieldLength(unsigned8(data, position));
        if (end - position < protocolLength) {
            return LinkDecoder.truncated(out, "ppp");
        }
        int protocol = protocolField(data, position, protocolLength);
        position += protocolLength;
        out.linkHeaderLength = position - start;
        if (isEncrypted(protocol, out)) {
            return LinkDecoder.NOT_IP;
        }
        return EtherTypeDecoder.decode(EtherTypeDecoder.fromPppProtocol(protocol), data, start, end, out);
    }

    /**
     * Whether a PPP protocol number carries compressed or encrypted datagrams (RFC 1962's CCP,
     * 0x00FD and per link 0x00FB; RFC 1968's ECP, 0x0053 and 0x0055), and if so marks the packet
     * {@link Packet.Content#ENCRYPTED_PPP}. Shared with PPPoE, which carries PPP.
     */
    static boolean isEncrypted(int protocol, Packet out) {
        if (protocol != 0x00FD && protocol != 0x00FB && protocol != 0x0053 && protocol != 0x0055) {
            return false;
        }
        out.content = Packet.Content.ENCRYPTED_PPP;
        return true;
    }

    /**
     * The length of a PPP protocol field that starts with {@code firstByte}. Protocol numbers are
     * even in their first byte and odd in their last, so an odd first byte is a protocol
     * compressed to one byte (RFC 1661 section 6.5). Shared with PPPoE, which carries PPP.
     */
    static int protocolFieldLength(int firstByte) {
        return (firstByte & 0x01) != 0 ? 1 : 2;
    }

    /** The protocol field of {@code length} bytes at {@code position}, already checked as captured. */
    static int protocolField(byte[] data, int position, int length) {
        return length == 1 ? unsigned8(data, position) : unsigned16(data, position);
    }
}
