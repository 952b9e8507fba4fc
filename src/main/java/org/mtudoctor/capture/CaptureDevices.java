package org.mtudoctor.capture;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** Lists the devices libpcap can capture on, for {@code mtudoctor interfaces}. */
public final class CaptureDevices {
    private static final Path SYSFS_NET = Path.of("/sys/class/net");

    private CaptureDevices() {
    }

    /** libpcap's own version line ("libpcap version 1.10.3 (with TPACKET_V3)"), or that it is missing. */
    public static String libpcapVersion() {
        try {
            return Pcaps.libVersion();
        } catch (LinkageError e) {
            return Libpcap.MISSING;
        }
    }

    /**
     * Every capture device, sorted by name, with its addresses, flags and MTU.
     *
     * @throws CaptureException when libpcap is missing or cannot list devices; one line
     */
    public static List<CaptureDevice> list() throws CaptureException {
        Libpcap.require();
        List<PcapNetworkInterface> found;
        try {
            found = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureException("libpcap cannot list the capture interfaces: " + Libpcap.message(e), e);
        }
        List<CaptureDevice> devices = new ArrayList<>();
        for (PcapNetworkInterface device : found) {
            devices.add(new CaptureDevice(device.getName(), device.getDescription(), addresses(device),
                    device.isUp(), device.isRunning(), device.isLoopBack(), mtu(device.getName())));
        }
        devices.sort(Comparator.comparing(CaptureDevice::name));
        return devices;
    }

    private static List<CaptureDevice.Address> addresses(PcapNetworkInterface device) {
        List<CaptureDevice.Address> addresses = new ArrayList<>();
        for (PcapAddress address : device.getAddresses()) {
            InetAddress ip = address.getAddress();
            if (ip instanceof Inet4Address || ip instanceof Inet6Address) {
                InetAddress peer = address.getDestinationAddress();
                addresses.add(new CaptureDevice.Address(ip, prefixLength(address.getNetmask()),
                        peer != null && !peer.isAnyLocalAddress() ? peer : null));
            }
        }
        return addresses;
    }

    /** The number of leading one bits of a netmask, or -1 without one or for a mask that is not a prefix. */
    static int prefixLength(InetAddress netmask) {
        if (netmask == null) {
            return -1;
        }
        int length = 0;
        boolean ended = false;
        for (byte octet : netmask.getAddress()) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (octet >> bit & 1) == 1;
                if (one && ended) {
                    return -1;
                }
                ended |= !one;
                length += one ? 1 : 0;
            }
        }
        return length;
    }

    /**
     * The MTU: Linux's sysfs, else Java's view of the interface, else none (pseudo-devices). pcap4j
     * has no call for it.
     */
    static OptionalInt mtu(String name) {
        if (!name.contains("/") && !name.equals(".") && !name.equals("..")) {
            try {
                String text = Files.readString(SYSFS_NET.resolve(name).resolve("mtu"), StandardCharsets.US_ASCII);
                return OptionalInt.of(Integer.parseInt(text.strip()));
            } catch (IOException | RuntimeException e) {
                // Not Linux, or not a kernel interface: ask Java.
            }
        }
        try {
            NetworkInterface network = NetworkInterface.getByName(name);
            int mtu = network == null ? -1 : network.getMTU();
            return mtu > 0 ? OptionalInt.of(mtu) : OptionalInt.empty();
        } catch (SocketException e) {
            return OptionalInt.empty();
        }
    }
}
