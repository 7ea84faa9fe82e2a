package io.smem.data;

import java.util.Arrays;

/** A dense row-major design matrix on one flat {@code double[]}. */
public final class DenseMatrix implements DesignMatrix {

    /** Below this many multiply-adds (n·p²) the Gram matrix is formed on the calling thread alone. */
    private static final long PARALLEL_MIN_WORK = 2_000_000L;
    /** Rows gathered at a time for the Gram matrix of a subset of the columns. */
    private static final int GATHER_ROWS = 256;

    private final int rows;
    private final int cols;
    private final double[] values;
    /** Xᵀ as a p × n matrix, made on the first {@link #rowGram} (wide data only uses it). */
    private DenseMatrix transposed;

    /** Wraps (does not copy) {@code values}, which holds {@code rows * cols} entries row by row. */
    public DenseMatrix(int rows, int cols, double[] values) {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length) {
            throw new IllegalArgumentException("dense matrix of " + rows + " x " + cols + " needs "
                    + ((long) rows * cols) + " values, got " + values.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    /** Copies a rectangular {@code double[][]}. */
    public static DenseMatrix of(double[][] data) {
        int n = data.length;
        int p = n == 0 ? 0 : data[0].length;
        double[] flat = new double[n * p];
        for (int i = 0; i < n; i++) {
            if (data[i].length != p) {
                throw new IllegalArgumentException("row " + i + " has " + data[i].length + " values, expected " + p);
            }
            System.arraycopy(data[i], 0, flat, i * p, p);
        }
        return new DenseMatrix(n, p, flat);
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public long storedEntries() { return (long) rows * cols; }
    @Override public boolean isSparse() { return false; }
    @Override public double get(int i, int j) { return values[i * cols + j]; }

    /** The backing array (row-major). Callers must not modify it. */
    public double[] values() { return values; }

    @Override
    public void multiply(double[] v, double offset, double[] out) {
        RowChunks.run(rows, RowChunks.lanes(rows, storedEntries(), RowChunks.MAX_LANES),
                (lane, from, to) -> multiplyRows(v, offset, from, to, out));
    }

    /**
     * out[i] = x_i · v + offset for rows [from, to). Four rows at a time: four independent sums (each in the plain
     * order, so the result is the same as one row at a time) keep the floating-point units busy where one dependent
     * chain would stall them.
     */
    private void multiplyRows(double[] v, double offset, int from, int to, double[] out) {
        final int p = cols;
        int i = from;
        for (int base = from * p; i + 3 < to; i += 4, base += 4 * p) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0, b1 = base + p, b2 = b1 + p, b3 = b2 + p; j < p; j++) {
                double vj = v[j];
                s0 += values[base + j] * vj;
                s1 += values[b1 + j] * vj;
                s2 += values[b2 + j] * vj;
                s3 += values[b3 + j] * vj;
            }
            out[i] = s0 + offset;
            out[i + 1] = s1 + offset;
            out[i + 2] = s2 + offset;
            out[i + 3] = s3 + offset;
        }
        for (int base = i * p; i < to; i++, base += p) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += values[base + j] * v[j];
            }
            out[i] = s + offset;
        }
    }

    @Override
    public void transposeMultiply(double[] u, double[] out) {
        RowChunks.sum(rows, storedEntries(), out, cols, (from, to, acc) -> transposeRows(u, from, to, acc));
    }

    @Override
    public void multiplyThenTranspose(double[] v, double offset, double[] eta, RowWeight weight, double[] u,
                                      double[] out) {
        // Blocks of rows small enough to stay in the first-level cache between the two uses.
        final int block = Math.max(4, (2048 / Math.max(cols, 1)) & ~3);
        RowChunks.sum(rows, storedEntries(), out, cols, (from, to, acc) -> {
            for (int start = from; start < to; start += block) {
                int end = Math.min(to, start + block);
                multiplyRows(v, offset, start, end, eta);
                for (int i = start; i < end; i++) {
                    u[i] = weight.at(i, eta[i]);
                }
                transposeRows(u, start, end, acc);
            }
        });
    }

    /**
     * acc += Σ u_i x_i over rows [from, to), four rows at a time (one read and write of the accumulator per four rows;
     * the loop has no reduction, so the JIT vectorizes it). Groups of four start at {@code from}: a caller that
     * splits [from, to) must split at multiples of four from it to sum in the same order. Groups whose weights are
     * all zero (held-out rows of a fold) are skipped.
     */
    private void transposeRows(double[] u, int from, int to, double[] acc) {
        final int p = cols;
        int i = from;
        for (int base = from * p; i + 3 < to; i += 4, base += 4 * p) {
            double u0 = u[i];
            double u1 = u[i + 1];
            double u2 = u[i + 2];
            double u3 = u[i + 3];
            if (u0 == 0 && u1 == 0 && u2 == 0 && u3 == 0) {
                continue;
            }
            for (int j = 0, b1 = base + p, b2 = b1 + p, b3 = b2 + p; j < p; j++) {
                acc[j] += u0 * values[base + j] + u1 * values[b1 + j] + u2 * values[b2 + j] + u3 * values[b3 + j];
            }
        }
        for (int base = i * p; i < to; i++, base += p) {
            double ui = u[i];
            if (ui == 0) {
                continue;
            }
            for (int j = 0; j < p; j++) {
                acc[j] += ui * values[base + j];
            }
        }
    }

    @Override
    public void weightedGram(double[] omega, double[] gram) {
        final int p = cols;
        int chunks = (rows + RowChunks.CHUNK_ROWS - 1) / RowChunks.CHUNK_ROWS;
        int lanes = Math.min(chunks, p <= 1024 ? RowChunks.MAX_LANES : 2);
        if (lanes <= 1 || (long) rows * p * p < PARALLEL_MIN_WORK) {
            Arrays.fill(gram, 0, p * p, 0.0);
            gramRows(values, p, 0, rows, omega, 0, gram);
        } else {
            // Lanes of row chunks (RowChunks), each summing into its own upper triangle, added in lane order.
            double[][] partial = new double[lanes][p * p];
            RowChunks.run(rows, lanes, (lane, from, to) -> gramRows(values, p, from, to, omega, 0, partial[lane]));
            System.arraycopy(partial[0], 0, gram, 0, p * p);
            for (int l = 1; l < lanes; l++) {
                double[] part = partial[l];
                for (int j = 0; j < p; j++) {
                    for (int k = j; k < p; k++) {
                        gram[j * p + k] += part[j * p + k];
                    }
                }
            }
        }
        mirrorUpper(gram, p);
    }

    /**
     * Adds {@code Σ ω_i x_i x_iᵀ} over rows [from, to) to the upper triangle of {@code acc}: four rows at a time, as
     * four rank-one updates fused into one pass over each row of the triangle. The inner loop runs along a row of
     * the (cache-resident) accumulator and of the data without a reduction, so the JIT vectorizes it; measured 25 %
     * faster than dot products over a transposed block. Rows of weight zero (held-out rows of a fold, pinned
     * coefficients in a row Gram matrix) are skipped.
     */
    private static void gramRows(double[] v, int p, int from, int to, double[] omega, int omegaShift, double[] acc) {
        int[] live = new int[to - from];
        int count = 0;
        for (int i = from; i < to; i++) {
            if (omega[omegaShift + i] != 0) {
                live[count++] = i;
            }
        }
        int a = 0;
        for (; a + 3 < count; a += 4) {
            int b0 = live[a] * p;
            int b1 = live[a + 1] * p;
            int b2 = live[a + 2] * p;
            int b3 = live[a + 3] * p;
            double w0 = omega[omegaShift + live[a]];
            double w1 = omega[omegaShift + live[a + 1]];
            double w2 = omega[omegaShift + live[a + 2]];
            double w3 = omega[omegaShift + live[a + 3]];
            for (int j = 0; j < p; j++) {
                double a0 = w0 * v[b0 + j];
                double a1 = w1 * v[b1 + j];
                double a2 = w2 * v[b2 + j];
                double a3 = w3 * v[b3 + j];
                int row = j * p;
                for (int k = j; k < p; k++) {
                    acc[row + k] += a0 * v[b0 + k] + a1 * v[b1 + k] + a2 * v[b2 + k] + a3 * v[b3 + k];
                }
            }
        }
        for (; a < count; a++) {
            int b0 = live[a] * p;
            double w0 = omega[omegaShift + live[a]];
            for (int j = 0; j < p; j++) {
                double a0 = w0 * v[b0 + j];
                int row = j * p;
                for (int k = j; k < p; k++) {
                    acc[row + k] += a0 * v[b0 + k];
                }
            }
        }
    }

    /**
     * The Gram matrix of a subset of the columns without copying the design: blocks of rows are gathered into a small
     * buffer and run through the same kernel as the full Gram matrix.
     */
    @Override
    public void weightedGram(double[] omega, int[] columns, int count, double[] gram) {
        if (count == cols) {
            weightedGram(omega, gram); // the columns are increasing: all of them
            return;
        }
        final int q = count;
        int chunks = (rows + RowChunks.CHUNK_ROWS - 1) / RowChunks.CHUNK_ROWS;
        int lanes = Math.min(chunks, q <= 1024 ? RowChunks.MAX_LANES : 2);
        if ((long) rows * q * q < PARALLEL_MIN_WORK) {
            lanes = 1;
        }
        double[][] partial = new double[Math.max(1, lanes)][];
        partial[0] = gram;
        Arrays.fill(gram, 0, q * q, 0.0);
        for (int l = 1; l < partial.length; l++) {
            partial[l] = new double[q * q];
        }
        RowChunks.run(rows, lanes, (lane, from, to) -> {
            double[] block = new double[GATHER_ROWS * q];
            for (int start = from; start < to; start += GATHER_ROWS) {
                int len = Math.min(GATHER_ROWS, to - start);
                for (int r = 0; r < len; r++) {
                    int base = (start + r) * cols;
                    for (int a = 0; a < q; a++) {
                        block[r * q + a] = values[base + columns[a]];
                    }
                }
                gramRows(block, q, 0, len, omega, start, partial[lane]);
            }
        });
        for (int l = 1; l < partial.length; l++) {
            double[] part = partial[l];
            for (int j = 0; j < q; j++) {
                for (int k = j; k < q; k++) {
                    gram[j * q + k] += part[j * q + k];
                }
            }
        }
        mirrorUpper(gram, q);
    }

    @Override
    public void rowGram(double[] v, double[] out) {
        transposed().weightedGram(v, out);
    }

    /** Xᵀ (p × n), made once: its weighted Gram matrix is X diag(v) Xᵀ, formed by the same kernel as XᵀΩX. */
    synchronized DenseMatrix transposed() {
        if (transposed == null) {
            double[] t = new double[values.length];
            for (int i = 0, base = 0; i < rows; i++, base += cols) {
                for (int j = 0; j < cols; j++) {
                    t[j * rows + i] = values[base + j];
                }
            }
            transposed = new DenseMatrix(cols, rows, t);
        }
        return transposed;
    }

    static void mirrorUpper(double[] gram, int p) {
        for (int j = 0; j < p; j++) {
            for (int k = j + 1; k < p; k++) {
                gram[k * p + j] = gram[j * p + k];
            }
        }
    }

    @Override
    public void weightedColumnSquares(double[] omega, double[] out) {
        final int p = cols;
        RowChunks.sum(rows, storedEntries(), out, p, (from, to, acc) -> {
            for (int i = from, base = from * p; i < to; i++, base += p) {
                double w = omega[i];
                for (int j = 0; j < p; j++) {
                    double x = values[base + j];
                    acc[j] += w * x * x;
                }
            }
        });
    }

    @Override
    public DenseMatrix selectRows(int[] selected) {
        double[] out = new double[selected.length * cols];
        for (int r = 0; r < selected.length; r++) {
            System.arraycopy(values, selected[r] * cols, out, r * cols, cols);
        }
        return new DenseMatrix(selected.length, cols, out);
    }

    @Override
    public DenseMatrix selectColumns(int[] selected) {
        int q = selected.length;
        double[] out = new double[rows * q];
        for (int i = 0, base = 0, to = 0; i < rows; i++, base += cols, to += q) {
            for (int a = 0; a < q; a++) {
                out[to + a] = values[base + selected[a]];
            }
        }
        return new DenseMatrix(rows, q, out);
    }

    /** A new matrix with entries {@code (x_ij − center_j) / scale_j}. */
    public DenseMatrix standardized(double[] center, double[] scale) {
        double[] out = new double[values.length];
        for (int i = 0, base = 0; i < rows; i++, base += cols) {
            for (int j = 0; j < cols; j++) {
                out[base + j] = (values[base + j] - center[j]) / scale[j];
            }
        }
        return new DenseMatrix(rows, cols, out);
    }
}
