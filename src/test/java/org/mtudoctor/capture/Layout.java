package org.mtudoctor.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes test captures one field at a time, so that every field sits on its own line with its
 * comment. It uses {@link ByteBuffer}, not the reader's own field code, so that a byte-order mistake
 * in the reader cannot cancel out in the tests.
 */
final class Layout {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    Layout(ByteOrder order) {
        this.order = order;
    }

    static Layout littleEndian() {
        return new Layout(ByteOrder.LITTLE_ENDIAN);
    }

    static Layout bigEndian() {
        return new Layout(ByteOrder.BIG_ENDIAN);
    }

    /** Later fields in this order, for files whose sections differ. */
    Layout order(ByteOrder newOrder) {
        order = newOrder;
        return this;
    }

    Layout u8(int value) {
        out.write(value);
        return this;
    }

    Layout u16(int value) {
        return put(ByteBuffer.allocate(2).order(order).putShort((short) value));
    }

    Layout u32(long value) {
        return put(ByteBuffer.allocate(4).order(order).putInt((int) value));
    }

    Layout u64(long value) {
        return put(ByteBuffer.allocate(8).order(order).putLong(value));
    }

    /** Raw bytes, written as they are in either byte order. */
    Layout bytes(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    /** {@code count} bytes of {@code value}, for frame contents. */
    Layout fill(int count, int value) {
        for (int index = 0; index < count; index++) {
            out.write(value);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private Layout put(ByteBuffer field) {
        out.write(field.array(), 0, field.capacity());
        return this;
    }
}
