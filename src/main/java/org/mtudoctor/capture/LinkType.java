package org.mtudoctor.capture;

/**
 * The link-layer header types mtudoctor decodes: the one table of them, by their LINKTYPE_* value
 * (https://www.tcpdump.org/linktypes.html), which capture files and {@link FrameSink} carry.
 * Anything else is {@link #fromCode} {@code null}: counted and named in the report, never fatal.
 *
 * <p>Each type also has the DLT_* value libpcap on Linux reports for it, and pcap4j's
 * {@code DataLinkType} names it by. The two numbers are the same but for raw IP: LINKTYPE_RAW (101)
 * is DLT_RAW, 12 on Linux. LINKTYPE 12 and 14 are raw IP as some BSDs wrote it into files.
 */
public enum LinkType {
    NULL(0, "NULL/loopback"),
    ETHERNET(1, "Ethernet"),
    PPP(9, "PPP"),
    RAW_BSD_12(12, "raw IP (12)"),
    RAW_BSD_14(14, "raw IP (14)"),
    PPP_HDLC(50, "PPP in HDLC framing"),
    RAW(101, 12, "raw IP"),
    C_HDLC(104, "Cisco HDLC"),
    LOOP(108, "OpenBSD loopback"),
    LINUX_SLL(113, "Linux cooked v1"),
    IPV4(228, "raw IPv4"),
    IPV6(229, "raw IPv6"),
    LINUX_SLL2(276, "Linux cooked v2");

    private final int code;
    private final int dlt;
    private final String description;

    LinkType(int code, String description) {
        this(code, code, description);
    }

    LinkType(int code, int dlt, String description) {
        this.code = code;
        this.dlt = dlt;
        this.description = description;
    }

    /** The LINKTYPE_* value. */
    public int code() {
        return code;
    }

    /** The DLT_* value, as libpcap on Linux reports it and pcap4j names it. */
    public int dlt() {
        return dlt;
    }

    public String description() {
        return description;
    }

    private static final LinkType[] BY_CODE = byCode();

    private static LinkType[] byCode() {
        int largest = 0;
        for (LinkType type : values()) {
            largest = Math.max(largest, type.code);
        }
        LinkType[] byCode = new LinkType[largest + 1];
        for (LinkType type : values()) {
            byCode[type.code] = type;
        }
        return byCode;
    }

    /**
     * The link type with this LINKTYPE_* value, or {@code null} when mtudoctor does not decode it.
     * An array lookup: cheap enough for every frame.
     */
    public static LinkType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The DLT_* value for a LINKTYPE_* value, known or not: an unknown one is left as it is. */
    public static int dltOf(int code) {
        LinkType type = fromCode(code);
        return type != null ? type.dlt : code;
    }

    /** How the report names a link type code, known or not. */
    public static String describe(int code) {
        LinkType type = fromCode(code);
        return type != null ? type.description + " (" + code + ")" : "link type " + code;
    }
}
