package org.mtudoctor.flow;

import org.mtudoctor.decode.IpAddress;

/** One end of a TCP flow. Printed as {@code 10.0.3.2:8080} or {@code [fd03::2]:8080}. */
public record Endpoint(IpAddress address, int port) implements Comparable<Endpoint> {

    public Endpoint {
        if (address == null) {
            throw new IllegalArgumentException("endpoint without an address");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " (expected: 0-65535)");
        }
    }

    /** Whether this is the endpoint of that address (as a decoded packet holds it) and port. */
    public boolean is(int version, long high, long low, int port) {
        return this.port == port && address.version() == version && address.high() == high && address.low() == low;
    }

    /** By address, then port. Written out: each flow's end compares some in the findings' sets. */
    @Override
    public int compareTo(Endpoint other) {
        int byAddress = address.compareTo(other.address);
        return byAddress != 0 ? byAddress : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return address.withPort(port);
    }
}
