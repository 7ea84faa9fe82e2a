package io.smem.data;

import java.util.Arrays;

/** A sparse design matrix in compressed sparse row (CSR) form; column indices within a row are strictly increasing. */
public final class CsrMatrix implements DesignMatrix {

    private final int rows;
    private final int cols;
    private final int[] rowStart;
    private final int[] colIndex;
    private final double[] values;
    /** Xᵀ in CSR form (the columns of X as rows), made on the first {@link #rowGram}. */
    private CsrMatrix transposed;

    /**
     * Wraps the three CSR arrays (not copied). Row i occupies {@code [rowStart[i], rowStart[i+1])} of
     * {@code colIndex} and {@code values}.
     */
    public CsrMatrix(int rows, int cols, int[] rowStart, int[] colIndex, double[] values) {
        if (rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != colIndex.length
                || colIndex.length != values.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays");
        }
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int c = colIndex[k];
                if (c < 0 || c >= cols || (k > rowStart[i] && colIndex[k - 1] >= c)) {
                    throw new IllegalArgumentException("row " + i + ": column indices must be increasing and in [0, "
                            + cols + ")");
                }
            }
        }
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.values = values;
    }

    /** CSR copy of a dense matrix, keeping only non-zero entries. */
    public static CsrMatrix fromDense(DesignMatrix dense) {
        int n = dense.rows();
        int p = dense.cols();
        int[] start = new int[n + 1];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                if (dense.get(i, j) != 0) {
                    nnz++;
                }
            }
            start[i + 1] = nnz;
        }
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                double x = dense.get(i, j);
                if (x != 0) {
                    idx[k] = j;
                    val[k++] = x;
                }
            }
        }
        return new CsrMatrix(n, p, start, idx, val);
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }
    @Override public long storedEntries() { return values.length; }
    @Override public boolean isSparse() { return true; }

    public int[] rowStart() { return rowStart; }
    public int[] colIndex() { return colIndex; }
    public double[] values() { return values; }

    @Override
    public double get(int i, int j) {
        int k = Arrays.binarySearch(colIndex, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? values[k] : 0.0;
    }

    @Override
    public void multiply(double[] v, double offset, double[] out) {
        RowChunks.run(rows, RowChunks.lanes(rows, values.length, RowChunks.MAX_LANES), (lane, from, to) -> {
            for (int i = from; i < to; i++) {
                double s = 0;
                for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                    s += values[k] * v[colIndex[k]];
                }
                out[i] = s + offset;
            }
        });
    }

    @Override
    public void transposeMultiply(double[] u, double[] out) {
        RowChunks.sum(rows, values.length, out, cols, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                double ui = u[i];
                if (ui == 0) {
                    continue;
                }
                for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                    acc[colIndex[k]] += ui * values[k];
                }
            }
        });
    }

    /**
     * Columns whose rows of positive weight all hold the same value: a column is constant if it is stored in no such
     * row (all zeros), or in every one with one value.
     */
    boolean[] constantColumns(double[] w) {
        int[] storedIn = new int[cols];
        double[] value = new double[cols];
        boolean[] varies = new boolean[cols];
        int weighted = 0;
        for (int i = 0; i < rows; i++) {
            if (!(w[i] > 0)) {
                continue;
            }
            weighted++;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int j = colIndex[k];
                if (storedIn[j] == 0) {
                    value[j] = values[k];
                } else if (values[k] != value[j]) {
                    varies[j] = true;
                }
                storedIn[j]++;
            }
        }
        boolean[] constant = new boolean[cols];
        for (int j = 0; j < cols; j++) {
            // Stored in some weighted rows but not all: the others hold zeros, so constant only if the stored value
            // is 0.
            constant[j] = !varies[j] && (storedIn[j] == 0 || storedIn[j] == weighted || value[j] == 0);
        }
        return constant;
    }

    @Override
    public void multiplyThenTranspose(double[] v, double offset, double[] eta, RowWeight weight, double[] u,
                                      double[] out) {
        RowChunks.sum(rows, values.length, out, cols, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                int start = rowStart[i];
                int end = rowStart[i + 1];
                double s = 0;
                for (int k = start; k < end; k++) {
                    s += values[k] * v[colIndex[k]];
                }
                double e = s + offset;
                eta[i] = e;
                double ui = weight.at(i, e);
                u[i] = ui;
                if (ui == 0) {
                    continue;
                }
                for (int k = start; k < end; k++) {
                    acc[colIndex[k]] += ui * values[k];
                }
            }
        });
    }

    @Override
    public void weightedGram(double[] omega, double[] gram) {
        final int p = cols;
        long work = 0;
        for (int i = 0; i < rows; i++) {
            long len = rowStart[i + 1] - rowStart[i];
            work += len * (len + 1) / 2;
        }
        // A lane's partial Gram matrix is p × p: split only where that is small next to the work.
        int lanes = (long) p * p * 4 <= work ? RowChunks.lanes(rows, work, p <= 512 ? RowChunks.MAX_LANES : 2) : 1;
        double[][] partial = new double[lanes][];
        partial[0] = gram;
        Arrays.fill(gram, 0, p * p, 0.0);
        for (int l = 1; l < lanes; l++) {
            partial[l] = new double[p * p];
        }
        RowChunks.run(rows, lanes, (lane, from, to) -> gramRows(from, to, omega, partial[lane]));
        RowChunks.merge(partial, gram, p * p);
        DenseMatrix.mirrorUpper(gram, p);
    }

    /** Adds Σ ω_i x_i x_iᵀ over rows [from, to) to the upper triangle of acc. */
    private void gramRows(int from, int to, double[] omega, double[] acc) {
        final int p = cols;
        for (int i = from; i < to; i++) {
            double w = omega[i];
            if (w == 0) {
                continue;
            }
            int end = rowStart[i + 1];
            for (int a = rowStart[i]; a < end; a++) {
                double wa = w * values[a];
                int base = colIndex[a] * p;
                for (int b = a; b < end; b++) {
                    acc[base + colIndex[b]] += wa * values[b];
                }
            }
        }
    }

    /**
     * The Gram matrix of a subset of the columns without copying them: each row's entries in the subset are gathered
     * (through a column → position map) and only their products formed, so the cost is Σ_rows (kept entries)²/2
     * plus one scan of the stored entries.
     */
    @Override
    public void weightedGram(double[] omega, int[] columns, int count, double[] gram) {
        int[] position = new int[cols];
        Arrays.fill(position, -1);
        for (int a = 0; a < count; a++) {
            position[columns[a]] = a;
        }
        // An upper bound of the work from the row lengths alone (a row keeps at most min(length, count) entries):
        // counting the kept entries exactly would cost a scan of the whole design.
        long work = 0;
        int longest = 0;
        for (int i = 0; i < rows; i++) {
            long kept = Math.min(rowStart[i + 1] - rowStart[i], count);
            work += kept * (kept + 1) / 2;
            longest = Math.max(longest, (int) kept);
        }
        int lanes = (long) count * count * 4 <= work
                ? RowChunks.lanes(rows, work, count <= 512 ? RowChunks.MAX_LANES : 2) : 1;
        double[][] partial = new double[lanes][];
        partial[0] = gram;
        Arrays.fill(gram, 0, count * count, 0.0);
        for (int l = 1; l < lanes; l++) {
            partial[l] = new double[count * count];
        }
        int rowLength = longest;
        RowChunks.run(rows, lanes, (lane, from, to) -> {
            int[] at = new int[rowLength];
            double[] val = new double[rowLength];
            double[] acc = partial[lane];
            for (int i = from; i < to; i++) {
                int kept = 0;
                for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                    int a = position[colIndex[k]];
                    if (a >= 0) {
                        at[kept] = a;
                        val[kept++] = values[k];
                    }
                }
                double w = omega[i];
                for (int a = 0; a < kept; a++) {
                    double wa = w * val[a];
                    int base = at[a] * count;
                    for (int b = a; b < kept; b++) {
                        acc[base + at[b]] += wa * val[b];
                    }
                }
            }
        });
        RowChunks.merge(partial, gram, count * count);
        DenseMatrix.mirrorUpper(gram, count);
    }

    @Override
    public void rowGram(double[] v, double[] out) {
        transposed().weightedGram(v, out);
    }

    /** Xᵀ in CSR form, made once (a counting sort of the entries by column): its rows are X's columns. */
    synchronized CsrMatrix transposed() {
        if (transposed == null) {
            int[] start = new int[cols + 1];
            for (int c : colIndex) {
                start[c + 1]++;
            }
            for (int j = 0; j < cols; j++) {
                start[j + 1] += start[j];
            }
            int[] next = Arrays.copyOf(start, cols);
            int[] idx = new int[colIndex.length];
            double[] val = new double[values.length];
            for (int i = 0; i < rows; i++) {
                for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                    int at = next[colIndex[k]]++;
                    idx[at] = i;
                    val[at] = values[k];
                }
            }
            transposed = new CsrMatrix(cols, rows, start, idx, val);
        }
        return transposed;
    }

    @Override
    public void weightedColumnSquares(double[] omega, double[] out) {
        RowChunks.sum(rows, values.length, out, cols, (from, to, acc) -> {
            for (int i = from; i < to; i++) {
                double w = omega[i];
                for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                    acc[colIndex[k]] += w * values[k] * values[k];
                }
            }
        });
    }

    @Override
    public CsrMatrix selectRows(int[] selected) {
        int[] start = new int[selected.length + 1];
        for (int r = 0; r < selected.length; r++) {
            int i = selected[r];
            start[r + 1] = start[r] + rowStart[i + 1] - rowStart[i];
        }
        int[] idx = new int[start[selected.length]];
        double[] val = new double[idx.length];
        for (int r = 0; r < selected.length; r++) {
            int i = selected[r];
            int len = rowStart[i + 1] - rowStart[i];
            System.arraycopy(colIndex, rowStart[i], idx, start[r], len);
            System.arraycopy(values, rowStart[i], val, start[r], len);
        }
        return new CsrMatrix(selected.length, cols, start, idx, val);
    }

    @Override
    public CsrMatrix selectColumns(int[] selected) {
        int[] newIndex = new int[cols];
        Arrays.fill(newIndex, -1);
        for (int a = 0; a < selected.length; a++) {
            newIndex[selected[a]] = a;
        }
        int[] start = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            int kept = 0;
            for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                if (newIndex[colIndex[k]] >= 0) {
                    kept++;
                }
            }
            start[i + 1] = start[i] + kept;
        }
        int[] idx = new int[start[rows]];
        double[] val = new double[idx.length];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
                int a = newIndex[colIndex[k]];
                if (a >= 0) {
                    idx[at] = a;
                    val[at++] = values[k];
                }
            }
        }
        return new CsrMatrix(rows, selected.length, start, idx, val);
    }
}
