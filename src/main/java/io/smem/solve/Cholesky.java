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

    /**
     * Solves the small least-squares normal equations {@code (A + ridge · max diag A · I) x = b} in place (A is k × k,
     * lower triangle used, overwritten by its factor): the coefficients of an Anderson or multisecant combination,
     * with a relative ridge so that nearly parallel differences cannot blow them up. False if A is zero or the
     * factorization fails (the caller then takes the plain step).
     */
    public static boolean solveRidgedInPlace(double[] a, int k, double ridge, double[] b) {
        double largest = 0;
        for (int i = 0; i < k; i++) {
            largest = Math.max(largest, a[i * k + i]);
        }
        if (!(largest > 0)) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            a[i * k + i] += ridge * largest;
        }
        if (!factorLowerInPlace(a, k)) {
            return false;
        }
        solveInPlace(a, k, b);
        return true;
    }
}
