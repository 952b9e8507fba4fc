package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtudoctor.cli.HostileCaptures.bytes;
import static org.mtudoctor.cli.HostileCaptures.lyingBlock;
import static org.mtudoctor.cli.HostileCaptures.tooBigOffset;
import static org.mtudoctor.cli.HostileCaptures.write;
import static org.mtudoctor.testing.Bytes.concat;
import static org.mtudoctor.testing.PcapFiles.recordHeader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.cli.HostileCaptures.Pcap;
import org.mtudoctor.cli.HostileCaptures.Record;

/**
 * Hostile input (issue 6), made at test time from the seed captures, through the command as a
 * user runs it. Each kind has one defined outcome: a warning and the analysis goes on, or one error
 * line and exit 4; never an internal error, a stack trace, or the loss of what came before.
 */
class HostileInputTest {

    private static final String SEED_PCAPNG = "captures/seed-black-hole-pcapng.pcapng";
    private static final String IPV6_BLACK_HOLE = "captures/ipv6-black-hole.pcap";
    private static final int ENHANCED_PACKET_BLOCK = 6;

    @TempDir
    Path dir;

    /** The seed's black hole is still reported, with the exit code of a problem and nothing on stderr. */
    private static CliTest.Run assertSeedAnalysisKept(CliTest.Run run) {
        assertEquals("", run.err());
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out());
        assertTrue(run.out().contains("PROBLEM  pmtu-black-hole: 10.0.2.1 reports MTU 1396"), run.out());
        return run;
    }

    private static String json(String file) {
        CliTest.Run run = CliTest.run("--format", "json", file);
        return run.out().replace(file, "INPUT");
    }

    // pcapng block lengths that lie, after the seed's own blocks: a warning, and the seed is analysed.

    @Test
    void pcapngBlockLengthsThatLieEndTheReadWithAWarning() {
        byte[] seed = bytes(Path.of(SEED_PCAPNG));
        long end = seed.length;
        String[][] cases = {
            {"8", "8", "has length 8, less than the 12-byte minimum"},
            {"2147483632", "2147483632", "has length 2147483632, more than the 268435456-byte limit"},
            {"4096", "4096", "truncated enhanced packet block at byte " + end + ": 32 of 4096 bytes present"},
            {"33", "33", "has length 33, not a multiple of 4"},
            {"32", "36", "has length 32 in its header but 36 in its trailer"},
        };
        for (String[] lie : cases) {
            byte[] damage = lyingBlock(ENHANCED_PACKET_BLOCK, 20, Long.parseLong(lie[0]), Long.parseLong(lie[1]));
            String file = write(dir.resolve("lying-" + lie[0] + "-" + lie[1] + ".pcapng"), concat(seed, damage));
            CliTest.Run run = assertSeedAnalysisKept(CliTest.run(file));
            assertTrue(run.out().contains("warning: enhanced packet block at byte " + end + " " + lie[2])
                    || run.out().contains("warning: " + lie[2]), lie[2] + " expected in:\n" + run.out());
        }
    }

    // Snap length 0 and 2^31 in the pcap header and in a pcapng interface description: only information.

    @Test
    void snapLengthZeroAndTwoToThe31ChangeNothing() {
        Pcap seed = Pcap.read(CliTest.BLACK_HOLE);
        String expected = json(CliTest.BLACK_HOLE);
        for (long snapLength : new long[] {0, 1L << 31}) {
            String file = write(dir.resolve("snap-" + snapLength + ".pcap"), seed.withSnapLength(snapLength).toBytes());
            assertEquals(expected, json(file), "pcap snap length " + snapLength);
        }
        byte[] pcapng = bytes(Path.of(SEED_PCAPNG));
        String expectedPcapng = json(SEED_PCAPNG);
        int idb = interfaceDescriptionOffset(pcapng);
        for (long snapLength : new long[] {0, 1L << 31}) {
            byte[] changed = pcapng.clone();
            ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN).putInt(idb + 12, (int) snapLength);
            String file = write(dir.resolve("snap-" + snapLength + ".pcapng"), changed);
            assertEquals(expectedPcapng, json(file), "pcapng snap length " + snapLength);
        }
    }

    private static int interfaceDescriptionOffset(byte[] pcapng) {
        ByteBuffer blocks = ByteBuffer.wrap(pcapng).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < pcapng.length; at += blocks.getInt(at + 4)) {
            if (blocks.getInt(at) == 1) {
                return at;
            }
        }
        throw new IllegalArgumentException("no interface description block");
    }

    // Zero-length and oversize records among the seed's: each read as it is, the analysis goes on.

    @Test
    void zeroLengthAndOversizeRecordsAreReadAndTheAnalysisGoesOn() {
        Pcap seed = Pcap.read(CliTest.BLACK_HOLE).withSnapLength(96);
        Record before = seed.records().get(9);
        byte[] frame = before.frame();
        List<List<Record>> inserted = List.of(
                List.of(before.withFrame(new byte[0], 0)),                                  // zero-length record
                List.of(before.withFrame(concat(frame, new byte[1000]), 60)),                // caplen > snaplen, > origlen
                List.of(before.withFrame(concat(frame, new byte[300 * 1024]), 300 * 1024))); // caplen > 256 KiB
        for (List<Record> extra : inserted) {
            List<Record> records = new ArrayList<>(seed.records());
            records.addAll(10, extra);
            String file = write(dir.resolve("records.pcap"), seed.withRecords(records).toBytes());
            CliTest.Run run = assertSeedAnalysisKept(CliTest.run(file));
            assertTrue(run.out().contains("  46 packets,"), run.out());
        }
    }

    @Test
    void aRecordClaimingTwoGibibytesEndsTheReadWithAWarning() {
        byte[] seed = bytes(Path.of(CliTest.BLACK_HOLE));
        byte[] damage = concat(recordHeader(1, 0, 1L << 31, 60), new byte[30]);
        String file = write(dir.resolve("claims-2GiB.pcap"), concat(seed, damage));
        CliTest.Run run = assertSeedAnalysisKept(CliTest.run(file));
        assertTrue(run.out().contains("warning: record at byte " + seed.length
                + " claims 2147483648 captured bytes, more than the 268435440-byte limit"), run.out());
    }

    // Time stamps that go backwards: a warning, and the analysis follows file order.

    @Test
    void timeStampsGoingBackwardsKeepTheAnalysis() {
        Pcap seed = Pcap.read(CliTest.BLACK_HOLE);
        List<Record> reversed = new ArrayList<>(seed.records());
        Collections.reverse(reversed);
        List<Record> oneIn1970 = new ArrayList<>(seed.records());
        oneIn1970.set(20, oneIn1970.get(20).withSeconds(0));
        for (List<Record> records : List.of(reversed, oneIn1970)) {
            String file = write(dir.resolve("time.pcap"), seed.withRecords(records).toBytes());
            CliTest.Run run = assertSeedAnalysisKept(CliTest.run(file));
            String expected = backInTime(records);
            assertTrue(run.out().contains(expected), expected + " expected in:\n" + run.out());
        }
    }

    /** The warning for records whose time is older than that of a record before them. */
    private static String backInTime(List<Record> records) {
        long latest = Long.MIN_VALUE, largestStep = 0, count = 0, first = 0;
        for (int index = 0; index < records.size(); index++) {
            long micros = records.get(index).seconds() * 1_000_000 + records.get(index).micros();
            if (micros < latest) {
                first = count++ == 0 ? index + 1 : first;
                largestStep = Math.max(largestStep, latest - micros);
            }
            latest = Math.max(latest, micros);
        }
        return String.format(Locale.ROOT, "warning: %d frame%s older than a frame before %s (the first is frame %d,"
                + " the largest step back %d.%06d s)", count, count == 1 ? "" : "s", count == 1 ? "it" : "them",
                first, largestStep / 1_000_000, largestStep % 1_000_000);
    }

    // ICMP errors quoting ICMP errors: counted as too-big messages about no TCP flow.

    @Test
    void icmpErrorsQuotingIcmpErrorsNameNoFlow() {
        Pcap seed = Pcap.read(CliTest.BLACK_HOLE);
        List<Record> records = new ArrayList<>();
        int changed = 0;
        for (Record record : seed.records()) {
            int icmp = tooBigOffset(record.frame());
            if (icmp < 0) {
                records.add(record);
                continue;
            }
            // The quoted IPv4 header's protocol becomes ICMP, and its payload a frag-needed message.
            byte[] frame = record.frame().clone();
            int quoted = icmp + 8;
            int quotedPayload = quoted + (frame[quoted] & 0x0F) * 4;
            frame[quoted + 9] = 1;
            frame[quotedPayload] = 3;
            frame[quotedPayload + 1] = 4;
            records.add(record.withFrame(frame, record.originalLength()));
            changed++;
        }
        String file = write(dir.resolve("icmp-quotes-icmp.pcap"), seed.withRecords(records).toBytes());
        CliTest.Run run = CliTest.run("--format", "json", file);
        assertEquals("", run.err());
        assertTrue(run.out().contains("\"icmpTooBig\": " + changed + ","), run.out());
        assertTrue(run.out().contains("\"icmpTooBigWithoutFlow\": " + changed + ","), run.out());
        assertFalse(run.out().contains("pmtu-black-hole"), "no ICMP names the flow, so no ICMP black hole");
    }

    // Frag-needed MTUs below 68 and above 65535; ICMPv6's MTU field has 32 bits. Below the quoted
    // packet, the MTU is reported as sent and the fix stays real; at or above it (every MTU past
    // 65535), the message is set aside with a note, as senders ignore it.

    /** What the report says of too-big messages whose MTU is not below the packet they quote. */
    private static final String SET_ASIDE = "reported an MTU no smaller than the packet quoted: set aside";

    @Test
    void impossibleIpv4MtusAreReportedAsSentWithARealFix() {
        for (int mtu : new int[] {0x0001, 67, 65535}) {
            String file = write(dir.resolve("mtu-" + mtu + ".pcap"), withTooBigMtu(CliTest.BLACK_HOLE,
                    ByteBuffer.allocate(2).putShort((short) mtu).array(), 6));   // next-hop MTU, bytes 6-7
            CliTest.Run run = CliTest.run(file);
            assertEquals("", run.err());
            if (mtu < 68) {
                assertTrue(run.out().contains("reports MTU " + mtu + ","), run.out());
                assertEquals(ExitCode.FINDINGS, run.exitCode());
                assertTrue(run.out().contains("ip link set dev \"$IFNAME\" mtu 1420"), run.out());
                assertFalse(run.out().contains("--set-mss"), "no MSS clamp from an impossible MTU:\n" + run.out());
            } else {
                assertTrue(run.out().contains("16 ICMP too-big messages " + SET_ASIDE), run.out());
                assertFalse(run.out().contains("MTU " + mtu), "no finding from a message senders ignore:\n" + run.out());
            }
        }
    }

    @Test
    void ipv6MtusPast65535AreSetAsideWithoutAnInternalError() {
        for (long mtu : new long[] {70_000, 0xFFFF_FFFFL}) {
            String file = write(dir.resolve("mtu6-" + mtu + ".pcap"), withTooBigMtu(IPV6_BLACK_HOLE,
                    ByteBuffer.allocate(4).putInt((int) mtu).array(), 4));      // MTU, bytes 4-7
            CliTest.Run run = CliTest.run(file);
            assertEquals("", run.err());
            assertTrue(run.exitCode() == ExitCode.OK || run.exitCode() == ExitCode.FINDINGS, "exit " + run.exitCode());
            assertTrue(run.out().contains(SET_ASIDE), run.out());
        }
    }

    @Test
    void evidenceSkipsATooBigMessageThatWasSetAside() {
        // The first frag-needed says 1500 about a 1420-byte packet; the other 15 say 1396.
        String file = write(dir.resolve("first-set-aside.pcap"), withTooBigMtu(CliTest.BLACK_HOLE,
                ByteBuffer.allocate(2).putShort((short) 1500).array(), 6, 1));
        CliTest.Run run = CliTest.run("--evidence", file);
        assertTrue(run.out().contains("1 ICMP too-big message " + SET_ASIDE), run.out());
        assertTrue(run.out().contains("frame 13: the first ICMP too-big from 10.0.2.1 about this flow, MTU 1396"), run.out());
        assertFalse(run.out().contains("frame 11:"), "frame 11 is the message set aside:\n" + run.out());
    }

    /** The capture with the MTU field of every too-big message, at {@code fieldOffset} in the ICMP header, set to {@code value}. */
    private static byte[] withTooBigMtu(String capture, byte[] value, int fieldOffset) {
        return withTooBigMtu(capture, value, fieldOffset, Integer.MAX_VALUE);
    }

    /** The same for the first {@code messages} too-big messages only. */
    private static byte[] withTooBigMtu(String capture, byte[] value, int fieldOffset, int messages) {
        Pcap seed = Pcap.read(capture);
        List<Record> records = new ArrayList<>();
        int changed = 0;
        for (Record record : seed.records()) {
            int icmp = tooBigOffset(record.frame());
            byte[] frame = record.frame().clone();
            if (icmp >= 0 && changed++ < messages) {
                System.arraycopy(value, 0, frame, icmp + fieldOffset, value.length);
            }
            records.add(record.withFrame(frame, record.originalLength()));
        }
        return seed.withRecords(records).toBytes();
    }

    // Text from capture data (interface names, comments) never reaches a printed line.

    @Test
    void capturedTextNeverReachesTheOutput() {
        String[] hostile = {"eth0; rm -rf /", "$(reboot)", "`reboot`", "'; reboot; '", "\"$IFNAME\"; reboot",
            "ppp0\nreboot", "\u001b]0;owned\u0007"};
        String file = HostileCaptures.seedWithText(dir.resolve("hostile-names.pcapng"), hostile);

        String text = assertSeedAnalysisKept(CliTest.run(file)).out();
        String json = CliTest.run("--format", "json", "--flows", file).out();
        assertEquals(json(CliTest.BLACK_HOLE), json(file), "the options change nothing in the analysis");
        for (String output : new String[] {text, json}) {
            for (String word : new String[] {"rm -rf", "reboot", "owned", "\u001b", "eth0", "ppp0"}) {
                assertFalse(output.contains(word), "'" + word + "' from the capture is printed:\n" + output);
            }
        }
        assertTrue(text.contains("\n    ip link set dev \"$IFNAME\" mtu 1420\n"), text);
        assertTrue(text.contains("\n    ifconfig \"$IFNAME\" mtu 1420\n"), text);
        assertTrue(json.contains("\"ipUp\": \"ip link set dev \\\"$IFNAME\\\" mtu 1420\""), json);
    }
}
