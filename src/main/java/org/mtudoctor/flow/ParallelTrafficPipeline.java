package org.mtudoctor.flow;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.mtudoctor.capture.FrameSink;
import org.mtudoctor.decode.Packet;

/**
 * A {@link TrafficPipeline} on two cores: the thread that reads the capture also decodes it, and
 * one worker thread runs the flow table. Decoded packets cross in batches, so the hand-over costs
 * one queue operation per {@value #BATCH_SIZE} packets. The flow table sees exactly the packets,
 * in exactly the order, that the one-thread pipeline would give it, so the analysis is the same.
 *
 * <p>Reading and decoding cost about as much as the flow table (profiled on scripts/bench's
 * capture), which is why two stages and not more.
 */
public final class ParallelTrafficPipeline implements FrameSink {

    static final int BATCH_SIZE = 1024;
    /** Batches in circulation: one being filled, one being tracked, and slack for uneven frames. */
    private static final int BATCHES = 4;

    /** Decoded packets and their capture times, reused round and round. */
    private static final class Batch {
        final Packet[] packets;
        final long[] times;
        int size;

        Batch(int capacity) {
            packets = new Packet[capacity];
            times = new long[capacity];
            for (int i = 0; i < capacity; i++) {
                packets[i] = new Packet();
            }
        }
    }

    /** Tells the worker that no more batches come. */
    private static final Batch END = new Batch(0);

    private final TrafficPipeline pipeline;
    private final BlockingQueue<Batch> toTrack = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread worker;
    private volatile Throwable workerFailure;
    private Batch filling;
    private boolean finished;

    public ParallelTrafficPipeline(TrafficPipeline pipeline) {
        this(pipeline, BATCH_SIZE);
    }

    /** Tests use small batches, so that a small capture crosses many batch boundaries. */
    ParallelTrafficPipeline(TrafficPipeline pipeline, int batchSize) {
        this.pipeline = pipeline;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(batchSize));
        }
        filling = take(free);
        worker = new Thread(this::trackBatches, "mtudoctor-flows");
        // A reader that fails for good must not leave the JVM waiting on this thread.
        worker.setDaemon(true);
        worker.start();
    }

    /** True when this machine has a second core for the worker to run on. */
    public static boolean worthwhile() {
        return Runtime.getRuntime().availableProcessors() > 1;
    }

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset,
                      int capturedLength, int originalLength, int interfaceId) {
        Batch batch = filling;
        int index = batch.size;
        if (pipeline.decode(linkType, timestampNanos, data, offset, capturedLength, originalLength,
                batch.packets[index])) {
            batch.times[index] = timestampNanos;
            batch.size = index + 1;
            if (batch.size == batch.packets.length) {
                handOver(batch);
                filling = take(free);
            }
        }
    }

    @Override
    public void warning(String message) {
        pipeline.warning(message);
    }

    /**
     * End of input: waits until the worker has tracked every packet, then ends the flows on this
     * thread. Rethrows what the worker failed with, if it failed.
     */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (filling.size > 0) {
            handOver(filling);
        }
        handOver(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the flow table finished", e);
        }
        rethrowWorkerFailure();
        pipeline.finish();
    }

    public TrafficPipeline pipeline() {
        return pipeline;
    }

    private void trackBatches() {
        try {
            for (Batch batch = take(toTrack); batch != END; batch = take(toTrack)) {
                Packet[] packets = batch.packets;
                long[] times = batch.times;
                for (int i = 0, size = batch.size; i < size; i++) {
                    pipeline.track(packets[i], times[i]);
                }
                batch.size = 0;
                free.add(batch);
            }
        } catch (RuntimeException | Error e) {
            workerFailure = e;
            // Unblocks a reader waiting for a free batch; it then sees the failure.
            free.offer(new Batch(0));
        }
    }

    private void handOver(Batch batch) {
        rethrowWorkerFailure();
        try {
            toTrack.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing packets to the flow table", e);
        }
    }

    private Batch take(BlockingQueue<Batch> queue) {
        try {
            Batch batch = queue.take();
            if (queue == free) {
                rethrowWorkerFailure();
            }
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the flow table", e);
        }
    }

    private void rethrowWorkerFailure() {
        Throwable failure = workerFailure;
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }
}
