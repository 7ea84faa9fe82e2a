package io.smem.bench.peers;

import java.util.Locale;

/**
 * The benchmark's own independent solver for logistic regression with any elastic-net penalty and an unpenalized
 * intercept (glmnet / newGLMNET style, written for this benchmark and sharing no code with the engine): proximal
 * Newton with the exact Hessian XᵀWX (dense, (p+1)²), each subproblem min gᵀd + ½dᵀHd + λP(β+d) solved
 * exactly by Cholesky for the ridge and otherwise by cyclic coordinate descent finished by Newton steps on the
 * support, then a backtracking line search on the true objective (Tseng and Yun's sufficient-decrease test). Used
 * as a certifier of the reference optimum — the only second solver for the elastic net, which liblinear lacks. Not
 * timed: it is a reference, not a tuned peer.
 */
final class ProxNewtonCd {

    private ProxNewtonCd() {
    }

    /**
     * Solves to a relative objective decrease below {@code tol} between outer iterations (plus a vanishing predicted
     * decrease); {@code tol} ≤ 1e-15 means "to round-off".
     */
    static Solver.Solution solve(Dataset d, Problem pr, double tol) {
        int n = d.n();
        int p = d.p();
        int m = p + 1;
        double[][] x = d.x();
        double[] y = d.y();
        double lambda = pr.lambda();
        double alpha = pr.alpha();
        double[] beta = new double[p];
        double ybar = 0;
        for (double v : y) {
            ybar += v / n;
        }
        double b = Math.log(ybar / (1 - ybar));
        double[] eta = new double[n];
        double[] g = new double[m];
        double[] h = new double[m * m];
        double[] dir = new double[m];
        double[] hd = new double[m];
        double[] xi1 = new double[m];
        double f = pr.value(d, beta, b);
        int outer = 0;
        long sweeps = 0;
        for (; outer < 500; outer++) {
            java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(h, 0);
            for (int i = 0; i < n; i++) {
                double e = b;
                for (int j = 0; j < p; j++) {
                    e += x[i][j] * beta[j];
                }
                eta[i] = e;
                double pi = 1 / (1 + Math.exp(-e));
                double r = (pi - y[i]) / n;
                double w = Math.max(pi * (1 - pi), 1e-16) / n;
                System.arraycopy(x[i], 0, xi1, 0, p);
                xi1[p] = 1;
                for (int j = 0; j < m; j++) {
                    g[j] += r * xi1[j];
                    double wx = w * xi1[j];
                    int row = j * m;
                    for (int k = 0; k <= j; k++) {
                        h[row + k] += wx * xi1[k];
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < j; k++) {
                    h[k * m + j] = h[j * m + k];
                }
            }
            java.util.Arrays.fill(dir, 0);
            java.util.Arrays.fill(hd, 0);
            if (alpha == 0) {
                // Ridge: the subproblem is a linear system; solve it exactly (a plain Newton step).
                double[] a = h.clone();
                double[] rhs = new double[m];
                for (int j = 0; j < m; j++) {
                    rhs[j] = -g[j];
                    if (j < p) {
                        a[j * m + j] += lambda;
                        rhs[j] -= lambda * beta[j];
                    }
                }
                choleskySolve(a, rhs, m);
                System.arraycopy(rhs, 0, dir, 0, m);
            } else {
                sweeps += coordinateDescent(h, g, beta, b, dir, hd, p, lambda, alpha);
            }
            // Predicted decrease: gᵀd + λ(P(β+d) − P(β)).
            double pred = 0;
            for (int j = 0; j < m; j++) {
                pred += g[j] * dir[j];
            }
            for (int j = 0; j < p; j++) {
                pred += lambda * (pen(beta[j] + dir[j], alpha) - pen(beta[j], alpha));
            }
            if (pred > -1e-17 * Math.abs(f)) {
                break;
            }
            double t = 1;
            double[] nb = new double[p];
            double fNew;
            while (true) {
                for (int j = 0; j < p; j++) {
                    nb[j] = beta[j] + t * dir[j];
                }
                fNew = pr.value(d, nb, b + t * dir[p]);
                if (fNew <= f + 1e-4 * t * pred || t < 1e-10) {
                    break;
                }
                t /= 2;
            }
            if (!(fNew <= f)) {
                break;
            }
            System.arraycopy(nb, 0, beta, 0, p);
            b += t * dir[p];
            double fOld = f;
            f = fNew;
            if (fOld - f <= tol * Math.abs(f) && tol > 1e-15) {
                outer++;
                break;
            }
        }
        return new Solver.Solution(beta, b, String.format(Locale.ROOT, "%d Newton it, %d CD sweeps, %d passes",
                outer, sweeps, 2 * outer));
    }

    /**
     * The subproblem min gᵀd + ½dᵀHd + λP(β+d) by cyclic CD, with an exact Newton step on the current support every
     * 10 sweeps (signs held; the step is cut at the first sign change, so it only lowers the subproblem's objective):
     * CD finds the support, the Newton step finishes it. Stops when a sweep changes nothing beyond round-off, after at
     * most 20000 sweeps; returns the sweeps.
     */
    private static int coordinateDescent(double[] h, double[] g, double[] beta, double b, double[] dir, double[] hd,
                                         int p, double lambda, double alpha) {
        int m = p + 1;
        int sweep = 0;
        while (sweep < 20000) {
            sweep++;
            double change = 0;
            double scale = 0;
            for (int j = 0; j < m; j++) {
                double hjj = h[j * m + j];
                double z = (j < p ? beta[j] : b) + dir[j];
                double znew;
                if (j == p) {
                    znew = z - (g[j] + hd[j]) / hjj;
                } else {
                    double a = hjj + lambda * (1 - alpha);
                    if (!(a > 0)) {
                        continue;
                    }
                    double grad = g[j] + hd[j] + lambda * (1 - alpha) * z;
                    double u = a * z - grad;
                    double thr = lambda * alpha;
                    znew = u > thr ? (u - thr) / a : u < -thr ? (u + thr) / a : 0.0;
                }
                double delta = znew - z;
                if (delta != 0) {
                    dir[j] += delta;
                    int row = j * m;
                    for (int k = 0; k < m; k++) {
                        hd[k] += h[row + k] * delta;
                    }
                    change = Math.max(change, hjj * delta * delta);
                }
                scale = Math.max(scale, hjj * znew * znew);
            }
            if (change <= 1e-32 * Math.max(scale, 1e-300)) {
                break;
            }
            if (sweep % 10 == 0) {
                supportNewton(h, g, beta, b, dir, hd, p, lambda, alpha);
            }
        }
        return sweep;
    }

    private static void supportNewton(double[] h, double[] g, double[] beta, double b, double[] dir, double[] hd,
                                      int p, double lambda, double alpha) {
        int m = p + 1;
        int[] free = new int[m];
        double[] sign = new double[m];
        int k = 0;
        for (int j = 0; j < p; j++) {
            double z = beta[j] + dir[j];
            if (z != 0) {
                sign[k] = Math.signum(z);
                free[k++] = j;
            }
        }
        free[k++] = p;
        // Stationarity on the free set with the other coordinates held at z = 0.
        double[] a = new double[k * k];
        double[] rhs = new double[k];
        for (int r = 0; r < k; r++) {
            int j = free[r];
            double v = -g[j] - hd[j];
            for (int c = 0; c < k; c++) {
                a[r * k + c] = h[j * m + free[c]];
                v += h[j * m + free[c]] * dir[free[c]]; // hd minus the free part: the fixed part's contribution
            }
            if (j < p) {
                a[r * k + r] += lambda * (1 - alpha);
                v -= lambda * (1 - alpha) * beta[j] + lambda * alpha * sign[r];
            }
            rhs[r] = v;
        }
        try {
            choleskySolve(a, rhs, k);
        } catch (ArithmeticException e) {
            return;
        }
        // rhs now holds the Newton point's d on the free set; move toward it, cut at the first sign change.
        double t = 1;
        int hit = -1;
        for (int r = 0; r < k; r++) {
            int j = free[r];
            if (j == p) {
                continue;
            }
            double z0 = beta[j] + dir[j];
            double z1 = beta[j] + rhs[r];
            if (z1 * sign[r] < 0) {
                double tj = z0 / (z0 - z1);
                if (tj < t) {
                    t = tj;
                    hit = j;
                }
            }
        }
        for (int r = 0; r < k; r++) {
            int j = free[r];
            dir[j] += t * (rhs[r] - dir[j]);
        }
        if (hit >= 0) {
            dir[hit] = -beta[hit];
        }
        java.util.Arrays.fill(hd, 0);
        for (int j = 0; j < m; j++) {
            if (dir[j] != 0) {
                for (int c = 0; c < m; c++) {
                    hd[c] += h[j * m + c] * dir[j];
                }
            }
        }
    }

    /** Solves A x = b in place (b becomes x) for a symmetric positive definite m × m row-major A. */
    static void choleskySolve(double[] a, double[] b, int m) {
        for (int j = 0; j < m; j++) {
            double d = a[j * m + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * m + k] * a[j * m + k];
            }
            if (!(d > 0)) {
                throw new ArithmeticException("matrix not positive definite at column " + j);
            }
            double l = Math.sqrt(d);
            a[j * m + j] = l;
            for (int i = j + 1; i < m; i++) {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = s / l;
            }
        }
        choleskySolveFactored(a, b, m);
    }

    /** Solves with a factor left in the lower triangle of {@code a} by {@link #choleskySolve}. */
    static void choleskySolveFactored(double[] a, double[] b, int m) {
        for (int i = 0; i < m; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i * m + k] * b[k];
            }
            b[i] = s / a[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < m; k++) {
                s -= a[k * m + i] * b[k];
            }
            b[i] = s / a[i * m + i];
        }
    }

    private static double pen(double v, double alpha) {
        return alpha * Math.abs(v) + 0.5 * (1 - alpha) * v * v;
    }
}
