package org.mtudoctor.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Capture timestamps as reports print them: UTC, microseconds, like tcpdump -tttt. */
final class Times {
    private Times() {
    }

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String dateTime(long nanos) {
        return DATE_TIME.format(instant(nanos));
    }

    /** ISO 8601 in UTC, for JSON. */
    static String iso(long nanos) {
        return ISO.format(instant(nanos));
    }

    /** "first to last UTC", with the date written once when both fall on the same day. */
    static String interval(long first, long last) {
        String start = dateTime(first);
        String end = dateTime(last);
        if (start.regionMatches(0, end, 0, 10)) {
            end = TIME.format(instant(last));
        }
        return start + " to " + end + " UTC";
    }

    /** Seconds with millisecond precision. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** Seconds with a sign and microsecond precision: a clock offset. */
    static String signedSeconds(long nanos) {
        return String.format(Locale.ROOT, "%+.6f s", nanos / 1e9);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
