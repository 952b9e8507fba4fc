package org.mtudoctor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * One libpcap handle of a {@link LiveCapture}, and the loop its reader thread runs.
 *
 * <p>Every libpcap call on the handle after opening happens on that thread, statistics included,
 * except {@link #interrupt}: pcap_breakloop is the one call libpcap makes for another thread.
 */
final class LiveInterface {
    /**
     * The longest a captured frame waits in the kernel's ring before libpcap gets it: a finding is
     * announced at most this late. It is also how long a read waits when nothing arrives, where
     * libpcap honours it: then it refreshes the statistics of a quiet interface. libpcap 1.10 on
     * Linux never times out a read; there a stop wakes the read through pcap_breakloop, and a quiet
     * interface's counters are refreshed when the capture ends.
     */
    private static final int BLOCK_TIMEOUT_MILLIS = 50;
    private static final long STATISTICS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAXIMUM_NAMES_LISTED = 30;

    // libpcap's PCAP_ERROR_* codes that get a message of their own.
    private static final int NO_SUCH_DEVICE = -5;
    private static final int PERMISSION_DENIED = -8;
    private static final int INTERFACE_NOT_UP = -9;
    private static final int PROMISCUOUS_PERMISSION_DENIED = -11;

    final String name;
    final int id;
    final int linkType;
    final int snapLength;
    private final PcapHandle handle;
    private volatile CaptureStatistics.Counters counters;
    private volatile String failure;
    private volatile boolean abandoned;

    private LiveInterface(String name, int id, PcapHandle handle) throws NotOpenException {
        this.name = name;
        this.id = id;
        this.handle = handle;
        this.linkType = Libpcap.linkTypeOf(handle.getDlt().value());
        this.snapLength = handle.getSnapshot();
        this.counters = CaptureStatistics.Counters.none(name);
    }

    /**
     * Opens and activates the device, chooses its link type and installs the kernel filter.
     * libpcap must be known to be present.
     */
    static LiveInterface open(String name, int id, LiveOptions options) throws CaptureException {
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(name)
                    .snaplen(options.snapLength())
                    .promiscuousMode(options.promiscuous() ? PromiscuousMode.PROMISCUOUS : PromiscuousMode.NONPROMISCUOUS)
                    // Not immediate: the kernel hands libpcap its ring's blocks when full or after
                    // BLOCK_TIMEOUT_MILLIS, so a busy link costs a wake-up a block, not a packet
                    // (a third of the CPU, and no drop at 100,000 packets/s: bench/RESULTS.md).
                    .immediateMode(false)
                    .timeoutMillis(BLOCK_TIMEOUT_MILLIS)
                    .bufferSize(options.bufferKib() * 1024)
                    // pcap4j falls back to microseconds where libpcap has no nanoseconds.
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw openFailure(name, e);
        }
        try {
            // Linux cooked v2 on "any" has the interface index, as tcpdump 4.99 chooses it.
            DataLinkType cookedV2 = DataLinkType.getInstance(LinkType.LINUX_SLL2.dlt());
            if ("any".equals(name) && handle.listDatalinks().contains(cookedV2)) {
                handle.setDlt(cookedV2);
            }
            int linkType = Libpcap.linkTypeOf(handle.getDlt().value());
            if (!KernelFilter.capturesLive(LinkType.fromCode(linkType))) {
                throw new CaptureException(name + ": its " + LinkType.describe(linkType)
                        + " is not a link type mtudoctor decodes");
            }
            KernelFilter.install(handle, name, options.userFilter());
            return new LiveInterface(name, id, handle);
        } catch (CaptureException e) {
            handle.close();
            throw e;
        } catch (PcapNativeException e) {
            handle.close();
            throw new CaptureException(name + ": cannot capture: " + Libpcap.message(e), e);
        } catch (NotOpenException e) {
            throw new IllegalStateException("a handle just opened is closed", e);
        }
    }

    private static CaptureException openFailure(String name, PcapNativeException e) {
        int code = e.getReturnCode() == null ? 0 : e.getReturnCode();
        String message = Libpcap.message(e);
        return switch (code) {
            case NO_SUCH_DEVICE -> new CaptureException("no such interface: " + name + knownInterfaces(), e);
            case PERMISSION_DENIED, PROMISCUOUS_PERMISSION_DENIED -> new CaptureException(
                    name + ": no permission to capture (" + message + "); " + permissionAdvice(), e);
            case INTERFACE_NOT_UP -> new CaptureException(name + ": the interface is down (" + message + ")", e);
            default -> new CaptureException(name + ": cannot capture: " + message, e);
        };
    }

    /** "; capture interfaces: a, b, c", or nothing when libpcap cannot list them either. */
    private static String knownInterfaces() {
        try {
            List<String> names = Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).sorted().toList();
            if (names.isEmpty()) {
                return "; libpcap finds no capture interface";
            }
            String listed = names.stream().limit(MAXIMUM_NAMES_LISTED).collect(Collectors.joining(", "));
            int more = names.size() - MAXIMUM_NAMES_LISTED;
            return "; capture interfaces: " + listed + (more > 0 ? " and " + more + " more" : "");
        } catch (PcapNativeException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Run as root, or give this very java binary the capabilities. A binary with file capabilities
     * runs in the loader's secure mode, which ignores java's $ORIGIN library path: without the
     * ld.so.conf line, that java would no longer start for anyone but root (libjli.so not found).
     */
    static String permissionAdvice() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path libraries = Path.of(System.getProperty("java.home"), "lib");
        try {
            java = java.toRealPath();
            libraries = libraries.toRealPath();
        } catch (IOException e) {
            // Name the path as the JVM knows it; the user can still resolve it.
        }
        return String.format(Locale.ROOT, "run as root, or allow this java to capture: setcap"
                        + " cap_net_raw,cap_net_admin=eip %s && echo %s > /etc/ld.so.conf.d/mtudoctor-java.conf"
                        + " && ldconfig (a java with capabilities ignores its own library path)",
                java, libraries);
    }

    /**
     * Reads until stopped, the handle fails, or the consumer stops taking frames: with libpcap's
     * pcap_next_ex called straight ({@link DirectRead}), or through pcap4j where that cannot be
     * set up. Each frame is a copy out of libpcap's buffer, so it stays valid in the queue. Ends
     * by queueing {@link LiveFrame#ended}, whatever happens.
     */
    void read(BlockingQueue<LiveFrame> queue, LiveCapture capture) {
        DirectRead direct = DirectRead.of(handle);
        long nextStatistics = System.nanoTime() + STATISTICS_INTERVAL_NANOS;
        try {
            while (!capture.stopping()) {
                LiveFrame frame;
                if (direct != null) {
                    int result = direct.next();
                    if (result == DirectRead.ERROR) {
                        throw new PcapNativeException(handle.getError(), result);
                    }
                    if (result != 1) {
                        // A timeout (a quiet interface), or pcap_breakloop: only a stop calls it.
                        if (result == DirectRead.TIMEOUT) {
                            refreshStatistics();
                            nextStatistics = System.nanoTime() + STATISTICS_INTERVAL_NANOS;
                        }
                        continue;
                    }
                    frame = new LiveFrame(id, direct.timestampNanos, direct.frame, direct.originalLength);
                } else {
                    byte[] data;
                    try {
                        data = handle.getNextRawPacketEx();
                    } catch (TimeoutException quiet) {
                        refreshStatistics();
                        nextStatistics = System.nanoTime() + STATISTICS_INTERVAL_NANOS;
                        continue;
                    } catch (EOFException broken) {
                        // pcap_breakloop: only a stop calls it.
                        continue;
                    }
                    frame = new LiveFrame(id, Libpcap.timestampNanos(handle.getTimestamp()), data,
                            handle.getOriginalLength());
                }
                putUninterruptibly(queue, frame);
                if (System.nanoTime() - nextStatistics >= 0) {
                    refreshStatistics();
                    nextStatistics = System.nanoTime() + STATISTICS_INTERVAL_NANOS;
                }
            }
        } catch (PcapNativeException e) {
            // The device went away or down: libpcap says so ("The interface disappeared").
            failure = name + ": capture ended: " + Libpcap.message(e);
        } catch (NotOpenException e) {
            failure = name + ": capture ended: the handle was closed";
        } catch (RuntimeException e) {
            failure = name + ": capture ended: " + e;
        } finally {
            refreshStatistics();
            putUninterruptibly(queue, LiveFrame.ended(id));
        }
    }

    private void refreshStatistics() {
        try {
            PcapStat stat = handle.getStats();
            counters = new CaptureStatistics.Counters(name, stat.getNumPacketsReceived(),
                    stat.getNumPacketsDropped(), stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            // Keep the last counters: a failed refresh must not end the capture.
        }
    }

    private static void putUninterruptibly(BlockingQueue<LiveFrame> queue, LiveFrame frame) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(frame);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes a read blocked in libpcap, from any thread. */
    void interrupt() {
        try {
            handle.breakLoop();
        } catch (NotOpenException | RuntimeException e) {
            // Closed already: nothing is blocked in it.
        }
    }

    CaptureStatistics.Counters counters() {
        return counters;
    }

    /** Why the capture on this interface ended early, or {@code null}. */
    String failure() {
        return failure;
    }

    CaptureWriter.Interface described() {
        return new CaptureWriter.Interface(name, linkType, snapLength);
    }

    /** A reader that did not return from libpcap after a stop: its handle must not be closed. */
    void abandon() {
        abandoned = true;
    }

    void close() {
        if (!abandoned) {
            handle.close();
        }
    }
}
