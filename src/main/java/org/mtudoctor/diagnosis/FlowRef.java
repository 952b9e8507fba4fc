package org.mtudoctor.diagnosis;

import java.util.Comparator;
import org.mtudoctor.flow.Encapsulation;
import org.mtudoctor.flow.Endpoint;

/**
 * A flow named in a finding: {@code source} is the sender the finding is about, and
 * {@code encapsulation} the tunnel its packets crossed. Flows are ordered and told apart by
 * their endpoints alone.
 */
public record FlowRef(Endpoint source, Endpoint destination, Encapsulation encapsulation)
        implements Comparable<FlowRef> {

    private static final Comparator<FlowRef> ORDER =
            Comparator.comparing(FlowRef::source).thenComparing(FlowRef::destination);

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

    @Override
    public int compareTo(FlowRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return source + " -> " + destination;
    }
}
