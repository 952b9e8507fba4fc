#!/usr/bin/env python3
"""Many short HTTP flows for scripts/bench: one asyncio server, one asyncio client.

  bench_traffic.py server PORT BYTES
      answers every request on 0.0.0.0:PORT with BYTES of body, then closes; prints
      "listening on" to stderr once it accepts connections (as tcpdump does).

  bench_traffic.py client PORT BYTES FLOWS CONCURRENCY STALL_SECONDS PLAN
      FLOWS connections; flow i binds its own source address (see source_address: the client
      namespace routes 10.1.0.0/16 to lo, so every address there is local), so no two flows share
      a destination in the server kernel's path MTU cache and every flow meets PMTUD fresh.
      PLAN is "WORKING_SERVERS;BLACK_HOLED_SERVERS;EVERY": flow i goes to a black-holed server
      when i % EVERY == 0, else to a working one. A flow that has not received all BYTES within
      STALL_SECONDS has stalled: it is reset (SO_LINGER 0), so the server stops retransmitting.
      Prints the ground truth as key=value lines on stdout.
"""
import asyncio
import socket
import struct
import sys


def source_address(index):
    # 250 per /24 keeps clear of .0 and .255; 256 * 250 = 64000 flows at most.
    return "10.1.%d.%d" % (index // 250, index % 250 + 1)


async def serve(port, size):
    body = b"m" * size
    header = b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % size

    async def answer(reader, writer):
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(header)
            writer.write(body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "0.0.0.0", port, backlog=4096)
    print("listening on 0.0.0.0:%d" % port, file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


async def fetch(loop, index, server, port, size, stall_seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    received = 0
    try:
        sock.bind((source_address(index), 0))
        await loop.sock_connect(sock, (server, port))
        await loop.sock_sendall(sock, b"GET /payload HTTP/1.0\r\nHost: %s\r\n\r\n" % server.encode())
        deadline = loop.time() + stall_seconds
        head, header_length = b"", None
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise asyncio.TimeoutError
            chunk = await asyncio.wait_for(loop.sock_recv(sock, 65536), remaining)
            if not chunk:
                break
            received += len(chunk)
            if header_length is None:
                head += chunk
                end = head.find(b"\r\n\r\n")
                if end >= 0:
                    header_length = end + 4
        received -= header_length or received
        return "complete" if received == size else "short"
    except asyncio.TimeoutError:
        # Reset, not FIN: the server would otherwise resend its oversize segment for minutes.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return "stalled"
    except OSError:
        return "error"
    finally:
        sock.close()


async def run_clients(port, size, flows, concurrency, stall_seconds, plan):
    working, black_holed, every = plan.split(";")
    working, black_holed, every = working.split(","), black_holed.split(","), int(every)
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(concurrency)
    outcomes = {}

    async def one(index):
        if every > 0 and index % every == 0:
            kind, server = "black_holed", black_holed[(index // every) % len(black_holed)]
        else:
            kind, server = "working", working[index % len(working)]
        async with gate:
            outcome = await fetch(loop, index, server, port, size, stall_seconds)
        outcomes[(kind, outcome)] = outcomes.get((kind, outcome), 0) + 1

    await asyncio.gather(*(one(index) for index in range(flows)))
    print("flows=%d" % flows)
    for kind in ("black_holed", "working"):
        for outcome in ("complete", "stalled", "short", "error"):
            print("%s_%s=%d" % (kind, outcome, outcomes.get((kind, outcome), 0)))


def main(arguments):
    if arguments[:1] == ["server"] and len(arguments) == 3:
        asyncio.run(serve(int(arguments[1]), int(arguments[2])))
    elif arguments[:1] == ["client"] and len(arguments) == 7:
        port, size, flows, concurrency = (int(value) for value in arguments[1:5])
        asyncio.run(run_clients(port, size, flows, concurrency, float(arguments[5]), arguments[6]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
