package org.mtudoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.CaptureDevice;

class DeviceReportTest {

    @Test
    void addressesPrintAsTheReportsDoWithPrefixAndPeerWithoutScope() throws Exception {
        InetAddress linkLocal = Inet6Address.getByAddress(null,
                new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2);

        assertEquals("10.0.2.1/24", DeviceReport.address(new CaptureDevice.Address(InetAddress.getByName("10.0.2.1"), 24, null)));
        assertEquals("10.0.2.1 peer 10.0.1.2/32", DeviceReport.address(new CaptureDevice.Address(
                InetAddress.getByName("10.0.2.1"), 32, InetAddress.getByName("10.0.1.2"))));
        assertEquals("fe80::1/64", DeviceReport.address(new CaptureDevice.Address(linkLocal, 64, null)), "RFC 5952, no scope");
        assertEquals("fd00::2/64", DeviceReport.address(new CaptureDevice.Address(InetAddress.getByName("fd00:0:0:0:0:0:0:2"), 64, null)));
        assertEquals("2001:db8::1:0:0:1/48", DeviceReport.address(new CaptureDevice.Address(
                InetAddress.getByName("2001:db8:0:0:1:0:0:1"), 48, null)), "the first longest run of zeros");
        assertEquals("10.0.2.1", DeviceReport.address(new CaptureDevice.Address(InetAddress.getByName("10.0.2.1"), -1, null)));
    }
}
