package io.smem.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

/**
 * Proves the reference solvers right by checks that do not depend on how they work: optimality conditions
 * recomputed here from the formulas, finite differences, random perturbations, closed forms, brute-force vertex
 * enumeration, LP duality and SVM duality, and equivalences between different solvers.
 */
class ReferencesTest {

    // ------------------------------------------------------------------ fixtures

    private static final class Problem {
        final double[][] x;
        final double[] y01;
        final double[] ySq;
        final double[] w;

        Problem(int n, int p, long seed) {
            x = References.gaussianDesign(n, p, seed);
            double[] bt = new double[p];
            Random r = new Random(seed + 17);
            for (int j = 0; j < p; j++) {
                bt[j] = j < 3 ? (j + 1) * (j % 2 == 0 ? 1.0 : -1.0) : 0.2 * r.nextGaussian();
            }
            y01 = References.logisticLabels(x, bt, 0.4, seed + 1);
            ySq = new double[n];
            w = new double[n];
            for (int i = 0; i < n; i++) {
                double eta = 1.5;
                for (int j = 0; j < p; j++) {
                    eta += x[i][j] * bt[j];
                }
                ySq[i] = eta + 0.7 * r.nextGaussian();
                w[i] = 0.25 + 1.5 * r.nextDouble();
            }
        }
    }

    private static double[] pack(ReferenceSolution s, boolean intercept) {
        double[] b = s.beta();
        double[] t = new double[b.length + (intercept ? 1 : 0)];
        if (intercept) {
            t[0] = s.intercept();
        }
        System.arraycopy(b, 0, t, intercept ? 1 : 0, b.length);
        return t;
    }

    private static ToDoubleFunction<double[]> objectiveOf(Problem pr, double[] y, String loss, String penalty,
                                                          double lambda, double alpha, boolean intercept) {
        return th -> References.objective(pr.x, y, pr.w, loss, penalty, lambda, alpha, intercept,
                intercept ? th[0] : 0.0, Arrays.copyOfRange(th, intercept ? 1 : 0, th.length));
    }

    /** Gradient of the data term (1/W) sum w_i loss_i, written directly from the formulas. */
    private static double[] dataGradient(double[][] x, double[] y, double[] w, String loss, boolean intercept,
                                         double[] th) {
        int p = x[0].length;
        int o = intercept ? 1 : 0;
        double wSum = 0;
        for (double v : w) {
            wSum += v;
        }
        double[] g = new double[p + o];
        for (int i = 0; i < x.length; i++) {
            double eta = intercept ? th[0] : 0.0;
            for (int j = 0; j < p; j++) {
                eta += x[i][j] * th[o + j];
            }
            double dl;
            if (loss.equals("logistic")) {
                double yt = 2 * y[i] - 1;
                dl = -yt / (1 + Math.exp(yt * eta));
            } else {
                dl = eta - y[i];
            }
            if (intercept) {
                g[0] += w[i] * dl / wSum;
            }
            for (int j = 0; j < p; j++) {
                g[o + j] += w[i] * dl * x[i][j] / wSum;
            }
        }
        return g;
    }

    private static double[] finiteDifferenceGradient(ToDoubleFunction<double[]> f, double[] th, double h) {
        double[] g = new double[th.length];
        for (int j = 0; j < th.length; j++) {
            double[] a = th.clone();
            double[] b = th.clone();
            a[j] += h;
            b[j] -= h;
            g[j] = (f.applyAsDouble(a) - f.applyAsDouble(b)) / (2 * h);
        }
        return g;
    }

    /** No random nearby point (full random directions and single coordinates, several scales) is better. */
    private static void assertNoBetterNearby(ToDoubleFunction<double[]> f, double[] th, long seed) {
        double f0 = f.applyAsDouble(th);
        double slack = 1e-14 * Math.max(1.0, Math.abs(f0));
        Random r = new Random(seed);
        for (double scale : new double[]{1e-1, 1e-3, 1e-5, 1e-7}) {
            for (int trial = 0; trial < 40; trial++) {
                double[] t = th.clone();
                if (trial % 2 == 0) {
                    for (int j = 0; j < t.length; j++) {
                        t[j] += scale * r.nextGaussian();
                    }
                } else {
                    t[r.nextInt(t.length)] += scale * (r.nextBoolean() ? 1 : -1);
                }
                double f1 = f.applyAsDouble(t);
                assertTrue(f1 >= f0 - slack, "perturbation of size " + scale + " improves F: " + f1 + " < " + f0);
            }
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) {
            s += e * e;
        }
        return Math.sqrt(s);
    }

    private static double sumW(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s;
    }

    private static void assertRelClose(double expected, double actual, double rel, String msg) {
        assertEquals(expected, actual, rel * Math.max(1.0, Math.abs(expected)), msg);
    }

    // ------------------------------------------------------------------ objective helpers

