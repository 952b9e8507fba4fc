package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mtudoctor.testing.Bytes.bytes;
import static org.mtudoctor.testing.Bytes.concat;
import static org.mtudoctor.testing.Bytes.cut;
import static org.mtudoctor.testing.Packets.FRAGMENT;
import static org.mtudoctor.testing.Packets.HOP_BY_HOP;
import static org.mtudoctor.testing.Packets.TCP;
import static org.mtudoctor.testing.Packets.ethernet;
import static org.mtudoctor.testing.Packets.ipv4;
import static org.mtudoctor.testing.Packets.ipv6;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.testing.FuzzSeeds;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.decode.Packet.Content;
import org.mtudoctor.decode.Packet.Damage;

/**
 * The decoder must survive any bytes: random frames, real frames cut anywhere, real frames with
 * bytes flipped, and what Jazzer's coverage-guided mutation makes of them. It must also read nothing
 * outside the frame it was given, and allocate nothing.
 */
class PacketDecoderFuzzTest {

    private static final int ITERATIONS = 300_000;
    private static final int[] LINK_TYPES = {0, 1, 9, 12, 14, 50, 101, 104, 108, 113, 228, 229, 276, 105, -1};
    /** The Jazzer target's input: link type index, original length (2 bytes, 0: the captured length), frame. */
    private static final int FUZZ_PREFIX = 3;
    /** Bytes of noise on either side of the frame, which must not change what is decoded. */
    private static final int SURROUNDING = 32;

    /** A frame worth mutating: its link type and bytes. */
    private record Sample(int linkType, byte[] frame) {
    }

    private static List<Sample> corpus() {
        Packets.IpPacket seedSegment = ipv4("10.0.3.2", "10.0.1.2").dontFragment()   // 1420 bytes
                .tcp(8080, 51000).seq(0x9A3BC001L).flags(Packet.ACK).payload(1380);
        byte[] ipv4Syn = ipv4("10.0.1.2", "10.0.3.2").dontFragment()
                .tcp(51000, 8080).seq(1).flags(Packet.SYN)
                .mss(1356).sackPermitted().timestamps(0x00010203, 0).nop().windowScale(7)
                .bytes();
        byte[] ipv6Quote = ipv6("fd03::2", "fd01::2").payloadLength(1440)
                .extensionHeaders(FRAGMENT, bytes(TCP, 0, 0, 1, 0, 0, 0, 7))   // fragment header: TCP, offset 0, M
                .tcp(8080, 51000).seq(5).ack(1).flags(Packet.ACK)
                .mss(1440).sackPermitted().timestamps(0x00010203, 0).nop().windowScale(7)
                .bytes();
        byte[] ipv6Segment = ipv6("fd03::2", "fd01::2")
                .extensionHeaders(HOP_BY_HOP,
                        bytes(FRAGMENT, 0, 1, 4, 0, 0, 0, 0),   // hop-by-hop: next fragment, PadN
                        bytes(TCP, 0, 0, 1, 0, 0, 0, 9))        // fragment: next TCP, offset 0, M
                .tcp(8080, 51000).seq(9).ack(1).flags(Packet.ACK).nop().nop().timestamps(1, 2).payload(100)
                .bytes();
        return List.of(
                new Sample(1, concat(ethernet(0x0800), ipv4Syn)),
                new Sample(1, ipv4("10.0.2.1", "10.0.3.2").icmpFragNeeded(1396).quoting(seedSegment).ethernet()),
                new Sample(1, ipv6("fd02::1", "fd03::2").icmpv6PacketTooBig(1280).quoting(ipv6Quote).ethernet()),
                new Sample(1, concat(ethernet(0x88A8), bytes(0, 100, 0x81, 0x00), bytes(0, 10, 0x86, 0xDD),
                        ipv6Segment)),
                new Sample(1, concat(ethernet(0x8864), bytes(0x11, 0, 0, 1, 0, 62, 0, 0x21), ipv4Syn)),
                new Sample(1, concat(ethernet(0x8847), bytes(0, 1, 0, 64, 0, 2, 1, 64), ipv4Syn)),
                new Sample(113, concat(bytes(0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 2, 0, 0, 0x08, 0x00), ipv4Syn)),
                new Sample(276, concat(bytes(0x86, 0xDD, 0, 0, 0, 0, 0, 2, 0, 1, 4, 6, 2, 0, 0, 0, 0, 2, 0, 0),
                        ipv6Segment)),
                new Sample(0, concat(bytes(2, 0, 0, 0), ipv4Syn)),
                new Sample(9, concat(bytes(0xFF, 0x03, 0x00, 0x57), ipv6Segment)),
                new Sample(104, concat(bytes(0x0F, 0, 0x88, 0x47, 0, 1, 0x2D, 0xFE), ipv4Syn)),
                new Sample(101, ipv4Syn),
                new Sample(229, ipv6Segment));
    }

