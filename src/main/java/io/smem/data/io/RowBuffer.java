package io.smem.data.io;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import java.util.Arrays;

/** Rows collected as sparse entries (column order within a row), turned into a CSR or dense matrix at the end. */
final class RowBuffer {

    private int rows;
    private int[] rowStart = new int[64];
    private int[] cols = new int[256];
    private double[] vals = new double[256];
    private int nnz;

    /** Adds an entry to the current row; zeros are not stored. Columns must increase within a row. */
    void add(int col, double value) {
        if (value == 0) {
            return;
        }
        if (nnz == cols.length) {
            int grown = Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8L, cols.length * 2L));
            if (grown == cols.length) {
                throw new IllegalStateException("more than " + cols.length + " non-zero entries");
            }
            cols = Arrays.copyOf(cols, grown);
            vals = Arrays.copyOf(vals, grown);
        }
        cols[nnz] = col;
        vals[nnz++] = value;
    }

    /** Ends the current row. */
    void endRow() {
        if (rows + 2 > rowStart.length) {
            rowStart = Arrays.copyOf(rowStart, rowStart.length * 2);
        }
        rowStart[++rows] = nnz;
    }

    int rows() {
        return rows;
    }

    CsrMatrix toCsr(int p) {
        return new CsrMatrix(rows, p, Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(cols, nnz),
                Arrays.copyOf(vals, nnz));
    }

    /** The dense matrix, or null if {@code rows * p} does not fit one array. */
    DenseMatrix toDense(int p) {
        long size = (long) rows * p;
        if (size > Integer.MAX_VALUE - 8L) {
            return null;
        }
        double[] out = new double[(int) size];
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                out[i * p + cols[k]] = vals[k];
            }
        }
        return new DenseMatrix(rows, p, out);
    }
}
