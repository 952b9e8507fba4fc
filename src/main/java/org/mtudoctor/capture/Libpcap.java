package org.mtudoctor.capture;

import java.sql.Timestamp;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/** What the file and live sources share about libpcap as pcap4j presents it. */
final class Libpcap {
    static final String MISSING = "libpcap is not installed (Debian/Ubuntu: apt-get install libpcap0.8)";

    private Libpcap() {
    }

    /**
     * Touches libpcap first through a call that lets a missing library show. pcap4j binds libpcap
     * when first used, and without it the JVM throws an Error, which no caller above expects; worse,
     * some pcap4j calls catch that Error and report the first function they could not find
     * ("pcap_open_offline_with_tstamp_precision is not supported"), which sends the user looking
     * for the wrong problem.
     */
    static void require() throws CaptureException {
        try {
            Pcaps.libVersion();
        } catch (LinkageError e) {
            throw new CaptureException(MISSING, e);
        }
    }

    /** libpcap's own words, without the prefix pcap4j adds to some ("Error occurred in pcap_compile: "). */
    static String message(PcapNativeException error) {
        String message = String.valueOf(error.getMessage());
        if (message.startsWith("Error occur")) {
            int colon = message.indexOf(": ");
            if (colon >= 0) {
                return message.substring(colon + 2);
            }
        }
        return message;
    }

    /** pcap4j's Timestamp holds whole milliseconds plus the exact nanoseconds within the second. */
    static long timestampNanos(Timestamp timestamp) {
        return Math.floorDiv(timestamp.getTime(), 1000L) * 1_000_000_000L + timestamp.getNanos();
    }

    /**
     * LINKTYPE_ value for a DLT_ value as libpcap reports it on Linux. The two agree except for a few
     * old types whose DLT_ numbers differ between platforms (see libpcap's pcap-common.c).
     */
    static int linkTypeOf(int dlt) {
        if (dlt == LinkType.RAW.dlt()) { // DLT_RAW
            return LinkType.RAW.code();
        }
        return switch (dlt) {
            case 11 -> 100; // DLT_ATM_RFC1483
            case 15 -> 102; // DLT_SLIP_BSDOS
            case 16 -> 103; // DLT_PPP_BSDOS
            case 19 -> 106; // DLT_ATM_CLIP
            default -> dlt;
        };
    }
}
