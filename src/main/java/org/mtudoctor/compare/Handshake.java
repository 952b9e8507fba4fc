package org.mtudoctor.compare;

import org.mtudoctor.flow.Endpoint;

/**
 * One connection's handshake as one capture point saw it: the SYN and, when captured, the
 * SYN-ACK, with what survives NAT (the initial sequence numbers, the MSS options) and what tells
 * the points apart (addresses and ports after translation, TTLs, times, frame numbers).
 * {@code serverIsn} and the SYN-ACK's fields are -1 when the point saw no SYN-ACK; an MSS is -1
 * when the segment had no MSS option.
 */
public record Handshake(Endpoint client, Endpoint server, long clientIsn, int synMss, int synTtl, long synTime,
                        long synFrame, long serverIsn, int synAckMss, int synAckTtl, long synAckTime,
                        long synAckFrame) {

    /** The same connection with its SYN-ACK. */
    Handshake withSynAck(long isn, int mss, int ttl, long time, long frame) {
        return new Handshake(client, server, clientIsn, synMss, synTtl, synTime, synFrame, isn, mss, ttl, time, frame);
    }

    public boolean synAckSeen() {
        return synAckFrame >= 0;
    }
}
