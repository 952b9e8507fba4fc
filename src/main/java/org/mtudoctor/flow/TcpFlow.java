package org.mtudoctor.flow;

import org.mtudoctor.decode.Packet;

/**
 * A TCP flow: two {@link Sender}s, one per direction. The endpoint that sent the first SYN
 * without ACK is the client; without one, the roles stay unknown and the flow is shown in the
 * order its first packet went.
 */
public final class TcpFlow {

    private final Sender first;
    private final Sender second;
    private Sender client;
    private long firstSeen;
    private long lastSeen;
    private long tooBigMessages;
    /** Which of FIN from first, FIN from second, and RST this flow has carried. */
    private int endSignals;
    private static final int FIN_FROM_FIRST = 1, FIN_FROM_SECOND = 2, RESET = 4;

    TcpFlow(Endpoint from, Endpoint to, long time) {
        first = new Sender(from, to);
        second = new Sender(to, from);
        firstSeen = time;
        lastSeen = time;
    }

    /** The sender whose source is {@code source}'s side: first when it matches, else second. */
    Sender senderFrom(boolean fromFirst) {
        return fromFirst ? first : second;
    }

    /** The other direction of this flow. */
    public Sender peerOf(Sender sender) {
        return sender == first ? second : first;
    }

    void markClient(Sender sender) {
        if (client == null) {
            client = sender;
        }
    }

    void touched(long time) {
        lastSeen = Math.max(lastSeen, time);
        firstSeen = Math.min(firstSeen, time);
    }

    /** Notes a FIN or RST that {@code sender} sent. */
    void endSignal(Sender sender, int tcpFlags) {
        if ((tcpFlags & Packet.RST) != 0) {
            endSignals |= RESET;
        }
        if ((tcpFlags & Packet.FIN) != 0) {
            endSignals |= sender == first ? FIN_FROM_FIRST : FIN_FROM_SECOND;
        }
    }

    /** A RST, or a FIN each way: the connection is over, though late packets may still come. */
    /** Closed: its senders give back memory they no longer need while the flow lingers. */
    void compact() {
        first.compact();
        second.compact();
    }

    boolean closed() {
        return (endSignals & RESET) != 0 || (endSignals & (FIN_FROM_FIRST | FIN_FROM_SECOND)) == (FIN_FROM_FIRST | FIN_FROM_SECOND);
    }

    void countTooBig() {
        tooBigMessages++;
    }

    /** The client's direction, or the direction of the first packet when no SYN was seen. */
    public Sender clientSide() {
        return client != null ? client : first;
    }

    public Sender serverSide() {
        return peerOf(clientSide());
    }

    /** True when a SYN named the client; false when the roles are guessed from packet order. */
    public boolean rolesKnown() {
        return client != null;
    }

    public long firstSeen() { return firstSeen; }
    public long lastSeen() { return lastSeen; }
    public long tooBigMessages() { return tooBigMessages; }

    public long packets() {
        return first.packets() + second.packets();
    }

    public long retransmissions() {
        return first.retransmissions() + second.retransmissions();
    }
}
