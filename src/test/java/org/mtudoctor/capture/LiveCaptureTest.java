package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.capture.RouterNamespace.fromRouter;
import static org.mtudoctor.capture.RouterNamespace.ipv4FromHost;
import static org.mtudoctor.capture.RouterNamespace.ipv6FromHost;
import static org.mtudoctor.capture.RouterNamespace.toRouter;
import static org.mtudoctor.testing.Packets.ETHERNET_HEADER;
import static org.mtudoctor.testing.Packets.QINQ;
import static org.mtudoctor.testing.Packets.SYN;
import static org.mtudoctor.testing.Packets.VLAN;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;
import org.pcap4j.core.PcapHandle;

/**
 * Live capture with the real thing: libpcap on veth links into a namespace whose kernel routes, and
 * answers oversize packets with real ICMP (see {@link RouterNamespace}). Frames are sent with
 * libpcap's own inject on the capture end; the capture sees them leave, and sees the router's
 * answers arrive.
 */
@Slow
class LiveCaptureTest {
    private static final int SNAP_LENGTH = LiveOptions.DEFAULT_SNAP_LENGTH;
    /** An IPv4 packet the router must answer with fragmentation-needed: 1400 bytes, DF, MTU 1280 ahead. */
    private static final byte[] OVERSIZE_IPV4 = toRouter(0, ipv4FromHost(0).udp(40000, 5000).payload(1400 - 28));
    private static final byte[] OVERSIZE_IPV6 = toRouter(0, ipv6FromHost(0).udp(40000, 5000).payload(1400));
    /** The ICMP error quotes as much of the packet as fits in 576 bytes. */
    private static final int FRAG_NEEDED_FRAME = ETHERNET_HEADER + 576;
    /** The ICMPv6 error quotes as much as fits in the IPv6 minimum MTU. */
    private static final int TOO_BIG_FRAME = ETHERNET_HEADER + 1280;
    private static final int TCP_SYN_FRAME = ETHERNET_HEADER + 40;

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    Path directory;

    @AfterEach
    void cleanUp() throws Exception {
        timer.shutdownNow();
        Collections.reverse(cleanup);
        for (AutoCloseable resource : cleanup) {
            resource.close();
        }
    }

    private RouterNamespace router(int links) throws IOException, InterruptedException {
        RouterNamespace router = RouterNamespace.create(links);
        cleanup.add(router);
        return router;
    }

    private LiveCapture open(LiveOptions options) throws CaptureException {
        LiveCapture capture = LiveCapture.open(options);
        cleanup.add(capture);
        return capture;
    }

    private static LiveOptions options(List<String> interfaces, String filter, long count, Path write) {
        return new LiveOptions(interfaces, SNAP_LENGTH, false, filter, count, write);
    }

    private static byte[] tcpToRouter(int link, int destinationPort) {
        return toRouter(link, ipv4FromHost(link).tcp(40000, destinationPort).seq(1).flags(SYN));
    }

    private static String tcpFrom(int link, int destinationPort) {
        return "tcp 10.99." + link + ".9:40000 > 10.99.8.1:" + destinationPort;
    }

    /** Sends frames on a capture end through a libpcap handle of its own. */
    private static void send(String captureEnd, byte[]... frames) throws Exception {
        try (PcapHandle sender = new PcapHandle.Builder(captureEnd).build()) {
            for (byte[] frame : frames) {
                sender.sendPacket(frame);
            }
        }
    }

    /**
     * Keeps what the capture delivers (the frames {@code keep} accepts, and the warnings), and stops
     * the capture once {@code done} holds for what it kept so far.
     */
    private static final class Recorder implements FrameSink {
        final RecordingSink frames = new RecordingSink();
        final List<String> names = new ArrayList<>();
        final Set<Thread> threads = new HashSet<>();
        private final LiveCapture capture;
        private final Predicate<byte[]> keep;
        private final Predicate<Recorder> done;

