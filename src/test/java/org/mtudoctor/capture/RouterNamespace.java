package org.mtudoctor.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Prerequisites;

/**
 * A fresh network namespace that forwards like a small router, joined to this (the test's) namespace
 * by veth pairs: the ends in this namespace are where the tests capture.
 *
 * <pre>
 *   this namespace                     router namespace
 *   LINK0 (no address) ---- veth ----  r0  10.99.0.2/24  fd99:0::2/64 --+
 *   LINK1 (no address) ---- veth ----  r1  10.99.1.2/24  fd99:1::2/64 --+-- far (MTU 1280) -- sink namespace
 *                                                                          10.99.8.0/24, fd99:8::/64
 * </pre>
 *
 * Frames a test sends on a capture end reach the router as if from a host 10.99.N.9 (fd99:N::9):
 * an oversize packet with DF toward 10.99.8.1 or fd99:8::1 gets a real ICMP fragmentation-needed
 * or packet-too-big (MTU 1280) from the router's kernel, sent back on the same link. The router
 * knows that host's MAC statically and it is no MAC of this namespace, so this namespace's own
 * stack ignores every frame on the link (and never routes one elsewhere), while a capture still
 * sees them all. IPv6 is off on the capture ends: this namespace sends nothing on them.
 */
final class RouterNamespace implements AutoCloseable {
    private static final AtomicInteger CREATED = new AtomicInteger();
    static final int FAR_MTU = 1280;

    final String namespace;
    private final List<String> captureEnds = new ArrayList<>();

    private RouterNamespace(String namespace) {
        this.namespace = namespace;
    }

    /**
     * Creates the namespace with {@code links} links, or skips (fails in CI) the test when this
     * machine cannot: no root, no {@code ip}, no libpcap, no network namespaces.
     */
    static RouterNamespace create(int links) throws IOException, InterruptedException {
        requireRootAndLibpcap();
        // Unique across test JVMs running at once: the pid, a counter, and a random part.
        String id = String.format(Locale.ROOT, "%05x",
                (ProcessHandle.current().pid() * 31 + CREATED.incrementAndGet() * 7919
                        + ThreadLocalRandom.current().nextInt(1 << 12)) & 0xFFFFF);
        RouterNamespace router = new RouterNamespace("mtdtest-" + id);
        try {
            StringBuilder script = new StringBuilder("set -e\n")
                    .append("ip netns add ").append(router.namespace).append('\n')
                    .append("ip -n @ns link set lo up\n");
            for (int link = 0; link < links; link++) {
                String end = "mtd" + id + "a" + link;
                router.captureEnds.add(end);
                script.append(String.format(Locale.ROOT, """
                        ip link add %1$s address %2$s type veth peer name r%3$d address %4$s netns @ns
                        sysctl -qw net.ipv6.conf.%1$s.disable_ipv6=1
                        ip link set %1$s up
                        ip -n @ns addr add 10.99.%3$d.2/24 dev r%3$d
                        ip -n @ns addr add fd99:%3$d::2/64 dev r%3$d nodad
                        ip -n @ns link set r%3$d up
                        ip -n @ns neigh add 10.99.%3$d.9 lladdr %5$s dev r%3$d nud permanent
                        ip -n @ns neigh add fd99:%3$d::9 lladdr %5$s dev r%3$d nud permanent
                        """, end, HexFormat.ofDelimiter(":").formatHex(captureMac(link)), link,
                        HexFormat.ofDelimiter(":").formatHex(routerMac(link)),
                        HexFormat.ofDelimiter(":").formatHex(hostMac(link))));
            }
            // This kernel has no dummy device: the far link is a veth into a namespace of its own,
            // where frames for the far addresses (a MAC nobody has) are dropped unseen.
            script.append("""
                    ip netns add @sink
                    ip -n @ns link add far mtu %d type veth peer name far mtu %d netns @sink
                    ip -n @ns link set far up
                    ip -n @sink link set far up
                    ip -n @ns route add 10.99.8.0/24 dev far
                    ip -n @ns route add fd99:8::/64 dev far
                    ip -n @ns neigh add 10.99.8.1 lladdr 02:00:00:00:08:01 dev far nud permanent
                    ip -n @ns neigh add fd99:8::1 lladdr 02:00:00:00:08:01 dev far nud permanent
                    ip netns exec @ns sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \\
                        net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0
                    """.formatted(FAR_MTU, FAR_MTU));
            String output = run(script.toString().replace("@sink", router.sink()).replace("@ns", router.namespace));
            if (output != null) {
                router.close();
                Prerequisites.require(false, "network namespaces and veth pairs (" + output + ")");
            }
            return router;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            router.close();
            throw e;
        }
    }

