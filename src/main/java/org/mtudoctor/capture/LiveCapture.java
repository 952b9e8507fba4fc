package org.mtudoctor.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frames from network interfaces, live, through libpcap (pcap4j): what {@code mtudoctor live}
 * analyses.
 *
 * <p>Each interface gets a libpcap handle that hands frames over a block of the kernel's ring at a
 * time, when the block fills or 50 ms after its first frame (not immediate mode, which costs a
 * wake-up a frame: a black hole is still reported while it happens), with the snap
 * length, promiscuous mode and filter of the {@link LiveOptions}, and nanosecond time stamps where
 * the platform has them (else microseconds). {@code any} captures every interface as Linux cooked
 * v2 (SLL2, which names the interface of each frame), or v1 where libpcap is older than 1.10.
 *
 * <p>Threads: one reader thread per handle blocks in libpcap and puts each frame, already copied out
 * of libpcap's buffer, on one bounded queue; {@link #readAll} takes them off on the caller's thread
 * and is the only thread that calls the sink, in arrival order. Why threads rather than polling the
 * handles in turn: pcap4j offers no select() over several handles, so polling would either wait a
 * time-out on each quiet handle in turn (late frames) or spin in non-blocking mode (a busy core). A
 * reader also keeps libpcap draining the kernel's buffer while the analysis is busy: when the
 * analysis falls far behind, the full queue blocks the readers, the kernel buffer fills, and the
 * kernel drops frames and counts them in {@link #statistics} rather than the program eating memory.
 * Frames of different interfaces arrive in the order their readers queued them, which can differ
 * from time stamp order by a fraction of a millisecond.
 *
 * <p>{@code --write}: the delivered frames, exactly, are also saved; see {@link CaptureWriter} for the
 * format (pcap for one interface, pcapng for several). The file is flushed whenever the queue runs
 * empty, so a quiet capture is complete on disk within moments, as with {@code tcpdump -U}.
 */
public final class LiveCapture implements FrameSource {
    /**
     * The kernel filter every live capture runs: TCP, ICMP fragmentation-needed and ICMPv6
     * packet-too-big. A user's filter narrows it; see {@link KernelFilter} for what it cannot see.
     */
    public static final String DEFAULT_FILTER = KernelFilter.ANALYSIS;

    /** How long the analysis waits for a frame before it is told the capture is idle. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Up to 8192 frames between the readers and the analysis: about 3 MB at the default snap length. */
    private static final int QUEUE_FRAMES = 8192;
    /** How long a stop waits for the readers once every frame they queued is delivered. */
    private static final long STOP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LiveOptions options;
    private final List<LiveInterface> interfaces;
    private final CaptureWriter writer;
    private final BlockingQueue<LiveFrame> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long delivered;
    // The stop's grace period, used by the delivering thread only.
    private boolean graceStarted;
    private long graceEnds;

    private LiveCapture(LiveOptions options, List<LiveInterface> interfaces, CaptureWriter writer) {
        this.options = options;
        this.interfaces = List.copyOf(interfaces);
        this.writer = writer;
    }

    /**
     * Opens every interface of the options, installs the filter on each, and creates the
     * {@code --write} file. The kernel buffers frames from here on, before {@link #readAll} runs.
     *
     * @throws CaptureException one line for the user: libpcap missing, no such interface (with the
     *                          ones that exist), no permission (with how to get it), a bad filter
     *                          (libpcap's message and the expression), a file that cannot be written
     */
    public static LiveCapture open(LiveOptions options) throws CaptureException {
        Libpcap.require();
        List<LiveInterface> opened = new ArrayList<>();
        try {
            for (int id = 0; id < options.interfaces().size(); id++) {
                opened.add(LiveInterface.open(options.interfaces().get(id), id, options));
            }
            CaptureWriter writer = options.writeFile() == null ? null
                    : CaptureWriter.create(options.writeFile(), opened.stream().map(LiveInterface::described).toList());
            return new LiveCapture(options, opened, writer);
        } catch (CaptureException e) {
            opened.forEach(LiveInterface::close);
            throw e;
        } catch (LinkageError e) {
            // libpcap is there (require passed) but lacks a function pcap4j binds.
            opened.forEach(LiveInterface::close);
            throw new CaptureException("this libpcap cannot capture live (" + e.getMessage()
                    + "); install libpcap 1.5 or later (Debian/Ubuntu: apt-get install libpcap0.8)", e);
        }
    }

    /**
     * Delivers frames until {@link LiveOptions#count} frames were delivered, {@link #stop} is called,
     * or every interface has failed (each failure is a {@link FrameSink#warning}, "eth0: capture
     * ended: ..."). Frames captured before a stop are still delivered; frames beyond the count are
     * not. Returns normally in all three cases. Runs once.
     *
     * <p>The sink is called on this thread only. An interrupt of this thread stops the capture.
     *
     * @throws IOException when the {@code --write} file cannot be written
     */
    @Override
    public void readAll(FrameSink sink) throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a live capture is read once");
        }
        try {
            for (LiveInterface capturing : interfaces) {
                Thread reader = new Thread(() -> capturing.read(queue, this), "mtudoctor-capture-" + capturing.name);
                // A reader stuck in libpcap must never keep the JVM alive.
                reader.setDaemon(true);
                reader.start();
            }
            deliver(sink);
        } finally {
            try {
                if (writer != null) {
                    writer.close();
                }
            } finally {
                finished.countDown();
            }
        }
    }

    private void deliver(FrameSink sink) throws IOException {
        boolean[] ended = new boolean[interfaces.size()];
        int running = interfaces.size();
        Throwable failure = null;
        boolean interrupted = false;
        // After a failure of the sink or the file, frames are still taken (and dropped) until the
        // readers end, so that none stays blocked on a full queue.
        while (running > 0) {
            LiveFrame frame;
            try {
                frame = next(failure == null);
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
                continue;
            } catch (IOException e) {
                failure = e;
                stop();
                continue;
            }
            if (frame == null) {
                abandonReaders(ended, failure == null ? sink : null);
                break;
            }
            if (frame == LiveFrame.WAKE) {
                if (failure == null) {
                    sink.idle();
                }
                continue;
            }
            try {
                if (frame.isEnd()) {
                    running--;
                    ended[frame.interfaceId()] = true;
                    String ending = interfaces.get(frame.interfaceId()).failure();
                    if (ending != null && failure == null) {
                        sink.warning(new CaptureWarning(CaptureWarning.Kind.LIBPCAP, ending));
                    }
                } else if (failure == null && (options.count() == LiveOptions.UNLIMITED || delivered < options.count())) {
                    deliverFrame(sink, frame);
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                stop();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Failures.rethrow(failure);
    }

    /**
     * The next frame or mark from the readers. When none is waiting, the file is flushed first (the
     * capture is idle) and the call blocks; after a stop it blocks for the grace period at most, and
     * returns {@code null} when that ends.
     */
    private LiveFrame next(boolean flush) throws InterruptedException, IOException {
        LiveFrame frame = queue.poll();
        if (frame != null) {
            return frame;
        }
        if (flush && writer != null) {
            writer.flush();
        }
        if (!stopping) {
            LiveFrame waited = queue.poll(IDLE_NANOS, TimeUnit.NANOSECONDS);
            return waited != null ? waited : LiveFrame.WAKE;
        }
        if (!graceStarted) {
            graceStarted = true;
            graceEnds = System.nanoTime() + STOP_GRACE_NANOS;
        }
        return queue.poll(graceEnds - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /**
     * Gives up on readers still inside libpcap after a stop. libpcap 1.10 on Linux wakes a blocked
     * read when told to stop; older ones may wait for the next frame. Their handles stay open (closing
     * a handle under a reader is not safe), and the daemon threads die with the JVM.
     */
    private void abandonReaders(boolean[] ended, FrameSink sink) {
        for (LiveInterface capturing : interfaces) {
            if (!ended[capturing.id]) {
                capturing.abandon();
                if (sink != null) {
                    sink.warning(new CaptureWarning(CaptureWarning.Kind.LIBPCAP,
                            capturing.name + ": libpcap did not return after the stop; capture there abandoned"));
                }
            }
        }
    }

    private void deliverFrame(FrameSink sink, LiveFrame frame) throws IOException {
        int linkType = interfaces.get(frame.interfaceId()).linkType;
        byte[] data = frame.data();
        if (writer != null) {
            writer.write(frame.interfaceId(), frame.timestampNanos(), data, 0, data.length, frame.originalLength());
        }
        delivered++;
        if (delivered == options.count()) {
            stop();
        }
        sink.frame(linkType, frame.timestampNanos(), data, 0, data.length, frame.originalLength(), frame.interfaceId());
    }

    /**
     * Ends the capture from any thread (a signal handler, a timer, the sink): every reader is woken
     * at once, and {@link #readAll} returns after delivering what was already captured. Does not
     * wait; may be called more than once, before or during {@link #readAll}.
     */
    public void stop() {
        stopping = true;
        interfaces.forEach(LiveInterface::interrupt);
        // Full means the delivering thread is not waiting: it will see the stop anyway.
        queue.offer(LiveFrame.WAKE);
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * libpcap's counters so far, per interface and summed. Each reader refreshes them at most once a
     * second while frames arrive, and a last time when it ends: after {@link #readAll} returns they
     * are final.
     */
    public CaptureStatistics statistics() {
        return new CaptureStatistics(interfaces.stream().map(LiveInterface::counters).toList());
    }

    /** The options this capture was opened with. */
    public LiveOptions options() {
        return options;
    }

    /** Each interface's link type (LINKTYPE_* value, see {@link LinkType}), by interface id. */
    public List<Integer> linkTypes() {
        return interfaces.stream().map(capturing -> capturing.linkType).toList();
    }

    /** The filter expression installed on every interface: the default one, narrowed by the user's. */
    public String filterExpression() {
        return KernelFilter.expression(options.userFilter());
    }

    /** Frames delivered to the sink so far (and written to the {@code --write} file). */
    public long delivered() {
        return delivered;
    }

    /**
     * Stops the capture, waits for a running {@link #readAll} to return, and releases libpcap's
     * handles and the file. Do not call it from the sink: call {@link #stop} there.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop();
        if (started.get()) {
            boolean interrupted = false;
            while (true) {
                try {
                    finished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        // Once readAll has returned, every reader has ended or was abandoned: no thread is inside
        // libpcap on a handle that is closed here.
        interfaces.forEach(LiveInterface::close);
        if (writer != null) {
            writer.close();
        }
    }
}
