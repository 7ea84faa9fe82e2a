package io.smem.data;

import java.util.stream.IntStream;

/**
 * Row-block parallelism with results independent of the thread count: the rows are cut into fixed chunks, the chunks
 * are dealt round-robin to a number of lanes that depends only on the problem's shape, each lane accumulates its
 * chunks in order into its own partial statistic, and the partials are merged in lane order. Any sufficient statistic
 * that is a sum over rows (Xᵀu, XᵀΩX, column sums of squares) merges this way — the same contract a distributed
 * engine needs from its row partitions.
 */
public final class RowChunks {

    /** Rows per chunk. */
    static final int CHUNK_ROWS = 1024;
    /** Below this many stored entries an operation runs on the calling thread. */
    static final long PARALLEL_MIN_ENTRIES = 1L << 18;
    /** Lanes for a large problem: enough to balance any realistic core count, few enough to merge cheaply. */
    static final int MAX_LANES = 8;

    /** Set on threads that are themselves one of several parallel workers (cross-validation folds). */
    private static final ThreadLocal<Boolean> CALLING_THREAD_ONLY = ThreadLocal.withInitial(() -> false);
    /**
     * Such a worker's lane buffer for {@link #sum}, kept for its next call: a p-vector per pass would be garbage of
     * the size of the coefficients at every pass (on 10⁵ columns, a humongous object for G1 each time). The kernels
     * are leaves (a task never calls {@code sum}), so one buffer per thread suffices; it goes with the thread.
     */
    private static final ThreadLocal<double[]> LANE_SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    /** Work on rows [from, to) for lane {@code lane}. */
    interface Task {
        void run(int lane, int from, int to);
    }

    private RowChunks() {
    }

    /**
     * The number of lanes for {@code rows} rows holding {@code entries} stored values, at most {@code maxLanes}: 1 if
     * the work is too small to be worth splitting.
     */
    static int lanes(int rows, long entries, int maxLanes) {
        int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        if (entries < PARALLEL_MIN_ENTRIES || chunks < 2) {
            return 1;
        }
        return Math.min(Math.min(chunks, maxLanes), MAX_LANES);
    }

    /**
     * Runs {@code work} with every kernel on the calling thread: for work that is itself one of several tasks running
     * in parallel (cross-validation folds), where nested parallelism only adds contention. The lanes stay the same,
     * so the results do too.
     */
    public static <T> T onCallingThread(java.util.function.Supplier<T> work) {
        boolean before = CALLING_THREAD_ONLY.get();
        CALLING_THREAD_ONLY.set(true);
        try {
            return work.get();
        } finally {
            CALLING_THREAD_ONLY.set(before);
        }
    }

    /** Runs {@code task} over every chunk; with one lane on the calling thread, else lanes in parallel. */
    static void run(int rows, int lanes, Task task) {
        if (lanes <= 1) {
            task.run(0, 0, rows);
            return;
        }
        int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        if (CALLING_THREAD_ONLY.get()) {
            for (int lane = 0; lane < lanes; lane++) {
                for (int c = lane; c < chunks; c += lanes) {
                    task.run(lane, c * CHUNK_ROWS, Math.min(rows, (c + 1) * CHUNK_ROWS));
                }
            }
            return;
        }
        IntStream.range(0, lanes).parallel().forEach(lane -> {
            for (int c = lane; c < chunks; c += lanes) {
                task.run(lane, c * CHUNK_ROWS, Math.min(rows, (c + 1) * CHUNK_ROWS));
            }
        });
    }

    /**
     * Lanes for a sum into a p-vector (Xᵀu and the like): each lane beyond the first costs a p-vector to allocate and
     * merge, so there are at most entries / (8p) of them.
     */
    static int vectorLanes(int rows, long entries, int p) {
        return lanes(rows, entries, (int) Math.max(1, Math.min(MAX_LANES, entries / (8L * Math.max(p, 1)))));
    }

    /**
     * Σ over rows of a p-vector statistic: lane 0 accumulates into {@code out} (zeroed here), the others into their
     * own arrays, merged in lane order.
     */
    static void sum(int rows, long entries, double[] out, int p, VectorTask task) {
        int lanes = vectorLanes(rows, entries, p);
        java.util.Arrays.fill(out, 0, p, 0.0);
        if (lanes == 1) {
            task.run(0, rows, out);
            return;
        }
        if (CALLING_THREAD_ONLY.get()) {
            // One lane after another into one buffer, each added to out as it is done: the same sums in the same
            // order as the parallel merge below, with one reused p-vector of scratch instead of lanes − 1 new ones
            // (with p = 10⁵ and 8 lanes, 5.6 MB less garbage per pass in every cross-validation worker).
            int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
            double[] part = LANE_SCRATCH.get();
            if (part.length < p) {
                part = new double[p];
                LANE_SCRATCH.set(part);
            }
            java.util.Arrays.fill(part, 0, p, 0.0);
            for (int lane = 0; lane < lanes; lane++) {
                double[] acc = lane == 0 ? out : part;
                if (lane > 1) {
                    java.util.Arrays.fill(part, 0, p, 0.0);
                }
                for (int c = lane; c < chunks; c += lanes) {
                    task.run(c * CHUNK_ROWS, Math.min(rows, (c + 1) * CHUNK_ROWS), acc);
                }
                if (lane > 0) {
                    for (int j = 0; j < p; j++) {
                        out[j] += part[j];
                    }
                }
            }
            return;
        }
        double[][] partial = new double[lanes][];
        partial[0] = out;
        for (int l = 1; l < lanes; l++) {
            partial[l] = new double[p];
        }
        run(rows, lanes, (lane, from, to) -> task.run(from, to, partial[lane]));
        merge(partial, out, p);
    }

    /** Adds the statistic of rows [from, to) into acc. */
    interface VectorTask {
        void run(int from, int to, double[] acc);
    }

    /** Adds the partials of lanes 1.. into {@code out} (which holds lane 0's), over the first {@code length} entries. */
    static void merge(double[][] partial, double[] out, int length) {
        for (int l = 1; l < partial.length; l++) {
            double[] part = partial[l];
            for (int j = 0; j < length; j++) {
                out[j] += part[j];
            }
        }
    }
}
