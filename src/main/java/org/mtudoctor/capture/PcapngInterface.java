package org.mtudoctor.capture;

/**
 * What a pcapng Interface Description Block says about the packets that refer to it.
 *
 * @param linkType           LINKTYPE_* value of the interface's frames
 * @param snapLength         the interface's snap length, 0 for none
 * @param binaryResolution   time stamp units are 2^-exponent seconds rather than 10^-exponent
 * @param resolutionExponent from {@code if_tsresol}; 6 (microseconds) when the option is absent
 * @param offsetSeconds      from {@code if_tsoffset}, added to every time stamp
 */
record PcapngInterface(int linkType, long snapLength, boolean binaryResolution, int resolutionExponent,
                       long offsetSeconds) {
    static final int DEFAULT_EXPONENT = 6;
    // 2^-63 and 10^-19 are the finest units whose second still fits in 64 bits.
    static final int MAXIMUM_BINARY_EXPONENT = 63;
    static final int MAXIMUM_DECIMAL_EXPONENT = 19;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POWERS_OF_TEN = powersOfTen();

    PcapngInterface {
        int maximum = binaryResolution ? MAXIMUM_BINARY_EXPONENT : MAXIMUM_DECIMAL_EXPONENT;
        if (resolutionExponent < 0 || resolutionExponent > maximum) {
            throw new IllegalArgumentException("time stamp resolution exponent " + resolutionExponent
                    + " out of range 0.." + maximum);
        }
    }

    private static long[] powersOfTen() {
        long[] powers = new long[MAXIMUM_DECIMAL_EXPONENT + 1];
        powers[0] = 1;
        for (int exponent = 1; exponent < powers.length; exponent++) {
            // 10^19 overflows a signed long; it is used only as an unsigned divisor.
            powers[exponent] = powers[exponent - 1] * 10;
        }
        return powers;
    }

    /**
     * Nanoseconds since the epoch for a time stamp of {@code units} (unsigned) in this interface's
     * resolution. Finer units are truncated toward zero, as libpcap does.
     */
    long timestampNanos(long units) {
        long nanos;
        if (binaryResolution) {
            nanos = binaryUnitsToNanos(units, resolutionExponent);
        } else if (resolutionExponent <= 9) {
            nanos = units * POWERS_OF_TEN[9 - resolutionExponent];
        } else {
            nanos = Long.divideUnsigned(units, POWERS_OF_TEN[resolutionExponent - 9]);
        }
        return nanos + offsetSeconds * NANOS_PER_SECOND;
    }

    private static long binaryUnitsToNanos(long units, int exponent) {
        long seconds = units >>> exponent;
        long fraction = units & ((1L << exponent) - 1);
        long fractionNanos;
        if (exponent <= 33) {
            // fraction < 2^33, so fraction * 10^9 < 2^63 fits.
            fractionNanos = (fraction * NANOS_PER_SECOND) >>> exponent;
        } else {
            // The product needs up to 93 bits: shift the 128-bit product right by exponent.
            long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
            long low = fraction * NANOS_PER_SECOND;
            fractionNanos = (high << (64 - exponent)) | (low >>> exponent);
        }
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }
}
