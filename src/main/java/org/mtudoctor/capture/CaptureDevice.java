package org.mtudoctor.capture;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;

/**
 * A device libpcap can capture on, as {@code mtudoctor interfaces} lists it.
 *
 * @param name        what {@code -i} takes
 * @param description libpcap's description ("Pseudo-device that captures on all interfaces"), or
 *                    empty: Linux has none for ordinary interfaces
 * @param addresses   its IPv4 and IPv6 addresses, in libpcap's order
 * @param up          administratively up
 * @param running     up with a carrier: frames can flow
 * @param loopback    the loopback interface
 * @param mtu         the interface's MTU, absent for pseudo-devices such as {@code any}
 */
public record CaptureDevice(String name, String description, List<Address> addresses, boolean up,
                            boolean running, boolean loopback, OptionalInt mtu) {

    public CaptureDevice {
        addresses = List.copyOf(addresses);
        description = description == null ? "" : description;
    }

    /**
     * One address of a device.
     *
     * @param address      the address (IPv6 link-local ones carry their scope)
     * @param prefixLength the network prefix, from the netmask; -1 when libpcap gives none
     * @param peer         the other end of a point-to-point link (a ppp interface), or {@code null}
     */
    public record Address(InetAddress address, int prefixLength, InetAddress peer) {
        public Address {
            int bits = address instanceof Inet4Address ? 32 : 128;
            if (prefixLength < -1 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address);
            }
        }
    }
}
