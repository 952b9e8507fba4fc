package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the interface listing derives itself: prefix lengths, address text, the MTU. */
class CaptureDevicesTest {

    @Test
    void prefixLengthComesFromTheNetmask() throws Exception {
        assertEquals(24, CaptureDevices.prefixLength(InetAddress.getByName("255.255.255.0")));
        assertEquals(32, CaptureDevices.prefixLength(InetAddress.getByName("255.255.255.255")));
        assertEquals(0, CaptureDevices.prefixLength(InetAddress.getByName("0.0.0.0")));
        assertEquals(64, CaptureDevices.prefixLength(InetAddress.getByName("ffff:ffff:ffff:ffff::")));
        assertEquals(-1, CaptureDevices.prefixLength(InetAddress.getByName("255.0.255.0"))); // not a prefix
        assertEquals(-1, CaptureDevices.prefixLength(null));
    }

    @Test
    void aPrefixLongerThanTheAddressIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new CaptureDevice.Address(InetAddress.getByName("10.0.2.1"), 33, null));
    }

    @Test
    void mtuComesFromTheKernelAndPseudoDevicesHaveNone() throws Exception {
        if (Files.isRegularFile(Path.of("/sys/class/net/lo/mtu"))) {
            String mtu = Files.readString(Path.of("/sys/class/net/lo/mtu")).strip();
            assertEquals(OptionalInt.of(Integer.parseInt(mtu)), CaptureDevices.mtu("lo"));
        }
        assertTrue(CaptureDevices.mtu("any").isEmpty());
        assertTrue(CaptureDevices.mtu("../lo").isEmpty());
    }
}
