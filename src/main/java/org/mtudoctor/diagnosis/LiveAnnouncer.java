package org.mtudoctor.diagnosis;

import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.mtudoctor.flow.FlowTracker;
import org.mtudoctor.flow.Sender;
import org.mtudoctor.flow.TcpFlow;

/**
 * Live mode's voice: after every packet it asks {@link Rules#kindsOf} what each direction of
 * the flow establishes now, and announces each kind the first time it is established for that
 * direction, with the evidence so far. So a black hole is announced at the second oversize
 * resend, while the transfer is still stuck, by the same rules the final report uses.
 * Kinds that are a state before the answer ({@link Kind#announcedLive()}) are never announced.
 */
public final class LiveAnnouncer implements FlowTracker.UpdateListener {

    /** Receives each finding as it is established, with the capture time of the packet that did it. */
    public interface Announcements {
        void announce(long time, Finding finding);
    }

    private final Announcements announcements;
    /** Kinds already announced, per direction of the live flows. Forgotten when a flow ends. */
    private final Map<Sender, Set<Kind>> announced = new IdentityHashMap<>();
    private long count;

    public LiveAnnouncer(Announcements announcements) {
        this.announcements = announcements;
    }

    @Override
    public void flowUpdated(TcpFlow flow, long time) {
        check(flow, flow.clientSide(), time);
        check(flow, flow.serverSide(), time);
    }

    private void check(TcpFlow flow, Sender sender, long time) {
        Set<Kind> now = Rules.kindsOf(sender, flow.peerOf(sender));
        now.removeIf(kind -> !kind.announcedLive());
        if (now.isEmpty()) {
            return;
        }
        Set<Kind> before = announced.computeIfAbsent(sender, ignored -> EnumSet.noneOf(Kind.class));
        if (before.containsAll(now)) {
            return;
        }
        for (Finding finding : Diagnoser.findingsOf(flow, sender)) {
            if (now.contains(finding.kind()) && before.add(finding.kind())) {
                count++;
                announcements.announce(time, finding);
            }
        }
    }

    /** The flow left the table: its directions need no memory any more. */
    public void forget(TcpFlow flow) {
        announced.remove(flow.clientSide());
        announced.remove(flow.serverSide());
    }

    /** Directions of the flows in the table now for which one of {@code kinds} was announced. */
    public int directionsWith(Set<Kind> kinds) {
        int directions = 0;
        for (Set<Kind> kindsAnnounced : announced.values()) {
            if (!Collections.disjoint(kindsAnnounced, kinds)) {
                directions++;
            }
        }
        return directions;
    }

    /** Findings announced so far. */
    public long count() {
        return count;
    }
}
