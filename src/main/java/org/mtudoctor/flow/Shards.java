package org.mtudoctor.flow;

/**
 * What the shards of one sharded analysis share besides the diagnoser: a request to stop, set
 * when one shard fails or fills its share of the flow table, which every other shard honours
 * within a few thousand frames by throwing {@link Stopped}.
 */
public final class Shards {
    private Shards() {
    }

    /** The request to stop, set once by any thread, read by every shard now and then. */
    public static final class Stop {
        private volatile boolean requested;

        public void request() {
            requested = true;
        }

        public boolean requested() {
            return requested;
        }
    }

    /** Thrown out of a shard's read when another asked to stop; what counts is the other's reason. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Stopped() {
            super("stopped: another shard ended the analysis", null, false, false);
        }
    }
}
