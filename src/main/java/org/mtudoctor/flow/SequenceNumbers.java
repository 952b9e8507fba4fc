package org.mtudoctor.flow;

/** RFC 1982 serial-number comparisons for 32-bit TCP sequence numbers held in ints. */
final class SequenceNumbers {
    private SequenceNumbers() {
    }

    /** True when a comes strictly after b, modulo 2^32. */
    static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** The sequence distance from base to value as an unsigned number (Wireshark's relative sequence). */
    static long relative(int value, int base) {
        return (value - base) & 0xFFFFFFFFL;
    }
}
