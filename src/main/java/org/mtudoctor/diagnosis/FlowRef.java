package org.mtudoctor.diagnosis;

import org.mtudoctor.decode.Packet;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.Endpoint;

/**
 * A flow named in a finding: {@code source} is the sender the finding is about, and
 * {@code encapsulation} the tunnel its packets crossed. Flows are ordered and told apart by
 * their endpoints alone.
 */
public record FlowRef(Endpoint source, Endpoint destination, Encapsulation encapsulation)
        implements Comparable<FlowRef> {

    public FlowRef {
        if (source == null || destination == null) {
            throw new IllegalArgumentException("flow without both endpoints");
        }
        if (encapsulation == null) {
            throw new IllegalArgumentException("flow without an encapsulation (expected: Encapsulation.NONE)");
        }
    }

    /** A flow that crossed no tunnel. */
    public FlowRef(Endpoint source, Endpoint destination) {
        this(source, destination, Encapsulation.NONE);
    }

    /** Whether {@code packet} (TCP, or any with ports) goes from the source to the destination. */
    public boolean fromSource(Packet packet) {
        return source.is(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(), packet.sourcePort())
                && destination.is(packet.ipVersion(), packet.destinationHigh(), packet.destinationLow(),
                        packet.destinationPort());
    }

    /** Whether {@code packet} goes from the destination back to the source. */
    public boolean toSource(Packet packet) {
        return destination.is(packet.ipVersion(), packet.sourceHigh(), packet.sourceLow(), packet.sourcePort())
                && source.is(packet.ipVersion(), packet.destinationHigh(), packet.destinationLow(),
                        packet.destinationPort());
    }

    /** Whether the segment an ICMP error {@code packet} quotes went from the source to the destination. */
    public boolean quotesFromSource(Packet packet) {
        return source.is(packet.quotedIpVersion(), packet.quotedSourceHigh(), packet.quotedSourceLow(),
                packet.quotedSourcePort())
                && destination.is(packet.quotedIpVersion(), packet.quotedDestinationHigh(),
                        packet.quotedDestinationLow(), packet.quotedDestinationPort());
    }

    /** By source, then destination. Written out: each flow's end compares some in the findings' sets. */
    @Override
    public int compareTo(FlowRef other) {
        int bySource = source.compareTo(other.source);
        return bySource != 0 ? bySource : destination.compareTo(other.destination);
    }

    @Override
    public String toString() {
        return source + " -> " + destination;
    }
}
