package org.mtudoctor.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mtudoctor.capture.CaptureDevice;
import org.mtudoctor.decode.IpAddress;

/** The table of {@code mtudoctor interfaces}. */
public final class DeviceReport {
    private DeviceReport() {
    }

    public static String text(List<CaptureDevice> devices) {
        int width = Math.max(9, devices.stream().mapToInt(device -> device.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %5s  %-8s  %s%n", "INTERFACE", "MTU", "STATE", "ADDRESSES"));
        for (CaptureDevice device : devices) {
            String addresses = device.addresses().isEmpty() ? device.description()
                    : device.addresses().stream().map(DeviceReport::address).collect(Collectors.joining(", "));
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %5s  %-8s  %s", device.name(),
                    device.mtu().isPresent() ? Integer.toString(device.mtu().getAsInt()) : "-",
                    state(device), addresses).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    public static String json(List<CaptureDevice> devices) {
        StringBuilder out = new StringBuilder();
        JsonWriter json = new JsonWriter(out, true);
        json.beginObject().key("interfaces").beginArray();
        for (CaptureDevice device : devices) {
            json.beginObject()
                    .field("name", device.name())
                    .field("description", device.description())
                    .key("mtu").valueOrNull(device.mtu().isPresent() ? device.mtu().getAsInt() : -1)
                    .field("up", device.up())
                    .field("running", device.running())
                    .field("loopback", device.loopback());
            json.key("addresses").beginArray();
            device.addresses().forEach(address -> json.value(address(address)));
            json.endArray().endObject();
        }
        json.endArray().endObject();
        return out.append('\n').toString();
    }

    /**
     * {@code 10.0.2.1/24}, {@code 10.0.2.1 peer 10.0.1.2/32}, {@code fd00::2/64}: the address text of
     * the reports (RFC 5952 for IPv6), without a link-local address's scope.
     */
    static String address(CaptureDevice.Address address) {
        String text = IpAddress.of(address.address().getAddress())
                + (address.peer() != null ? " peer " + IpAddress.of(address.peer().getAddress()) : "");
        return address.prefixLength() >= 0 ? text + "/" + address.prefixLength() : text;
    }

    private static String state(CaptureDevice device) {
        String state = device.running() ? "running" : device.up() ? "up" : "down";
        return device.loopback() ? state + ",lo" : state;
    }
}
