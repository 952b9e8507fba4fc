#!/usr/bin/env python3
"""A router's ICMP frag-needed whose quoted IP header carries the wrong total length.

Some office routers build their ICMP "fragmentation needed" with the quoted IPv4 header's total
length rewritten to the number of bytes they quote (548, say, for a 1420-byte packet). This
script plays such a router inside a forwarding namespace of scripts/scenario, in place of the
kernel's own frag-needed (which the scenario drops with nft in the output chain, except for
packets carrying this script's socket mark):

    rewrite-quote.py DEVICE MTU QUOTE_BYTES MARK

It watches DEVICE with an AF_PACKET socket. For each IPv4 packet that arrives there (not one
sent out of it) with DF set, larger than MTU and addressed beyond this router (not to one of its
own addresses), it sends the packet's source an ICMP type 3 code 4 with next-hop MTU = MTU,
quoting the packet's first QUOTE_BYTES bytes (IP header included; at least the header and 8
bytes) with the quoted total length set to the number of bytes quoted and the quoted header's
checksum recomputed to match. The ICMP checksum is right. It goes out through a raw
IPPROTO_ICMP socket (the kernel adds the IP header, source address from the route) with
SO_MARK = MARK, TOS 0xc0 and DF off, as the kernel's own ICMP errors have.

Prints "listening on DEVICE" to stderr once ready and one line per ICMP sent. Stops on SIGTERM
or SIGINT. python3 only, no packages; needs root (CAP_NET_RAW, CAP_NET_ADMIN for SO_MARK).
"""

import signal
import socket
import struct
import sys

ETH_P_IP = 0x0800
ETH_HEADER = 14
PACKET_OUTGOING = 4
ICMP_DEST_UNREACH = 3
ICMP_FRAG_NEEDED = 4
IP_DF = 0x4000
TOS_INTERNETCONTROL = 0xC0
IP_MTU_DISCOVER = 10  # linux/in.h; Python's socket module does not name these two
IP_PMTUDISC_DONT = 0


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071) of data."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def rewritten_quote(packet: bytes, quote_bytes: int) -> bytes:
    """The packet's first quote_bytes bytes, its header's total length set to their number."""
    header_length = (packet[0] & 0x0F) * 4
    quote = bytearray(packet[: max(quote_bytes, header_length + 8)])
    struct.pack_into("!H", quote, 2, len(quote))
    struct.pack_into("!H", quote, 10, 0)
    struct.pack_into("!H", quote, 10, checksum(bytes(quote[:header_length])))
    return bytes(quote)


def frag_needed(mtu: int, quote: bytes) -> bytes:
    """ICMP type 3 code 4, next-hop MTU mtu, quoting quote, with its checksum."""
    message = bytearray(struct.pack("!BBHHH", ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 0, 0, mtu) + quote)
    struct.pack_into("!H", message, 2, checksum(bytes(message)))
    return bytes(message)


def own_addresses() -> set:
    """This namespace's IPv4 addresses, from /proc/net/fib_trie's local entries."""
    addresses, last = set(), None
    with open("/proc/net/fib_trie", encoding="ascii") as trie:
        for line in trie:
            words = line.split()
            if words[:1] == ["|--"]:
                last = words[1]
            elif "/32 host LOCAL" in line and last:
                addresses.add(last)
    return addresses


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    device, mtu, quote_bytes, mark = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4], 0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    local = own_addresses()

    sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    sniffer.bind((device, ETH_P_IP))
    sender = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sender.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, mark)
    sender.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, TOS_INTERNETCONTROL)
    sender.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    print(f"listening on {device}", file=sys.stderr, flush=True)

    try:
        while True:
            frame, address = sniffer.recvfrom(65535)
            if address[2] == PACKET_OUTGOING or len(frame) < ETH_HEADER + 20:
                continue
            packet = frame[ETH_HEADER:]
            total_length, = struct.unpack_from("!H", packet, 2)
            flags, = struct.unpack_from("!H", packet, 6)
            source, destination = socket.inet_ntoa(packet[12:16]), socket.inet_ntoa(packet[16:20])
            if packet[0] >> 4 != 4 or not flags & IP_DF or total_length <= mtu or destination in local:
                continue
            message = frag_needed(mtu, rewritten_quote(packet, quote_bytes))
            sender.sendto(message, (source, 0))
            print(f"frag-needed mtu {mtu} to {source}: quoted total length {total_length} -> "
                  f"{len(message) - 8}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
