package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Rfc1191PlateausTest {

    @Test
    void largest_plateau_strictly_below_the_quoted_length() {
        assertEquals(1006, Rfc1191Plateaus.plateauBelow(1420), "the seed incident's segment");
        assertEquals(1492, Rfc1191Plateaus.plateauBelow(1500), "a full Ethernet packet");
        assertEquals(1006, Rfc1191Plateaus.plateauBelow(1492), "strictly below: a plateau steps down");
        assertEquals(1492, Rfc1191Plateaus.plateauBelow(1493));
        assertEquals(32000, Rfc1191Plateaus.plateauBelow(65535));
        assertEquals(65535, Rfc1191Plateaus.plateauBelow(65536 + 40));
        assertEquals(508, Rfc1191Plateaus.plateauBelow(576));
        assertEquals(296, Rfc1191Plateaus.plateauBelow(508));
        assertEquals(68, Rfc1191Plateaus.plateauBelow(69));
    }

    @Test
    void nothing_below_the_ipv4_minimum() {
        assertEquals(68, Rfc1191Plateaus.plateauBelow(68));
        assertEquals(68, Rfc1191Plateaus.plateauBelow(0));
        assertEquals(68, Rfc1191Plateaus.plateauBelow(-1));
    }
}
