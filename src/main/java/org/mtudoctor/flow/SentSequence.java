package org.mtudoctor.flow;

import org.mtudoctor.decode.Packet;

/**
 * How each segment one endpoint sends stands against the ones before it: new sequence space, a
 * resend of data it had already sent, nothing in sequence space (a bare ACK), or a second view
 * of the previous packet. The analysis ({@link Sender}) and the --evidence pass classify
 * segments here, so both see the same resends.
 */
public final class SentSequence {

    /** What a segment is. */
    public enum Segment {
        /** Sequence space never sent before (or partly new). */
        NEW,
        /** Starts below the highest sequence number sent: data sent before. */
        RESEND,
        /** No payload, SYN or FIN: nothing in sequence space. */
        NO_DATA,
        /** The previous packet again, seen on another interface of the capture: not counted. */
        SECOND_VIEW
    }

    /** How long after a packet its copy on another interface can appear: forwarding takes microseconds. */
    public static final long SECOND_VIEW_WINDOW_NANOS = 10_000_000L;

    private boolean highestEndKnown;
    private int highestEnd;
    private boolean lastKnown;
    private long lastTime;
    private int lastSequence, lastAcknowledgment, lastPayload, lastFlags, lastHopLimit, lastIdentification;

    /** Classifies the next segment from this endpoint and remembers it. */
    public Segment add(Packet packet, long time) {
        if (isSecondView(packet, time)) {
            return Segment.SECOND_VIEW;
        }
        rememberLast(packet, time);
        int flags = packet.tcpFlags();
        int sequence = (int) packet.sequence();
        int length = packet.payloadLength() + ((flags & Packet.SYN) != 0 ? 1 : 0) + ((flags & Packet.FIN) != 0 ? 1 : 0);
        if (length == 0) {
            return Segment.NO_DATA;
        }
        int end = sequence + length;
        boolean resend = highestEndKnown && SequenceNumbers.after(highestEnd, sequence);
        if (!highestEndKnown || SequenceNumbers.after(end, highestEnd)) {
            highestEnd = end;
            highestEndKnown = true;
        }
        return resend ? Segment.RESEND : Segment.NEW;
    }

    /**
     * A capture on several interfaces (tcpdump -i any on a router) holds a forwarded packet
     * twice: coming in and going out. The copy repeats the previous segment exactly, moments
     * later, with the TTL one lower (or higher), or with the same non-zero IPv4 identification.
     * A real retransmission keeps the sender's TTL and, from Linux and most stacks, gets a new
     * identification; one from a stack that sends ID 0 is never taken for a copy.
     */
    private boolean isSecondView(Packet packet, long time) {
        if (!lastKnown || time - lastTime > SECOND_VIEW_WINDOW_NANOS || time < lastTime
                || (int) packet.sequence() != lastSequence || (int) packet.acknowledgment() != lastAcknowledgment
                || packet.payloadLength() != lastPayload || packet.tcpFlags() != lastFlags) {
            return false;
        }
        int hopDifference = packet.hopLimit() - lastHopLimit;
        boolean forwardedCopy = hopDifference == 1 || hopDifference == -1;
        boolean sameIdentification = packet.identification() > 0 && packet.identification() == lastIdentification;
        return forwardedCopy || sameIdentification;
    }

    private void rememberLast(Packet packet, long time) {
        lastKnown = true;
        lastTime = time;
        lastSequence = (int) packet.sequence();
        lastAcknowledgment = (int) packet.acknowledgment();
        lastPayload = packet.payloadLength();
        lastFlags = packet.tcpFlags();
        lastHopLimit = packet.hopLimit();
        lastIdentification = packet.identification();
    }

    /** The end of the highest sequence number sent; meaningful when {@link #highestEndKnown()}. */
    public int highestEnd() {
        return highestEnd;
    }

    public boolean highestEndKnown() {
        return highestEndKnown;
    }

    /** Capture time of the last counted packet; Long.MIN_VALUE before any. */
    long lastSeen() {
        return lastKnown ? lastTime : Long.MIN_VALUE;
    }
}
