package org.mtudoctor.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.capture.FrameSource;
import org.mtudoctor.capture.LinkType;
import org.mtudoctor.capture.PublicCaptures;
import org.mtudoctor.testing.Packets;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;

/**
 * {@link TcpPeek} may pass a frame over only when the full decoder would make it a TCP segment
 * with the same addresses and ports: held against the decoder on every frame of our captures
 * and of the public ones, and on the frames it must leave to the decoder.
 */
class TcpPeekTest {

    @Test
    void everyFramePeekedAtDecodesToTheSameSegment() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> captures = Files.walk(Path.of("captures"))) {
            captures.filter(path -> path.toString().matches(".*\\.pcap(ng)?")).sorted().forEach(files::add);
        }
        files.add(Path.of("bench/training/train-300.pcap"));
        long peeked = check(files);
        assertTrue(peeked > 10_000, "only " + peeked + " frames peeked at: the fast path is not taken");
    }

    @Test
    @Slow
    void everyPublicFramePeekedAtDecodesToTheSameSegment() throws IOException {
        Path root = Prerequisites.requirePublicCaptures();
        List<Path> files = new ArrayList<>();
        for (String name : PublicCaptures.captureFiles(root)) {
            files.add(root.resolve(name));
        }
        assertTrue(check(files) > 0);
    }

    @Test
    void leavesVlansFragmentsAndDoubtfulLengthsToTheDecoder() {
        Packets.Tcp tcp = Packets.ipv4("10.0.0.1", "10.0.0.2").tcp(40000, 80).seq(1000).flags(Packets.ACK).payload(100);
        byte[] frame = tcp.ethernet();
        TcpPeek peek = new TcpPeek();
        assertTrue(peek.peek(LinkType.ETHERNET.code(), frame, 0, frame.length, frame.length));
        assertEquals(40000, peek.sourcePort());
        assertEquals(80, peek.destinationPort());
        byte[] cooked = tcp.sll2(3);
        assertTrue(peek.peek(LinkType.LINUX_SLL2.code(), cooked, 0, cooked.length, cooked.length), "Linux cooked v2");
        byte[] tagged = tcp.vlan(Packets.VLAN, 100).ethernet();
        assertFalse(peek.peek(LinkType.ETHERNET.code(), tagged, 0, tagged.length, tagged.length), "VLAN");
        byte[] fragment = frame.clone();
        fragment[14 + 6] |= 0x20; // more fragments
        assertFalse(peek.peek(LinkType.ETHERNET.code(), fragment, 0, fragment.length, fragment.length), "fragment");
        byte[] longer = frame.clone();
        longer[14 + 2] = (byte) 0xFF; // total length past the frame
        assertFalse(peek.peek(LinkType.ETHERNET.code(), longer, 0, longer.length, longer.length), "length");
        assertFalse(peek.peek(LinkType.ETHERNET.code(), frame, 0, 14 + 20 + 19, frame.length), "cut TCP header");
        byte[] raw = tcp.bytes();
        assertFalse(peek.peek(LinkType.RAW.code(), raw, 0, raw.length, raw.length), "raw IP: not peeked");
    }

    /** Checks every frame of {@code files}; returns how many were peeked at. */
    private static long check(List<Path> files) {
        TcpPeek peek = new TcpPeek();
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        long[] peeked = {0};
        List<String> wrong = new ArrayList<>();
        for (Path file : files) {
            long[] number = {0};
            FrameSink sink = (linkType, time, data, offset, captured, original, interfaceId) -> {
                number[0]++;
                if (!peek.peek(linkType, data, offset, captured, original)) {
                    return;
                }
                peeked[0]++;
                decoder.decode(linkType, data, offset, captured, original, packet);
                if (packet.content() != Packet.Content.TCP || packet.ipVersion() != 4 || packet.sourceHigh() != 0
                        || packet.destinationHigh() != 0 || packet.sourceLow() != peek.source()
                        || packet.destinationLow() != peek.destination() || packet.sourcePort() != peek.sourcePort()
                        || packet.destinationPort() != peek.destinationPort()) {
                    wrong.add(file + " frame " + number[0]);
                }
            };
            try (FrameSource source = CaptureFiles.open(file.toString())) {
                source.readAll(sink);
            } catch (CaptureException | IOException e) {
                // Not a capture, or cut short: the frames before were checked.
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " frames peeked wrongly");
        return peeked[0];
    }
}
