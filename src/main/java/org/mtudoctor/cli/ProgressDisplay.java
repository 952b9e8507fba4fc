package org.mtudoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.mtudoctor.analysis.Analyzer;

/**
 * The progress bar of a long file analysis, on stderr: bytes read of the total, packets per
 * second, and the time left. It appears only when the analysis is still running after
 * {@link #DELAY_MILLIS}, so a short run prints nothing, and only when stderr is a terminal; the
 * caller leaves it off with --quiet. The bar is drawn by the progressbar library; a sampling
 * thread feeds it what the reader has done.
 *
 * <p>The counts it samples are written by the reading thread without synchronisation: a sample
 * may be a packet or a buffer behind, which a display can afford, and the reading loop pays
 * nothing for it.
 */
final class ProgressDisplay implements AutoCloseable {

    static final long DELAY_MILLIS = 1000;
    /** Columns the bar may take: the builder and our consumer must agree on it. */
    private static final int WIDTH = 100;
    private static final long REFRESH_MILLIS = 250;
    private static final int BYTES_PER_MEGABYTE = 1_000_000;

    private final Thread sampler;
    private final LongSupplier bytesRead;
    private final LongSupplier packets;
    private volatile boolean done;
    private ProgressBar bar;

    /** Nothing to show: --quiet, stderr not a terminal. */
    private static final ProgressDisplay NONE = new ProgressDisplay();

    private ProgressDisplay() {
        sampler = null;
        bytesRead = null;
        packets = null;
    }

    private ProgressDisplay(PrintWriter err, String taskName, long totalBytes, LongSupplier bytesRead,
                            LongSupplier packets) {
        this.bytesRead = bytesRead;
        this.packets = packets;
        sampler = new Thread(() -> sample(err, taskName, totalBytes), "mtudoctor-progress");
        sampler.setDaemon(true);
        sampler.start();
    }

    /**
     * Starts the display of an analysis of {@code inputs}, or returns one that shows nothing.
     *
     * @param bytesRead bytes of the inputs read so far, or null when the reader cannot tell
     * @param packets   packets read so far
     */
    static ProgressDisplay start(boolean wanted, PrintWriter err, List<String> inputs, LongSupplier bytesRead,
                                 LongSupplier packets) {
        if (!wanted || !stderrIsTerminal()) {
            return NONE;
        }
        String taskName = inputs.size() == 1 ? Path.of(inputs.get(0)).getFileName().toString()
                : inputs.size() + " files";
        long total = bytesRead == null ? -1 : totalSize(inputs);
        return new ProgressDisplay(err, taskName, total, bytesRead, packets);
    }

    /**
     * True when file descriptor 2 is a terminal that can redraw a line. Java has no isatty for
     * stderr before JDK 22, so this asks /proc, where Linux names the device fd 2 is open on.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Sum of the inputs' sizes; -1 when one of them has none known (standard input, a pipe). */
    static long totalSize(List<String> inputs) {
        long total = 0;
        for (String input : inputs) {
            long size = Analyzer.sizeOf(input);
            if (size < 0) {
                return -1;
            }
            total += size;
        }
        return total;
    }

    private void sample(PrintWriter err, String taskName, long totalBytes) {
        try {
            Thread.sleep(DELAY_MILLIS);
            synchronized (this) {
                if (done) {
                    return;
                }
                ProgressBarBuilder builder = new ProgressBarBuilder()
                        .setTaskName(taskName)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new StderrConsumer(err))
                        .setUpdateIntervalMillis((int) REFRESH_MILLIS)
                        .setMaxRenderedLength(WIDTH)
                        // The bar appears a second late: its clock, and so its ETA, start with the analysis.
                        .startsFrom(position(), Duration.ofMillis(DELAY_MILLIS));
                if (bytesRead != null) {
                    builder.setInitialMax(totalBytes).setUnit(" MB", BYTES_PER_MEGABYTE).showSpeed();
                } else {
                    builder.setInitialMax(-1).setUnit(" packets", 1);
                }
                bar = builder.build();
            }
            long startNanos = System.nanoTime();
            long startPackets = packets.getAsLong();
            while (!done) {
                long count = packets.getAsLong();
                bar.stepTo(position());
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                if (seconds > 0 && bytesRead != null) {
                    bar.setExtraMessage(String.format(Locale.ROOT, " %.2f M packets/s",
                            (count - startPackets) / seconds / 1e6));
                }
                Thread.sleep(REFRESH_MILLIS);
            }
        } catch (InterruptedException e) {
            // close() ends the display.
        }
    }

    /** Ends the display: the bar, if it was shown, is drawn once more and its line ended. */
    @Override
    public void close() {
        if (sampler == null) {
            return;
        }
        synchronized (this) {
            done = true;
        }
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bar != null) {
            bar.stepTo(position());
            bar.close();
        }
    }

    /** Where the bar stands: bytes read, or packets when the reader cannot count bytes. */
    private long position() {
        return bytesRead != null ? bytesRead.getAsLong() : packets.getAsLong();
    }

    /** Draws the bar over itself on the command's stderr. */
    private static final class StderrConsumer implements ProgressBarConsumer {
        private final PrintWriter err;

        StderrConsumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
