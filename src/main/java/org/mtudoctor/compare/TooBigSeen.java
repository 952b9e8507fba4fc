package org.mtudoctor.compare;

import org.mtudoctor.decode.IpAddress;
import org.mtudoctor.flow.Endpoint;

/**
 * An ICMP too-big message one point saw, about a TCP segment: who sent it, the MTU, and the
 * segment it quotes (addresses and ports as they were where the router stood, and the sequence
 * number, which NAT leaves alone).
 */
public record TooBigSeen(IpAddress reporter, int mtu, Endpoint quotedSource, Endpoint quotedDestination,
                         long quotedSequence, long time, long frame) {
}
