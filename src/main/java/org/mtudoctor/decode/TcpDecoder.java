package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.unsigned16;
import static org.mtudoctor.decode.Bytes.unsigned32;
import static org.mtudoctor.decode.Bytes.unsigned8;

import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/**
 * The TCP header (RFC 9293) and the options that bear on segment size: MSS, window scale,
 * SACK-permitted and timestamps; and the SACK blocks (RFC 2018), which the time-sequence plot draws. Fields are read in header order, each once its bytes are
 * captured, so a header cut by the snap length keeps everything before the cut.
 */
final class TcpDecoder {

    static final String LAYER = "tcp";
    private static final int FIXED_HEADER = 20;

    private static final int END_OF_OPTIONS = 0;
    private static final int NO_OPERATION = 1;
    private static final int MAXIMUM_SEGMENT_SIZE = 2;
    private static final int WINDOW_SCALE = 3;
    private static final int SACK_PERMITTED = 4;
    private static final int SACK = 5;
    private static final int TIMESTAMPS = 8;

    private TcpDecoder() {
    }

    /**
     * @param end           end of the captured bytes of this segment (never past the IP packet)
     * @param segmentLength the segment's length on the wire, from the IP header
     */
    static void decode(byte[] data, int start, int end, int segmentLength, Packet out) {
        int captured = end - start;
        if (captured < 4) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        out.sourcePort = unsigned16(data, start);
        out.destinationPort = unsigned16(data, start + 2);
        if (captured < 8) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        out.sequence = unsigned32(data, start + 4);
        out.content = Content.TCP;
        if (captured < 12) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        out.acknowledgment = unsigned32(data, start + 8);
        if (captured < 14) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        int headerLength = (unsigned8(data, start + 12) >>> 4) * 4;
        out.tcpFlags = unsigned8(data, start + 13);
        if (headerLength < FIXED_HEADER || headerLength > segmentLength) {
            out.damage(Damage.MALFORMED, LAYER);
            return;
        }
        out.tcpHeaderLength = headerLength;
        out.payloadLength = segmentLength - headerLength;
        if (captured < 16) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        out.window = unsigned16(data, start + 14);
        if (captured < FIXED_HEADER) {
            out.damage(Damage.TRUNCATED, LAYER);
            return;
        }
        readOptions(data, start + FIXED_HEADER, start + headerLength, end, out);
    }

    /** The length RFC 9293 / RFC 7323 / RFC 2018 fix for a kind; any length for other kinds. */
    private static int expectedLength(int kind, int length) {
        switch (kind) {
            case MAXIMUM_SEGMENT_SIZE:
                return 4;
            case WINDOW_SCALE:
                return 3;
            case SACK_PERMITTED:
                return 2;
            case TIMESTAMPS:
                return 10;
            case SACK:
                // 1 to 4 blocks of two edges (RFC 2018 section 3): 10, 18, 26 or 34 bytes.
                return length >= 10 && length <= 34 && (length - 2) % 8 == 0 ? length : -1;
            default:
                return length;
        }
    }

    /**
     * Walks the options in {@code [position, optionsEnd)}, of which {@code [position, end)} were
     * captured. An impossible length ends the walk and sets {@link Packet#optionsMalformed}: the
     * segment itself is still sound, so this is not damage. Running out of captured bytes is.
     */
    private static void readOptions(byte[] data, int position, int optionsEnd, int end, Packet out) {
        while (position < optionsEnd) {
            if (position >= end) {
                out.damage(Damage.TRUNCATED, LAYER);
                return;
            }
            int kind = unsigned8(data, position);
            if (kind == END_OF_OPTIONS) {
                return;
            }
            if (kind == NO_OPERATION) {
                position++;
                continue;
            }
            if (position + 1 >= optionsEnd) {
                out.optionsMalformed = true;
                return;
            }
            if (position + 1 >= end) {
                out.damage(Damage.TRUNCATED, LAYER);
                return;
            }
            int length = unsigned8(data, position + 1);
            if (length < 2 || length > optionsEnd - position) {
                out.optionsMalformed = true;
                return;
            }
            if (length > end - position) {
                out.damage(Damage.TRUNCATED, LAYER);
                return;
            }
            if (length != expectedLength(kind, length)) {
                // The length still says where the next option starts: only this value is lost.
                out.optionsMalformed = true;
            } else if (kind == MAXIMUM_SEGMENT_SIZE) {
                out.mss = unsigned16(data, position + 2);
            } else if (kind == WINDOW_SCALE) {
                out.windowScale = unsigned8(data, position + 2);
            } else if (kind == SACK_PERMITTED) {
                out.sackPermitted = true;
            } else if (kind == TIMESTAMPS) {
                out.timestamps = true;
            } else if (kind == SACK) {
                int blocks = (length - 2) / 8;
                for (int i = 0; i < blocks; i++) {
                    out.sackEdges[2 * i] = unsigned32(data, position + 2 + 8 * i);
                    out.sackEdges[2 * i + 1] = unsigned32(data, position + 6 + 8 * i);
                }
                out.sackBlocks = blocks;
            }
            position += length;
        }
    }
}
