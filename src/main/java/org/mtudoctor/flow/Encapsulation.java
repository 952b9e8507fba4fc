package org.mtudoctor.flow;

import org.mtudoctor.decode.Tunnel;

/**
 * The tunnel a sender's packets crossed, as the first of them showed it, and the bytes it adds to
 * each packet ({@link org.mtudoctor.decode.Packet#tunnelOverhead()}).
 */
public record Encapsulation(Tunnel tunnel, int overhead) {

    /** Packets that crossed no tunnel. */
    public static final Encapsulation NONE = new Encapsulation(Tunnel.NONE, 0);

    public Encapsulation {
        if (tunnel == null) {
            throw new IllegalArgumentException("no tunnel kind (expected: Tunnel.NONE for none)");
        }
        if (overhead < 0 || (tunnel == Tunnel.NONE) != (overhead == 0)) {
            throw new IllegalArgumentException(tunnel + " with " + overhead + " bytes of overhead");
        }
    }

    public boolean isTunnel() {
        return tunnel != Tunnel.NONE;
    }
}
