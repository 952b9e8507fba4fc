package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;
import org.mtudoctor.decode.Packet.Damage;

/**
 * VXLAN (RFC 7348): a UDP datagram to port 4789, or to 8472, the port Linux used before IANA
 * assigned one and still uses with {@code dstport 0}, whose 8-byte header (flags with the I bit,
 * the 24-bit VNI) is followed by an Ethernet frame. Reserved fields are ignored, as the RFC asks.
 */
final class VxlanDecoder {

    static final String LAYER = "vxlan";
    static final int PORT = 4789;
    static final int LINUX_PORT = 8472;
    private static final int VXLAN_HEADER = 8;
    private static final int VNI_PRESENT = 0x08;

    private VxlanDecoder() {
    }

    /**
     * @param start the VXLAN header (the UDP payload), {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the Ethernet payload leads; false when its
     *         header is cut or impossible
     */
    static boolean decode(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (end - start < VXLAN_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        if ((unsigned8(data, start) & VNI_PRESENT) == 0) {
            out.damage(Damage.MALFORMED, LAYER);
            return false;
        }
        return inner.frame(Tunnel.VXLAN, LinkType.ETHERNET, data, start + VXLAN_HEADER, end, out);
    }
}
