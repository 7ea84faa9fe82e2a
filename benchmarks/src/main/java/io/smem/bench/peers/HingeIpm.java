package io.smem.bench.peers;

import java.util.Locale;

/**
 * The benchmark's own primal-dual interior-point solver for the dual of the L2 hinge SVM with a penalized bias,
 * min ½αᵀQα − Σα subject to 0 ≤ α ≤ C, with Q = VVᵀ and V_i = ỹ_i x̃_i (x̃ = (x, 1)). Each Newton system
 * (D + VVᵀ)Δ = r is solved through the (p+1) × (p+1) matrix I + VᵀD⁻¹V (Woodbury, as in Ferris and Munson's
 * interior-point SVM), Jacobi-scaled, with iterative refinement; Mehrotra's rule picks the centering.
 * Newton's method does not care how badly the raw features are scaled, which is what defeats coordinate descent here,
 * so this is the independent solver behind the hinge reference optimum. Shares no code with the engine or liblinear.
 */
final class HingeIpm {

    static boolean DEBUG = Boolean.getBoolean("ipm.debug");

    private HingeIpm() {
    }

    record Result(Solver.Solution solution, double lowerBound, String work) {
    }

    static Result solve(Dataset d, Problem pr, double gapTol, int maxIter) {
        int n = d.n();
        int p = d.p();
        int m = p + 1;
        double c = pr.liblinearC(n);
        double[][] v = new double[n][m];
        for (int i = 0; i < n; i++) {
            double s = d.y()[i] > 0.5 ? 1 : -1;
            for (int j = 0; j < p; j++) {
                v[i][j] = s * d.x()[i][j];
            }
            v[i][p] = s;
        }
        double[] alpha = new double[n];
        double[] z = new double[n];
        double[] u = new double[n];
        double[] sl = new double[n]; // C − α, kept as its own variable so that it never cancels to 0
        java.util.Arrays.fill(alpha, c / 2);
        java.util.Arrays.fill(sl, c / 2);
        java.util.Arrays.fill(z, 1);
        java.util.Arrays.fill(u, 1);
        double[] w = new double[m];
        double[] rd = new double[n];
        double[] dinv = new double[n];
        double[] r = new double[n];
        double[] da = new double[n];
        double[] dz = new double[n];
        double[] du = new double[n];
        double bestGap = Double.POSITIVE_INFINITY;
        double lower = Double.NEGATIVE_INFINITY;
        double[] bestW = null;
        double bestPrimal = Double.POSITIVE_INFINITY;
        int it = 0;
        double lastGap = Double.POSITIVE_INFINITY;
        int stalled = 0;
        for (; it < maxIter; it++) {
            java.util.Arrays.fill(w, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    w[j] += alpha[i] * v[i][j];
                }
            }
            // Bounds: α is always strictly feasible, so D(α) is a valid lower bound; P(w(α)) an upper one.
            double ww = 0;
            double sumA = 0;
            for (double x : w) {
                ww += x * x;
            }
            double loss = 0;
            double mu = 0;
            for (int i = 0; i < n; i++) {
                double q = dot(v[i], w);
                loss += Math.max(0, 1 - q);
                sumA += alpha[i];
                rd[i] = q - 1 - z[i] + u[i];
                mu += alpha[i] * z[i] + sl[i] * u[i];
            }
            mu /= 2 * n;
            double primal = 0.5 * ww + c * loss;
            double dual = sumA - 0.5 * ww;
            lower = Math.max(lower, dual);
            if (primal < bestPrimal) {
                bestPrimal = primal;
                bestW = w.clone();
            }
            if (it >= 3 && (bestPrimal - lower) / Math.abs(bestPrimal) < 1e-3) {
                // Active-set finish from the current α: both of its values are valid bounds.
                for (double thr : new double[] {1e-4, 1e-6, 1e-8}) {
                    double[][] fin = finish(v, alpha, sl, c, thr);
                    // Then twice more from the margins of the result: the partition settles.
                    for (int round = 0; round < 3 && fin != null; round++) {
                        double pf = primal(v, fin[0], c);
                        if (DEBUG) {
                            System.err.printf(Locale.ROOT, "   finish thr %.0e round %d: primal %.16g dual %.16g%n",
                                    thr, round, pf, dual(fin[1], fin[2]));
                        }
                        if (pf < bestPrimal) {
                            bestPrimal = pf;
                            bestW = fin[0];
                        }
                        lower = Math.max(lower, dual(fin[1], fin[2]));
                        fin = finishFromPrimal(v, fin[0], c, 1e-9);
                    }
                }
            }
            bestGap = (bestPrimal - lower) / Math.abs(bestPrimal);
            if (DEBUG) {
                System.err.printf(Locale.ROOT, "ipm %3d mu %.2e primal(w(α)) %.16g dual %.16g best gap %.2e%n", it, mu,
                        primal, dual, bestGap);
            }
            if (bestGap <= gapTol) {
                break;
            }
            if (bestGap < 0.999 * lastGap) {
                lastGap = bestGap;
                stalled = 0;
            } else if (bestGap < 1e-3 && ++stalled >= 4) {
                break; // round-off has taken over
            }
            for (int i = 0; i < n; i++) {
                dinv[i] = 1 / (z[i] / alpha[i] + u[i] / sl[i]);
            }
            double[] chol = factor(v, dinv, m);
            if (chol == null) {
                break;
            }
            // Predictor (σ = 0), then Mehrotra's σ = (μ_aff/μ)³.
            double sigma = 0;
            for (int pass = 0; pass < 2; pass++) {
                double smu = sigma * mu;
                for (int i = 0; i < n; i++) {
                    r[i] = -rd[i] + (smu / alpha[i] - z[i]) - (smu / sl[i] - u[i]);
                }
                solve(v, dinv, chol, m, r, da);
                for (int i = 0; i < n; i++) {
                    dz[i] = (smu - alpha[i] * z[i] - z[i] * da[i]) / alpha[i];
                    du[i] = (smu - sl[i] * u[i] + u[i] * da[i]) / sl[i];
                }
                double step = maxStep(alpha, sl, z, u, da, dz, du, 1.0);
                if (pass == 0) {
                    double muAff = 0;
                    for (int i = 0; i < n; i++) {
                        muAff += (alpha[i] + step * da[i]) * (z[i] + step * dz[i])
                                + (sl[i] - step * da[i]) * (u[i] + step * du[i]);
                    }
                    muAff /= 2 * n;
                    sigma = Math.min(1, Math.pow(muAff / mu, 3));
                } else {
                    step = maxStep(alpha, sl, z, u, da, dz, du, 0.995);
                    for (int i = 0; i < n; i++) {
                        alpha[i] += step * da[i];
                        sl[i] -= step * da[i];
                        z[i] += step * dz[i];
                        u[i] += step * du[i];
                    }
                }
            }
        }
        String work = String.format(Locale.ROOT, "interior point, %d iterations, rel. gap %.1e", it, bestGap);
        double[] beta = java.util.Arrays.copyOf(bestW, p);
        return new Result(new Solver.Solution(beta, bestW[p], work), pr.lambda() * lower, work);
    }

    /**
     * The exact solution for the partition the current α suggests: α = 0 where α ≤ thr·C, α = C where C − α ≤ thr·C,
     * and on the rest (the margin M) the α_M that puts those points exactly on the margin, V_M(w_fixed + V_Mᵀα_M) = 1,
     * clipped into [0, C]. Returns {w, α, w(α)}: the primal candidate, and the feasible dual point with its w.
     */
    private static double[][] finish(double[][] v, double[] alpha, double[] sl, double c, double thr) {
        int n = v.length;
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            cls[i] = alpha[i] <= thr * c ? 0 : sl[i] <= thr * c ? 1 : 2;
        }
        return finish(v, cls, c);
    }

    /** As above for the partition given by the margins of w: |1 − ỹx̃ᵀw| ≤ δ on the margin. */
    private static double[][] finishFromPrimal(double[][] v, double[] w, double c, double delta) {
        int n = v.length;
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - dot(v[i], w);
            cls[i] = u < -delta ? 0 : u > delta ? 1 : 2;
        }
        return finish(v, cls, c);
    }

    /** cls: 0 → α = 0, 1 → α = C, 2 → on the margin. */
    private static double[][] finish(double[][] v, int[] cls, double c) {
        int n = v.length;
        int m = v[0].length;
        double[] a = new double[n];
        java.util.List<Integer> margin = new java.util.ArrayList<>();
        double[] wFixed = new double[m];
        for (int i = 0; i < n; i++) {
            if (cls[i] == 1) {
                a[i] = c;
                for (int j = 0; j < m; j++) {
                    wFixed[j] += c * v[i][j];
                }
            } else if (cls[i] == 2) {
                margin.add(i);
            }
        }
        int k = margin.size();
        if (k > 2000) {
            return null;
        }
        // QR of A = V_Mᵀ (m × k) by modified Gram–Schmidt, twice (columns that are numerically dependent are dropped:
        // their α stays 0). Then w = (I − QQᵀ)w_fixed + QR⁻ᵀ1 satisfies V_M w = 1 and w − w_fixed ∈ range(V_Mᵀ), and
        // R α_M = R⁻ᵀ1 − Qᵀw_fixed: a triangular solve with cond(V_M), not the squared condition of V_M V_Mᵀ.
        double[][] q = new double[k][];
        double[][] rr = new double[k][k];
        int[] idx = new int[k];
        int kk = 0;
        for (int r = 0; r < k; r++) {
            double[] u = v[margin.get(r)].clone();
            double norm0 = Math.sqrt(dot(u, u));
            double[] coef = new double[kk];
            for (int pass = 0; pass < 2; pass++) {
                for (int t = 0; t < kk; t++) {
                    double cf = dot(q[t], u);
                    coef[t] += cf;
                    for (int j = 0; j < m; j++) {
                        u[j] -= cf * q[t][j];
                    }
                }
            }
            double nu = Math.sqrt(dot(u, u));
            if (nu <= 1e-12 * norm0 || kk == m) {
                continue;
            }
            for (int j = 0; j < m; j++) {
                u[j] /= nu;
            }
            for (int t = 0; t < kk; t++) {
                rr[t][kk] = coef[t];
            }
            rr[kk][kk] = nu;
            q[kk] = u;
            idx[kk] = margin.get(r);
            kk++;
        }
        // Rᵀ t = 1.
        double[] t = new double[kk];
        for (int i = 0; i < kk; i++) {
            double sum = 1;
            for (int j = 0; j < i; j++) {
                sum -= rr[j][i] * t[j];
            }
            t[i] = sum / rr[i][i];
        }
        double[] w = wFixed.clone();
        double[] y = new double[kk];
        for (int i = 0; i < kk; i++) {
            double proj = dot(q[i], wFixed);
            y[i] = t[i] - proj;
            for (int j = 0; j < m; j++) {
                w[j] += (t[i] - proj) * q[i][j];
            }
        }
        // R α_M = y.
        double[] am = new double[kk];
        for (int i = kk - 1; i >= 0; i--) {
            double sum = y[i];
            for (int j = i + 1; j < kk; j++) {
                sum -= rr[i][j] * am[j];
            }
            am[i] = sum / rr[i][i];
        }
        for (int i = 0; i < kk; i++) {
            a[idx[i]] = Math.min(Math.max(am[i], 0), c);
        }
        double[] wa = new double[m];
        for (int i = 0; i < n; i++) {
            if (a[i] != 0) {
                for (int j = 0; j < m; j++) {
                    wa[j] += a[i] * v[i][j];
                }
            }
        }
        return new double[][] {w, a, wa};
    }

    /** Solves G x = r (G symmetric, k × k) by Cholesky of G + ridge·I and three steps of iterative refinement. */
    private static double[] solveRefined(double[] g, double[] r, int k, double ridge) {
        double[] f = g.clone();
        for (int i = 0; i < k; i++) {
            f[i * k + i] += ridge;
        }
        double[] x = r.clone();
        try {
            ProxNewtonCd.choleskySolve(f, x, k);
        } catch (ArithmeticException e) {
            return null;
        }
        // f now holds the factor (lower triangle); refine against the original G.
        for (int step = 0; step < 3; step++) {
            double[] res = new double[k];
            for (int i = 0; i < k; i++) {
                double s = r[i];
                for (int j = 0; j < k; j++) {
                    s -= g[i * k + j] * x[j];
                }
                res[i] = s;
            }
            ProxNewtonCd.choleskySolveFactored(f, res, k);
            for (int i = 0; i < k; i++) {
                x[i] += res[i];
            }
        }
        return x;
    }

    private static double primal(double[][] v, double[] w, double c) {
        double ww = 0;
        for (double x : w) {
            ww += x * x;
        }
        double loss = 0;
        for (double[] vi : v) {
            loss += Math.max(0, 1 - dot(vi, w));
        }
        return 0.5 * ww + c * loss;
    }

    private static double dual(double[] a, double[] w) {
        double sum = 0;
        for (double x : a) {
            sum += x;
        }
        double ww = 0;
        for (double x : w) {
            ww += x * x;
        }
        return sum - 0.5 * ww;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    /** Largest t ≤ 1 keeping α, C − α, z, u > 0, times {@code tau}. */
    private static double maxStep(double[] a, double[] sl, double[] z, double[] u, double[] da, double[] dz,
                                  double[] du, double tau) {
        double t = 1 / tau;
        for (int i = 0; i < a.length; i++) {
            if (da[i] < 0) {
                t = Math.min(t, -a[i] / da[i]);
            } else if (da[i] > 0) {
                t = Math.min(t, sl[i] / da[i]);
            }
            if (dz[i] < 0) {
                t = Math.min(t, -z[i] / dz[i]);
            }
            if (du[i] < 0) {
                t = Math.min(t, -u[i] / du[i]);
            }
        }
        return Math.min(1, tau * t);
    }

    /**
     * Cholesky factor of S(I + VᵀD⁻¹V)S with S the Jacobi scaling; returns {factor, scaling} packed, or null. Near the
     * end the matrix is nearly singular in finite precision; a tiny ridge (1e-14, raised as needed) is then added to
     * the scaled matrix, and iterative refinement in {@link #solve} corrects for it.
     */
    private static double[] factor(double[][] v, double[] dinv, int m) {
        for (double ridge = 0; ridge <= 1e-4; ridge = ridge == 0 ? 1e-14 : ridge * 100) {
            double[] f = factor(v, dinv, m, ridge);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static double[] factor(double[][] v, double[] dinv, int m, double ridge) {
        double[] a = new double[m * m + m];
        for (int i = 0; i < v.length; i++) {
            double[] vi = v[i];
            for (int j = 0; j < m; j++) {
                double x = dinv[i] * vi[j];
                for (int k = 0; k <= j; k++) {
                    a[j * m + k] += x * vi[k];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            a[j * m + j] += 1;
            a[m * m + j] = 1 / Math.sqrt(a[j * m + j]);
        }
        for (int j = 0; j < m; j++) {
            for (int k = 0; k <= j; k++) {
                a[j * m + k] *= a[m * m + j] * a[m * m + k];
                a[k * m + j] = a[j * m + k];
            }
        }
        for (int j = 0; j < m; j++) {
            double dd = a[j * m + j] + ridge;
            for (int k = 0; k < j; k++) {
                dd -= a[j * m + k] * a[j * m + k];
            }
            if (!(dd > 0)) {
                return null;
            }
            double l = Math.sqrt(dd);
            a[j * m + j] = l;
            for (int i = j + 1; i < m; i++) {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * m + k] * a[j * m + k];
                }
                a[i * m + j] = s / l;
            }
        }
        return a;
    }

    /** (D + VVᵀ)x = r by Woodbury with the packed factor, plus three steps of iterative refinement. */
    private static void solve(double[][] v, double[] dinv, double[] f, int m, double[] r, double[] x) {
        woodbury(v, dinv, f, m, r, x);
        for (int k = 0; k < 3; k++) {
            refine(v, dinv, f, m, r, x);
        }
    }

    private static void refine(double[][] v, double[] dinv, double[] f, int m, double[] r, double[] x) {
        int n = r.length;
        double[] vx = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                vx[j] += v[i][j] * x[i];
            }
        }
        double[] res = new double[n];
        for (int i = 0; i < n; i++) {
            res[i] = r[i] - x[i] / dinv[i] - dot(v[i], vx);
        }
        double[] corr = new double[n];
        woodbury(v, dinv, f, m, res, corr);
        for (int i = 0; i < n; i++) {
            x[i] += corr[i];
        }
    }

    private static void woodbury(double[][] v, double[] dinv, double[] f, int m, double[] r, double[] x) {
        int n = r.length;
        double[] t = new double[m];
        for (int i = 0; i < n; i++) {
            double di = dinv[i] * r[i];
            for (int j = 0; j < m; j++) {
                t[j] += v[i][j] * di;
            }
        }
        // Solve (I + VᵀD⁻¹V) y = t with the scaled factor: y = S L⁻ᵀ L⁻¹ S t.
        for (int j = 0; j < m; j++) {
            t[j] *= f[m * m + j];
        }
        for (int i = 0; i < m; i++) {
            double s = t[i];
            for (int k = 0; k < i; k++) {
                s -= f[i * m + k] * t[k];
            }
            t[i] = s / f[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = t[i];
            for (int k = i + 1; k < m; k++) {
                s -= f[k * m + i] * t[k];
            }
            t[i] = s / f[i * m + i];
        }
        for (int j = 0; j < m; j++) {
            t[j] *= f[m * m + j];
        }
        for (int i = 0; i < n; i++) {
            x[i] = dinv[i] * (r[i] - dot(v[i], t));
        }
    }
}
