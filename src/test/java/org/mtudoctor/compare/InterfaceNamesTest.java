package org.mtudoctor.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InterfaceNamesTest {

    @Test
    void namesForAllPointsAndForOne() {
        InterfaceNames names = InterfaceNames.parse(List.of("2=ppp0,3=eth0", "isp:3=to-server", "isp:2=to-vpn"));
        assertEquals(Map.of(2, "ppp0", 3, "eth0"), names.forPoint("vpn"));
        assertEquals(Map.of(2, "to-vpn", 3, "to-server"), names.forPoint("isp"), "a point's own names first");
        assertEquals(Set.of("isp"), names.points());
        assertEquals(Map.of(), InterfaceNames.none().forPoint(""));
        assertEquals(Map.of(-1, "big"), InterfaceNames.parse(List.of("4294967295=big")).forPoint(""),
                "an unsigned 32-bit index, as the cooked header holds it");
    }

    @Test
    void malformedNamesSayWhatIsExpected() {
        for (String bad : List.of("eth0", "=eth0", "3=", "x=eth0", ":3=eth0", "3=eth 0", "3=eth\u001b0",
                "4294967296=eth0", "3=" + "n".repeat(65))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InterfaceNames.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("--ifname '" + bad + "'"), e.getMessage());
        }
    }
}