    @Test
    void never_throws_and_keeps_its_invariants() {
        Random random = new Random(0x6D7475L);
        List<Sample> corpus = corpus();
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        byte[] frame = new byte[0];
        int linkType = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            int originalLength;
            switch (random.nextInt(3)) {
                case 0 -> {
                    // Random bytes under a random link type.
                    frame = new byte[random.nextInt(120)];
                    random.nextBytes(frame);
                    linkType = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
                    originalLength = random.nextBoolean() ? frame.length : random.nextInt(70_000) - 10;
                }
                case 1 -> {
                    // A real frame cut anywhere, as a snap length would.
                    Sample sample = corpus.get(random.nextInt(corpus.size()));
                    linkType = sample.linkType();
                    frame = cut(sample.frame(), random.nextInt(sample.frame().length + 1));
                    originalLength = sample.frame().length;
                }
                default -> {
                    // A real frame with a few bytes changed, then perhaps cut.
                    Sample sample = corpus.get(random.nextInt(corpus.size()));
                    linkType = sample.linkType();
                    frame = sample.frame().clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                    }
                    if (random.nextBoolean()) {
                        frame = cut(frame, random.nextInt(frame.length + 1));
                    }
                    originalLength = random.nextInt(4) == 0 ? random.nextInt(3000) : sample.frame().length;
                }
            }
            try {
                decoder.decode(linkType, frame, 0, frame.length, originalLength, packet);
                checkInvariants(packet);
            } catch (RuntimeException | AssertionError failure) {
                fail("iteration " + iteration + ", link type " + linkType + ", original length "
                        + originalLength + ", frame " + hex(frame), failure);
            }
        }
    }

    /** The hand-made frames of {@link #corpus()}, as inputs of {@link #coverageGuided}. */
    static Stream<Arguments> annotatedFrames() {
        return corpus().stream().map(sample -> {
            int linkIndex = 0;
            while (LINK_TYPES[linkIndex] != sample.linkType()) {
                linkIndex++;
            }
            return FuzzSeeds.seed("link type " + sample.linkType() + ", " + sample.frame().length + " bytes",
                    concat(bytes(linkIndex, 0, 0), sample.frame()));
        });
    }

    /**
     * Jazzer's target: any frame under any link type decodes without an exception, keeps the
     * invariants, and decodes the same alone in its array (a read past the end throws) and amid noise.
     */
    @MethodSource("annotatedFrames")
    @FuzzTest
    void coverageGuided(byte[] input) {
        if (input.length < FUZZ_PREFIX) {
            return;
        }
        int linkType = LINK_TYPES[(input[0] & 0xFF) % LINK_TYPES.length];
        byte[] frame = Arrays.copyOfRange(input, FUZZ_PREFIX, input.length);
        int originalField = (input[1] & 0xFF) << 8 | input[2] & 0xFF;
        int originalLength = originalField == 0 ? frame.length : originalField;
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        decoder.decode(linkType, frame, 0, frame.length, originalLength, packet);
        checkInvariants(packet);
        String alone = describe(packet);

        byte[] surrounded = new byte[SURROUNDING + frame.length + SURROUNDING];
        Arrays.fill(surrounded, (byte) 0xA5);
        System.arraycopy(frame, 0, surrounded, SURROUNDING, frame.length);
        decoder.decode(linkType, surrounded, SURROUNDING, frame.length, originalLength, packet);
        assertEquals(alone, describe(packet), "the bytes around the frame change the decode");
    }

    /** Only {@code data[offset, offset + capturedLength)} may be read: bytes around it change nothing. */
    @Test
    void reads_nothing_outside_the_frame() {
        Random random = new Random(42);
        PacketDecoder decoder = new PacketDecoder();
        Packet inZeros = new Packet();
        Packet inNoise = new Packet();
        for (Sample sample : corpus()) {
            for (int length = 0; length <= sample.frame().length; length++) {
                int offset = 1 + random.nextInt(16);
                byte[] zeroed = new byte[offset + length + 64];
                byte[] noisy = new byte[zeroed.length];
                random.nextBytes(noisy);
                System.arraycopy(sample.frame(), 0, zeroed, offset, length);
                System.arraycopy(sample.frame(), 0, noisy, offset, length);
                decoder.decode(sample.linkType(), zeroed, offset, length, sample.frame().length, inZeros);
                decoder.decode(sample.linkType(), noisy, offset, length, sample.frame().length, inNoise);
                assertEquals(describe(inZeros), describe(inNoise),
                        "link type " + sample.linkType() + " cut at " + length);
            }
        }
    }

    @Test
    void impossible_arguments_decode_as_an_empty_frame() {
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        decoder.decode(1, null, 0, 60, 60, packet);
        assertEquals(Damage.TRUNCATED, packet.damage());
        decoder.decode(1, new byte[10], 11, 5, 60, packet);
        assertEquals(Damage.TRUNCATED, packet.damage());
        decoder.decode(1, new byte[10], -1, 5, 60, packet);
        assertEquals(Damage.TRUNCATED, packet.damage());
        decoder.decode(1, new byte[100], 0, -5, 60, packet);
        assertEquals(Damage.TRUNCATED, packet.damage());
        // A captured length past the array is held to the array.
        decoder.decode(1, new byte[10], 0, 1000, 1000, packet);
        assertEquals("ethernet", packet.damagedLayer());
    }

    /** The hot loop must not allocate: a 2-million-packet file would otherwise churn the heap. */
    @Test
    void allocates_nothing_per_packet() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            System.out.println("allocation not measured: this JVM does not count allocated bytes per thread");
            return;
        }
        List<Sample> corpus = corpus();
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        int frames = 200_000;
        decodeAll(decoder, corpus, packet, frames);     // warm up, so the measured run is compiled code
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        long started = System.nanoTime();
        decodeAll(decoder, corpus, packet, frames);
        long elapsed = System.nanoTime() - started;
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        System.out.printf(java.util.Locale.ROOT, "decoded %d frames in %d ms, %d bytes allocated%n",
                frames, elapsed / 1_000_000, allocated);
        assertTrue(allocated < 16_384, allocated + " bytes allocated for " + frames + " frames");
    }

    private static void decodeAll(PacketDecoder decoder, List<Sample> corpus, Packet packet, int frames) {
        for (int i = 0; i < frames; i++) {
            Sample sample = corpus.get(i % corpus.size());
            decoder.decode(sample.linkType(), sample.frame(), 0, sample.frame().length,
                    sample.frame().length, packet);
        }
    }

    static void checkInvariants(Packet packet) {
        assertEquals(packet.damage() == Damage.NONE, packet.damagedLayer() == null, "damage has a layer");
        if (packet.content() == Content.TCP) {
            assertTrue(packet.sourcePort() >= 0 && packet.sequence() >= 0, "TCP has ports and sequence");
        }
        if (packet.content() == Content.ICMP_TOO_BIG) {
            assertTrue(packet.reportedMtu() >= 0, "too big has an MTU");
        }
        if (packet.content() != Content.UNKNOWN_LINK && packet.content() != Content.NOT_IP
                && packet.content() != Content.ENCRYPTED_PPP) {
            assertTrue(packet.ipVersion() == 4 || packet.ipVersion() == 6, "IP content has a version");
            assertTrue(packet.ipPacketLength() >= packet.ipHeaderLength(), "packet holds its header");
        }
        assertTrue(packet.payloadLength() >= 0 && packet.tcpHeaderLength() >= 0, "no negative size");
        assertTrue(packet.sequence() >= -1 && packet.sequence() <= 0xFFFFFFFFL, "sequence is 32-bit");
    }

    /** Every accessor, so two decodes can be compared whole. */
    static String describe(Packet packet) {
        return String.join(" ", Arrays.asList(
                "link=" + packet.linkType(), "content=" + packet.content(), "damage=" + packet.damage(),
                "layer=" + packet.damagedLayer(), "linkHeader=" + packet.linkHeaderLength(),
                "vlans=" + packet.vlanTagCount(), "ip=" + packet.ipVersion(),
                "source=" + packet.sourceHigh() + "/" + packet.sourceLow(),
                "destination=" + packet.destinationHigh() + "/" + packet.destinationLow(),
                "ipLength=" + packet.ipPacketLength(), "fromFrame=" + packet.ipLengthFromFrame(),
                "ipHeader=" + packet.ipHeaderLength(), "protocol=" + packet.protocol(),
                "hopLimit=" + packet.hopLimit(), "df=" + packet.dontFragment(),
                "fragment=" + packet.fragmentOffset() + "/" + packet.moreFragments(),
                "ports=" + packet.sourcePort() + ">" + packet.destinationPort(),
                "seq=" + packet.sequence(), "ack=" + packet.acknowledgment(), "flags=" + packet.tcpFlags(),
                "window=" + packet.window(), "tcpHeader=" + packet.tcpHeaderLength(),
                "payload=" + packet.payloadLength(), "mss=" + packet.mss(), "ws=" + packet.windowScale(),
                "sack=" + packet.sackPermitted(), "ts=" + packet.timestamps(),
                "badOptions=" + packet.optionsMalformed(),
                "icmp=" + packet.icmpType() + "/" + packet.icmpCode(), "mtu=" + packet.reportedMtu(),
                "quotedIp=" + packet.quotedIpVersion(),
                "quotedSource=" + packet.quotedSourceHigh() + "/" + packet.quotedSourceLow(),
                "quotedDestination=" + packet.quotedDestinationHigh() + "/" + packet.quotedDestinationLow(),
                "quotedProtocol=" + packet.quotedProtocol(), "quotedLength=" + packet.quotedPacketLength(),
                "quotedPorts=" + packet.quotedSourcePort() + ">" + packet.quotedDestinationPort(),
                "quotedSeq=" + packet.quotedSequence()));
    }

    private static String hex(byte[] frame) {
        StringBuilder text = new StringBuilder();
        for (byte b : frame) {
            text.append(String.format(java.util.Locale.ROOT, "%02x", b));
        }
        return text.toString();
    }
}
