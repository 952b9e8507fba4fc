package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned32;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/** The IPv4 header (RFC 791), options skipped by the header length. */
final class Ipv4Decoder {

    static final String LAYER = "ipv4";
    private static final int FIXED_HEADER = 20;
    private static final int DONT_FRAGMENT = 0x4000;
    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int OFFSET_MASK = 0x1FFF;

    private Ipv4Decoder() {
    }

    /**
     * @param wireLength bytes of the frame on the wire from {@code start} on, the limit the total
     *                   length must respect
     * @return where the transport header starts, or -1 when none is to be read: the header is
     *         cut or impossible, or this is a fragment other than the first
     */
    static int decode(byte[] data, int start, int end, int wireLength, Packet out) {
        if (end - start < FIXED_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return -1;
        }
        int versionAndLength = unsigned8(data, start);
        if (versionAndLength >>> 4 != 4) {
            out.damage(Damage.MALFORMED, LAYER);
            return -1;
        }
        int headerLength = (versionAndLength & 0x0F) * 4;
        if (headerLength < FIXED_HEADER) {
            out.damage(Damage.MALFORMED, LAYER);
            return -1;
        }
        out.ipVersion = 4;
        int totalLength = unsigned16(data, start + 2);
        int flagsAndOffset = unsigned16(data, start + 6);
        out.dontFragment = (flagsAndOffset & DONT_FRAGMENT) != 0;
        out.moreFragments = (flagsAndOffset & MORE_FRAGMENTS) != 0;
        out.fragmentOffset = (flagsAndOffset & OFFSET_MASK) * 8;
        out.hopLimit = unsigned8(data, start + 8);
        out.identification = unsigned16(data, start + 4);
        out.protocol = unsigned8(data, start + 9);
        out.sourceLow = unsigned32(data, start + 12);
        out.destinationLow = unsigned32(data, start + 16);
        out.content = Content.IP_OTHER;

        if (totalLength == 0 || totalLength < headerLength) {
            // Segmentation offload hands the capture a packet before the NIC cuts it, with the
            // length left 0; the frame is then the only honest size. Nonzero but shorter than
            // the header is a lie, and nothing past the header can be trusted.
            out.ipLengthFromFrame = true;
            out.ipPacketLength = wireLength;
            if (totalLength != 0 || wireLength < headerLength) {
                out.damage(Damage.MALFORMED, LAYER);
                return -1;
            }
        } else if (totalLength > wireLength) {
            // More than the frame held on the wire (Wireshark: "total length exceeds packet
            // length"). Malformed, and the claim is a lie: the frame is the honest size, or a
            // fuzzed SYN would pass for a 4 KB offload aggregate. What was captured is still read,
            // as TShark reads it: a SYN's options often fit.
            out.damage(Damage.MALFORMED, LAYER);
            out.ipLengthFromFrame = true;
            out.ipPacketLength = wireLength;
            if (wireLength < headerLength) {
                return -1;
            }
        } else {
            out.ipPacketLength = totalLength;
        }
        // Only now is the header known to fit in the packet.
        out.ipHeaderLength = headerLength;
        if (end - start < headerLength) {
            out.damage(Damage.TRUNCATED, LAYER);
            return -1;
        }
        return out.fragmentOffset == 0 ? start + headerLength : -1;
    }
}
