package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Damage;

/**
 * Walks an IPv6 extension header chain (RFC 8200 section 4) to the transport header. Used for the
 * packet itself and for the packet an ICMPv6 error quotes, so the result is kept in fields of
 * this reusable object rather than in the {@link Packet}: one walk, then the caller copies what
 * it needs. Not thread-safe, like the {@link PacketDecoder} that owns it.
 */
final class Ipv6ExtensionHeaders {

    private static final int HOP_BY_HOP = 0;
    private static final int ROUTING = 43;
    private static final int FRAGMENT = 44;
    private static final int ENCAPSULATING_SECURITY_PAYLOAD = 50;
    private static final int AUTHENTICATION = 51;
    private static final int NO_NEXT_HEADER = 59;
    private static final int DESTINATION_OPTIONS = 60;
    private static final int FRAGMENT_HEADER = 8;

    /** The last next-header value reached; -1 when the walk stopped inside the chain. */
    int protocol;
    /** Index just past the last extension header walked. */
    int headerEnd;
    /** A transport header starts at {@link #headerEnd}. */
    boolean transportFollows;
    int fragmentOffset;
    boolean moreFragments;
    /** Why the walk stopped inside the chain, or {@link Damage#NONE}. */
    Damage damage;

    /**
     * @param position    index of the first extension header (just past the fixed header)
     * @param capturedEnd end of the captured bytes of this packet
     * @param packetEnd   end of the packet as its length field says
     * @param nextHeader  the fixed header's next-header value
     */
    void walk(byte[] data, int position, int capturedEnd, int packetEnd, int nextHeader) {
        protocol = -1;
        transportFollows = false;
        fragmentOffset = 0;
        moreFragments = false;
        damage = Damage.NONE;
        // Every extension header is at least 8 bytes long, so the loop ends with the packet.
        while (true) {
            headerEnd = position;
            int length;
            switch (nextHeader) {
                case HOP_BY_HOP:
                case ROUTING:
                case DESTINATION_OPTIONS:
                case AUTHENTICATION:
                case FRAGMENT:
                    if (!readable(position, 2, capturedEnd, packetEnd)) {
                        return;
                    }
                    if (nextHeader == FRAGMENT) {
                        length = FRAGMENT_HEADER;
                    } else if (nextHeader == AUTHENTICATION) {
                        // AH counts 4-byte words minus 2 (RFC 4302), unlike the others.
                        length = (unsigned8(data, position + 1) + 2) * 4;
                    } else {
                        length = (unsigned8(data, position + 1) + 1) * 8;
                    }
                    if (!readable(position, length, capturedEnd, packetEnd)) {
                        return;
                    }
                    int following = unsigned8(data, position);
                    if (nextHeader == FRAGMENT) {
                        int offsetAndFlags = unsigned16(data, position + 2);
                        fragmentOffset = offsetAndFlags & 0xFFF8;
                        moreFragments = (offsetAndFlags & 0x0001) != 0;
                    }
                    position += length;
                    nextHeader = following;
                    if (fragmentOffset != 0) {
                        // A later fragment starts in the middle of the transport data.
                        headerEnd = position;
                        protocol = nextHeader;
                        return;
                    }
                    break;
                case ENCAPSULATING_SECURITY_PAYLOAD:
                case NO_NEXT_HEADER:
                    protocol = nextHeader;
                    return;
                default:
                    protocol = nextHeader;
                    transportFollows = true;
                    return;
            }
        }
    }

    /** Whether {@code length} bytes at {@code position} can be read; records why not. */
    private boolean readable(int position, int length, int capturedEnd, int packetEnd) {
        if (length > packetEnd - position) {
            damage = Damage.MALFORMED;
            return false;
        }
        if (length > capturedEnd - position) {
            damage = Damage.TRUNCATED;
            return false;
        }
        return true;
    }
}