    @Test
    void objectiveMatchesDirectFormulasAndIsStable() {
        double[][] x = {{1.0, 2.0}, {-1.0, 0.5}, {0.0, -3.0}};
        double[] y = {1, 0, 1};
        double[] w = {1.0, 2.0, 3.0};
        double[] beta = {0.3, -0.2};
        double b0 = 0.1;
        double wSum = 6;
        double lg = 0;
        double hg = 0;
        for (int i = 0; i < 3; i++) {
            double eta = b0 + x[i][0] * beta[0] + x[i][1] * beta[1];
            double yt = 2 * y[i] - 1;
            lg += w[i] * Math.log(1 + Math.exp(-yt * eta));
            hg += w[i] * Math.max(0, 1 - yt * eta);
        }
        double ridge = 0.5 * (0.09 + 0.04);
        double l1 = 0.5;
        assertEquals(lg / wSum + 0.2 * ridge,
                References.objective(x, y, w, "logistic", "ridge", 0.2, 0, true, b0, beta), 1e-15);
        assertEquals(hg / wSum + 0.2 * l1,
                References.objective(x, y, w, "hinge", "lasso", 0.2, 0, true, b0, beta), 1e-15);
        assertEquals(hg / wSum + 0.2 * (0.3 * l1 + 0.7 * ridge),
                References.objective(x, y, w, "hinge", "elasticnet", 0.2, 0.3, true, b0, beta), 1e-15);
        // without intercept, b0 is ignored
        assertEquals(References.objective(x, y, w, "logistic", "ridge", 0.2, 0, false, 0.0, beta),
                References.objective(x, y, w, "logistic", "ridge", 0.2, 0, false, 5.0, beta), 0.0);
        // stable log(1 + exp(z)) far in both tails
        double[] big = {800.0, 0.0};
        double far = References.objective(new double[][]{{1.0, 0.0}}, new double[]{0}, new double[]{1}, "logistic",
                "none", 0, 0, false, 0, big);
        assertEquals(800.0, far, 1e-12);
        double near = References.objective(new double[][]{{1.0, 0.0}}, new double[]{1}, new double[]{1}, "logistic",
                "none", 0, 0, false, 0, big);
        assertTrue(near >= 0 && near < 1e-300);
        // multinomial objective with K = 2 equals the binary logistic one with beta = beta1 - beta0
        double[][] bm = {{0.1, 0.2}, {0.4, 0.0}};
        double[] b0m = {0.05, -0.3};
        int[] yk = {1, 0, 1};
        double multi = References.objective(x, yk, 2, w, "none", 0, 0, true, b0m, bm);
        double bin = References.objective(x, y, w, "logistic", "none", 0, 0, true, -0.35, new double[]{0.3, -0.2});
        assertEquals(bin, multi, 1e-14);
    }

    // ------------------------------------------------------------------ 1. smooth (ridge, Newton)

