package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtudoctor compare} on the seed's transfer captured at three points in one run
 * (scripts/scenario seed-black-hole-ends): the client, vpn's upstream link and the server.
 */
class CompareCommandTest {

    static final String CLIENT = "client=captures/seed-black-hole-ends-client.pcap";
    static final String VPN = "vpn=captures/seed-black-hole-ends.pcap";
    static final String SERVER = "server=captures/seed-black-hole-ends-server.pcap";

    @Test
    void theRaisedMssIsLocatedBetweenTheVpnAndTheServerWhateverOrderThePointsAreGivenIn() {
        for (String[] order : new String[][] {{VPN, SERVER, CLIENT}, {SERVER, CLIENT, VPN}}) {
            CliTest.Run run = CliTest.run("compare", order[0], order[1], order[2]);
            assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("POINTS, from the client's end"), run.out());
            int client = run.out().indexOf("\n  client "), vpn = run.out().indexOf("\n  vpn "),
                    server = run.out().indexOf("\n  server ");
            assertTrue(client > 0 && client < vpn && vpn < server, "path order by TTL:\n" + run.out());
            assertTrue(run.out().contains("WARNING  mss-rewritten: the SYN's MSS was raised between vpn and server: "
                    + "1356 at vpn, 1380 at server"), run.out());
            assertFalse(run.out().contains("between client and vpn"), "nothing changes there:\n" + run.out());
            assertTrue(run.out().contains("  Between vpn and server: let ICMP too-big through")
                    && run.out().contains("  Between vpn and server: something raises the SYN's MSS (1356 to 1380)"), run.out());
        }
    }

    @Test
    void theIcmpThatLeavesTheVpnAndNeverReachesTheServerIsTheBlackHoleLocated() {
        CliTest.Run run = CliTest.run("compare", SERVER, VPN);
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) leaves vpn and"
                + " never reaches server"), run.out());
        assertTrue(run.out().contains("16 messages at vpn, 0 at server, about 1 connection both points saw"), run.out());
        assertTrue(run.out().contains("vpn frame 11: about 10.0.3.2:8080 -> 10.0.1.2:"), "the first ICMP:\n" + run.out());
        // The client's point is before the router that sends the ICMP: it never sees them, and
        // that is no drop.
        CliTest.Run front = CliTest.run("compare", CLIENT, VPN);
        assertFalse(front.out().contains("icmp-dropped-between"), front.out());
    }

    @Test
    void packetsThatVanishSilentlyBetweenTwoPointsLocateTheSilentBlackHole() {
        CliTest.Run run = CliTest.run("compare", "client=captures/silent-black-hole-ends-client.pcap",
                "vpn=captures/silent-black-hole-ends.pcap");
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("PROBLEM  lost-between: the server's packets above 255 bytes leave vpn and never"
                + " reach client; smaller ones do"), run.out());
        assertTrue(run.out().contains("16 packets of 1420 bytes or more vanished"), run.out());
        assertTrue(run.out().contains("1 cross-point problem, 0 warnings, 0 info"), run.out());
        assertTrue(run.out().contains("WHERE TO ACT\n  Between vpn and client: a link carries less than 1420 bytes and sends no"
                + " ICMP about it: give it MTU 1420 or more"), run.out());
    }

    @Test
    void packetsARouterDropsAndSaysSoAreInformationBesideItsIcmp() {
        // The seed: vpn's own link drops the 1420-byte packets and sends ICMP (which isp drops).
        CliTest.Run run = CliTest.run("compare", "vpn-in=captures/seed-nat-vpn-in.pcap", "vpn=captures/seed-nat.pcap",
                "server=captures/seed-nat-server.pcap");
        assertTrue(run.out().contains("INFO  lost-between: the server's packets above 255 bytes leave vpn and never"
                + " reach vpn-in"), run.out());
        assertTrue(run.out().contains("PROBLEM  icmp-dropped-between"), run.out());
        assertTrue(run.out().contains("1 cross-point problem, 1 warning, 1 info"), run.out());
    }

    @Test
    void aCaptureOfEveryInterfaceIsAPointPerInterfaceWithTheFilesFrameNumbers() {
        // vpn's tcpdump -i any (Linux cooked v2): interface index 2 is to-client, 3 is to-isp.
        CliTest.Run run = CliTest.run("compare", "server=captures/seed-any-ends-server.pcap", "vpn=captures/seed-any-ends.pcap");
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
        int client = run.out().indexOf("\n  vpn ifindex 2 "), upstream = run.out().indexOf("\n  vpn ifindex 3 "),
                server = run.out().indexOf("\n  server ");
        assertTrue(client > 0 && client < upstream && upstream < server, "path order:\n" + run.out());
        assertTrue(run.out().contains("leave vpn ifindex 3 and never reach vpn ifindex 2"), run.out());
        // Frame 20 of the file is the first ICMP, as tshark numbers it (not the 11th frame of ifindex 3).
        assertTrue(run.out().contains("vpn ifindex 3 frame 20: about 10.0.3.2:8080"), run.out());
        assertTrue(run.out().contains("its first packet that vanished: vpn ifindex 3 frame 19"), "the first 1420-byte one:\n"
                + run.out());
    }

    @Test
    void theSameCaptureTwiceMatchesEveryConnectionAndFindsNothingRewritten() {
        CliTest.Run run = CliTest.run("compare", "a=captures/clean.pcap", "b=captures/clean.pcap");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("in the order given"), run.out());
        assertTrue(run.out().contains("a -> b: 1 connection seen at both, 0 at a only, 0 at b only"), run.out());
        assertTrue(run.out().contains("clock +0.000000 s"), run.out());
        assertTrue(run.out().contains("0 cross-point problems, 0 warnings, 0 info"), run.out());
    }

    @Test
    void unrelatedCapturesMatchNothingAndSaySo() {
        CliTest.Run run = CliTest.run("compare", "captures/clean.pcap", "captures/two-routers.pcap");
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("No connection was seen at two points"), run.out());
    }

    @Test
    void aPointThatCannotBeReadIsExit4AndTheOthersAreStillCompared() {
        CliTest.Run run = CliTest.run("compare", VPN, SERVER, "gone=captures/no-such.pcap");
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("error: gone: "), run.out());
        assertTrue(run.out().contains("raised between vpn and server"), run.out());
    }

    @Test
    void aClampOfTheSynAloneIsOneDirectionOnly() {
        CliTest.Run run = CliTest.run("compare", "client=captures/clamp-works-client.pcap", "vpn=captures/clamp-works.pcap");
        assertEquals(ExitCode.OK, run.exitCode(), "a warning fails only with --fail-on warning: " + run.out());
        assertTrue(run.out().contains("WARNING  mss-rewritten: the SYN's MSS was lowered between client and vpn: "
                + "1460 at client, 1356 at vpn"), run.out());
        assertTrue(run.out().contains("lowers the SYN's MSS only"), run.out());
        assertEquals(ExitCode.FINDINGS, CliTest.run("compare", "--fail-on", "warning", "client=captures/clamp-works-client.pcap",
                "vpn=captures/clamp-works.pcap").exitCode());
    }

    @Test
    void twoPointsOfOneNameAreAUsageError() {
        CliTest.Run run = CliTest.run("compare", "captures/clean.pcap", "captures/clean.pcap");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("two points have the same name"), run.err());
    }

    /**
     * A copy of a little-endian microsecond pcap (as tcpdump writes on x86) with every timestamp
     * moved by {@code seconds} and only its first {@code records} records (all when negative).
     */
    static Path rewritten(Path source, long seconds, int records, Path target) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(source)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, in.getInt(0), "a little-endian microsecond pcap");
        ByteBuffer out = ByteBuffer.allocate(in.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(in.array(), 0, 24);
        int position = 24;
        for (int record = 0; position + 16 <= in.capacity() && (records < 0 || record < records); record++) {
            int captured = in.getInt(position + 8);
            out.put(in.array(), position, 16 + captured);
            out.putInt(out.position() - 16 - captured, (int) (in.getInt(position) + seconds));
            position += 16 + captured;
        }
        Files.write(target, java.util.Arrays.copyOf(out.array(), out.position()));
        return target;
    }

    @Test
    void clocksHoursApartAreMeasuredAndChangeNothingElse(@TempDir Path directory) throws IOException {
        Path late = rewritten(Path.of("captures/seed-black-hole-ends-server.pcap"), 3 * 3600, -1,
                directory.resolve("server.pcap"));
        CliTest.Run run = CliTest.run("compare", VPN, "server=" + late);
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
        java.util.regex.Matcher clock = java.util.regex.Pattern.compile("server's clock ([-+][0-9.]+) s from vpn's \\(transit ")
                .matcher(run.out());
        assertTrue(clock.find(), run.out());
        assertEquals(3 * 3600, Double.parseDouble(clock.group(1)), 0.001, "the offset, 3 h, the transit apart:\n" + run.out());
        assertTrue(run.out().contains("never reaches server") && run.out().contains("1356 at vpn, 1380 at server"),
                run.out());
    }

    @Test
    void aPointThatStoppedCapturingMissedNothingThatCameLater(@TempDir Path directory) throws IOException {
        // The server's capture cut after its first packet, the SYN: the connection matches and its
        // MSS is compared, but the ICMPs vpn sent afterwards were never due at a point that had stopped.
        Path one = rewritten(Path.of("captures/seed-black-hole-ends-server.pcap"), 0, 1, directory.resolve("one.pcap"));
        CliTest.Run run = CliTest.run("compare", VPN, "one=" + one);
        assertTrue(run.out().contains("vpn -> one: 1 connection seen at both"), run.out());
        assertTrue(run.out().contains("1356 at vpn, 1380 at one"), run.out());
        assertFalse(run.out().contains("icmp-dropped-between"), run.out());
        assertEquals(ExitCode.FINDINGS, run.exitCode(), "vpn's own black hole: " + run.out());
    }

    @Test
    void interfaceNamesMustBeWellFormedAndNameAGivenPoint() {
        CliTest.Run unknown = CliTest.run("compare", "--ifname", "isp:2=eth0", VPN, SERVER);
        assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("--ifname names an interface of point 'isp', which is not given"), unknown.err());
        CliTest.Run malformed = CliTest.run("--ifname", "eth0", "captures/seed-isp-any.pcap");
        assertEquals(ExitCode.USAGE, malformed.exitCode(), malformed.err());
        assertTrue(malformed.err().contains("--ifname 'eth0': expected [POINT:]INDEX=NAME"), malformed.err());
    }

    @Test
    void oneHostsCaptureOfTwoInterfacesShowsWhatChangedInsideItWithoutCompare() {
        CliTest.Run run = CliTest.run("--ifname", "2=to-vpn,3=to-server", "captures/seed-isp-any.pcap");
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("WARNING  mss-rewritten: the SYN's MSS was raised on this host, from to-vpn to"
                + " to-server: 1356 at to-vpn, 1380 at to-server"), run.out());
        assertTrue(run.out().contains("PROBLEM  icmp-dropped-between: ICMP too-big from 10.0.2.1 (MTU 1396) enters this"
                + " host on to-vpn and never leaves on to-server"), run.out());
        // A capture of one interface has no such section.
        assertFalse(CliTest.run("captures/seed-black-hole.pcap").out().contains("BETWEEN INTERFACES"));
    }

    @Test
    void interfacesThatShareNoConnectionAreNoHostToLookInside() {
        // Two interfaces of one pcapng, each with its own traffic (nDPI's test capture): nothing
        // crossed from one to the other, so there is nothing to say between them.
        java.nio.file.Path capture = org.mtudoctor.testing.Prerequisites.requirePublicCaptures().resolve("nDPI/z3950.pcapng");
        CliTest.Run run = CliTest.run(capture.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.out() + run.err());
        assertFalse(run.out().contains("BETWEEN INTERFACES"), run.out());
    }
}
