package org.mtudoctor.capture;

import java.util.List;

/**
 * libpcap's counters for a live capture, per interface in the order of {@link LiveOptions#interfaces},
 * with their sums. On Linux they count since the capture was opened:
 * <ul>
 * <li>received: frames that passed the kernel filter, including those then dropped;</li>
 * <li>dropped by the kernel: frames that passed the filter but found the capture buffer full, because
 *     the analysis fell behind;</li>
 * <li>dropped by the interface: frames the network interface itself lost (its rx missed and fifo
 *     errors), whether or not they would have passed the filter. libpcap on Linux counts these only
 *     in promiscuous mode, and never for {@code any}: otherwise it stays 0, which means "not
 *     counted", not "none lost".</li>
 * </ul>
 * Any drop means the analysis may have missed evidence. libpcap keeps these counters in 32 bits, so
 * they wrap after 2^32 frames on a long run.
 */
public record CaptureStatistics(List<Counters> interfaces) {

    /** One interface's counters. */
    public record Counters(String interfaceName, long received, long droppedByKernel, long droppedByInterface) {
        public Counters {
            if (received < 0 || droppedByKernel < 0 || droppedByInterface < 0) {
                throw new IllegalArgumentException("negative capture counter on " + interfaceName);
            }
        }

        static Counters none(String interfaceName) {
            return new Counters(interfaceName, 0, 0, 0);
        }
    }

    public CaptureStatistics {
        interfaces = List.copyOf(interfaces);
    }

    public long received() {
        return interfaces.stream().mapToLong(Counters::received).sum();
    }

    public long droppedByKernel() {
        return interfaces.stream().mapToLong(Counters::droppedByKernel).sum();
    }

    public long droppedByInterface() {
        return interfaces.stream().mapToLong(Counters::droppedByInterface).sum();
    }

    /** True when libpcap reports any drop: the analysis may be incomplete. */
    public boolean dropped() {
        return droppedByKernel() > 0 || droppedByInterface() > 0;
    }
}
