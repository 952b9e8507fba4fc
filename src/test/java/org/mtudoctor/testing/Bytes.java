package org.mtudoctor.testing;

import java.io.ByteArrayOutputStream;

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
}
