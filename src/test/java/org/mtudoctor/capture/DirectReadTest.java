package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.Prerequisites;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;

/**
 * pcap_next_ex called straight gives what pcap4j's getNextRawPacketEx gives, frame by frame: the
 * bytes, the length on the wire and the time (in microseconds and in nanoseconds), on captures
 * libpcap opens offline, so that it is tested without root. Live capture reads through it.
 */
class DirectReadTest {

    record Frame(long nanos, byte[] data, int originalLength) {
    }

    private static List<Frame> throughPcap4j(String file, PcapHandle.TimestampPrecision precision) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(file, precision)) {
            while (true) {
                byte[] data;
                try {
                    data = handle.getNextRawPacketEx();
                } catch (EOFException end) {
                    return frames;
                }
                frames.add(new Frame(Libpcap.timestampNanos(handle.getTimestamp()), data, handle.getOriginalLength()));
            }
        }
    }

    private static List<Frame> direct(String file, PcapHandle.TimestampPrecision precision) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(file, precision)) {
            DirectRead read = DirectRead.of(handle);
            assertNotNull(read, "pcap_next_ex straight is set up on this machine");
            int result;
            while ((result = read.next()) == 1) {
                frames.add(new Frame(read.timestampNanos, read.frame, read.originalLength));
            }
            assertEquals(DirectRead.BREAK, result, "the file's end, as libpcap gives it (PCAP_ERROR_BREAK)");
        }
        return frames;
    }

    @Test
    void givesWhatPcap4jGivesFrameByFrame() throws Exception {
        Prerequisites.requireLibpcap();
        for (String file : List.of("captures/seed-black-hole.pcap", "captures/seed-black-hole-snap96.pcap",
                "captures/seed-black-hole-pcapng.pcapng", "captures/mtu-zero.pcap")) {
            for (PcapHandle.TimestampPrecision precision : PcapHandle.TimestampPrecision.values()) {
                List<Frame> expected = throughPcap4j(file, precision);
                List<Frame> actual = direct(file, precision);
                assertEquals(expected.size(), actual.size(), file);
                for (int i = 0; i < expected.size(); i++) {
                    String where = file + " " + precision + " frame " + (i + 1);
                    assertEquals(expected.get(i).nanos(), actual.get(i).nanos(), where);
                    assertEquals(expected.get(i).originalLength(), actual.get(i).originalLength(), where);
                    assertArrayEquals(expected.get(i).data(), actual.get(i).data(), where);
                }
            }
        }
    }
}