    private static void requireRootAndLibpcap() {
        Prerequisites.requireRoot();
        Prerequisites.requireNetworkNamespaces();
        Prerequisites.requireLibpcap();
    }

    /** The namespace at the far end of the router's small-MTU link. */
    private String sink() {
        return namespace + "s";
    }

    /** The capture end of link {@code link}, in this namespace. */
    String captureEnd(int link) {
        return captureEnds.get(link);
    }

    /** The kernel's index of a capture end, as Linux cooked v2 frames carry it. */
    int interfaceIndex(int link) throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/sys/class/net", captureEnd(link), "ifindex")).strip());
    }

    /** The MAC of the capture end of a link. */
    static byte[] captureMac(int link) {
        return new byte[] {0x02, 0x6d, 0x74, 0x00, (byte) link, 0x01};
    }

    /** The MAC of the router's end of a link: frames sent to it are routed. */
    static byte[] routerMac(int link) {
        return new byte[] {0x02, 0x6d, 0x74, 0x00, (byte) link, 0x02};
    }

    /** The MAC the router believes host 10.99.N.9 has: no interface has it. */
    static byte[] hostMac(int link) {
        return new byte[] {0x02, 0x00, 0x00, 0x00, (byte) link, 0x09};
    }

    /** IPv4 from host 10.99.N.9 to the far side 10.99.8.1, with "don't fragment". */
    static Packets.Ip ipv4FromHost(int link) {
        return Packets.ipv4("10.99." + link + ".9", "10.99.8.1").dontFragment();
    }

    /** IPv6 from host fd99:N::9 to the far side fd99:8::1. */
    static Packets.Ip ipv6FromHost(int link) {
        return Packets.ipv6("fd99:" + link + "::9", "fd99:8::1");
    }

    /** The packet in an Ethernet frame from host 10.99.N.9 to the router's end of link N. */
    static byte[] toRouter(int link, Packets.IpPacket packet) {
        return packet.ethernet(routerMac(link), hostMac(link));
    }

    /** The packet in an Ethernet frame from the router to host 10.99.N.9. */
    static byte[] fromRouter(int link, Packets.IpPacket packet) {
        return packet.ethernet(hostMac(link), routerMac(link));
    }

    /** An ARP request from host 10.99.N.9 to the router, for 10.99.N.77, which nobody has. */
    static byte[] arpRequest(int link) {
        byte[] request = ByteBuffer.allocate(28)
                .putShort((short) 1).putShort((short) Packets.IPV4)  // hardware Ethernet, protocol IPv4
                .put((byte) 6).put((byte) 4).putShort((short) 1)      // address sizes; request
                .put(hostMac(link)).put(new byte[] {10, 99, (byte) link, 9})
                .put(new byte[6]).put(new byte[] {10, 99, (byte) link, 77})
                .array();
        return Packets.ethernet(routerMac(link), hostMac(link), Packets.ARP, request);
    }

    /** Deletes the capture end of a link, as when a ppp link goes away under a capture. */
    void deleteCaptureEnd(int link) throws IOException, InterruptedException {
        String output = run(List.of("ip", "link", "del", captureEnd(link)));
        if (output != null) {
            throw new AssertionError("ip link del " + captureEnd(link) + ": " + output);
        }
    }

    /** Runs a command in the router namespace; fails the test with its output when it fails. */
    void inRouter(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        String output = run(full);
        if (output != null) {
            throw new AssertionError(String.join(" ", full) + ": " + output);
        }
    }

    /** Runs a shell script; null when it succeeds, else its output and exit code. */
    private static String run(String script) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", script));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                return "did not finish: " + output;
            }
            return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
        } finally {
            process.destroyForcibly();
        }
    }

    /** Deletes the namespace and the veth pairs, whatever state the test left them in. */
    @Override
    public void close() throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (String end : captureEnds) {
            script.append("ip link del ").append(end).append(" 2>/dev/null; ");
        }
        script.append("ip netns del ").append(namespace).append(" 2>/dev/null; ");
        script.append("ip netns del ").append(sink()).append(" 2>/dev/null; true");
        run(script.toString());
    }
}
