package io.smem.bench.paper;

/**
 * The reference optimum F* of the ridge-logistic objective by the benchmark's own damped Newton method (exact Hessian,
 * Cholesky solve, Armijo backtracking), independent of the engine. Stops once the Newton decrement δ² = gᵀH⁻¹g
 * (δ²/2 ≈ F − F* near the optimum) has been below 2e-12 for three steps, or is below 1e-24 — so F* is accurate far
 * beyond 1e-12 (quadratic convergence makes the last steps 1e-24 or rounding).
 */
final class NewtonReference {

    record Result(double[] theta, double f, int iterations, double decrement, double gradientInf) {
    }

    private NewtonReference() {
    }

    static Result solve(LogisticObjective obj) {
        return solve(obj, obj.nullModel());
    }

    static Result solve(LogisticObjective obj, double[] start) {
        int m = obj.m;
        double[] theta = start.clone();
        double[] g = new double[m];
        double[] trial = new double[m];
        double f = obj.value(theta);
        double dec = Double.NaN;
        int small = 0;
        int it = 0;
        for (; it < 200; it++) {
            obj.gradient(theta, g);
            double[] h = obj.hessian(theta);
            if (!Cholesky.factor(h, m)) {
                throw new IllegalStateException("Hessian not positive definite");
            }
            double[] d = g.clone();
            Cholesky.solve(h, m, d);
            dec = 0;
            for (int j = 0; j < m; j++) {
                d[j] = -d[j];
                dec -= g[j] * d[j];
            }
            if (dec < 1e-24 || small >= 3) {
                break;
            }
            if (dec / 2 < 1e-12) {
                small++;
                // Quadratic region: the full step; a line search cannot resolve these decreases in F anyway.
                for (int j = 0; j < m; j++) {
                    theta[j] += d[j];
                }
                f = obj.value(theta);
                continue;
            }
            double t = 1;
            double fTrial;
            while (true) {
                for (int j = 0; j < m; j++) {
                    trial[j] = theta[j] + t * d[j];
                }
                fTrial = obj.value(trial);
                if (fTrial <= f - 1e-4 * t * dec || t < 1e-12) {
                    break;
                }
                t /= 2;
            }
            System.arraycopy(trial, 0, theta, 0, m);
            f = fTrial;
        }
        obj.gradient(theta, g);
        double gi = 0;
        for (double v : g) {
            gi = Math.max(gi, Math.abs(v));
        }
        return new Result(theta, obj.value(theta), it, dec, gi);
    }

    /** Dense Cholesky on a row-major m × m array (lower triangle overwritten). */
    static final class Cholesky {
        private Cholesky() {
        }

        static boolean factor(double[] a, int m) {
            for (int j = 0; j < m; j++) {
                int rj = j * m;
                double s = a[rj + j];
                for (int k = 0; k < j; k++) {
                    s -= a[rj + k] * a[rj + k];
                }
                if (!(s > 0)) {
                    return false;
                }
                double l = Math.sqrt(s);
                a[rj + j] = l;
                for (int i = j + 1; i < m; i++) {
                    int ri = i * m;
                    double t = a[ri + j];
                    for (int k = 0; k < j; k++) {
                        t -= a[ri + k] * a[rj + k];
                    }
                    a[ri + j] = t / l;
                }
            }
            return true;
        }

        static void solve(double[] l, int m, double[] b) {
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
}
