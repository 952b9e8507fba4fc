package org.mtudoctor.flow;

/**
 * Bytes one endpoint sent that never reached the capture point: the receiver's view of loss.
 * A packet that starts past the highest byte seen so far proves that the bytes between were
 * sent (TCP sends in order; a bare ACK carries the next sequence number to send). Such a hole
 * is followed until the bytes arrive, in whatever packets fill it, or the flow ends.
 *
 * <p>A hole the receiver acknowledges past before the capture saw its bytes is the capture's
 * own loss (a drop, or a capture point that is not the receiver's): it is set aside, not kept.
 * Of the other holes, the one that stalled the flow longest is kept for the diagnosis
 * ({@code diagnosis.Rules} judges it). Only one hole is followed at a time, so memory stays
 * constant per flow.
 */
public final class MissingBytes {

    /**
     * A pause in an endpoint's packets longer than this starts a new burst: far above a data
     * packet's spacing within a window, below any retransmission timeout (Linux's least is 200 ms).
     */
    static final long BURST_GAP_NANOS = 200_000_000L;
    /** A hole seen this soon after a burst started counts the silence before the burst as its stall. */
    static final long BURST_HEAD_NANOS = 1_000_000_000L;

    /**
     * One hole: {@code missing} bytes from relative sequence {@code relativeStart}, seen missing at
     * {@code revealedAt}; filled at {@code filledAt} (-1: never) by packets of at most
     * {@code largestFill} bytes; {@code quietBefore} is the endpoint's silence before the burst
     * that showed the hole, when it showed it at once (0 otherwise). {@code receiverAtStart}: the
     * receiver acknowledged everything up to the hole, so the capture shows its side too (a
     * capture of one direction, where a dropped packet looks the same, never does).
     */
    public record Hole(long relativeStart, long missing, long revealedAt, long quietBefore,
                       long filledAt, int largestFill, boolean receiverAtStart) {

        /** How long the hole stalled the flow, until {@code end} when it was never filled. */
        public long stall(long end) {
            long open = (filledAt >= 0 ? filledAt : Math.max(end, revealedAt)) - revealedAt;
            return Math.max(open, quietBefore);
        }

        public boolean filled() {
            return filledAt >= 0;
        }
    }

    private boolean open;
    private int start;
    private int end;
    /** Bytes of the hole seen so far, contiguous from its start. */
    private int filledTo;
    private long revealedAt;
    private long quietBefore;
    private int largestFill;
    private boolean receiverAtStart;
    private int base;
    private Hole kept;
    private long keptStall = -1;
    private long holesSetAside;

    /**
     * Bytes {@code [start, end)} were sent and not seen, as a packet at {@code time} shows.
     *
     * @param base        the sender's initial sequence number, for relative numbers
     * @param quietBefore     the silence before this packet's burst, when it started at most
     *                        {@link #BURST_HEAD_NANOS} ago; 0 otherwise
     * @param receiverAtStart the receiver has acknowledged everything up to {@code start}
     */
    void revealed(int start, int end, int base, long quietBefore, boolean receiverAtStart, long time) {
        if (open) {
            // One hole at a time: a later gap while one is open widens nothing the first does not show.
            return;
        }
        open = true;
        this.start = start;
        this.end = end;
        this.filledTo = start;
        this.revealedAt = time;
        this.quietBefore = quietBefore;
        this.largestFill = 0;
        this.receiverAtStart = receiverAtStart;
        this.base = base;
    }

    /** A packet of {@code packetLength} bytes carrying {@code [sequence, sequenceEnd)} arrived. */
    void arrived(int sequence, int sequenceEnd, int packetLength, long time) {
        if (!open || !SequenceNumbers.after(sequenceEnd, filledTo) || SequenceNumbers.after(sequence, filledTo)
                || !SequenceNumbers.after(end, sequence)) {
            return;
        }
        largestFill = Math.max(largestFill, packetLength);
        filledTo = SequenceNumbers.after(sequenceEnd, end) ? end : sequenceEnd;
        if (filledTo == end) {
            close(time);
        }
    }

    /** The receiver acknowledged up to {@code acknowledgment}. */
    void acknowledged(int acknowledgment) {
        if (!open) {
            return;
        }
        if (SequenceNumbers.after(acknowledgment, filledTo)) {
            // The receiver has bytes the capture never saw: the capture lost them, not the path.
            open = false;
            holesSetAside++;
        } else if (acknowledgment == start) {
            receiverAtStart = true;
        }
    }

    private void close(long filledAt) {
        open = false;
        keep(new Hole(SequenceNumbers.relative(start, base), (end - start) & 0xFFFFFFFFL, revealedAt,
                quietBefore, filledAt, largestFill, receiverAtStart), filledAt);
    }

    private void keep(Hole hole, long end) {
        long stall = hole.stall(end);
        if (stall > keptStall) {
            kept = hole;
            keptStall = stall;
        }
    }

    /**
     * The hole that stalled the flow longest, a hole still open counted until {@code end}; null
     * when none was seen.
     */
    public Hole longest(long end) {
        if (!open) {
            return kept;
        }
        Hole current = new Hole(SequenceNumbers.relative(start, base), (this.end - start) & 0xFFFFFFFFL,
                revealedAt, quietBefore, -1, largestFill, receiverAtStart);
        return current.stall(end) > keptStall ? current : kept;
    }

    /** Holes the receiver acknowledged past before the capture saw their bytes. */
    public long holesSetAside() {
        return holesSetAside;
    }
}
