package io.smem.data;

import java.util.Arrays;
import java.util.stream.IntStream;

/** A dense row-major design matrix on one flat {@code double[]}. */
public final class DenseMatrix implements DesignMatrix {

    /** Rows per block in the Gram kernel: a block of rows is transposed once so the inner loops run unit-stride. */
    private static final int GRAM_BLOCK = 128;
    /** Rows per chunk of the parallel Gram kernel. */
    private static final int CHUNK_ROWS = 512;
    /** Below this many multiply-adds (n·p²) the Gram matrix is formed on the calling thread alone. */
    private static final long PARALLEL_MIN_WORK = 2_000_000L;

    private final int rows;
    private final int cols;
    private final double[] values;

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
        final int p = cols;
        for (int i = 0, base = 0; i < rows; i++, base += p) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += values[base + j] * v[j];
            }
            out[i] = s + offset;
        }
    }

    @Override
    public void transposeMultiply(double[] u, double[] out) {
        final int p = cols;
        Arrays.fill(out, 0, p, 0.0);
        for (int i = 0, base = 0; i < rows; i++, base += p) {
            double ui = u[i];
            if (ui == 0) {
                continue;
            }
            for (int j = 0; j < p; j++) {
                out[j] += ui * values[base + j];
            }
        }
    }

    @Override
    public void weightedGram(double[] omega, double[] gram) {
        final int p = cols;
        int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        int lanes = Math.min(chunks, p <= 1024 ? 8 : 2);
        if (lanes <= 1 || (long) rows * p * p < PARALLEL_MIN_WORK) {
            Arrays.fill(gram, 0, p * p, 0.0);
            gramRows(0, rows, omega, gram);
        } else {
            // Row chunks are dealt to a fixed number of lanes that depends only on the shape, each lane sums its
            // chunks in order and the lanes are added in order: the result is the same whatever the thread count.
            double[][] partial = new double[lanes][p * p];
            int laneCount = lanes;
            IntStream.range(0, lanes).parallel().forEach(l -> {
                for (int c = l; c < chunks; c += laneCount) {
                    gramRows(c * CHUNK_ROWS, Math.min(rows, (c + 1) * CHUNK_ROWS), omega, partial[l]);
                }
            });
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
     * Adds {@code Σ ω_i x_i x_iᵀ} over rows [from, to) to the upper triangle of {@code acc}. A block of rows is copied
     * column-major (scaled and unscaled): each G[j][k] update over the block is then a dot product of two unit-stride
     * arrays that stay in cache across all (j, k); four columns k at a time give four independent accumulators (a
     * scalar reduction is otherwise latency-bound).
     */
    private void gramRows(int from, int to, double[] omega, double[] acc) {
        final int p = cols;
        double[] block = new double[GRAM_BLOCK * p];
        double[] scaled = new double[GRAM_BLOCK * p];
        for (int start = from; start < to; start += GRAM_BLOCK) {
            int b = Math.min(GRAM_BLOCK, to - start);
            for (int r = 0; r < b; r++) {
                int base = (start + r) * p;
                double w = omega[start + r];
                for (int j = 0; j < p; j++) {
                    double x = values[base + j];
                    block[j * b + r] = x;
                    scaled[j * b + r] = w * x;
                }
            }
            for (int j = 0; j < p; j++) {
                int oj = j * b;
                int row = j * p;
                int k = j;
                for (; k + 3 < p; k += 4) {
                    int o0 = k * b;
                    int o1 = o0 + b;
                    int o2 = o1 + b;
                    int o3 = o2 + b;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int r = 0; r < b; r++) {
                        double a = scaled[oj + r];
                        s0 += a * block[o0 + r];
                        s1 += a * block[o1 + r];
                        s2 += a * block[o2 + r];
                        s3 += a * block[o3 + r];
                    }
                    acc[row + k] += s0;
                    acc[row + k + 1] += s1;
                    acc[row + k + 2] += s2;
                    acc[row + k + 3] += s3;
                }
                for (; k < p; k++) {
                    int ok = k * b;
                    double s0 = 0;
                    for (int r = 0; r < b; r++) {
                        s0 += scaled[oj + r] * block[ok + r];
                    }
                    acc[row + k] += s0;
                }
            }
        }
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
        Arrays.fill(out, 0, p, 0.0);
        for (int i = 0, base = 0; i < rows; i++, base += p) {
            double w = omega[i];
            for (int j = 0; j < p; j++) {
                double x = values[base + j];
                out[j] += w * x * x;
            }
        }
    }

    @Override
    public DenseMatrix selectRows(int[] selected) {
        double[] out = new double[selected.length * cols];
        for (int r = 0; r < selected.length; r++) {
            System.arraycopy(values, selected[r] * cols, out, r * cols, cols);
        }
        return new DenseMatrix(selected.length, cols, out);
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
