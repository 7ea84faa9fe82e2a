package io.smem.solve;

/** Dense Cholesky factorization and solves on a flat row-major array (lower triangle used). */
public final class Cholesky {

    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of the m × m symmetric matrix {@code a} with L such that A = LLᵀ. Row-oriented
     * (Cholesky–Banachiewicz): the inner products run along rows, unit stride. They are computed for two rows of L
     * against four earlier rows at a time, eight independent sums that share their loads: the tile is 1.5–2.3×
     * faster for m from 60 to 650 (four interleaved sums on one row pair, without the shared loads, were no faster
     * than the plain loop). A pivot that is not positive relative to the diagonal's scale fails the factorization.
     */
    public static boolean factorLowerInPlace(double[] a, int m) {
        double scale = 0;
        for (int j = 0; j < m; j++) {
            scale = Math.max(scale, Math.abs(a[j * m + j]));
        }
        double floor = 1e-15 * Math.max(scale, Double.MIN_NORMAL);
        int i = 0;
        for (; i + 1 < m; i += 2) {
            int ri = i * m;
            int rn = ri + m;
            int j = 0;
            for (; j + 3 < i; j += 4) {
                int r0 = j * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                double t0 = 0;
                double t1 = 0;
                double t2 = 0;
                double t3 = 0;
                for (int k = 0; k < j; k++) {
                    double x = a[ri + k];
                    double y = a[rn + k];
                    double b0 = a[r0 + k];
                    double b1 = a[r1 + k];
                    double b2 = a[r2 + k];
                    double b3 = a[r3 + k];
                    s0 += x * b0;
                    s1 += x * b1;
                    s2 += x * b2;
                    s3 += x * b3;
                    t0 += y * b0;
                    t1 += y * b1;
                    t2 += y * b2;
                    t3 += y * b3;
                }
                finishFour(a, ri, j, m, s0, s1, s2, s3);
                finishFour(a, rn, j, m, t0, t1, t2, t3);
            }
            if (!finishRow(a, m, i, j, floor) || !finishRow(a, m, i + 1, j, floor)) {
                return false;
            }
        }
        return i == m || finishRow(a, m, i, 0, floor);
    }

    /**
     * Entries j..j+3 of the row starting at {@code ri}, given the sums over columns k < j of the row times rows
     * j..j+3 of L: the triangle of the four rows is added in order.
     */
    private static void finishFour(double[] a, int ri, int j, int m, double s0, double s1, double s2, double s3) {
        int r0 = j * m;
        int r1 = r0 + m;
        int r2 = r1 + m;
        int r3 = r2 + m;
        double l0 = (a[ri + j] - s0) / a[r0 + j];
        a[ri + j] = l0;
        double l1 = (a[ri + j + 1] - (s1 + l0 * a[r1 + j])) / a[r1 + j + 1];
        a[ri + j + 1] = l1;
        double l2 = (a[ri + j + 2] - (s2 + l0 * a[r2 + j] + l1 * a[r2 + j + 1])) / a[r2 + j + 2];
        a[ri + j + 2] = l2;
        a[ri + j + 3] = (a[ri + j + 3] - (s3 + l0 * a[r3 + j] + l1 * a[r3 + j + 1] + l2 * a[r3 + j + 2]))
                / a[r3 + j + 3];
    }

    /** Entries {@code from}..i of row i (the diagonal last), one inner product each; false at a bad pivot. */
    private static boolean finishRow(double[] a, int m, int i, int from, double floor) {
        int ri = i * m;
        for (int j = from; j <= i; j++) {
            int rj = j * m;
            double s = 0;
            for (int k = 0; k < j; k++) {
                s += a[ri + k] * a[rj + k];
            }
            s = a[ri + j] - s;
            if (i == j) {
                if (!(s > floor)) {
                    return false;
                }
                a[ri + i] = Math.sqrt(s);
            } else {
                a[ri + j] = s / a[rj + j];
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
