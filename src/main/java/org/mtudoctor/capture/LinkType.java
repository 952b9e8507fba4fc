package org.mtudoctor.capture;

/**
 * The link-layer header types mtudoctor decodes, by their LINKTYPE_* value
 * (https://www.tcpdump.org/linktypes.html). Anything else is {@link #fromCode} {@code null}:
 * counted and named in the report, never fatal.
 */
public enum LinkType {
    NULL(0, "NULL/loopback"),
    ETHERNET(1, "Ethernet"),
    PPP(9, "PPP"),
    RAW_BSD_12(12, "raw IP (12)"),
    RAW_BSD_14(14, "raw IP (14)"),
    PPP_HDLC(50, "PPP in HDLC framing"),
    RAW(101, "raw IP"),
    C_HDLC(104, "Cisco HDLC"),
    LOOP(108, "OpenBSD loopback"),
    LINUX_SLL(113, "Linux cooked v1"),
    IPV4(228, "raw IPv4"),
    IPV6(229, "raw IPv6"),
    LINUX_SLL2(276, "Linux cooked v2");

    private final int code;
    private final String description;

    LinkType(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    private static final LinkType[] BY_CODE = new LinkType[277];

    static {
        for (LinkType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    /** The link type with this LINKTYPE_* value, or {@code null} when mtudoctor does not decode it. */
    public static LinkType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** How the report names a link type code, known or not. */
    public static String describe(int code) {
        LinkType type = fromCode(code);
        return type != null ? type.description + " (" + code + ")" : "link type " + code;
    }
}
