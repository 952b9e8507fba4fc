package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned32;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443), of which only the "too big" errors matter here: IPv4's
 * destination unreachable / fragmentation needed with the next-hop MTU in bytes 6-7 (RFC 1191
 * section 4), and IPv6's packet too big with a 32-bit MTU in bytes 4-7. Both have the same
 * 8-byte header followed by the packet that was refused. A pre-RFC 1191 router sends MTU 0; it
 * is kept as sent, see {@link Rfc1191Plateaus}.
 */
final class IcmpDecoder {

    private static final int DESTINATION_UNREACHABLE = 3;
    private static final int FRAGMENTATION_NEEDED = 4;
    private static final int PACKET_TOO_BIG = 2;
    private static final int HEADER = 8;

    private final QuotedPacketDecoder quote;

    IcmpDecoder(QuotedPacketDecoder quote) {
        this.quote = quote;
    }

    /**
     * @param ipVersion     4 for ICMP, 6 for ICMPv6
     * @param end           end of the captured bytes of this message (never past the IP packet)
     * @param messageLength the message's length on the wire, from the IP header
     */
    void decode(int ipVersion, byte[] data, int start, int end, int messageLength, Packet out) {
        String layer = ipVersion == 4 ? "icmp" : "icmpv6";
        if (end - start < 2) {
            out.damage(Damage.TRUNCATED, layer);
            return;
        }
        int type = unsigned8(data, start);
        int code = unsigned8(data, start + 1);
        out.icmpType = type;
        out.icmpCode = code;
        // ICMPv6's code is 0 when sent and ignored when received (RFC 4443 section 3.2).
        boolean tooBig = ipVersion == 4
                ? type == DESTINATION_UNREACHABLE && code == FRAGMENTATION_NEEDED
                : type == PACKET_TOO_BIG;
        if (!tooBig) {
            return;
        }
        if (end - start < HEADER) {
            out.damage(Damage.TRUNCATED, layer);
            return;
        }
        // ICMPv6's MTU is 32 bits, but no link has one past 2^31: clamp rather than go negative.
        out.reportedMtu = ipVersion == 4
                ? unsigned16(data, start + 6)
                : (int) Math.min(unsigned32(data, start + 4), Integer.MAX_VALUE);
        out.content = Content.ICMP_TOO_BIG;
        quote.decode(data, start + HEADER, end, start + messageLength, out);
    }
}
