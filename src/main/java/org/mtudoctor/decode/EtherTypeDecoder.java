package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

/**
 * Follows an EtherType to IP through any stack of VLAN tags, a PPPoE session header and MPLS
 * labels. These are exactly the layers that cost bytes of MTU without being IP, so the bytes
 * walked are added to {@link Packet#linkHeaderLength} and the tags counted. A PPPoE session is
 * also recorded as a tunnel, with its 8 bytes (7 with a compressed protocol) of overhead.
 */
final class EtherTypeDecoder {

    /** Not an EtherType (those are 16 bits): the payload is IP and its first nibble says which. */
    static final int IP_BY_VERSION = 0x1_0000;
    /** Not an EtherType: a PPP protocol that is not IP or MPLS. */
    static final int NOT_IP = 0x1_0001;

    static final int IPV4 = 0x0800;
    static final int IPV6 = 0x86DD;
    private static final int VLAN_8021Q = 0x8100;
    private static final int VLAN_8021AD = 0x88A8;
    // Pre-standard QinQ outer tag, still sent by older switches.
    private static final int VLAN_QINQ_OLD = 0x9100;
    private static final int PPPOE_SESSION = 0x8864;
    private static final int MPLS_UNICAST = 0x8847;
    private static final int MPLS_MULTICAST = 0x8848;

    private static final int VLAN_TAG = 4;
    // version/type, code, session id, length; the PPP protocol field follows (RFC 2516).
    private static final int PPPOE_HEADER = 6;
    private static final int MPLS_LABEL = 4;

    private EtherTypeDecoder() {
    }

    /**
     * @param etherType the EtherType found at the end of the link header, which starts at
     *                  {@code start} and is {@link Packet#linkHeaderLength} bytes long
     * @return {@link LinkDecoder#IPV4}, {@link LinkDecoder#IPV6} or {@link LinkDecoder#NOT_IP}
     */
    static int decode(int etherType, byte[] data, int start, int end, Packet out) {
        int position = start + out.linkHeaderLength;
        // Every pass consumes at least 4 bytes, so the loop ends with the captured bytes.
        while (true) {
            switch (etherType) {
                case IPV4:
                    out.linkHeaderLength = position - start;
                    return LinkDecoder.IPV4;
                case IPV6:
                    out.linkHeaderLength = position - start;
                    return LinkDecoder.IPV6;
                case IP_BY_VERSION:
                    return byVersion(data, start, position, end, out, true);
                case VLAN_8021Q:
                case VLAN_8021AD:
                case VLAN_QINQ_OLD:
                    if (end - position < VLAN_TAG) {
                        return LinkDecoder.truncated(out, "vlan");
                    }
                    out.vlanTagCount++;
                    etherType = unsigned16(data, position + 2);
                    position += VLAN_TAG;
                    break;
                case PPPOE_SESSION:
                    if (end - position < PPPOE_HEADER + 1) {
                        return LinkDecoder.truncated(out, "pppoe");
                    }
                    // Version 1, type 1, code 0 (session data) is the only PPPoE that carries IP.
                    if (unsigned8(data, position) != 0x11 || unsigned8(data, position + 1) != 0) {
                        return LinkDecoder.malformed(out, "pppoe");
                    }
                    if (out.tunnel == Tunnel.NONE) {
                        out.tunnel = Tunnel.PPPOE;
                        out.outerPacketLength = PPPOE_HEADER + unsigned16(data, position + 4);
                    }
                    out.tunnelCount++;
                    position += PPPOE_HEADER;
                    // RFC 2516 forbids compressing the PPP protocol field, but senders do.
                    int protocolLength = PppDecoder.protocolFieldLength(unsigned8(data, position));
                    if (end - position < protocolLength) {
                        return LinkDecoder.truncated(out, "pppoe");
                    }
                    int pppProtocol = PppDecoder.protocolField(data, position, protocolLength);
                    etherType = fromPppProtocol(pppProtocol);
                    position += protocolLength;
                    out.tunnelOverhead += PPPOE_HEADER + protocolLength;
                    if (PppDecoder.isEncrypted(pppProtocol, out)) {
                        out.linkHeaderLength = position - start;
                        return LinkDecoder.NOT_IP;
                    }
                    break;
                case MPLS_UNICAST:
                case MPLS_MULTICAST:
                    boolean bottomOfStack = false;
                    while (!bottomOfStack) {
                        if (end - position < MPLS_LABEL) {
                            return LinkDecoder.truncated(out, "mpls");
                        }
                        bottomOfStack = (unsigned8(data, position + 2) & 0x01) != 0;
                        position += MPLS_LABEL;
                    }
                    // MPLS does not name its payload; a pseudowire's Ethernet or control word
                    // starts with nibble 0, which is why this is not an error.
                    return byVersion(data, start, position, end, out, false);
                default:
                    out.linkHeaderLength = position - start;
                    return LinkDecoder.NOT_IP;
            }
        }
    }

    /** The EtherType a PPP protocol number stands for, or {@link #NOT_IP}. */
    static int fromPppProtocol(int pppProtocol) {
        switch (pppProtocol) {
            case 0x0021:
                return IPV4;
            case 0x0057:
                return IPV6;
            case 0x0281:
                return MPLS_UNICAST;
            case 0x0283:
                return MPLS_MULTICAST;
            default:
                return NOT_IP;
        }
    }

    private static int byVersion(byte[] data, int start, int position, int end, Packet out,
                                 boolean mustBeIp) {
        out.linkHeaderLength = position - start;
        if (position >= end) {
            return LinkDecoder.truncated(out, mustBeIp ? "raw" : "mpls");
        }
        int version = LinkDecoder.versionNibble(data, position);
        if (version == 4) {
            return LinkDecoder.IPV4;
        }
        if (version == 6) {
            return LinkDecoder.IPV6;
        }
        return mustBeIp ? LinkDecoder.malformed(out, "raw") : LinkDecoder.NOT_IP;
    }
}
