package io.smem.data;

import java.util.Arrays;

/** A dense row-major design matrix on one flat {@code double[]}. */
public final class DenseMatrix implements DesignMatrix {

    /** Rows per block in the Gram kernel: a block of rows is transposed once so the inner loops run unit-stride. */
    private static final int GRAM_BLOCK = 64;

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
        Arrays.fill(gram, 0, p * p, 0.0);
        // Column-major copy of a block of rows (scaled and unscaled): the update of G[j][k] over the block is then
        // two unit-stride arrays, which the JIT vectorizes, and the block stays in cache across all (j, k).
        double[] block = new double[GRAM_BLOCK * p];
        double[] scaled = new double[GRAM_BLOCK * p];
        for (int start = 0; start < rows; start += GRAM_BLOCK) {
            int b = Math.min(GRAM_BLOCK, rows - start);
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
                for (int k = j; k < p; k++) {
                    int ok = k * b;
                    double s = 0;
                    for (int r = 0; r < b; r++) {
                        s += scaled[oj + r] * block[ok + r];
                    }
                    gram[j * p + k] += s;
                }
            }
        }
        mirrorUpper(gram, p);
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
