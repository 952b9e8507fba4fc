package org.mtudoctor.compare;

import java.util.List;
import org.mtudoctor.decode.IpAddress;

/**
 * ICMP too-big messages from {@code reporter} (MTU {@code mtu}) that left point {@code before}
 * toward the sender they are about, for connections that point {@code after} (next on their way)
 * also saw, and of which only {@code arrived} of {@code sent} reached it: something between the
 * two drops them. None arriving is the seed's ICMP black hole, located.
 *
 * @param examples the first few messages as {@code before} saw them
 */
public record IcmpDropped(String before, String after, IpAddress reporter, int mtu, long sent, long arrived,
                          long connections, List<Example> examples) {

    /**
     * One message as {@code before} saw it, and the frame at {@code after} of the segment it
     * quotes (-1 when {@code after} did not log it): the segment got there, its ICMP did not.
     */
    public record Example(TooBigSeen message, long quotedFrameAfter) {
    }

    /** The kind, as reports and verdict manifests name it. */
    public static final String KIND = "icmp-dropped-between";

    /** Not one message got through: a black hole for ICMP, a problem. Some getting through is a warning. */
    public boolean allDropped() {
        return arrived == 0;
    }
}
