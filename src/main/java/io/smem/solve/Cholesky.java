package io.smem.solve;

/** Dense Cholesky factorization and solves on a flat row-major array (lower triangle used). */
public final class Cholesky {

    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of the m × m symmetric matrix {@code a} with L such that A = LLᵀ. Row-oriented
     * (Cholesky–Banachiewicz): the inner product runs along two rows, unit stride. A pivot that is not positive
     * relative to the diagonal's scale fails the factorization.
     */
    public static boolean factorLowerInPlace(double[] a, int m) {
        double scale = 0;
        for (int j = 0; j < m; j++) {
            scale = Math.max(scale, Math.abs(a[j * m + j]));
        }
        double floor = 1e-15 * Math.max(scale, Double.MIN_NORMAL);
        for (int i = 0; i < m; i++) {
            int ri = i * m;
            for (int j = 0; j <= i; j++) {
                int rj = j * m;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                if (i == j) {
                    if (!(s > floor)) {
                        return false;
                    }
                    a[ri + i] = Math.sqrt(s);
                } else {
                    a[ri + j] = s / a[rj + j];
                }
            }
        }
        return true;
    }

    /** Solves LLᵀ x = b in place, L from {@link #factorLowerInPlace}. */
    public static void solveInPlace(double[] l, int m, double[] b) {
        for (int i = 0; i < m; i++) {
            int ri = i * m;
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * b[k];
            }
            b[i] = s / l[ri + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < m; k++) {
                s -= l[k * m + i] * b[k];
            }
            b[i] = s / l[i * m + i];
        }
    }
}
