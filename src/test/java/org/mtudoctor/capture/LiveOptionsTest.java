package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Options check themselves, with messages a usage error can print as they are. */
class LiveOptionsTest {

    private static String refused(List<String> interfaces, int snapLength, long count) {
        return assertThrows(IllegalArgumentException.class,
                () -> new LiveOptions(interfaces, snapLength, false, null, count, null)).getMessage();
    }

    @Test
    void defaultsAreWhatTheIssueAsksFor() {
        LiveOptions options = LiveOptions.of("eth0", "ppp0");

        assertEquals(List.of("eth0", "ppp0"), options.interfaces());
        assertEquals(256, options.snapLength());
        assertFalse(options.promiscuous());
        assertNull(options.userFilter());
        assertEquals(LiveOptions.UNLIMITED, options.count());
        assertNull(options.writeFile());
        assertEquals(32 * 1024, options.bufferKib());
    }

    @Test
    void aBufferSizeIsRefusedOutsideWhatLibpcapTakes() {
        for (int kib : new int[] {0, -1, LiveOptions.MAXIMUM_BUFFER_KIB + 1}) {
            assertEquals("buffer size " + kib + " KiB (expected: 1 to " + LiveOptions.MAXIMUM_BUFFER_KIB + ")",
                    assertThrows(IllegalArgumentException.class,
                            () -> new LiveOptions(List.of("lo"), 256, false, null, -1, null, kib)).getMessage());
        }
        assertEquals(1, new LiveOptions(List.of("lo"), 256, false, null, -1, null, 1).bufferKib());
    }

    @Test
    void aBlankFilterIsNoFilterAndOthersAreStripped() {
        assertNull(new LiveOptions(List.of("lo"), 256, false, "  ", -1, null).userFilter());
        assertEquals("tcp port 80", new LiveOptions(List.of("lo"), 256, false, " tcp port 80\n", -1, null).userFilter());
    }

    @Test
    void badValuesAreRefusedWithWhatWasExpected() {
        assertEquals("no interface to capture on", refused(List.of(), 256, -1));
        assertEquals("an interface name is empty", refused(List.of(" "), 256, -1));
        assertEquals("interface eth0 is named twice", refused(List.of("eth0", "eth0"), 256, -1));
        assertEquals("snap length 0 (expected: 1 to 262144)", refused(List.of("eth0"), 0, -1));
        assertEquals("snap length 262145 (expected: 1 to 262144)", refused(List.of("eth0"), 262_145, -1));
        assertEquals("count 0 (expected: 1 or more)", refused(List.of("eth0"), 256, 0));
    }
}