        Recorder(LiveCapture capture, Predicate<byte[]> keep, Predicate<Recorder> done) {
            this.capture = capture;
            this.keep = keep;
            this.done = done;
        }

        Recorder(LiveCapture capture, Predicate<Recorder> done) {
            this(capture, frame -> true, done);
        }

        @Override
        public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                          int originalLength, int interfaceId) {
            threads.add(Thread.currentThread());
            byte[] frame = Arrays.copyOfRange(data, offset, offset + capturedLength);
            if (keep.test(frame)) {
                frames.frame(linkType, timestampNanos, frame, 0, frame.length, originalLength, interfaceId);
                names.add(FrameNames.describe(linkType, frame));
                stopWhenDone();
            }
        }

        @Override
        public void warning(CaptureWarning warning) {
            frames.warning(warning);
            stopWhenDone();
        }

        private void stopWhenDone() {
            if (done.test(this)) {
                capture.stop();
            }
        }

        RecordingSink.Frame frame(String name) {
            return frames.frame(names.indexOf(name));
        }
    }

    /** Reads until the recorder stops the capture, or 5 seconds have passed. */
    private void read(LiveCapture capture, Recorder recorder) throws IOException {
        timer.schedule(capture::stop, 5, TimeUnit.SECONDS);
        capture.readAll(recorder);
    }

    private static Predicate<Recorder> containsAll(List<String> expected) {
        return recorder -> recorder.names.containsAll(expected);
    }

    @Test
    void defaultFilterKeepsTcpAndIcmpTooBigAndDropsTheRest() throws Exception {
        RouterNamespace router = router(1);
        long before = System.currentTimeMillis() * 1_000_000L;
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, LiveOptions.UNLIMITED, null));

        send(router.captureEnd(0),
                toRouter(0, ipv4FromHost(0).udp(40000, 53).payload(20)),
                RouterNamespace.arpRequest(0),
                toRouter(0, ipv4FromHost(0).icmpEcho()),
                toRouter(0, ipv6FromHost(0).icmpEcho()),
                tcpToRouter(0, 80),
                OVERSIZE_IPV6,
                OVERSIZE_IPV4,
                tcpToRouter(0, 9999));
        List<String> expected = List.of(tcpFrom(0, 80), "icmp6 too-big mtu 1280",
                "icmp frag-needed mtu 1280 from 10.99.0.2", tcpFrom(0, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);
        long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;

        assertEquals(expected.stream().sorted().toList(), recorder.names.stream().sorted().toList());
        assertEquals(List.of(), recorder.frames.warnings);
        assertEquals(List.of(LinkType.ETHERNET.code()), capture.linkTypes());
        for (RecordingSink.Frame frame : recorder.frames.frames) {
            assertEquals(LinkType.ETHERNET.code(), frame.linkType());
            assertEquals(0, frame.interfaceId());
            assertTrue(frame.timestampNanos() >= before && frame.timestampNanos() <= after, frame.toString());
        }
        // Sizes: what was on the wire, and what the snap length kept of it.
        assertEquals(TCP_SYN_FRAME, recorder.frame(tcpFrom(0, 80)).originalLength());
        assertEquals(TCP_SYN_FRAME, recorder.frame(tcpFrom(0, 80)).data().length);
        assertEquals(FRAG_NEEDED_FRAME, recorder.frame(expected.get(2)).originalLength());
        assertEquals(SNAP_LENGTH, recorder.frame(expected.get(2)).data().length);
        assertEquals(TOO_BIG_FRAME, recorder.frame(expected.get(1)).originalLength());
        assertEquals(SNAP_LENGTH, recorder.frame(expected.get(1)).data().length);
        // The frame sent is the frame delivered, to the byte.
        assertEquals(HexFormat.of().formatHex(tcpToRouter(0, 80)),
                HexFormat.of().formatHex(recorder.frame(tcpFrom(0, 80)).data()));

        CaptureStatistics statistics = capture.statistics();
        assertEquals(List.of(router.captureEnd(0)),
                statistics.interfaces().stream().map(CaptureStatistics.Counters::interfaceName).toList());
        assertTrue(statistics.received() >= expected.size(), statistics.toString());
        assertEquals(0, statistics.droppedByKernel(), statistics.toString());
        assertEquals(expected.size(), capture.delivered());
    }

    @Test
    void defaultFilterKeepsTheTunnelsTheDecoderOpens() throws Exception {
        RouterNamespace router = router(1);
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, LiveOptions.UNLIMITED, null));

        Packets.IpPacket inner = ipv4FromHost(0).tcp(40000, 443).seq(1).flags(SYN);
        send(router.captureEnd(0),
                toRouter(0, ipv4FromHost(0).gre(inner)),
                toRouter(0, ipv4FromHost(0).ipInIp(inner)),
                toRouter(0, ipv4FromHost(0).vxlan(toRouter(0, inner))),
                toRouter(0, ipv4FromHost(0).udp(40000, 53).payload(20)),
                tcpToRouter(0, 9999));
        List<String> expected = List.of("ipv4 protocol " + Packets.GRE, "ipv4 protocol " + Packets.IP_IN_IP,
                "udp 10.99.0.9:50000 > 10.99.8.1:" + Packets.VXLAN_PORT, tcpFrom(0, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);

        // The router answers GRE, IP in IP and VXLAN with ICMP unreachable, which the filter drops too.
        assertEquals(expected.stream().sorted().toList(), recorder.names.stream().sorted().toList());
    }

    @Test
    void userFilterNarrowsTheDefaultFilter() throws Exception {
        RouterNamespace router = router(1);
        // "icmp" alone would take echo requests too; the default filter still drops them.
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), "icmp or tcp port 9999",
                LiveOptions.UNLIMITED, null));

        send(router.captureEnd(0),
                toRouter(0, ipv4FromHost(0).icmpEcho()),
                tcpToRouter(0, 80), OVERSIZE_IPV6, OVERSIZE_IPV4, tcpToRouter(0, 9999));
        List<String> expected = List.of("icmp frag-needed mtu 1280 from 10.99.0.2", tcpFrom(0, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);

        assertEquals(expected.stream().sorted().toList(), recorder.names.stream().sorted().toList());
        assertEquals("(" + LiveCapture.DEFAULT_FILTER + ") and (icmp or tcp port 9999)", capture.filterExpression());
    }

    @Test
    void countStopsTheCaptureAfterThatManyFrames() throws Exception {
        RouterNamespace router = router(1);
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, 3, null));

        send(router.captureEnd(0), tcpToRouter(0, 1001), tcpToRouter(0, 1002), tcpToRouter(0, 1003),
                tcpToRouter(0, 1004), tcpToRouter(0, 1005));
        Recorder recorder = new Recorder(capture, never -> false);
        long start = System.nanoTime();
        read(capture, recorder);

        assertEquals(List.of(tcpFrom(0, 1001), tcpFrom(0, 1002), tcpFrom(0, 1003)), recorder.names);
        assertEquals(3, capture.delivered());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "count did not end the capture");
    }

    @Test
    void stopFromAnotherThreadReturnsPromptlyWithWhatWasCaptured() throws Exception {
        RouterNamespace router = router(1);
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, LiveOptions.UNLIMITED, null));
        send(router.captureEnd(0), tcpToRouter(0, 80), tcpToRouter(0, 81));

        long[] stoppedAt = new long[1];
        timer.schedule(() -> {
            stoppedAt[0] = System.nanoTime();
            capture.stop();
        }, 300, TimeUnit.MILLISECONDS);
        Recorder recorder = new Recorder(capture, never -> false);
        capture.readAll(recorder);
        long returnedAt = System.nanoTime();

        // The readers were blocked in libpcap, with nothing more to read: the stop woke them, well
        // before libpcap's read time-out (1 s) would have.
        assertTrue(stoppedAt[0] > 0, "readAll returned before stop()");
        long latencyMillis = TimeUnit.NANOSECONDS.toMillis(returnedAt - stoppedAt[0]);
        assertTrue(latencyMillis < 500, "readAll returned " + latencyMillis + " ms after stop()");
        assertEquals(List.of(tcpFrom(0, 80), tcpFrom(0, 81)), recorder.names);
        assertEquals(List.of(), recorder.frames.warnings);
    }

    @Test
    void writtenFileReadsBackAsTheDeliveredFramesWithTheirWireLengths() throws Exception {
        RouterNamespace router = router(1);
        Path written = directory.resolve("live.pcap");
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, LiveOptions.UNLIMITED, written));

        send(router.captureEnd(0), tcpToRouter(0, 80), OVERSIZE_IPV4, tcpToRouter(0, 9999));
        List<String> expected = List.of(tcpFrom(0, 80), "icmp frag-needed mtu 1280 from 10.99.0.2", tcpFrom(0, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);
        capture.close();

        assertEquals(expected.size(), recorder.frames.frames.size());
        RecordingSink own = Captures.readFile(written.toString());
        assertEquals(recorder.frames.frames, own.frames);
        assertEquals(List.of(), own.warnings);
        // pcap, not pcapng: one interface; the frag-needed keeps its wire length beyond the snap length.
        assertEquals("4d3cb2a1", HexFormat.of().formatHex(Files.readAllBytes(written), 0, 4));
        assertEquals(FRAG_NEEDED_FRAME, own.frame(recorder.names.indexOf(expected.get(1))).originalLength());
        assertEquals(recorder.frames.frames, Captures.readWithLibpcap(written.toString()).frames);
    }

    @Test
    void severalInterfacesReachTheSinkFromOneThreadAndAreWrittenAsPcapng() throws Exception {
        RouterNamespace router = router(2);
        Path written = directory.resolve("two.pcapng");
        LiveCapture capture = open(options(List.of(router.captureEnd(0), router.captureEnd(1)), null,
                LiveOptions.UNLIMITED, written));

        send(router.captureEnd(0), tcpToRouter(0, 80), tcpToRouter(0, 9999));
        send(router.captureEnd(1), tcpToRouter(1, 81),
                toRouter(1, ipv4FromHost(1).udp(40000, 5000).payload(1400 - 28)),
                tcpToRouter(1, 9999));
        List<String> expected = List.of(tcpFrom(0, 80), tcpFrom(0, 9999), tcpFrom(1, 81),
                "icmp frag-needed mtu 1280 from 10.99.1.2", tcpFrom(1, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);
        capture.close();

        assertEquals(expected.stream().sorted().toList(), recorder.names.stream().sorted().toList());
        for (String name : expected) {
            int link = name.contains("10.99.1.") ? 1 : 0;
            assertEquals(link, recorder.frame(name).interfaceId(), name);
        }
        assertEquals(Set.of(Thread.currentThread()), recorder.threads);
        assertEquals(List.of(LinkType.ETHERNET.code(), LinkType.ETHERNET.code()), capture.linkTypes());

        RecordingSink own = Captures.readFile(written.toString());
        assertEquals(recorder.frames.frames, own.frames);
        assertEquals("0a0d0d0a", HexFormat.of().formatHex(Files.readAllBytes(written), 0, 4));

        CaptureStatistics statistics = capture.statistics();
        assertEquals(List.of(router.captureEnd(0), router.captureEnd(1)),
                statistics.interfaces().stream().map(CaptureStatistics.Counters::interfaceName).toList());
        assertTrue(statistics.interfaces().get(0).received() >= 2, statistics.toString());
        assertTrue(statistics.interfaces().get(1).received() >= 3, statistics.toString());
        assertEquals(statistics.interfaces().get(0).received() + statistics.interfaces().get(1).received(),
                statistics.received());
    }

    @Test
    void anInterfaceThatDisappearsEndsWithAWarningWhileTheOthersGoOn() throws Exception {
        RouterNamespace router = router(2);
        String vanishing = router.captureEnd(1);
        LiveCapture capture = open(options(List.of(router.captureEnd(0), vanishing), null, LiveOptions.UNLIMITED, null));

        timer.schedule(() -> {
            router.deleteCaptureEnd(1);
            send(router.captureEnd(0), tcpToRouter(0, 9999));
            return null;
        }, 200, TimeUnit.MILLISECONDS);
        Recorder recorder = new Recorder(capture,
                done -> done.names.contains(tcpFrom(0, 9999)) && !done.frames.warnings.isEmpty());
        read(capture, recorder);

        assertEquals(List.of(tcpFrom(0, 9999)), recorder.names);
        assertEquals(1, recorder.frames.warnings.size(), recorder.frames.warnings.toString());
        assertTrue(recorder.frames.warnings.get(0).startsWith(vanishing + ": capture ended: "),
                recorder.frames.warnings.toString());
    }

    @Test
    void anyCapturesEveryInterfaceAsLinuxCookedV2() throws Exception {
        RouterNamespace router = router(1);
        int interfaceIndex = router.interfaceIndex(0);
        LiveCapture capture = open(options(List.of("any"), "host 10.99.0.9", LiveOptions.UNLIMITED, null));

        send(router.captureEnd(0), tcpToRouter(0, 80), OVERSIZE_IPV4, tcpToRouter(0, 9999));
        // Other test JVMs may use the same addresses on their own links: keep this link's frames.
        List<String> expected = List.of(tcpFrom(0, 80), "icmp frag-needed mtu 1280 from 10.99.0.2", tcpFrom(0, 9999));
        // Linux cooked v2 carries the interface index at byte 4.
        Recorder recorder = new Recorder(capture, frame -> ByteBuffer.wrap(frame).getInt(4) == interfaceIndex,
                containsAll(expected));
        read(capture, recorder);

        assertEquals(List.of(LinkType.LINUX_SLL2.code()), capture.linkTypes());
        assertEquals(expected.stream().sorted().toList(), recorder.names.stream().sorted().toList());
        // Linux cooked v2 replaces the 14-byte Ethernet header by its own 20 bytes.
        assertEquals(TCP_SYN_FRAME + 6, recorder.frame(tcpFrom(0, 80)).originalLength());
        assertEquals(LinkType.LINUX_SLL2.code(), recorder.frame(tcpFrom(0, 80)).linkType());
    }

    @Test
    void oneVlanTagIsSeenThroughButTheInnerTrafficOfTwoIsNot() throws Exception {
        Prerequisites.requireTool("python3");
        RouterNamespace router = router(1);
        LiveCapture capture = open(options(List.of(router.captureEnd(0)), null, LiveOptions.UNLIMITED, null));

        // Received frames: Linux takes the outer tag off before the filter runs; libpcap puts it back.
        Packets.IpPacket ip = ipv4FromHost(0).tcp(40000, 1).seq(1).flags(SYN);
        List<byte[]> frames = List.of(
                fromRouter(0, ip),
                fromRouter(0, ip.vlan(VLAN, 100)),
                fromRouter(0, ip.vlan(QINQ, 100).vlan(VLAN, 100)),
                fromRouter(0, ipv4FromHost(0).tcp(40000, 9999).seq(1).flags(SYN)));
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import socket, sys\n"
                        + "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                        + "s.bind(('r0', 0))\n"
                        + "for frame in sys.argv[1:]:\n"
                        + "    s.send(bytes.fromhex(frame))\n"));
        frames.forEach(frame -> command.add(HexFormat.of().formatHex(frame)));
        router.inRouter(command);
        List<String> expected = List.of(tcpFrom(0, 1), "vlan 100 " + tcpFrom(0, 1), tcpFrom(0, 9999));
        Recorder recorder = new Recorder(capture, containsAll(expected));
        read(capture, recorder);

        assertEquals(expected, recorder.names);
        assertEquals(frames.get(1).length, recorder.frame(expected.get(1)).originalLength());
    }

    @Test
    void unknownInterfaceListsTheOnesThatExist() throws Exception {
        RouterNamespace router = router(1);

        CaptureException error = assertThrows(CaptureException.class,
                () -> open(LiveOptions.of(router.captureEnd(0), "mtdnosuch0")));

        assertTrue(error.getMessage().startsWith("no such interface: mtdnosuch0; capture interfaces: "),
                error.getMessage());
        assertTrue(error.getMessage().contains(", " + router.captureEnd(0)), error.getMessage());
        assertTrue(error.getMessage().contains(", lo"), error.getMessage());
    }

    @Test
    void badFilterGivesLibpcapsMessageAndTheExpression() throws Exception {
        RouterNamespace router = router(1);
        String end = router.captureEnd(0);

        assertEquals(end + ": bad filter expression \"tcp port\": can't parse filter expression: syntax error",
                assertThrows(CaptureException.class, () -> open(options(List.of(end), "tcp port", -1, null)))
                        .getMessage());
        // Compiled alone first, a filter cannot close the default filter's parentheses and widen it.
        assertEquals(end + ": bad filter expression \"tcp) or (udp\": can't parse filter expression: syntax error",
                assertThrows(CaptureException.class, () -> open(options(List.of(end), "tcp) or (udp", -1, null)))
                        .getMessage());
        assertEquals("any: bad filter expression \"vlan\": no VLAN support for Linux cooked v2",
                assertThrows(CaptureException.class, () -> open(options(List.of("any"), "vlan", -1, null)))
                        .getMessage());
    }

    @Test
    void captureWithoutCapNetRawSaysHowToGetIt() throws Exception {
        RouterNamespace router = router(1);
        Prerequisites.requireTool("setpriv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();

        String output = ChildJvm.run(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-net_raw,-net_admin", "--"),
                List.of(), LiveProbe.class, List.of("open", router.captureEnd(0)), null);

        assertTrue(output.startsWith("error: " + router.captureEnd(0) + ": no permission to capture ("), output);
        assertTrue(output.contains("; run as root, or allow this java to capture: setcap cap_net_raw,cap_net_admin=eip "
                + java + " && echo "), output);
        assertEquals(1, output.lines().count(), output);
    }

    @Test
    void missingLibpcapIsAOneLineErrorForCaptureAndListing() throws Exception {
        List<String> missing = List.of("-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap-missing.so");

        assertEquals("error: " + Libpcap.MISSING, ChildJvm.run(List.of(), missing, LiveProbe.class,
                List.of("open", "lo"), null));
        assertEquals("error: " + Libpcap.MISSING, ChildJvm.run(List.of(), missing, LiveProbe.class,
                List.of("devices"), null));
    }

    @Test
    void interfacesAreListedSortedWithAddressesFlagsAndMtu() throws Exception {
        RouterNamespace router = router(1);

        List<CaptureDevice> devices = CaptureDevices.list();

        List<String> names = devices.stream().map(CaptureDevice::name).toList();
        assertEquals(names.stream().sorted().toList(), names);
        CaptureDevice end = devices.get(names.indexOf(router.captureEnd(0)));
        assertEquals(List.of(), end.addresses());
        assertTrue(end.up() && end.running() && !end.loopback(), end.toString());
        assertEquals(1500, end.mtu().getAsInt());
        CaptureDevice loopback = devices.get(names.indexOf("lo"));
        assertTrue(loopback.loopback(), loopback.toString());
        assertTrue(loopback.addresses().stream().anyMatch(address -> address.address().getHostAddress().equals("127.0.0.1")
                        && address.prefixLength() == 8), loopback.toString());
        assertTrue(devices.get(names.indexOf("any")).mtu().isEmpty());
    }
}
