package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;

import org.mtudoctor.decode.Packet.Damage;

/**
 * The tunnels carried in UDP, told apart by the destination port, as their RFCs assign them (the
 * source port is a flow hash): VXLAN, Geneve, GTP-U and GRE in UDP.
 */
final class UdpTunnels {

    static final String LAYER = "udp";
    private static final int UDP_HEADER = 8;

    private UdpTunnels() {
    }

    /** Whether UDP to this port is a tunnel the decoder opens. */
    static boolean opens(int destinationPort) {
        switch (destinationPort) {
            case VxlanDecoder.PORT:
            case VxlanDecoder.LINUX_PORT:
            case GeneveDecoder.PORT:
            case GtpDecoder.PORT:
            case GreDecoder.UDP_PORT:
                return true;
            default:
                return false;
        }
    }

    /**
     * @param start the UDP header, {@code end} the end of its captured bytes
     * @return true when {@code inner} says where the tunnel's payload leads; false when this is
     *         no tunnel, its payload is not opened, or its header is cut or impossible
     */
    static boolean decode(byte[] data, int start, int end, Packet out, InnerPacket inner) {
        if (end - start < 4) {
            return false;
        }
        int port = unsigned16(data, start + 2);
        if (!opens(port)) {
            return false;
        }
        if (end - start < UDP_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return false;
        }
        int payload = start + UDP_HEADER;
        switch (port) {
            case GeneveDecoder.PORT:
                return GeneveDecoder.decode(data, payload, end, out, inner);
            case GtpDecoder.PORT:
                return GtpDecoder.decode(data, payload, end, out, inner);
            case GreDecoder.UDP_PORT:
                return GreDecoder.decode(Tunnel.GRE_IN_UDP, data, payload, end, out, inner);
            default:
                return VxlanDecoder.decode(data, payload, end, out, inner);
        }
    }
}
