package org.mtudoctor.diagnosis;

import java.util.Comparator;
import org.mtudoctor.flow.Endpoint;

/** A flow named in a finding: {@code source} is the sender the finding is about. */
public record FlowRef(Endpoint source, Endpoint destination) implements Comparable<FlowRef> {

    private static final Comparator<FlowRef> ORDER =
            Comparator.comparing(FlowRef::source).thenComparing(FlowRef::destination);

    public FlowRef {
        if (source == null || destination == null) {
            throw new IllegalArgumentException("flow without both endpoints");
        }
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
