package org.mtudoctor.decode;

/**
 * Big-endian reads of header fields in place. The callers check the captured length first; these
 * only assemble bytes, so that no decoder repeats the masking and shifting.
 */
final class Bytes {

    private Bytes() {
    }

    static int unsigned8(byte[] data, int index) {
        return data[index] & 0xFF;
    }

    static int unsigned16(byte[] data, int index) {
        return (data[index] & 0xFF) << 8 | (data[index + 1] & 0xFF);
    }

    /** A 32-bit field as a signed int, for callers that only compare or mask it. */
    static int signed32(byte[] data, int index) {
        return (data[index] & 0xFF) << 24 | (data[index + 1] & 0xFF) << 16
                | (data[index + 2] & 0xFF) << 8 | (data[index + 3] & 0xFF);
    }

    /** A 32-bit field such as a TCP sequence number, kept unsigned in a long. */
    static long unsigned32(byte[] data, int index) {
        return signed32(data, index) & 0xFFFFFFFFL;
    }

    static long unsigned64(byte[] data, int index) {
        return (unsigned32(data, index) << 32) | unsigned32(data, index + 4);
    }
}
