package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;
import org.mtudoctor.decode.Packet.Damage;

/**
 * Geneve (RFC 8926): a UDP datagram to port 6081 whose 8-byte header (version 0, the options'
 * length in 4-byte words, the protocol type, the VNI) and options are followed by an Ethernet
 * frame (0x6558) or an IP packet (0x0800, 0x86DD), as GCP and AWS's Gateway Load Balancer send.
 */
final class GeneveDecoder {

    static final String LAYER = "geneve";
    static final int PORT = 6081;
    private static final int GENEVE_HEADER = 8;
    private static final int OPTIONS_LENGTH_MASK = 0x3F;
    private static final int OPTION_WORD = 4;

    private GeneveDecoder() {
    }

    /**
     * @param start the Geneve header (the UDP payload), {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the payload leads; false when the payload is not
     *         opened (another protocol) or the header is cut or impossible
     */
    static boolean decode(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (end - start < GENEVE_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int first = unsigned8(data, start);
        if (first >>> 6 != 0) {
            // RFC 8926 section 3.4: a packet of an unknown version is dropped, its length unknown.
            out.damage(Damage.MALFORMED, LAYER);
            return false;
        }
        int length = GENEVE_HEADER + (first & OPTIONS_LENGTH_MASK) * OPTION_WORD;
        if (end - start < length) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int payload = start + length;
        switch (unsigned16(data, start + 2)) {
            case EtherTypeDecoder.IPV4:
                return inner.ip(Tunnel.GENEVE, LinkDecoder.IPV4, payload);
            case EtherTypeDecoder.IPV6:
                return inner.ip(Tunnel.GENEVE, LinkDecoder.IPV6, payload);
            case GreDecoder.TRANSPARENT_ETHERNET_BRIDGING:
                return inner.frame(Tunnel.GENEVE, LinkType.ETHERNET, data, payload, end, out);
            default:
                return false;
        }
    }
}
