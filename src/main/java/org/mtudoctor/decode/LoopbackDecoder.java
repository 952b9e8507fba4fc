package org.mtudoctor.decode;

import static org.mtudoctor.decode.Bytes.signed32;

/**
 * BSD loopback (LINKTYPE_NULL) and OpenBSD loopback (LINKTYPE_LOOP): a 4-byte address family.
 * NULL writes it in the byte order of the machine that captured, which the file does not say,
 * so both orders are accepted; LOOP is big-endian, which the same test reads correctly.
 */
final class LoopbackDecoder {

    private static final int HEADER = 4;
    private static final int AF_INET = 2;
    // AF_INET6 differs between the BSDs: NetBSD/OpenBSD 24, FreeBSD/DragonFly 28, Darwin 30.
    private static final int AF_INET6_NETBSD_OPENBSD = 24;
    private static final int AF_INET6_FREEBSD = 28;
    private static final int AF_INET6_DARWIN = 30;

    private LoopbackDecoder() {
    }

    /** @return {@link LinkDecoder#IPV4}, {@link LinkDecoder#IPV6} or {@link LinkDecoder#NOT_IP} */
    static int decode(byte[] data, int start, int end, Packet out) {
        if (end - start < HEADER) {
            return LinkDecoder.truncated(out, "loopback");
        }
        out.linkHeaderLength = HEADER;
        int family = signed32(data, start);
        // Address families are small numbers: one that fills the upper half was written
        // little-endian.
        if ((family & 0xFFFF0000) != 0) {
            family = Integer.reverseBytes(family);
        }
        switch (family) {
            case AF_INET:
                return LinkDecoder.IPV4;
            case AF_INET6_NETBSD_OPENBSD:
            case AF_INET6_FREEBSD:
            case AF_INET6_DARWIN:
                return LinkDecoder.IPV6;
            default:
                return LinkDecoder.NOT_IP;
        }
    }
}
