package org.mtudoctor.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;

/**
 * The flow table against a reference: java.util.LinkedHashMap in access order. Random finds,
 * adds and removals (of random entries and of the idlest, as eviction does), through several
 * growths, with small address spaces so that probe runs collide and deletions must shift.
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
    void behavesLikeAnAccessOrderedMapUnderRandomUse() {
        Random random = new Random(20261122);
        FlowTable table = new FlowTable();
        Map<Key, FlowTable.Entry> reference = new LinkedHashMap<>(16, 0.75f, true);
        for (int step = 0; step < 400_000; step++) {
            Key key = new Key(4, 0, random.nextInt(3000), random.nextInt(4), 0, 1_000_000 + random.nextInt(50), 80);
            int action = random.nextInt(10);
            if (action < 6) {
                FlowTable.Entry found = key.find(table);
                assertSame(reference.get(key), found, "find " + key + " at step " + step);
                if (found != null) {
                    table.touch(found);
                }
                if (found == null && reference.size() < 5000) {
                    FlowTable.Entry entry = key.entry();
                    table.add(entry);
                    reference.put(key, entry);
                }
            } else if (action < 8) {
                FlowTable.Entry present = reference.remove(key);
                if (present != null) {
                    table.remove(present);
                    assertNull(key.find(table), "removed " + key);
                }
            } else if (!reference.isEmpty()) {
                Iterator<Map.Entry<Key, FlowTable.Entry>> eldest = reference.entrySet().iterator();
                FlowTable.Entry expected = eldest.next().getValue();
                eldest.remove();
                assertSame(expected, table.idlest(), "idlest at step " + step);
                table.remove(expected);
            }
            assertEquals(reference.size(), table.size());
        }
        List<FlowTable.Entry> inOrder = new ArrayList<>();
        for (FlowTable.Entry entry = table.idlest(); entry != null; entry = entry.newer) {
            inOrder.add(entry);
        }
        assertEquals(new ArrayList<>(reference.values()), inOrder, "use order, idlest first");
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
