package org.mtudoctor.flow;

import org.mtudoctor.decode.IpAddress;

/**
 * An ICMP too-big about traffic that is no TCP flow of the capture: a UDP datagram, a ping, a TCP
 * packet quoted too short to name its ports. It still tells the path MTU toward its destination.
 *
 * @param reporter    the router that sent it
 * @param mtu         the MTU it reported, or the RFC 1191 estimate when it said 0
 * @param estimated   {@code mtu} is an estimate
 * @param source      the quoted packet's source: the host told to send smaller
 * @param destination the quoted packet's destination: where the path leads
 * @param protocol    the quoted packet's IP protocol number
 * @param time        capture time of the message
 */
public record OtherTooBig(IpAddress reporter, int mtu, boolean estimated, IpAddress source, IpAddress destination,
                          int protocol, long time) {
}
