package org.mtudoctor.compare;

/**
 * One capture point: its name, its file, and the handshakes it saw. A point that is one
 * interface of a capture of several has the capturing {@code host} (the capture's name) and its
 * {@code iface} ("eth0", "ifindex 3"): two such points of one host show what changed inside it.
 *
 * @param iface "" when the point is a whole capture
 */
public record Point(String name, String host, String iface, String file, Handshakes handshakes) {

    /** A whole capture, named {@code name}. */
    public Point(String name, String file, Handshakes handshakes) {
        this(name, name, "", file, handshakes);
    }

    /** Whether this point and {@code other} are two interfaces of one host's capture. */
    public boolean sameHost(Point other) {
        return !iface.isEmpty() && !other.iface.isEmpty() && host.equals(other.host) && file.equals(other.file);
    }
}
