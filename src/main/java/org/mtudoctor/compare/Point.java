package org.mtudoctor.compare;

/** One capture point: its name, its file, and the handshakes it saw. */
public record Point(String name, String file, Handshakes handshakes) {
}
