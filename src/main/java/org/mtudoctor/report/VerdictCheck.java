package org.mtudoctor.report;

import java.util.List;
import java.util.Set;

/**
 * One capture of a regression folder checked against its expected verdict.
 *
 * @param status     PASS, FAIL, or NEW (a capture in the folder with no expected verdict)
 * @param exitCode   the exit code mtudoctor gives it now
 * @param kinds      the finding kinds it reports now
 * @param mtu        the fix's MTU now, -1 when there is no fix
 * @param mismatches what differs from the expectation, one phrase each (empty on PASS)
 * @param suggestion the manifest line that describes the verdict now: for NEW, and for FAIL where
 *                   a line can say it (not for comparisons); null otherwise
 * @param nanos      how long the check took
 */
public record VerdictCheck(String capture, Status status, int exitCode, Set<String> kinds, int mtu,
                           List<String> mismatches, String suggestion, long nanos) {

    public enum Status { PASS, FAIL, NEW }

    /** How verdicts.txt and the table write "no fix": {@code mtu=none}. */
    public static final String NO_MTU = "none";

    /** An MTU as verdicts.txt and the table write it: the number, or {@value #NO_MTU} for -1. */
    public static String mtuText(int mtu) {
        return mtu < 0 ? NO_MTU : Integer.toString(mtu);
    }

    public VerdictCheck {
        kinds = Set.copyOf(kinds);
        mismatches = List.copyOf(mismatches);
    }
}
