package org.mtudoctor.capture;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.lang.reflect.Field;
import org.pcap4j.core.PcapHandle;

/**
 * A handle's frames read with libpcap's pcap_next_ex called straight, on the pcap_t that pcap4j
 * opened, configured and will close: a live interface's, or a file's ({@link LibpcapFileSource}).
 * pcap4j's {@code getNextRawPacketEx} allocates two native out-pointers (JNA Memory, freed by the
 * collector), builds a java.sql.Timestamp and keeps the length in a ThreadLocal for every packet:
 * 2.2-4 us a packet here, the limit of live capture.
 * Called straight with reused out-pointers it is 0.3-0.9 us (bench/RESULTS.md). One reader thread
 * owns an instance, as it owns its handle's reads.
 *
 * <p>pcap4j has no public way to the pcap_t: {@link #of} reads its field, and returns null when
 * that cannot be done (another pcap4j, a security manager): the caller then reads through pcap4j.
 */
final class DirectRead {

    /** libpcap's pcap_next_ex, direct-mapped: the one function called this way. */
    static final class NextEx {
        static final boolean AVAILABLE;

        static {
            boolean registered;
            try {
                Native.register(NextEx.class, NativeLibrary.getInstance(
                        System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
                registered = true;
            } catch (LinkageError | RuntimeException e) {
                registered = false;
            }
            AVAILABLE = registered;
        }

        private NextEx() {
        }

        static native int pcap_next_ex(Pointer pcap, Pointer header, Pointer data);
    }

    /** pcap_next_ex's results beside a frame (1). */
    static final int TIMEOUT = 0;
    static final int ERROR = -1;
    static final int BREAK = -2;

    private final Pointer pcap;
    private final boolean nanoseconds;
    private final Memory header = new Memory(Native.POINTER_SIZE);
    private final Memory data = new Memory(Native.POINTER_SIZE);
    /** The last frame read: its capture time, captured bytes and length on the wire. */
    long timestampNanos;
    byte[] frame;
    int originalLength;
    /**
     * Whether the last frame's fraction of a second, as pcap4j reads it, is below a second, as a
     * sound file's are. A damaged or hand-made file can hold more; pcap4j then refuses the frame
     * (java.sql.Timestamp.setNanos), and the file reader skips it as pcap4j's path does.
     */
    boolean fractionInRange;

    private DirectRead(Pointer pcap, boolean nanoseconds) {
        this.pcap = pcap;
        this.nanoseconds = nanoseconds;
    }

    /**
     * Direct reads on {@code handle}, or null when they cannot be set up here, or when the system
     * property {@code mtudoctor.live.pcap4j} is true (to measure one against the other; the name is
     * from when only live capture read this way, and it turns off the file reader's too).
     */
    static DirectRead of(PcapHandle handle) {
        if (Boolean.getBoolean("mtudoctor.live.pcap4j")) {
            return null;
        }
        if (!NextEx.AVAILABLE || Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            return null; // pcap_pkthdr is read as LP64's: a 16-byte timeval, then two 32-bit lengths
        }
        try {
            Field field = PcapHandle.class.getDeclaredField("handle");
            field.setAccessible(true);
            Pointer pcap = (Pointer) field.get(handle);
            return pcap == null ? null
                    : new DirectRead(pcap, handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Reads the next frame into {@link #frame}, {@link #timestampNanos} and {@link #originalLength}.
     *
     * @return 1 for a frame, {@link #TIMEOUT}, {@link #ERROR} (pcap_geterr says why) or {@link #BREAK}
     */
    int next() {
        int result = NextEx.pcap_next_ex(pcap, header, data);
        if (result != 1) {
            return result;
        }
        Pointer packetHeader = header.getPointer(0);
        long seconds = packetHeader.getLong(0);
        long fraction = packetHeader.getLong(8);
        int captured = packetHeader.getInt(16);
        originalLength = packetHeader.getInt(20);
        // As pcap4j reads it (NativeLong.intValue(), times 1000 in int for microseconds), so that
        // both paths give a damaged file's frames alike: a sound one's fraction fits either way.
        int fractionNanos = nanoseconds ? (int) fraction : (int) fraction * 1000;
        fractionInRange = fractionNanos >= 0 && fractionNanos < 1_000_000_000;
        timestampNanos = seconds * 1_000_000_000L + fractionNanos;
        frame = data.getPointer(0).getByteArray(0, captured);
        return 1;
    }
}
