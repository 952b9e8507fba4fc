package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;

/**
 * The flow table against a reference: two java.util.LinkedHashMaps in access order, of open and
 * of closed flows. Random finds, adds, closes and removals (of random entries and of the idlest,
 * as eviction does), through several growths, with small address spaces so that probe runs
 * collide and deletions must shift.
 */
class FlowTableTest {

    record Key(int version, long lowHigh, long lowLow, int lowPort, long highHigh, long highLow, int highPort) {
        int hash() {
            return FlowTable.hash(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort);
        }

        FlowTable.Entry find(FlowTable table) {
            return table.find(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort, hash());
        }

        FlowTable.Entry entry() {
            Endpoint low = new Endpoint(IpAddress.of(4, 0, lowLow & 0xFFFFFFFFL), lowPort);
            Endpoint high = new Endpoint(IpAddress.of(4, 0, highLow & 0xFFFFFFFFL), highPort);
            return new FlowTable.Entry(version, lowHigh, lowLow, lowPort, highHigh, highLow, highPort, hash(),
                    new TcpFlow(low, high, 0), true);
        }
    }

    @Test
    void behavesLikeTwoAccessOrderedMapsUnderRandomUse() {
        Random random = new Random(20261122);
        FlowTable table = new FlowTable();
        // Open flows and closed flows, each in order of use.
        Map<Key, FlowTable.Entry> open = new LinkedHashMap<>(16, 0.75f, true);
        Map<Key, FlowTable.Entry> closed = new LinkedHashMap<>(16, 0.75f, true);
        Map<Key, FlowTable.Entry> entries = new HashMap<>();
        for (int step = 0; step < 400_000; step++) {
            Key key = new Key(4, 0, random.nextInt(3000), random.nextInt(4), 0, 1_000_000 + random.nextInt(50), 80);
            int action = random.nextInt(12);
            // get counts as a use in an access-ordered map; this lookup must not.
            FlowTable.Entry expected = entries.get(key);
            if (action < 6) {
                FlowTable.Entry found = key.find(table);
                assertSame(expected, found, "find " + key + " at step " + step);
                if (found != null) {
                    (open.containsKey(key) ? open : closed).get(key);
                    table.touch(found);
                } else if (open.size() + closed.size() < 5000) {
                    FlowTable.Entry entry = key.entry();
                    table.add(entry);
                    open.put(key, entry);
                    entries.put(key, entry);
                }
            } else if (action < 8) {
                if (expected != null) {
                    open.remove(key);
                    closed.remove(key);
                    entries.remove(key);
                    table.remove(expected);
                    assertNull(key.find(table), "removed " + key);
                }
            } else if (action < 10) {
                if (open.containsKey(key)) {
                    closed.put(key, open.remove(key));
                    table.close(expected);
                }
            } else {
                boolean fromClosed = action == 11;
                Map<Key, FlowTable.Entry> list = fromClosed ? closed : open;
                if (!list.isEmpty()) {
                    Iterator<Map.Entry<Key, FlowTable.Entry>> eldest = list.entrySet().iterator();
                    FlowTable.Entry idlest = eldest.next().getValue();
                    eldest.remove();
                    entries.values().remove(idlest);
                    assertSame(idlest, table.idlest(fromClosed), "idlest at step " + step);
                    table.remove(idlest);
                }
            }
            assertEquals(open.size() + closed.size(), table.size());
        }
        for (boolean fromClosed : new boolean[] {false, true}) {
            List<FlowTable.Entry> inOrder = new ArrayList<>();
            for (FlowTable.Entry entry = table.idlest(fromClosed); entry != null; entry = entry.newer) {
                inOrder.add(entry);
            }
            assertEquals(new ArrayList<>((fromClosed ? closed : open).values()), inOrder,
                    (fromClosed ? "closed" : "open") + " flows in order of use, idlest first");
        }
    }

    @Test
    void bothDirectionsAreTheSameFlow() {
        // 10.0.3.2:8080 and 10.0.1.2:44158: the client sorts lower, whichever way a packet goes.
        assertEquals(true, FlowTable.isLower(0, 0x0A000102L, 44158, 0, 0x0A000302L, 8080));
        assertEquals(false, FlowTable.isLower(0, 0x0A000302L, 8080, 0, 0x0A000102L, 44158));
        assertEquals(true, FlowTable.isLower(0, 0x0A000102L, 80, 0, 0x0A000102L, 81), "same address: by port");
        assertEquals(true, FlowTable.isLower(0, 0xFFFFFFFFL, 1, 1, 0, 1), "high 64 bits compared unsigned first");
    }
}