    @Test
    void smoothLogisticSatisfiesStationarityAndIsLocallyOptimal() {
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{1e-3, 0.05, 1.0}) {
                Problem pr = new Problem(150, 8, 11);
                ReferenceSolution s = References.smooth(pr.x, pr.y01, pr.w, "logistic", lambda, intercept);
                double[] th = pack(s, intercept);
                double[] g = dataGradient(pr.x, pr.y01, pr.w, "logistic", intercept, th);
                for (int j = intercept ? 1 : 0; j < th.length; j++) {
                    g[j] += lambda * th[j];
                }
                assertTrue(norm(g) < 1e-12, "gradient norm " + norm(g));
                ToDoubleFunction<double[]> f = objectiveOf(pr, pr.y01, "logistic", "ridge", lambda, 0, intercept);
                assertTrue(norm(finiteDifferenceGradient(f, th, 1e-6)) < 1e-8);
                assertEquals(f.applyAsDouble(th), s.objective, 0.0);
                assertNoBetterNearby(f, th, 5);
                assertEquals(1, s.coefficients.length);
                if (!intercept) {
                    assertEquals(0.0, s.intercept(), 0.0);
                }
            }
        }
    }

    @Test
    void smoothSquaredMatchesClosedForm() {
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{0.0, 1e-3, 0.3}) {
                Problem pr = new Problem(120, 7, 21);
                int n = pr.x.length;
                int p = pr.x[0].length;
                double wSum = sumW(pr.w);
                double[] xm = new double[p];
                double ym = 0;
                if (intercept) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < p; j++) {
                            xm[j] += pr.w[i] * pr.x[i][j] / wSum;
                        }
                        ym += pr.w[i] * pr.ySq[i] / wSum;
                    }
                }
                double[][] a = new double[p][p];
                double[] rhs = new double[p];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < p; j++) {
                        double xj = pr.x[i][j] - xm[j];
                        rhs[j] += pr.w[i] * xj * (pr.ySq[i] - ym) / wSum;
                        for (int k = 0; k < p; k++) {
                            a[j][k] += pr.w[i] * xj * (pr.x[i][k] - xm[k]) / wSum;
                        }
                    }
                }
                for (int j = 0; j < p; j++) {
                    a[j][j] += lambda;
                }
                double[] beta = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                        .solve(new ArrayRealVector(rhs)).toArray();
                double b0 = ym;
                for (int j = 0; j < p; j++) {
                    b0 -= xm[j] * beta[j];
                }
                ReferenceSolution s = References.smooth(pr.x, pr.ySq, pr.w, "squared", lambda, intercept);
                for (int j = 0; j < p; j++) {
                    assertEquals(beta[j], s.beta()[j], 1e-11);
                }
                assertEquals(intercept ? b0 : 0.0, s.intercept(), 1e-11);
                double fClosed = References.objective(pr.x, pr.ySq, pr.w, "squared", "ridge", lambda, 0, intercept,
                        b0, beta);
                assertTrue(s.objective <= fClosed + 1e-14 * Math.abs(fClosed));
                assertRelClose(fClosed, s.objective, 1e-13, "objective vs closed form");
            }
        }
    }

    @Test
    void weightScaleInvariance() {
        Problem pr = new Problem(80, 5, 31);
        double[] w3 = pr.w.clone();
        for (int i = 0; i < w3.length; i++) {
            w3[i] *= 3.0;
        }
        ReferenceSolution a = References.smooth(pr.x, pr.y01, pr.w, "logistic", 0.02, true);
        ReferenceSolution b = References.smooth(pr.x, pr.y01, w3, "logistic", 0.02, true);
        assertRelClose(a.objective, b.objective, 1e-13, "weights scaled");
        // integer weights equal replicated rows
        double[] w2 = new double[pr.w.length];
        Arrays.fill(w2, 1.0);
        w2[0] = 2.0;
        double[][] xr = Arrays.copyOf(pr.x, pr.x.length + 1);
        xr[pr.x.length] = pr.x[0];
        double[] yr = Arrays.copyOf(pr.y01, pr.y01.length + 1);
        yr[pr.y01.length] = pr.y01[0];
        double[] w1 = new double[xr.length];
        Arrays.fill(w1, 1.0);
        ReferenceSolution c = References.smooth(pr.x, pr.y01, w2, "logistic", 0.02, true);
        ReferenceSolution d = References.smooth(xr, yr, w1, "logistic", 0.02, true);
        assertRelClose(c.objective, d.objective, 1e-13, "replicated rows");
        assertEquals(c.intercept(), d.intercept(), 1e-10);
    }

    // ------------------------------------------------------------------ 2. elastic net (proximal Newton)

    private static double enetKkt(double[] g, double[] th, boolean intercept, double lambda, double alpha) {
        double v = 0;
        int o = intercept ? 1 : 0;
        if (intercept) {
            v = Math.abs(g[0]);
        }
        for (int j = o; j < th.length; j++) {
            double b = th[j];
            double r = b != 0 ? Math.abs(g[j] + lambda * (1 - alpha) * b + lambda * alpha * Math.signum(b))
                    : Math.max(0, Math.abs(g[j]) - lambda * alpha);
            v = Math.max(v, r);
        }
        return v;
    }

    @Test
    void elasticNetSatisfiesKktAndIsLocallyOptimal() {
        int zerosSeen = 0;
        for (String loss : new String[]{"logistic", "squared"}) {
            for (boolean intercept : new boolean[]{true, false}) {
                for (double alpha : new double[]{1.0, 0.5, 0.05}) {
                    Problem pr = new Problem(160, 12, 41);
                    double[] y = loss.equals("logistic") ? pr.y01 : pr.ySq;
                    double lambda = loss.equals("logistic") ? 0.03 : 0.15;
                    ReferenceSolution s = References.elasticNet(pr.x, y, pr.w, loss, lambda, alpha, intercept);
                    double[] th = pack(s, intercept);
                    double[] g = dataGradient(pr.x, y, pr.w, loss, intercept, th);
                    double kkt = enetKkt(g, th, intercept, lambda, alpha);
                    assertTrue(kkt < 1e-10, loss + " alpha=" + alpha + " KKT violation " + kkt);
                    for (double b : s.beta()) {
                        if (b == 0.0) {
                            zerosSeen++;
                        }
                    }
                    ToDoubleFunction<double[]> f = objectiveOf(pr, y, loss, "elasticnet", lambda, alpha, intercept);
                    assertEquals(f.applyAsDouble(th), s.objective, 0.0);
                    assertNoBetterNearby(f, th, 7);
                }
            }
        }
        assertTrue(zerosSeen > 5, "expected exact zeros in sparse solutions, saw " + zerosSeen);
    }

    @Test
    void elasticNetWithAlphaZeroEqualsNewtonRidge() {
        for (String loss : new String[]{"logistic", "squared"}) {
            for (boolean intercept : new boolean[]{true, false}) {
                Problem pr = new Problem(140, 9, 51);
                double[] y = loss.equals("logistic") ? pr.y01 : pr.ySq;
                ReferenceSolution a = References.elasticNet(pr.x, y, pr.w, loss, 0.04, 0.0, intercept);
                ReferenceSolution b = References.smooth(pr.x, y, pr.w, loss, 0.04, intercept);
                assertRelClose(b.objective, a.objective, 1e-13, loss + " enet(alpha=0) vs Newton ridge");
                for (int j = 0; j < a.beta().length; j++) {
                    assertEquals(b.beta()[j], a.beta()[j], 1e-9);
                }
                assertEquals(b.intercept(), a.intercept(), 1e-9);
            }
        }
    }

    @Test
    void lassoOneFeatureClosedForm() {
        // squared loss, no intercept, one feature: beta = S(c, lambda alpha) / (a + lambda (1 - alpha))
        Problem pr = new Problem(50, 1, 61);
        double wSum = sumW(pr.w);
        double a = 0;
        double c = 0;
        for (int i = 0; i < 50; i++) {
            a += pr.w[i] * pr.x[i][0] * pr.x[i][0] / wSum;
            c += pr.w[i] * pr.x[i][0] * pr.ySq[i] / wSum;
        }
        for (double alpha : new double[]{1.0, 0.4}) {
            for (double lambda : new double[]{0.1, 0.5 * Math.abs(c) / alpha, 2 * Math.abs(c) / alpha}) {
                double st = Math.signum(c) * Math.max(0, Math.abs(c) - lambda * alpha);
                double expected = st / (a + lambda * (1 - alpha));
                ReferenceSolution s = References.elasticNet(pr.x, pr.ySq, pr.w, "squared", lambda, alpha, false);
                assertEquals(expected, s.beta()[0], 1e-13);
                if (expected == 0.0) {
                    assertEquals(0.0, s.beta()[0], 0.0);
                }
            }
        }
    }

    @Test
    void lassoWithHugeLambdaIsExactlyZeroWithInterceptOnlyFit() {
        Problem pr = new Problem(100, 6, 71);
        double wSum = sumW(pr.w);
        double ybar = 0;
        double pbar = 0;
        for (int i = 0; i < 100; i++) {
            ybar += pr.w[i] * pr.ySq[i] / wSum;
            pbar += pr.w[i] * pr.y01[i] / wSum;
        }
        for (String loss : new String[]{"logistic", "squared"}) {
            double[] y = loss.equals("logistic") ? pr.y01 : pr.ySq;
            double b0 = loss.equals("logistic") ? Math.log(pbar / (1 - pbar)) : ybar;
            double[] th = new double[7];
            th[0] = b0;
            double[] g = dataGradient(pr.x, y, pr.w, loss, true, th);
            double lambdaMax = 0;
            for (int j = 1; j < 7; j++) {
                lambdaMax = Math.max(lambdaMax, Math.abs(g[j]));
            }
            for (double alpha : new double[]{1.0, 0.5}) {
                ReferenceSolution s = References.elasticNet(pr.x, y, pr.w, loss, 1.0001 * lambdaMax / alpha, alpha,
                        true);
                for (double b : s.beta()) {
                    assertEquals(0.0, b, 0.0);
                }
                assertEquals(b0, s.intercept(), 1e-12);
                ReferenceSolution big = References.elasticNet(pr.x, y, pr.w, loss, 1e6, alpha, true);
                for (double b : big.beta()) {
                    assertEquals(0.0, b, 0.0);
                }
                ReferenceSolution below = References.elasticNet(pr.x, y, pr.w, loss, 0.98 * lambdaMax / alpha, alpha,
                        true);
                assertTrue(Arrays.stream(below.beta()).anyMatch(b -> b != 0.0), "just below lambda_max");
            }
        }
    }

    // ------------------------------------------------------------------ 3. hinge lasso (LP)

    /** Minimum of F over all vertices of the hyperplane arrangement (margins y_i eta_i = 1 and beta_j = 0). */
    private static double bruteForceHingeLasso(double[][] x, double[] y01, double[] w, double lambda,
                                               boolean intercept) {
        int n = x.length;
        int p = x[0].length;
        int o = intercept ? 1 : 0;
        int k = p + o;
        int m = n + p;
        double[][] normals = new double[m][k];
        double[] rhs = new double[m];
        for (int i = 0; i < n; i++) {
            double yt = 2 * y01[i] - 1;
            if (intercept) {
                normals[i][0] = yt;
            }
            for (int j = 0; j < p; j++) {
                normals[i][o + j] = yt * x[i][j];
            }
            rhs[i] = 1.0;
        }
        for (int j = 0; j < p; j++) {
            normals[n + j][o + j] = 1.0;
        }
        double best = Double.POSITIVE_INFINITY;
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = i;
        }
        while (true) {
            double[][] a = new double[k][];
            double[] b = new double[k];
            for (int r = 0; r < k; r++) {
                a[r] = normals[idx[r]];
                b[r] = rhs[idx[r]];
            }
            LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(a), 1e-10);
            if (lu.getSolver().isNonSingular()) {
                double[] th = lu.getSolver().solve(new ArrayRealVector(b)).toArray();
                double f = References.objective(x, y01, w, "hinge", "lasso", lambda, 0, intercept,
                        intercept ? th[0] : 0, Arrays.copyOfRange(th, o, k));
                best = Math.min(best, f);
            }
            int r = k - 1;
            while (r >= 0 && idx[r] == m - k + r) {
                r--;
            }
            if (r < 0) {
                break;
            }
            idx[r]++;
            for (int s = r + 1; s < k; s++) {
                idx[s] = idx[s - 1] + 1;
            }
        }
        return best;
    }

    @Test
    void hingeLassoMatchesBruteForceVertexEnumeration() {
        for (long seed = 1; seed <= 6; seed++) {
            for (boolean intercept : new boolean[]{true, false}) {
                int p = seed % 2 == 0 ? 2 : 3;
                Problem pr = new Problem(14, p, 100 + seed);
                for (double lambda : new double[]{0.01, 0.1, 0.5}) {
                    ReferenceSolution s = References.hingeLasso(pr.x, pr.y01, pr.w, lambda, intercept);
                    double bf = bruteForceHingeLasso(pr.x, pr.y01, pr.w, lambda, intercept);
                    assertRelClose(bf, s.objective, 1e-13, "LP vs brute force, seed " + seed);
                    ToDoubleFunction<double[]> f = objectiveOf(pr, pr.y01, "hinge", "lasso", lambda, 0, intercept);
                    assertEquals(f.applyAsDouble(pack(s, intercept)), s.objective, 0.0);
                }
            }
        }
    }

    /** max sum_i u_i s.t. 0 <= u_i <= w_i/W, |sum_i u_i yt_i x_ij| <= lambda, (sum_i u_i yt_i = 0). */
    private static double[] hingeLassoDual(double[][] x, double[] y01, double[] w, double lambda, boolean intercept) {
        int n = x.length;
        int p = x[0].length;
        double wSum = sumW(w);
        double[] c = new double[n];
        Arrays.fill(c, 1.0);
        List<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1.0;
            cons.add(new LinearConstraint(e, Relationship.LEQ, w[i] / wSum));
        }
        for (int j = 0; j < p; j++) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = (2 * y01[i] - 1) * x[i][j];
            }
            cons.add(new LinearConstraint(e, Relationship.LEQ, lambda));
            cons.add(new LinearConstraint(e, Relationship.GEQ, -lambda));
        }
        if (intercept) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = 2 * y01[i] - 1;
            }
            cons.add(new LinearConstraint(e, Relationship.EQ, 0.0));
        }
        PointValuePair pv = new SimplexSolver(1e-10, 10, 1e-14).optimize(new MaxIter(1_000_000),
                new LinearObjectiveFunction(c, 0), new LinearConstraintSet(cons), GoalType.MAXIMIZE,
                new NonNegativeConstraint(true));
        return pv.getPoint();
    }

    /** Checks feasibility of an independently solved dual LP and a zero primal-dual gap. */
    private static void assertHingeLassoCertified(double[][] x, double[] y01, double[] w, double lambda,
                                                  boolean intercept, ReferenceSolution s) {
        double[] u = hingeLassoDual(x, y01, w, lambda, intercept);
        double wSum = sumW(w);
        double d = 0;
        double eq = 0;
        for (int i = 0; i < u.length; i++) {
            assertTrue(u[i] >= -1e-15 && u[i] <= w[i] / wSum + 1e-15, "dual box");
            d += u[i];
            eq += u[i] * (2 * y01[i] - 1);
        }
        if (intercept) {
            assertEquals(0.0, eq, 1e-14, "dual equality");
        }
        for (int j = 0; j < x[0].length; j++) {
            double sj = 0;
            for (int i = 0; i < u.length; i++) {
                sj += u[i] * (2 * y01[i] - 1) * x[i][j];
            }
            assertTrue(Math.abs(sj) <= lambda + 1e-13, "dual infeasible " + sj);
        }
        assertEquals(References.objective(x, y01, w, "hinge", "lasso", lambda, 0, intercept, s.intercept(), s.beta()),
                s.objective, 0.0);
        assertTrue(s.objective >= d - 1e-13, "weak duality");
        assertRelClose(d, s.objective, 1e-12, "primal LP vs dual LP");
        assertTrue(s.certificate <= 1e-12 * Math.max(1, s.objective), "certificate " + s.certificate);
    }

    @Test
    void hingeLassoHasZeroGapWithTheDualLpAndIsLocallyOptimal() {
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{0.005, 0.05}) {
                Problem pr = new Problem(70, 6, 201);
                ReferenceSolution s = References.hingeLasso(pr.x, pr.y01, pr.w, lambda, intercept);
                assertHingeLassoCertified(pr.x, pr.y01, pr.w, lambda, intercept, s);
                ToDoubleFunction<double[]> f = objectiveOf(pr, pr.y01, "hinge", "lasso", lambda, 0, intercept);
                assertNoBetterNearby(f, pack(s, intercept), 9);
                assertTrue(Arrays.stream(s.beta()).anyMatch(b -> b == 0.0) || lambda < 0.01);
            }
        }
    }

    /** Binary features (many tied rows, degenerate vertices), unit weights. */
    private static double[][] binaryDesign(int n, int p, long seed) {
        double[][] x = References.gaussianDesign(n, p, seed);
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = row[j] > 0.3 ? 1.0 : 0.0;
            }
        }
        return x;
    }

    @Test
    void hingeSolversAreCertifiedOnDegenerateBinaryFeatures() {
        // includes a case (n=158, p=9, no intercept) where the plain commons-math simplex stops at a wrong vertex
        long[] seeds = {11, 23, 44, 59, 76};
        for (long seed : seeds) {
            Random r = new Random(seed);
            int n = 20 + r.nextInt(150);
            int p = 1 + r.nextInt(12);
            boolean intercept = r.nextBoolean();
            double lambda = Math.pow(10, -3 + 3 * r.nextDouble());
            double[][] x = binaryDesign(n, p, seed);
            double[] bt = new double[p];
            for (int j = 0; j < p; j++) {
                bt[j] = r.nextGaussian() * (r.nextBoolean() ? 2 : 0.1);
            }
            double[] y = References.logisticLabels(x, bt, r.nextGaussian(), seed + 1);
            double[] w = new double[n];
            Arrays.fill(w, 1.0);
            ReferenceSolution s = References.hingeLasso(x, y, w, lambda, intercept);
            assertHingeLassoCertified(x, y, w, lambda, intercept, s);
            for (boolean icpt : new boolean[]{true, false}) {
                ReferenceSolution h = References.hingeRidge(x, y, w, lambda, icpt);
                assertHingeRidgeCertified(x, y, w, lambda, icpt, h);
            }
        }
        // beta = 0 with a whole class on the margin: a hugely degenerate SVM dual
        Problem pr = new Problem(120, 2, 77);
        double[] y = new double[120];
        for (int i = 0; i < 120; i++) {
            y[i] = i % 7 == 0 ? 0 : 1;
        }
        ReferenceSolution h = References.hingeRidge(pr.x, y, pr.w, 5.0, true);
        assertHingeRidgeCertified(pr.x, y, pr.w, 5.0, true, h);
        ReferenceSolution l = References.hingeLasso(pr.x, y, pr.w, 5.0, true);
        assertHingeLassoCertified(pr.x, y, pr.w, 5.0, true, l);
        for (double b : l.beta()) {
            assertEquals(0.0, b, 0.0);
        }
    }

    // ------------------------------------------------------------------ 4. hinge ridge (SVM dual)

    /**
     * Checks the returned SVM multipliers: box, equality (intercept), beta = sum a_i yt_i x_i / (lambda W), and that
     * the dual value (computed here) equals the primal F at the returned point: a zero duality gap.
     */
    private static void assertHingeRidgeCertified(double[][] x, double[] y01, double[] w, double lambda,
                                                  boolean intercept, ReferenceSolution s) {
        int n = x.length;
        int p = x[0].length;
        double wSum = sumW(w);
        double[] a = s.dual;
        double eq = 0;
        double asum = 0;
        double[] beta = new double[p];
        for (int i = 0; i < n; i++) {
            assertTrue(a[i] >= 0 && a[i] <= w[i], "box");
            double yt = 2 * y01[i] - 1;
            eq += a[i] * yt;
            asum += a[i];
            for (int j = 0; j < p; j++) {
                beta[j] += a[i] * yt * x[i][j] / (lambda * wSum);
            }
        }
        if (intercept) {
            assertEquals(0.0, eq, 1e-12 * wSum, "equality constraint");
        }
        for (int j = 0; j < p; j++) {
            assertEquals(beta[j], s.beta()[j], 1e-10 * Math.max(1, Math.abs(beta[j])));
        }
        double dual = asum / wSum - 0.5 * lambda * Arrays.stream(beta).map(b -> b * b).sum();
        double primal = References.objective(x, y01, w, "hinge", "ridge", lambda, 0, intercept,
                s.intercept(), s.beta());
        assertEquals(primal, s.objective, 0.0);
        assertTrue(primal >= dual - 1e-13 * Math.max(1, Math.abs(primal)), "weak duality");
        assertTrue(primal - dual <= 1e-12 * Math.max(1, Math.abs(primal)), "gap " + (primal - dual));
        if (!intercept) {
            assertEquals(0.0, s.intercept(), 0.0);
        }
    }

    @Test
    void hingeRidgeHasZeroDualityGapAndIsLocallyOptimal() {
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{1e-4, 1e-3, 0.02, 0.5}) {
                Problem pr = new Problem(150, 8, 301);
                ReferenceSolution s = References.hingeRidge(pr.x, pr.y01, pr.w, lambda, intercept);
                assertHingeRidgeCertified(pr.x, pr.y01, pr.w, lambda, intercept, s);
                ToDoubleFunction<double[]> f = objectiveOf(pr, pr.y01, "hinge", "ridge", lambda, 0, intercept);
                assertNoBetterNearby(f, pack(s, intercept), 13);
            }
        }
    }

    @Test
    void hingeRidgeInteriorPointAndSmoAgree() {
        // two different dual algorithms (interior point vs SMO / dual coordinate descent), both certified
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{0.01, 0.2}) {
                Problem pr = new Problem(120, 6, 331);
                ReferenceSolution a = References.hingeRidge(pr.x, pr.y01, pr.w, lambda, intercept);
                ReferenceSolution b = References.hingeRidgeFirstOrderOnly(pr.x, pr.y01, pr.w, lambda, intercept);
                assertHingeRidgeCertified(pr.x, pr.y01, pr.w, lambda, intercept, b);
                assertRelClose(a.objective, b.objective, 1e-13, "interior point vs SMO");
                for (int j = 0; j < 6; j++) {
                    assertEquals(a.beta()[j], b.beta()[j], 1e-9);
                }
            }
        }
    }

    @Test
    void hingeRidgeOnIllConditionedNearSeparableData() {
        // a badly scaled, uncentred column and tiny lambda: first-order dual methods stall here
        for (long seed : new long[]{8, 27, 60}) {
            Problem pr = new Problem(110, 12, seed);
            for (double[] row : pr.x) {
                row[0] = 10 * row[0] + 3;
            }
            for (boolean intercept : new boolean[]{true, false}) {
                ReferenceSolution s = References.hingeRidge(pr.x, pr.y01, pr.w, 1.2e-4, intercept);
                assertHingeRidgeCertified(pr.x, pr.y01, pr.w, 1.2e-4, intercept, s);
            }
        }
    }

    @Test
    void hingeRidgeInterceptIsExactMinimizerForFixedBeta() {
        Problem pr = new Problem(60, 3, 311);
        ReferenceSolution s = References.hingeRidge(pr.x, pr.y01, pr.w, 0.05, true);
        double f0 = s.objective;
        for (double d = -0.5; d <= 0.5; d += 1e-3) {
            double f = References.objective(pr.x, pr.y01, pr.w, "hinge", "ridge", 0.05, 0, true,
                    s.intercept() + d, s.beta());
            assertTrue(f >= f0 - 1e-15, "b0 shift " + d);
        }
    }

    @Test
    void hingeRidgeDegenerateSingleClass() {
        Problem pr = new Problem(30, 3, 321);
        double[] ones = new double[30];
        Arrays.fill(ones, 1.0);
        ReferenceSolution s = References.hingeRidge(pr.x, ones, pr.w, 0.1, true);
        assertEquals(0.0, s.objective, 1e-15);
        for (double b : s.beta()) {
            assertEquals(0.0, b, 0.0);
        }
        assertTrue(s.intercept() >= 1.0 - 1e-15);
    }

    // ------------------------------------------------------------------ 5. multinomial ridge (Newton)

    @Test
    void multinomialRidgeIsStationaryCentredAndLocallyOptimal() {
        for (boolean intercept : new boolean[]{true, false}) {
            for (double lambda : new double[]{1e-3, 0.05}) {
                int k = 4;
                int p = 5;
                int n = 150;
                double[][] x = References.gaussianDesign(n, p, 401);
                double[][] bt = new double[k][p];
                Random r = new Random(402);
                for (double[] row : bt) {
                    for (int j = 0; j < p; j++) {
                        row[j] = r.nextGaussian();
                    }
                }
                int[] y = References.multinomialLabels(x, bt, new double[]{0.5, 0, -0.5, 0.2}, 403);
                double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                    w[i] = 0.3 + r.nextDouble();
                }
                ReferenceSolution s = References.multinomialRidge(x, y, k, w, lambda, intercept);
                assertEquals(k, s.coefficients.length);
                assertEquals(k, s.intercepts.length);
                double isum = Arrays.stream(s.intercepts).sum();
                assertEquals(0.0, isum, 1e-13);
                for (int j = 0; j < p; j++) {
                    double cs = 0;
                    for (int c = 0; c < k; c++) {
                        cs += s.coefficients[c][j];
                    }
                    assertEquals(0.0, cs, 1e-11, "coefficients sum to zero across classes");
                }
                int o = intercept ? 1 : 0;
                int block = p + o;
                ToDoubleFunction<double[]> f = th -> {
                    double[] b0 = new double[k];
                    double[][] beta = new double[k][];
                    for (int c = 0; c < k; c++) {
                        b0[c] = intercept ? th[c * block] : 0;
                        beta[c] = Arrays.copyOfRange(th, c * block + o, c * block + block);
                    }
                    return References.objective(x, y, k, w, "ridge", lambda, 0, intercept, b0, beta);
                };
                double[] th = new double[k * block];
                for (int c = 0; c < k; c++) {
                    if (intercept) {
                        th[c * block] = s.intercepts[c];
                    }
                    System.arraycopy(s.coefficients[c], 0, th, c * block + o, p);
                }
                assertEquals(f.applyAsDouble(th), s.objective, 0.0);
                // analytic gradient written from the formula
                double wSum = sumW(w);
                double[] g = new double[k * block];
                for (int i = 0; i < n; i++) {
                    double[] eta = new double[k];
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        eta[c] = intercept ? s.intercepts[c] : 0;
                        for (int j = 0; j < p; j++) {
                            eta[c] += x[i][j] * s.coefficients[c][j];
                        }
                        mx = Math.max(mx, eta[c]);
                    }
                    double z = 0;
                    for (int c = 0; c < k; c++) {
                        z += Math.exp(eta[c] - mx);
                    }
                    for (int c = 0; c < k; c++) {
                        double rr = Math.exp(eta[c] - mx) / z - (y[i] == c ? 1 : 0);
                        if (intercept) {
                            g[c * block] += w[i] * rr / wSum;
                        }
                        for (int j = 0; j < p; j++) {
                            g[c * block + o + j] += w[i] * rr * x[i][j] / wSum;
                        }
                    }
                }
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < p; j++) {
                        g[c * block + o + j] += lambda * s.coefficients[c][j];
                    }
                }
                assertTrue(norm(g) < 1e-12, "gradient norm " + norm(g));
                assertTrue(norm(finiteDifferenceGradient(f, th, 1e-6)) < 1e-8);
                assertNoBetterNearby(f, th, 17);
            }
        }
    }

    @Test
    void multinomialWithTwoClassesEqualsLogisticWithHalfLambda() {
        for (boolean intercept : new boolean[]{true, false}) {
            Problem pr = new Problem(120, 6, 501);
            int[] y = new int[120];
            for (int i = 0; i < 120; i++) {
                y[i] = (int) pr.y01[i];
            }
            double lambda = 0.04;
            ReferenceSolution m = References.multinomialRidge(pr.x, y, 2, pr.w, lambda, intercept);
            ReferenceSolution l = References.smooth(pr.x, pr.y01, pr.w, "logistic", lambda / 2, intercept);
            assertRelClose(l.objective, m.objective, 1e-13, "K=2 multinomial vs logistic");
            for (int j = 0; j < 6; j++) {
                assertEquals(l.beta()[j], m.coefficients[1][j] - m.coefficients[0][j], 1e-10);
                assertEquals(-m.coefficients[1][j], m.coefficients[0][j], 1e-12);
            }
            assertEquals(l.intercept(), m.intercepts[1] - m.intercepts[0], 1e-10);
        }
    }

    // ------------------------------------------------------------------ speed

    @Test
    void solvesAreFastForTheTargetSize() {
        Problem pr = new Problem(200, 10, 601);
        int[] yk = new int[200];
        for (int i = 0; i < 200; i++) {
            yk[i] = (int) pr.y01[i] + (pr.x[i][5] > 0.3 ? 1 : 0);
        }
        List<Runnable> solves = List.of(
                () -> References.smooth(pr.x, pr.y01, pr.w, "logistic", 0.01, true),
                () -> References.elasticNet(pr.x, pr.y01, pr.w, "logistic", 0.01, 0.8, true),
                () -> References.elasticNet(pr.x, pr.ySq, pr.w, "squared", 0.05, 1.0, true),
                () -> References.hingeLasso(pr.x, pr.y01, pr.w, 0.01, true),
                () -> References.hingeRidge(pr.x, pr.y01, pr.w, 0.01, true),
                () -> References.hingeRidge(pr.x, pr.y01, pr.w, 0.01, false),
                () -> References.multinomialRidge(pr.x, yk, 3, pr.w, 0.01, true));
        for (Runnable r : solves) {
            r.run(); // warm up
            long t0 = System.nanoTime();
            r.run();
            double ms = (System.nanoTime() - t0) / 1e6;
            // the target is 0.5 s; allow slack for loaded build machines
            assertTrue(ms < 2000, "solve took " + ms + " ms");
        }
    }
}
