package org.mtudoctor.decode;

import java.util.Locale;

/**
 * An IPv4 or IPv6 address as a value: IPv4 in the low 32 bits of {@code low}, IPv6 as its upper
 * and lower 64 bits. Ordered IPv4 before IPv6, then numerically, so reports sort stably.
 */
public record IpAddress(int version, long high, long low) implements Comparable<IpAddress> {

    public IpAddress {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("IP version " + version + " (expected: 4 or 6)");
        }
        if (version == 4 && (high != 0 || (low >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address wider than 32 bits");
        }
    }

    /** 127.0.0.0/8 or ::1: the host itself. */
    public boolean isLoopback() {
        return version == 4 ? (low >>> 24) == 127 : high == 0 && low == 1;
    }

    public static IpAddress ipv4(int address) {
        return new IpAddress(4, 0, address & 0xFFFFFFFFL);
    }

    public static IpAddress of(int version, long high, long low) {
        return new IpAddress(version, high, low);
    }

    /** An address from its 4 or 16 bytes in network order (as java.net.InetAddress gives them). */
    public static IpAddress of(byte[] address) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException(address.length + "-byte address");
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < address.length; i++) {
            if (address.length == 16 && i < 8) {
                high = high << 8 | (address[i] & 0xFF);
            } else {
                low = low << 8 | (address[i] & 0xFF);
            }
        }
        return new IpAddress(address.length == 4 ? 4 : 6, high, low);
    }

    /** Parses dotted IPv4 or RFC 4291 IPv6 text; for tests and command-line arguments. */
    public static IpAddress parse(String text) {
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            long value = 0;
            for (String part : parts) {
                int octet = Integer.parseInt(part);
                if (octet < 0 || octet > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                value = value << 8 | octet;
            }
            return new IpAddress(4, 0, value);
        }
        int[] groups = new int[8];
        int doubleColon = text.indexOf("::");
        String head = doubleColon < 0 ? text : text.substring(0, doubleColon);
        String tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
        String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        if (headGroups.length + tailGroups.length > (doubleColon < 0 ? 8 : 7)
                || (doubleColon < 0 && headGroups.length != 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        for (int i = 0; i < headGroups.length; i++) {
            groups[i] = Integer.parseInt(headGroups[i], 16);
        }
        for (int i = 0; i < tailGroups.length; i++) {
            groups[8 - tailGroups.length + i] = Integer.parseInt(tailGroups[i], 16);
        }
        long high = 0, low = 0;
        for (int i = 0; i < 4; i++) {
            high = high << 16 | (groups[i] & 0xFFFF);
            low = low << 16 | (groups[i + 4] & 0xFFFF);
        }
        return new IpAddress(6, high, low);
    }

    @Override
    public int compareTo(IpAddress other) {
        if (version != other.version) {
            return Integer.compare(version, other.version);
        }
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /** Dotted quad, or RFC 5952 text: lower case, longest run of two or more zero groups as "::". */
    @Override
    public String toString() {
        if (version == 4) {
            return (low >>> 24 & 0xFF) + "." + (low >>> 16 & 0xFF) + "." + (low >>> 8 & 0xFF) + "." + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]).toLowerCase(Locale.ROOT));
        }
        return text.toString();
    }

    /** The address with a port, as the report writes endpoints: {@code 10.0.3.2:8080}, {@code [fd03::2]:8080}. */
    public String withPort(int port) {
        return version == 6 ? "[" + this + "]:" + port : this + ":" + port;
    }
}
