package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned32;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.capture.LinkType;

/**
 * A look at a frame's fixed offsets that says, for the common frame, whose flow it is without
 * decoding it: an IPv4 TCP segment straight on Ethernet or Linux cooked capture (v1 or v2), with
 * no VLAN tag, tunnel, fragment, option damage or length to doubt. For such a frame the full
 * {@link PacketDecoder} gives content {@link Packet.Content#TCP} with these addresses and ports,
 * always (TcpPeekTest holds every capture to it); any other frame is left to the decoder.
 *
 * <p>A sharded analysis reads every frame in every shard; this lets a shard pass over most of
 * the frames another shard owns for the price of a few reads. One instance per reader, reused.
 */
public final class TcpPeek {

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int IPV4 = 0x0800;
    private static final int TCP = 6;
    private static final int IPV4_HEADER = 20;
    private static final int TCP_HEADER = 20;
    private static final int MORE_FRAGMENTS_AND_OFFSET = 0x3FFF;

    private long source;
    private long destination;
    private int sourcePort;
    private int destinationPort;

    /**
     * @return true when the frame is such a segment; its addresses and ports are then in the
     *         accessors, as {@link Packet} holds them (IPv4: high 0, low the 32-bit address)
     */
    public boolean peek(int linkType, byte[] data, int offset, int capturedLength, int originalLength) {
        int link;
        int etherTypeAt;
        if (linkType == LinkType.ETHERNET.code()) {
            link = ETHERNET_HEADER;
            etherTypeAt = 12;
        } else if (linkType == LinkType.LINUX_SLL2.code()) {
            link = SLL2_HEADER;
            etherTypeAt = 0;
        } else if (linkType == LinkType.LINUX_SLL.code()) {
            link = SLL_HEADER;
            etherTypeAt = 14;
        } else {
            return false;
        }
        if (offset < 0 || capturedLength < link + IPV4_HEADER + TCP_HEADER || capturedLength > data.length - offset
                || unsigned16(data, offset + etherTypeAt) != IPV4) {
            return false;
        }
        int ip = offset + link;
        int versionAndLength = unsigned8(data, ip);
        int headerLength = (versionAndLength & 0x0F) * 4;
        if (versionAndLength >>> 4 != 4 || headerLength < IPV4_HEADER
                || headerLength + TCP_HEADER > capturedLength - link
                || unsigned8(data, ip + 9) != TCP
                || (unsigned16(data, ip + 6) & MORE_FRAGMENTS_AND_OFFSET) != 0) {
            return false;
        }
        int totalLength = unsigned16(data, ip + 2);
        int wireLength = Math.max(originalLength, capturedLength) - link;
        if (totalLength < headerLength + TCP_HEADER || totalLength > wireLength) {
            return false;
        }
        int tcp = ip + headerLength;
        source = unsigned32(data, ip + 12);
        destination = unsigned32(data, ip + 16);
        sourcePort = unsigned16(data, tcp);
        destinationPort = unsigned16(data, tcp + 2);
        return true;
    }

    public long source() { return source; }
    public long destination() { return destination; }
    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
}
