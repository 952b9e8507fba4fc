package org.mtudoctor.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mtudoctor.capture.CaptureDevice;

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
                    : device.addresses().stream().map(Object::toString).collect(Collectors.joining(", "));
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
            device.addresses().forEach(address -> json.value(address.toString()));
            json.endArray().endObject();
        }
        json.endArray().endObject();
        return out.append('\n').toString();
    }

    private static String state(CaptureDevice device) {
        String state = device.running() ? "running" : device.up() ? "up" : "down";
        return device.loopback() ? state + ",lo" : state;
    }
}
