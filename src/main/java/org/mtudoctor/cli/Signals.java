package org.mtudoctor.cli;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a request to stop capturing, not to end the JVM: the capture stops, the
 * final report is printed, and the exit code says what was found. With the JVM's own handling
 * a signal would end the process with 130 or 143 and no report (System.exit inside a shutdown
 * hook blocks). sun.misc.Signal is the JDK's supported way (module jdk.unsupported) to do this.
 *
 * <p>A non-interactive shell starts background jobs ({@code mtudoctor live ... &}) with SIGINT
 * ignored, and the JVM then leaves an ignored signal alone: {@code kill -INT} would do nothing.
 * tcpdump sets its handler whatever it inherited, and so does this: an ignored SIGINT or SIGTERM
 * is set back to the default through libc (JNA, which pcap4j brings) before Java takes it.
 * SIGUSR1 prints the running counts, as tcpdump's does.
 */
final class Signals {
    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    private static final long SIG_IGN = 1;

    /** libc's sigaction(2), to read a disposition, and signal(2), to reset it. */
    interface C extends Library {
        int sigaction(int signal, Pointer action, Pointer previous);

        Pointer signal(int signal, Pointer handler);
    }

    private Signals() {
    }

    static void onStop(Runnable stop) {
        unignore(SIGINT);
        unignore(SIGTERM);
        for (String name : new String[] {"INT", "TERM"}) {
            handle(name, stop);
        }
    }

    /** SIGUSR1 runs {@code report}, and the work goes on. */
    static void onInfo(Runnable report) {
        handle("USR1", report);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), signal -> action.run());
        } catch (IllegalArgumentException unavailable) {
            // The signal is not available on this platform, or the JVM reserved it (-Xrs).
        }
    }

    /**
     * An inherited SIG_IGN becomes SIG_DFL, which Java may then replace; any other disposition (the
     * JVM's own handler) is only read, never touched.
     */
    private static void unignore(int signal) {
        try {
            C c = Native.load("c", C.class);
            // struct sigaction begins with the handler (Linux, glibc and musl); 256 bytes hold it whole.
            Memory current = new Memory(256);
            if (c.sigaction(signal, Pointer.NULL, current) == 0 && current.getLong(0) == SIG_IGN) {
                c.signal(signal, Pointer.NULL);
            }
        } catch (LinkageError | RuntimeException noLibc) {
            // Not Linux or no libc to call: the signal stays as it was inherited.
        }
    }
}
