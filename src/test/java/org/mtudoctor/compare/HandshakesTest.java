package org.mtudoctor.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mtudoctor.compare.ComparisonTest.feed;
import static org.mtudoctor.testing.Packets.ACK;
import static org.mtudoctor.testing.Packets.SYN;

import org.junit.jupiter.api.Test;
import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.Endpoint;
import org.mtudoctor.testing.Packets;

/** How one point keeps its connections apart: by both endpoints, each address and port. */
class HandshakesTest {

    private static final String CLIENT = "10.0.1.2", SERVER = "10.0.3.2";

    /** A handshake from the client's port 40000 to {@code serverPort}, then {@code segments} data segments from the server. */
    private static long connection(Handshakes handshakes, long time, long clientIsn, int serverPort, int segments) {
        long serverIsn = clientIsn + 100_000;
        feed(handshakes, time, Packets.ipv4(CLIENT, SERVER).tcp(40000, serverPort).seq(clientIsn).flags(SYN).mss(1460));
        feed(handshakes, time + 1000, Packets.ipv4(SERVER, CLIENT).tcp(serverPort, 40000).seq(serverIsn)
                .ack(clientIsn + 1).flags(SYN | ACK).mss(1460));
        for (int i = 0; i < segments; i++) {
            feed(handshakes, time + 2000 + i, Packets.ipv4(SERVER, CLIENT).tcp(serverPort, 40000)
                    .seq(serverIsn + 1 + 100L * i).ack(clientIsn + 1).flags(ACK).payload(100));
        }
        return clientIsn;
    }

    @Test
    void connectionsThatDifferOnlyInTheServersPortKeepTheirOwnPackets() {
        Handshakes handshakes = new Handshakes();
        long web = connection(handshakes, 1_000_000_000L, 7000, 80, 3);
        long tls = connection(handshakes, 2_000_000_000L, 9000, 443, 5);
        assertEquals(3, handshakes.log(web, false).size());
        assertEquals(5, handshakes.log(tls, false).size());
        assertEquals(0, handshakes.log(web, true).size(), "the client sent no data");
        assertNull(handshakes.log(1234, false), "no connection had that ISN");
        Endpoint client = new Endpoint(IpAddress.parse(CLIENT), 40000);
        assertEquals(tls, handshakes.between(new Endpoint(IpAddress.parse(SERVER), 443), client).clientIsn());
        assertEquals(web, handshakes.between(client, new Endpoint(IpAddress.parse(SERVER), 80)).clientIsn());
    }

    @Test
    void aReusedPortIsANewConnectionWithItsOwnPackets() {
        Handshakes handshakes = new Handshakes();
        long first = connection(handshakes, 1_000_000_000L, 7000, 80, 2);
        long second = connection(handshakes, 5_000_000_000L, 8000, 80, 4);
        assertEquals(2, handshakes.log(first, false).size());
        assertEquals(4, handshakes.log(second, false).size());
    }
}
