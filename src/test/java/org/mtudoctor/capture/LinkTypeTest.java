package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LinkTypeTest {

    @Test
    void everyLinkTypeIsFoundByItsCode() {
        for (LinkType linkType : LinkType.values()) {
            assertSame(linkType, LinkType.fromCode(linkType.code()));
        }
        for (int unknown : new int[] {-1, 2, 105, 277, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertNull(LinkType.fromCode(unknown), "LINKTYPE " + unknown);
        }
    }

    @Test
    void theDltDiffersForRawIpOnly() {
        assertEquals(12, LinkType.dltOf(101));
        for (LinkType linkType : LinkType.values()) {
            if (linkType != LinkType.RAW) {
                assertEquals(linkType.code(), linkType.dlt(), linkType.name());
            }
        }
        assertEquals(105, LinkType.dltOf(105));
        assertEquals(101, Libpcap.linkTypeOf(LinkType.RAW.dlt()));
    }

    @Test
    void describesKnownAndUnknownCodes() {
        assertEquals("raw IP (101)", LinkType.describe(101));
        assertEquals("Linux cooked v2 (276)", LinkType.describe(276));
        assertEquals("link type 105", LinkType.describe(105));
    }
}
