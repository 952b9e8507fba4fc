package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned32;
import static org.mtudoctor.decode.Bytes.unsigned64;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Damage;

/**
 * The packet an ICMP or ICMPv6 error quotes: its IP header and the first 8 bytes of its
 * transport, which name the flow the error is about. A quote is short by design (RFC 792 asks
 * for 8 bytes past the IP header), so each field is read if it is there and left unset if not.
 * A quote that ends where the ICMP message ends is not damage; one cut by the snap length is.
 * Only ports and the sequence number are read from the quoted transport, never a quoted ICMP
 * message, so an error about an error cannot lead anywhere.
 */
final class QuotedPacketDecoder {

    static final String LAYER = "icmp-quote";
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final Ipv6ExtensionHeaders extensionHeaders;

    // The quote being decoded: set by decode, read by has() and cut().
    private int start;
    private int capturedEnd;
    private int messageEnd;
    private Packet out;

    QuotedPacketDecoder(Ipv6ExtensionHeaders extensionHeaders) {
        this.extensionHeaders = extensionHeaders;
    }

    /**
     * @param start       index of the quoted IP header
     * @param capturedEnd end of the captured bytes of the ICMP message
     * @param messageEnd  end of the ICMP message on the wire
     */
    void decode(byte[] data, int start, int capturedEnd, int messageEnd, Packet out) {
        this.start = start;
        this.capturedEnd = capturedEnd;
        this.messageEnd = messageEnd;
        this.out = out;
        int transport = has(1) ? quotedIp(data) : -1;
        if (transport >= 0) {
            quotedTransport(data, transport);
        }
    }

    /** @return the offset of the quoted transport header from {@link #start}, or -1 */
    private int quotedIp(byte[] data) {
        int version = unsigned8(data, start) >>> 4;
        if (version == 4) {
            return quotedIpv4(data);
        }
        if (version == 6) {
            return quotedIpv6(data);
        }
        return -1;
    }

    private int quotedIpv4(byte[] data) {
        out.quotedIpVersion = 4;
        if (!has(4)) {
            return -1;
        }
        out.quotedPacketLength = unsigned16(data, start + 2);
        if (!has(10)) {
            return -1;
        }
        out.quotedProtocol = unsigned8(data, start + 9);
        if (!has(16)) {
            return -1;
        }
        out.quotedSourceLow = unsigned32(data, start + 12);
        if (!has(20)) {
            return -1;
        }
        out.quotedDestinationLow = unsigned32(data, start + 16);
        out.quotedAddressesKnown = true;
        int headerLength = (unsigned8(data, start) & 0x0F) * 4;
        if (headerLength < 20) {
            out.damage(Damage.MALFORMED, LAYER);
            return -1;
        }
        boolean firstFragment = (unsigned16(data, start + 6) & 0x1FFF) == 0;
        return firstFragment ? headerLength : -1;
    }

    private int quotedIpv6(byte[] data) {
        out.quotedIpVersion = 6;
        if (!has(6)) {
            return -1;
        }
        int payloadLength = unsigned16(data, start + 4);
        out.quotedPacketLength = Ipv6Decoder.FIXED_HEADER + payloadLength;
        if (!has(7)) {
            return -1;
        }
        int nextHeader = unsigned8(data, start + 6);
        if (!has(24)) {
            return -1;
        }
        out.quotedSourceHigh = unsigned64(data, start + 8);
        out.quotedSourceLow = unsigned64(data, start + 16);
        if (!has(40)) {
            return -1;
        }
        out.quotedDestinationHigh = unsigned64(data, start + 24);
        out.quotedDestinationLow = unsigned64(data, start + 32);
        out.quotedAddressesKnown = true;
        Ipv6ExtensionHeaders chain = extensionHeaders;
        int quotedEnd = start + out.quotedPacketLength;
        chain.walk(data, start + Ipv6Decoder.FIXED_HEADER, Math.min(capturedEnd, messageEnd),
                quotedEnd, nextHeader);
        if (chain.damage == Damage.MALFORMED) {
            out.damage(Damage.MALFORMED, LAYER);
            return -1;
        }
        if (chain.damage == Damage.TRUNCATED) {
            cut();
            return -1;
        }
        out.quotedProtocol = chain.protocol;
        return chain.transportFollows ? chain.headerEnd - start : -1;
    }

    private void quotedTransport(byte[] data, int transport) {
        int protocol = out.quotedProtocol;
        if (protocol != TCP && protocol != UDP) {
            return;
        }
        if (!has(transport + 4)) {
            return;
        }
        out.quotedSourcePort = unsigned16(data, start + transport);
        out.quotedDestinationPort = unsigned16(data, start + transport + 2);
        if (protocol == TCP && has(transport + 8)) {
            out.quotedSequence = unsigned32(data, start + transport + 4);
        }
    }

    /**
     * Whether the first {@code length} bytes of the quote were captured. When they were not
     * because the snap length cut the message, the packet is marked truncated.
     */
    private boolean has(int length) {
        if (length <= capturedEnd - start && length <= messageEnd - start) {
            return true;
        }
        cut();
        return false;
    }

    /** The quote ended early: damage only if the capture, not the sender, ended it. */
    private void cut() {
        if (capturedEnd < messageEnd) {
            out.damage(Damage.TRUNCATED, LAYER);
        }
    }
}
