package org.mtudoctor.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Integer fields read in place from a byte array, in either byte order. Capture files carry their
 * own byte order, so every read names it; a {@code ByteBuffer} per record would cost an object per
 * packet. Callers check that the field lies inside the data they own before reading it.
 */
final class ByteFields {
    private static final VarHandle SHORT_BIG = view(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT_LITTLE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BIG = view(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LITTLE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BIG = view(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LITTLE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteFields() {
    }

    private static VarHandle view(Class<?> arrayType, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, order);
    }

    static int uint16(byte[] bytes, int offset, boolean bigEndian) {
        short value = bigEndian ? (short) SHORT_BIG.get(bytes, offset) : (short) SHORT_LITTLE.get(bytes, offset);
        return value & 0xFFFF;
    }

    static int int32(byte[] bytes, int offset, boolean bigEndian) {
        return bigEndian ? (int) INT_BIG.get(bytes, offset) : (int) INT_LITTLE.get(bytes, offset);
    }

    static long uint32(byte[] bytes, int offset, boolean bigEndian) {
        return int32(bytes, offset, bigEndian) & 0xFFFF_FFFFL;
    }

    static long int64(byte[] bytes, int offset, boolean bigEndian) {
        return bigEndian ? (long) LONG_BIG.get(bytes, offset) : (long) LONG_LITTLE.get(bytes, offset);
    }

    /**
     * A 32-bit length field as the int a {@link FrameSink} takes. Lengths of 2 GiB and more cannot be
     * real frames; they are pinned to {@link Integer#MAX_VALUE} rather than turned negative, so that a
     * size comparison downstream still sees "very large".
     */
    static int lengthField(int unsigned) {
        return unsigned < 0 ? Integer.MAX_VALUE : unsigned;
    }

    /** The first bytes of an input in hex, for error messages that show what was found. */
    static String hexPrefix(byte[] bytes, int offset, int available, int limit) {
        StringBuilder text = new StringBuilder();
        for (int index = 0; index < Math.min(available, limit); index++) {
            if (index > 0) {
                text.append(' ');
            }
            text.append(Character.forDigit((bytes[offset + index] >> 4) & 0xF, 16));
            text.append(Character.forDigit(bytes[offset + index] & 0xF, 16));
        }
        return text.toString();
    }
}
