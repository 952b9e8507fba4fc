package org.mtudoctor.capture;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link LiveCapture#open} captures, and how.
 *
 * @param interfaces  the capture devices, as {@code -i} names them ({@code any} included); a frame's
 *                    interface id is its device's index in this list
 * @param snapLength  bytes kept of each frame; the default, 256, holds every header the analysis reads
 *                    and the start of an ICMP quote (its IP and TCP headers)
 * @param promiscuous also capture frames addressed to other hosts (off by default: the VPN server's
 *                    own traffic is what matters, and promiscuous mode is visible to the network)
 * @param userFilter  a BPF expression that narrows the {@linkplain LiveCapture#DEFAULT_FILTER default
 *                    filter}, or {@code null}; a blank one counts as none
 * @param count       stop after this many frames were delivered, or {@link #UNLIMITED}
 * @param writeFile   also save the delivered frames here, or {@code null}; see {@link LiveCapture}
 *                    for the format
 * @param bufferKib   the kernel's capture buffer of each interface, in KiB (tcpdump's -B): what
 *                    waits there while the analysis is busy, as when the JIT compiles at the start
 */
public record LiveOptions(List<String> interfaces, int snapLength, boolean promiscuous, String userFilter,
                          long count, Path writeFile, int bufferKib) {

    public static final int DEFAULT_SNAP_LENGTH = 256;
    /** libpcap's largest snap length (MAXIMUM_SNAPLEN). */
    public static final int MAXIMUM_SNAP_LENGTH = 262_144;
    public static final long UNLIMITED = -1;
    /**
     * 32 MiB: at 346,000 packets/s (the most tcpreplay makes on the bench machine) nothing was
     * dropped for 30 s, where 8 MiB lost 0.16-0.54%, each about 0.15 s of the traffic, what
     * the analysis falls behind by while the JIT compiles at the start (bench/RESULTS.md).
     */
    public static final int DEFAULT_BUFFER_KIB = 32 * 1024;
    /** The largest buffer whose size in bytes libpcap takes (an int). */
    public static final int MAXIMUM_BUFFER_KIB = Integer.MAX_VALUE / 1024;

    /** The same with the default buffer. */
    public LiveOptions(List<String> interfaces, int snapLength, boolean promiscuous, String userFilter, long count,
                       Path writeFile) {
        this(interfaces, snapLength, promiscuous, userFilter, count, writeFile, DEFAULT_BUFFER_KIB);
    }

    /** @throws IllegalArgumentException with a one-line message, meant as a usage error */
    public LiveOptions {
        interfaces = List.copyOf(interfaces);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to capture on");
        }
        Set<String> seen = new HashSet<>();
        for (String name : interfaces) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("an interface name is empty");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("interface " + name + " is named twice");
            }
        }
        if (snapLength < 1 || snapLength > MAXIMUM_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " (expected: 1 to "
                    + MAXIMUM_SNAP_LENGTH + ")");
        }
        if (bufferKib < 1 || bufferKib > MAXIMUM_BUFFER_KIB) {
            throw new IllegalArgumentException("buffer size " + bufferKib + " KiB (expected: 1 to "
                    + MAXIMUM_BUFFER_KIB + ")");
        }
        if (count != UNLIMITED && count < 1) {
            throw new IllegalArgumentException("count " + count + " (expected: 1 or more)");
        }
        userFilter = userFilter == null || userFilter.isBlank() ? null : userFilter.strip();
    }

    /** These interfaces with every other option at its default. */
    public static LiveOptions of(String... interfaces) {
        return new LiveOptions(List.of(interfaces), DEFAULT_SNAP_LENGTH, false, null, UNLIMITED, null);
    }
}
