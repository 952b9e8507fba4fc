package org.mtudoctor.flow;

/**
 * One line of the --flows table: a flow's handshake and sizes, as plain values.
 * MSS values are -1 when the SYN had no MSS option or was not captured. {@code tunnel} is the
 * tunnel the client's packets crossed, or the server's when the client's crossed none.
 */
public record FlowSummary(Endpoint client, Endpoint server, boolean rolesKnown,
                          int clientMss, int serverMss,
                          int clientLargestPayload, int clientLargestPacket,
                          int serverLargestPayload, int serverLargestPacket,
                          long packets, long retransmissions, long tooBigMessages,
                          long firstSeen, Encapsulation tunnel) implements Comparable<FlowSummary> {

    public static FlowSummary of(TcpFlow flow) {
        Sender client = flow.clientSide();
        Sender server = flow.serverSide();
        return new FlowSummary(client.source(), server.source(), flow.rolesKnown(),
                client.synMss(), server.synMss(),
                client.largestPayload(), client.largestPacket(),
                server.largestPayload(), server.largestPacket(),
                flow.packets(), flow.retransmissions(), flow.tooBigMessages(), flow.firstSeen(),
                client.encapsulation().isTunnel() ? client.encapsulation() : server.encapsulation());
    }

    /** Capture order, then by endpoints, so the table is the same on every run. */
    @Override
    public int compareTo(FlowSummary other) {
        int byTime = Long.compare(firstSeen, other.firstSeen);
        if (byTime != 0) {
            return byTime;
        }
        int byClient = client.compareTo(other.client);
        return byClient != 0 ? byClient : server.compareTo(other.server);
    }
}
