package org.mtudoctor.flow;

/**
 * Identifies a TCP flow regardless of direction: the endpoint that sorts lower is always
 * "low". Built from primitives so a lookup needs no address objects.
 */
record FlowKey(int version, long lowHigh, long lowLow, int lowPort,
               long highHigh, long highLow, int highPort) {

    /** The key of the flow between two endpoints, and which of them is the sender. */
    static FlowKey of(int version, long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        return isLower(aHigh, aLow, aPort, bHigh, bLow, bPort)
                ? new FlowKey(version, aHigh, aLow, aPort, bHigh, bLow, bPort)
                : new FlowKey(version, bHigh, bLow, bPort, aHigh, aLow, aPort);
    }

    /** True when endpoint a sorts before endpoint b, i.e. a is the key's "low" side. */
    static boolean isLower(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
        int byHigh = Long.compareUnsigned(aHigh, bHigh);
        if (byHigh != 0) {
            return byHigh < 0;
        }
        int byLow = Long.compareUnsigned(aLow, bLow);
        if (byLow != 0) {
            return byLow < 0;
        }
        return aPort <= bPort;
    }
}
