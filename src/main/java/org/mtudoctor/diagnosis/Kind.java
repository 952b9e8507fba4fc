package org.mtudoctor.diagnosis;

/** The kinds of finding, in report order within a severity. */
public enum Kind {
    /** ICMP too-big reached the capture point, and the sender kept resending oversize: the ICMP is lost on the way. */
    PMTU_BLACK_HOLE("pmtu-black-hole", Severity.PROBLEM, true),
    /** No ICMP at all, and one oversize segment is resent again and again, never acknowledged. */
    SILENT_BLACK_HOLE("silent-black-hole", Severity.PROBLEM, true),
    /**
     * Seen from the receiving end: bytes a sender sent never arrived, for seconds, while nothing
     * larger than what did arrive ever came, though the MSS allowed more.
     */
    RECEIVER_BLACK_HOLE("receiver-black-hole", Severity.PROBLEM, true),
    /** A sender's segments exceed the MSS the other side advertised in its SYN in this capture. */
    MSS_RAISED_IN_PATH("mss-raised-in-path", Severity.WARNING, true),
    /** ICMP too-big, then the sender resent at or below the MTU: path MTU discovery works. */
    PMTUD_WORKED("pmtud-worked", Severity.INFO, true),
    /**
     * ICMP too-big, but the capture ends before the sender shows what it made of it. Live mode
     * never announces it: it is the state before the answer.
     */
    PMTUD_UNCONFIRMED("pmtud-unconfirmed", Severity.INFO, false),
    /** A router reported next-hop MTU 0 and the MTU was estimated (RFC 1191 plateaus). */
    ICMP_MTU_ZERO("icmp-mtu-zero", Severity.INFO, true),
    /** GRO/TSO aggregates far above any MTU; they are left out of every size judgement. */
    OFFLOAD_AGGREGATES("offload-aggregates", Severity.INFO, true),
    /**
     * ICMP too-big about traffic that is no TCP flow here (UDP, a ping): the path MTU toward its
     * destination. Live mode does not announce it (it is about no flow); the final report has it.
     */
    PATH_MTU("path-mtu", Severity.INFO, false);

    private final String label;
    private final Severity severity;
    private final boolean announcedLive;

    Kind(String label, Severity severity, boolean announcedLive) {
        this.label = label;
        this.severity = severity;
        this.announcedLive = announcedLive;
    }

    /** Live mode announces a finding of this kind the moment it is established. */
    public boolean announcedLive() {
        return announcedLive;
    }

    public String label() {
        return label;
    }

    public Severity severity() {
        return severity;
    }

    public static Kind fromLabel(String label) {
        for (Kind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("finding kind '" + label + "'");
    }
}
