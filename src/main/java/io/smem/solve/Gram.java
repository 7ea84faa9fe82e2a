package io.smem.solve;

import io.smem.data.DesignMatrix;

/** The weighted Gram matrix of the design augmented with an intercept column. */
public final class Gram {

    private Gram() {
    }

    /**
     * Writes {@code Zₐᵀ diag(c) Zₐ} (Zₐ = [Z, 1] with an intercept, Z otherwise) into {@code out}, an m × m row-major
     * block with leading dimension {@code stride} starting at {@code offset}; both triangles. {@code gram} (p × p)
     * and {@code colSums} (p) are scratch.
     */
    public static void augmented(DesignMatrix z, boolean intercept, double[] c, double[] gram, double[] colSums,
                                 double[] out, int offset, int stride) {
        int p = z.cols();
        z.weightedGram(c, gram);
        for (int j = 0; j < p; j++) {
            System.arraycopy(gram, j * p, out, offset + j * stride, p);
        }
        if (intercept) {
            double total = interceptColumn(z, c, colSums);
            for (int j = 0; j < p; j++) {
                out[offset + j * stride + p] = colSums[j];
                out[offset + p * stride + j] = colSums[j];
            }
            out[offset + p * stride + p] = total;
        }
    }

    /**
     * As {@link #augmented(DesignMatrix, boolean, double[], double[], double[], double[], int, int)} for the columns
     * {@code columns[0..count)} (increasing) of Z only, the intercept column (if any) last: a (count + 1)² or count²
     * matrix, row-major with leading dimension {@code stride}. {@code gram} (count²) and {@code colSums} (p) are
     * scratch.
     */
    public static void augmented(DesignMatrix z, boolean intercept, double[] c, int[] columns, int count,
                                 double[] gram, double[] colSums, double[] out, int stride) {
        z.weightedGram(c, columns, count, gram);
        for (int a = 0; a < count; a++) {
            System.arraycopy(gram, a * count, out, a * stride, count);
        }
        if (intercept) {
            double total = interceptColumn(z, c, colSums);
            for (int a = 0; a < count; a++) {
                out[a * stride + count] = colSums[columns[a]];
                out[count * stride + a] = colSums[columns[a]];
            }
            out[count * stride + count] = total;
        }
    }

    /** The intercept's row of the augmented Gram matrix: Zᵀc into {@code colSums}; returns Σc, its diagonal entry. */
    private static double interceptColumn(DesignMatrix z, double[] c, double[] colSums) {
        z.transposeMultiply(c, colSums);
        double total = 0;
        for (int i = 0; i < z.rows(); i++) {
            total += c[i];
        }
        return total;
    }
}
