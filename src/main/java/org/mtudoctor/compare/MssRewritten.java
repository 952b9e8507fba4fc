package org.mtudoctor.compare;

import java.util.List;

/**
 * The MSS option of a SYN or a SYN-ACK differs between two points next to each other on the
 * path: {@code before} is the point the segment crossed first, {@code after} the next one.
 * Raised is a warning (the seed's case: 1356 at the VPN server, 1380 at the web server); lowered
 * is a clamp, information, unless {@code oneWay}: only one of SYN and SYN-ACK is lowered between
 * these points, so one direction is protected and the other not.
 *
 * @param examples the first few connections, with their frames at each point
 */
public record MssRewritten(Segment segment, String before, int beforeMss, String after, int afterMss,
                           boolean oneWay, long connections, List<Example> examples) {

    /** The kind, as reports and verdict manifests name it. */
    public static final String KIND = "mss-rewritten";

    /** Which handshake segment was rewritten. */
    public enum Segment {
        SYN("SYN"), SYN_ACK("SYN-ACK");

        private final String label;

        Segment(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One connection rewritten so, as each point saw it. */
    public record Example(Handshake atBefore, Handshake atAfter) {
    }

    public boolean raised() {
        return afterMss > beforeMss;
    }

    /** A raise, or a clamp of one direction only. */
    public boolean warning() {
        return raised() || oneWay;
    }
}
