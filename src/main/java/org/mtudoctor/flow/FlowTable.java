package org.mtudoctor.flow;

/**
 * The live TCP flows, found by their two endpoints without building a key object per packet:
 * open addressing with linear probing over the address and port fields themselves, and
 * backward-shift deletion, so no tombstones pile up over a long run. The entries also form two
 * doubly linked lists in order of use, as the caller reports it with {@link #touch}: one of open
 * flows and one of closed flows ({@link #close}). The idlest flow of each is at its head:
 * eviction and idle expiry take from there in O(1).
 *
 * <p>A flow's endpoints are stored in a fixed order (the lower endpoint first), so both
 * directions find the same entry; {@link Entry#firstIsLow} remembers which direction the
 * flow's first packet went.
 */
final class FlowTable {

    /** One flow in the table. Fields are the lookup key, then the flow, then the use-order links. */
    static final class Entry {
        final int version;
        final long lowHigh, lowLow, highHigh, highLow;
        final int lowPort, highPort;
        final int hash;
        final TcpFlow flow;
        /** The flow's first packet went from the low endpoint. */
        final boolean firstIsLow;
        Entry older, newer;
        /** The tracker's clock (the latest capture time) when the entry last moved to the newest end of the use order. */
        long orderedAt;
        /** The tracker's clock at the flow's last packet (its capture time, unless time stepped back). */
        long seenAt;
        /** On the list of closed flows. */
        boolean closed;

        Entry(int version, long lowHigh, long lowLow, int lowPort, long highHigh, long highLow, int highPort,
              int hash, TcpFlow flow, boolean firstIsLow) {
            this.version = version;
            this.lowHigh = lowHigh;
            this.lowLow = lowLow;
            this.lowPort = lowPort;
            this.highHigh = highHigh;
            this.highLow = highLow;
            this.highPort = highPort;
            this.hash = hash;
            this.flow = flow;
            this.firstIsLow = firstIsLow;
        }

        boolean matches(int version, long lowHigh, long lowLow, int lowPort, long highHigh, long highLow, int highPort) {
            return this.lowLow == lowLow && this.highLow == highLow && this.lowPort == lowPort
                    && this.highPort == highPort && this.lowHigh == lowHigh && this.highHigh == highHigh
                    && this.version == version;
        }
    }

    private static final int INITIAL_SLOTS = 1024;

    private Entry[] slots = new Entry[INITIAL_SLOTS];
    private int size;
    /** Least and most recently used, of open flows and of closed ones. */
    private Entry idlestOpen, newestOpen, idlestClosed, newestClosed;

    /** True when endpoint a sorts before endpoint b, i.e. a is stored as the low side. */
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

    static int hash(int version, long lowHigh, long lowLow, int lowPort, long highHigh, long highLow, int highPort) {
        long mixed = lowLow * 0x9E3779B97F4A7C15L
                ^ highLow * 0xC2B2AE3D27D4EB4FL
                ^ (lowHigh + 31 * highHigh) * 0x165667B19E3779F9L
                ^ ((long) lowPort << 32 | (long) highPort << 8 | version) * 0xD6E8FEB86659FD93L;
        mixed ^= mixed >>> 29;
        mixed *= 0xBF58476D1CE4E5B9L;
        return (int) (mixed ^ mixed >>> 32);
    }

    /** The entry of the flow between these endpoints (low first), or null if none. */
    Entry find(int version, long lowHigh, long lowLow, int lowPort, long highHigh, long highLow, int highPort,
               int hash) {
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            Entry entry = slots[slot];
            if (entry == null) {
                return null;
            }
            if (entry.hash == hash && entry.matches(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort)) {
                return entry;
            }
        }
    }

    /** Adds an entry known to be absent, as the most recently used. */
    void add(Entry entry) {
        if (2 * (size + 1) > slots.length) {
            grow();
        }
        place(entry);
        size++;
        link(entry);
    }

    /**
     * The least recently used open (or closed) entry, or null when there is none; follow
     * {@link Entry#newer} for the rest in order of use.
     */
    Entry idlest(boolean closed) {
        return closed ? idlestClosed : idlestOpen;
    }

    /** Moves an open entry to the closed list, as its most recently used. */
    void close(Entry entry) {
        if (!entry.closed) {
            unlink(entry);
            entry.closed = true;
            link(entry);
        }
    }

    void remove(Entry entry) {
        int mask = slots.length - 1;
        int slot = entry.hash & mask;
        while (slots[slot] != entry) {
            slot = (slot + 1) & mask;
        }
        // Backward shift: pull later entries of the probe run into the gap when their home slot
        // is at or before it, so every entry stays reachable from its home without tombstones.
        int gap = slot;
        for (int next = (gap + 1) & mask; slots[next] != null; next = (next + 1) & mask) {
            int home = slots[next].hash & mask;
            if (((next - home) & mask) >= ((next - gap) & mask)) {
                slots[gap] = slots[next];
                gap = next;
            }
        }
        slots[gap] = null;
        size--;
        unlink(entry);
    }

    int size() {
        return size;
    }

    void clear() {
        slots = new Entry[INITIAL_SLOTS];
        size = 0;
        idlestOpen = newestOpen = idlestClosed = newestClosed = null;
    }

    /** Makes the entry the most recently used of its list. */
    void touch(Entry entry) {
        if (entry != (entry.closed ? newestClosed : newestOpen)) {
            unlink(entry);
            link(entry);
        }
    }

    private void link(Entry entry) {
        Entry newest = entry.closed ? newestClosed : newestOpen;
        entry.older = newest;
        entry.newer = null;
        if (newest != null) {
            newest.newer = entry;
        } else if (entry.closed) {
            idlestClosed = entry;
        } else {
            idlestOpen = entry;
        }
        if (entry.closed) {
            newestClosed = entry;
        } else {
            newestOpen = entry;
        }
    }

    private void unlink(Entry entry) {
        if (entry.older != null) {
            entry.older.newer = entry.newer;
        } else if (entry.closed) {
            idlestClosed = entry.newer;
        } else {
            idlestOpen = entry.newer;
        }
        if (entry.newer != null) {
            entry.newer.older = entry.older;
        } else if (entry.closed) {
            newestClosed = entry.older;
        } else {
            newestOpen = entry.older;
        }
        entry.older = entry.newer = null;
    }

    private void place(Entry entry) {
        int mask = slots.length - 1;
        int slot = entry.hash & mask;
        while (slots[slot] != null) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = entry;
    }

    private void grow() {
        Entry[] old = slots;
        slots = new Entry[old.length * 2];
        for (Entry entry : old) {
            if (entry != null) {
                place(entry);
            }
        }
    }
}
