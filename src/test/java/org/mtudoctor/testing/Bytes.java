package org.mtudoctor.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Byte arrays for tests that build frames and captures by hand. */
public final class Bytes {
    private Bytes() {
    }

    /** The parts one after another. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    /** Bytes written as ints, so that a test can write 0xFF without a cast. */
    public static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    public static byte[] zeros(int length) {
        return new byte[length];
    }

    /** The first {@code length} bytes: a frame as a snap length would cut it. */
    public static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }
}
