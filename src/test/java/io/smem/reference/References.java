package io.smem.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * Independent, high-accuracy reference solvers for small dense regularized linear models, used by unit tests to
 * check the EM-based optimizer. None of them uses EM:
 * <ul>
 *   <li>{@link #smooth}: ridge-penalized logistic / squared loss by damped Newton (exact Hessian, Cholesky,
 *       backtracking).</li>
 *   <li>{@link #elasticNet}: lasso / elastic net by proximal Newton (quadratic model + cyclic coordinate descent with
 *       soft thresholding), stopped on the KKT conditions.</li>
 *   <li>{@link #hingeLasso}: the exact linear program, solved by the commons-math simplex method, polished by
 *       re-solving the vertex system, certified by a zero gap with the dual LP.</li>
 *   <li>{@link #hingeRidge}: the SVM dual, solved by an interior point method, re-solved exactly on the active set
 *       and, if needed, refined by SMO (maximal violating pair) / dual coordinate descent; certified by the
 *       primal-dual gap.</li>
 *   <li>{@link #multinomialRidge}: damped Newton on all class parameters with one redundant degree of freedom
 *       removed during the solve.</li>
 * </ul>
 *
 * <p>Objective convention (glmnet's): {@code F(b0, beta) = (1/W) sum_i w_i loss(y_i, eta_i) + lambda P(beta)} with
 * {@code W = sum_i w_i}, {@code eta_i = b0 + x_i' beta} (b0 only with an intercept, never penalized).
 * Losses: logistic {@code log(1 + exp(-yt eta))}, hinge {@code max(0, 1 - yt eta)} with {@code yt = 2y - 1} for 0/1
 * labels (labels -1/+1 are accepted too), squared {@code (y - eta)^2 / 2}; multinomial
 * {@code -eta_{i,y_i} + log sum_k exp(eta_ik)}. Penalties: ridge {@code |beta|^2/2}, lasso {@code |beta|_1}, elastic
 * net {@code alpha |beta|_1 + (1 - alpha)/2 |beta|^2}.</p>
 *
 * <p>Meant for n up to a few hundred and p up to about 20.</p>
 */
public final class References {

    private static final int LOGISTIC = 0;
    private static final int SQUARED = 1;
    private static final int HINGE = 2;

    private static final int RIDGE = 0;
    private static final int LASSO = 1;
    private static final int ENET = 2;
    private static final int NONE = 3;

    /** Newton stops once the Euclidean gradient norm is below this. */
    private static final double GRAD_TOL = 1e-13;
    /** Proximal Newton stops once the KKT violation is below this (and the steps have become negligible). */
    private static final double KKT_TOL = 1e-11;
    /** A reference solve that cannot get its certificate below this fails loudly instead of returning. */
    private static final double FAIL_TOL = 1e-8;
    /** Target duality gap (relative to max(1, |F|)) for the hinge ridge dual. */
    private static final double GAP_TOL = 1e-13;

    private References() {
    }

    // =====================================================================================================
    // Objectives
    // =====================================================================================================

    /**
     * The objective {@code F} of a binary / squared-loss model at {@code (b0, beta)}.
     *
     * @param loss    "logistic", "hinge" or "squared"; for logistic and hinge, y holds 0/1 (or -1/+1) labels
     * @param penalty "ridge", "lasso", "elasticnet" (alpha used only here) or "none"
     * @param b0      the intercept; ignored (treated as 0) when {@code intercept} is false
     */
    public static double objective(double[][] x, double[] y, double[] w, String loss, String penalty,
                                   double lambda, double alpha, boolean intercept, double b0, double[] beta) {
        int lc = lossCode(loss);
        int pc = penaltyCode(penalty);
        checkData(x, y.length, w);
        if (beta.length != x[0].length) {
            throw new IllegalArgumentException("beta has length " + beta.length + ", expected " + x[0].length);
        }
        double[] yt = lc == SQUARED ? y : signedLabels(y);
        return objectiveInternal(x, yt, w, sum(w), lc, pc, lambda, alpha, intercept ? b0 : 0.0, beta);
    }

    /**
     * The objective {@code F} of a multinomial model with one {@code (b0[k], beta[k])} per class; the penalty is
     * summed over all classes' coefficient vectors.
     *
     * @param penalty "ridge", "lasso", "elasticnet" or "none"
     * @param b0      per-class intercepts; ignored (treated as 0) when {@code intercept} is false (may then be null)
     */
    public static double objective(double[][] x, int[] y, int numClasses, double[] w, String penalty, double lambda,
                                   double alpha, boolean intercept, double[] b0, double[][] beta) {
        int pc = penaltyCode(penalty);
        checkData(x, y.length, w);
        checkClasses(y, numClasses);
        int p = x[0].length;
        if (beta.length != numClasses) {
            throw new IllegalArgumentException("beta must have one row per class");
        }
        for (double[] row : beta) {
            if (row.length != p) {
                throw new IllegalArgumentException("beta rows must have length " + p);
            }
        }
        if (intercept && (b0 == null || b0.length != numClasses)) {
            throw new IllegalArgumentException("b0 must have one entry per class");
        }
        double[] b = intercept ? b0 : new double[numClasses];
        return multinomialObjectiveInternal(x, y, w, sum(w), numClasses, pc, lambda, alpha, b, beta);
    }

    private static double objectiveInternal(double[][] x, double[] yt, double[] w, double wSum, int lc, int pc,
                                            double lambda, double alpha, double b0, double[] beta) {
        Sum s = new Sum();
        for (int i = 0; i < x.length; i++) {
            double eta = b0 + dot(x[i], beta);
            s.add(w[i] * lossValue(lc, yt[i], eta));
        }
        return s.value() / wSum + lambda * penaltyValue(pc, alpha, beta);
    }

    private static double multinomialObjectiveInternal(double[][] x, int[] y, double[] w, double wSum, int k,
                                                       int pc, double lambda, double alpha, double[] b0,
                                                       double[][] beta) {
        Sum s = new Sum();
        double[] eta = new double[k];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < k; c++) {
                eta[c] = b0[c] + dot(x[i], beta[c]);
            }
            s.add(w[i] * (logSumExp(eta) - eta[y[i]]));
        }
        double pen = 0;
        for (int c = 0; c < k; c++) {
            pen += penaltyValue(pc, alpha, beta[c]);
        }
        return s.value() / wSum + lambda * pen;
    }

    private static double lossValue(int lc, double y, double eta) {
        switch (lc) {
            case LOGISTIC:
                return softplus(-y * eta);
            case HINGE:
                return Math.max(0.0, 1.0 - y * eta);
            case SQUARED: {
                double r = y - eta;
                return 0.5 * r * r;
            }
            default:
                throw new IllegalStateException();
        }
    }

    private static double penaltyValue(int pc, double alpha, double[] beta) {
        Sum l1 = new Sum();
        Sum l2 = new Sum();
        for (double b : beta) {
            l1.add(Math.abs(b));
            l2.add(b * b);
        }
        switch (pc) {
            case RIDGE:
                return 0.5 * l2.value();
            case LASSO:
                return l1.value();
            case ENET:
                return alpha * l1.value() + 0.5 * (1.0 - alpha) * l2.value();
            case NONE:
                return 0.0;
            default:
                throw new IllegalStateException();
        }
    }

    // =====================================================================================================
    // 1. Ridge-penalized smooth losses: damped Newton
    // =====================================================================================================

    /**
     * Ridge-penalized logistic ("logistic", y in {0,1}) or squared ("squared") loss by damped Newton with the exact
     * Hessian, a Cholesky solve and backtracking, to a gradient norm below 1e-13 (or until floating point stops
     * making progress; fails if the gradient norm is still above 1e-8).
     */
    public static ReferenceSolution smooth(double[][] x, double[] y, double[] w, String loss, double lambda,
                                           boolean intercept) {
        int lc = lossCode(loss);
        if (lc == HINGE) {
            throw new IllegalArgumentException("smooth() handles logistic and squared loss only");
        }
        checkData(x, y.length, w);
        checkLambda(lambda);
        final int n = x.length;
        final int p = x[0].length;
        final int o = intercept ? 1 : 0;
        final int d = p + o;
        final double[] yt = lc == SQUARED ? y.clone() : signedLabels(y);
        final double wSum = sum(w);

        SmoothProblem prob = new SmoothProblem() {
            @Override
            public int dim() {
                return d;
            }

            @Override
            public double value(double[] th) {
                return objectiveInternal(x, yt, w, wSum, lc, RIDGE, lambda, 0.0, o == 1 ? th[0] : 0.0,
                        Arrays.copyOfRange(th, o, d));
            }

            @Override
            public void derivatives(double[] th, double[] g, double[][] h) {
                lossDerivatives(x, yt, w, wSum, lc, o, th, g, h);
                for (int j = o; j < d; j++) {
                    g[j] += lambda * th[j];
                    h[j][j] += lambda;
                }
            }
        };
        double[] cert = new double[1];
        double[] theta = newton(prob, new double[d], cert);
        double b0 = intercept ? theta[0] : 0.0;
        double[] beta = Arrays.copyOfRange(theta, o, d);
        double f = objectiveInternal(x, yt, w, wSum, lc, RIDGE, lambda, 0.0, b0, beta);
        return new ReferenceSolution(f, new double[]{b0}, new double[][]{beta}, null, cert[0]);
    }

    /** Gradient and Hessian of the data term (1/W) sum w_i loss(eta_i) w.r.t. (b0?, beta). */
    private static void lossDerivatives(double[][] x, double[] yt, double[] w, double wSum, int lc, int o,
                                        double[] th, double[] g, double[][] h) {
        int d = th.length;
        int p = d - o;
        Arrays.fill(g, 0.0);
        for (double[] row : h) {
            Arrays.fill(row, 0.0);
        }
        double[] xt = new double[d];
        double[] der = new double[2];
        double b0 = o == 1 ? th[0] : 0.0;
        for (int i = 0; i < x.length; i++) {
            if (o == 1) {
                xt[0] = 1.0;
            }
            System.arraycopy(x[i], 0, xt, o, p);
            double eta = b0;
            for (int j = 0; j < p; j++) {
                eta += x[i][j] * th[o + j];
            }
            lossDerivs(lc, yt[i], eta, der);
            double c1 = w[i] * der[0] / wSum;
            double c2 = w[i] * der[1] / wSum;
            for (int a = 0; a < d; a++) {
                g[a] += c1 * xt[a];
                double ca = c2 * xt[a];
                if (ca != 0.0) {
                    for (int b = a; b < d; b++) {
                        h[a][b] += ca * xt[b];
                    }
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                h[a][b] = h[b][a];
            }
        }
    }

    /** out[0] = d loss / d eta, out[1] = d^2 loss / d eta^2. */
    private static void lossDerivs(int lc, double y, double eta, double[] out) {
        if (lc == LOGISTIC) {
            double m = y * eta;
            double s = sigmoid(-m);
            out[0] = -y * s;
            out[1] = s * sigmoid(m);
        } else if (lc == SQUARED) {
            out[0] = eta - y;
            out[1] = 1.0;
        } else {
            throw new IllegalStateException("hinge loss is not smooth");
        }
    }

    // =====================================================================================================
    // 2. Lasso / elastic net: proximal Newton with coordinate descent on the quadratic model
    // =====================================================================================================

    /**
     * Lasso (alpha = 1) or elastic net (0 <= alpha < 1; alpha = 0 is plain ridge) for logistic (y in {0,1}) or
     * squared loss. Proximal Newton: at each outer iteration the data term is replaced by its exact second-order
     * Taylor model (gradient g and Hessian H in parameter space), the model plus the penalty is minimized by cyclic
     * coordinate descent with soft thresholding until no coordinate moves by more than 1e-15 (relative, plus two ulps),
     * and the step is backtracked if the true objective does not decrease enough. Stops when the KKT violation is
     * at most 1e-11 and the steps have become negligible (fails if the violation stays above 1e-8). Coefficients that
     * are zero at the solution are exact zeros.
     */
    public static ReferenceSolution elasticNet(double[][] x, double[] y, double[] w, String loss, double lambda,
                                               double alpha, boolean intercept) {
        int lc = lossCode(loss);
        if (lc == HINGE) {
            throw new IllegalArgumentException("elasticNet() handles logistic and squared loss only");
        }
        checkData(x, y.length, w);
        checkLambda(lambda);
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in [0, 1]: " + alpha);
        }
        final int p = x[0].length;
        final int o = intercept ? 1 : 0;
        final int d = p + o;
        final double[] yt = lc == SQUARED ? y.clone() : signedLabels(y);
        final double wSum = sum(w);
        final double l1 = lambda * alpha;
        final double l2 = lambda * (1.0 - alpha);

        double[] theta = new double[d];
        double[] g = new double[d];
        double[][] h = new double[d][d];
        double f = enetValue(x, yt, w, wSum, lc, lambda, alpha, o, theta);
        lossDerivatives(x, yt, w, wSum, lc, o, theta, g, h);
        double viol = kktViolation(theta, g, o, l1, l2);
        double lastStep = Double.POSITIVE_INFINITY;
        int extra = 0;
        double[] gc = new double[d];
        double[][] hc = new double[d][d];
        for (int outer = 0; outer < 2000; outer++) {
            if (viol <= KKT_TOL) {
                if (lastStep <= 1e-15 * Math.max(1.0, maxAbs(theta)) || extra >= 3) {
                    break;
                }
                extra++;
            }
            double[] target = cdQuadratic(g, h, theta, o, l1, l2);
            double[] dir = new double[d];
            for (int j = 0; j < d; j++) {
                dir[j] = target[j] - theta[j];
            }
            double pen0 = enetPenalty(theta, o, l1, l2);
            double decrease = dot(g, dir) + enetPenalty(target, o, l1, l2) - pen0;
            double t = 1.0;
            boolean accepted = false;
            double[] cand = null;
            double fc = Double.NaN;
            for (int ls = 0; ls < 80; ls++) {
                if (t == 1.0) {
                    cand = target.clone();
                } else {
                    cand = new double[d];
                    for (int j = 0; j < d; j++) {
                        cand[j] = theta[j] + t * dir[j];
                    }
                }
                fc = enetValue(x, yt, w, wSum, lc, lambda, alpha, o, cand);
                if (fc <= f + 1e-4 * t * Math.min(decrease, 0.0)) {
                    accepted = true;
                    lossDerivatives(x, yt, w, wSum, lc, o, cand, gc, hc);
                    break;
                }
                if (fc <= f + 1e-14 * Math.max(1.0, Math.abs(f))) {
                    // Rounding regime: accept if the KKT violation decreases.
                    lossDerivatives(x, yt, w, wSum, lc, o, cand, gc, hc);
                    if (kktViolation(cand, gc, o, l1, l2) < viol) {
                        accepted = true;
                        break;
                    }
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            lastStep = t * maxAbs(dir);
            theta = cand;
            f = fc;
            System.arraycopy(gc, 0, g, 0, d);
            for (int a = 0; a < d; a++) {
                System.arraycopy(hc[a], 0, h[a], 0, d);
            }
            viol = kktViolation(theta, g, o, l1, l2);
        }
        if (!(viol <= FAIL_TOL)) {
            throw new ArithmeticException("elasticNet reference did not converge: KKT violation " + viol);
        }
        double b0 = intercept ? theta[0] : 0.0;
        double[] beta = Arrays.copyOfRange(theta, o, d);
        double obj = objectiveInternal(x, yt, w, wSum, lc, ENET, lambda, alpha, b0, beta);
        return new ReferenceSolution(obj, new double[]{b0}, new double[][]{beta}, null, viol);
    }

    private static double enetValue(double[][] x, double[] yt, double[] w, double wSum, int lc, double lambda,
                                    double alpha, int o, double[] th) {
        return objectiveInternal(x, yt, w, wSum, lc, ENET, lambda, alpha, o == 1 ? th[0] : 0.0,
                Arrays.copyOfRange(th, o, th.length));
    }

    private static double enetPenalty(double[] th, int o, double l1, double l2) {
        double s = 0;
        for (int j = o; j < th.length; j++) {
            s += l1 * Math.abs(th[j]) + 0.5 * l2 * th[j] * th[j];
        }
        return s;
    }

    /** Max over coordinates of the violation of the (sub)gradient optimality conditions; g = data-term gradient. */
    private static double kktViolation(double[] th, double[] g, int o, double l1, double l2) {
        double v = 0;
        for (int j = 0; j < th.length; j++) {
            double r;
            if (j < o) {
                r = Math.abs(g[j]);
            } else if (th[j] != 0.0) {
                r = Math.abs(g[j] + l2 * th[j] + l1 * Math.signum(th[j]));
            } else {
                r = Math.max(0.0, Math.abs(g[j]) - l1);
            }
            v = Math.max(v, r);
        }
        return v;
    }

    /**
     * Minimizes g'(t - t0) + (t - t0)' H (t - t0) / 2 + sum_{j >= o} (l1 |t_j| + l2 t_j^2 / 2) by cyclic coordinate
     * descent, starting from t0.
     */
    private static double[] cdQuadratic(double[] g, double[][] h, double[] t0, int o, double l1, double l2) {
        int d = t0.length;
        double[] th = t0.clone();
        double[] hd = new double[d];
        for (int sweep = 0; sweep < 200000; sweep++) {
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += h[a][b] * (th[b] - t0[b]);
                }
                hd[a] = s;
            }
            boolean moved = false;
            for (int j = 0; j < d; j++) {
                double a = h[j][j];
                double u = a * th[j] - g[j] - hd[j];
                double nv;
                if (j < o) {
                    nv = a > 0 ? u / a : th[j];
                } else {
                    double den = a + l2;
                    nv = den > 0 ? softThreshold(u, l1) / den : 0.0;
                }
                double delta = nv - th[j];
                if (delta != 0.0) {
                    th[j] = nv;
                    for (int k = 0; k < d; k++) {
                        hd[k] += h[k][j] * delta;
                    }
                    if (Math.abs(delta) > 1e-15 * Math.max(1.0, Math.abs(nv)) + 2 * Math.ulp(nv)) {
                        moved = true;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return th;
    }

    private static double softThreshold(double u, double t) {
        if (u > t) {
            return u - t;
        }
        if (u < -t) {
            return u + t;
        }
        return 0.0;
    }

    // =====================================================================================================
    // 3. Hinge loss + lasso: exact linear program
    // =====================================================================================================

    /**
     * Hinge loss (y in {0,1}) with a lasso penalty, as the linear program
     * {@code min (1/W) sum w_i xi_i + lambda sum_j (a_j + b_j)} s.t. {@code xi_i + yt_i (b0p - b0m + x_i'(a - b)) >= 1},
     * all variables non-negative, solved by the commons-math simplex method. Each vertex found is polished: the
     * nonzero coefficients and the points on the margin are identified and the (square or consistent
     * over-determined) system {@code yt_i (b0 + x_iS' beta_S) = 1} is re-solved by QR; a polished point is kept only
     * if its objective is not worse. The dual LP {@code max sum_i u_i} s.t. {@code 0 <= u_i <= w_i / W},
     * {@code |sum_i u_i yt_i x_ij| <= lambda} (and {@code sum_i u_i yt_i = 0} with an intercept) is solved as well;
     * its solution, made exactly feasible, is a lower bound on F and also yields a primal candidate by
     * complementary slackness. Simplex settings (tolerances, Dantzig / Bland pivoting) are cycled until the
     * primal-dual gap is below 1e-13 max(1, |F|) (the commons-math simplex occasionally stops at a wrong vertex on
     * degenerate problems). {@code certificate} is the gap (fails if it stays above 1e-8). The LP optimum need not be
     * unique: compare objectives, not coefficients.
     */
    public static ReferenceSolution hingeLasso(double[][] x, double[] y01, double[] w, double lambda,
                                               boolean intercept) {
        checkData(x, y01.length, w);
        checkLambda(lambda);
        final int n = x.length;
        final int p = x[0].length;
        final double[] yt = signedLabels(y01);
        final double wSum = sum(w);
        final int nv = n + 2 * p + (intercept ? 2 : 0);

        // primal LP
        double[] c = new double[nv];
        for (int i = 0; i < n; i++) {
            c[i] = w[i] / wSum;
        }
        for (int j = 0; j < 2 * p; j++) {
            c[n + j] = lambda;
        }
        List<LinearConstraint> cons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] a = new double[nv];
            a[i] = 1.0;
            for (int j = 0; j < p; j++) {
                a[n + j] = yt[i] * x[i][j];
                a[n + p + j] = -yt[i] * x[i][j];
            }
            if (intercept) {
                a[n + 2 * p] = yt[i];
                a[n + 2 * p + 1] = -yt[i];
            }
            cons.add(new LinearConstraint(a, Relationship.GEQ, 1.0));
        }
        LinearObjectiveFunction primalObj = new LinearObjectiveFunction(c, 0.0);
        // dual LP
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        List<LinearConstraint> dcons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1.0;
            dcons.add(new LinearConstraint(e, Relationship.LEQ, w[i] / wSum));
        }
        for (int j = 0; j < p; j++) {
            double[] e = new double[n];
            for (int i = 0; i < n; i++) {
                e[i] = yt[i] * x[i][j];
            }
            dcons.add(new LinearConstraint(e, Relationship.LEQ, lambda));
            dcons.add(new LinearConstraint(e.clone(), Relationship.GEQ, -lambda));
        }
        if (intercept) {
            dcons.add(new LinearConstraint(yt.clone(), Relationship.EQ, 0.0));
        }
        LinearObjectiveFunction dualObj = new LinearObjectiveFunction(ones, 0.0);

        double[][] settings = {{1e-12, 1e-14}, {1e-10, 1e-12}, {1e-9, 1e-10}, {1e-6, 1e-10}};
        PivotSelectionRule[] rules = {PivotSelectionRule.DANTZIG, PivotSelectionRule.BLAND};
        double bestF = Double.POSITIVE_INFINITY;
        double bestB0 = 0.0;
        double[] bestBeta = null;
        double bestD = Double.NEGATIVE_INFINITY;
        // steps alternate: primal simplex with settings k, then (only if still uncertified) dual simplex with k
        for (int step = 0; step < 2 * settings.length * rules.length; step++) {
            int attempt = step / 2;
            double[] st = settings[attempt / rules.length];
            PivotSelectionRule rule = rules[attempt % rules.length];
            List<double[]> cands = new ArrayList<>();
            if (step % 2 == 0) {
                double[] sol = trySimplex(primalObj, cons, GoalType.MINIMIZE, st, rule);
                if (sol != null) {
                    double[] beta = new double[p];
                    for (int j = 0; j < p; j++) {
                        beta[j] = sol[n + j] - sol[n + p + j];
                    }
                    double b0 = intercept ? sol[n + 2 * p] - sol[n + 2 * p + 1] : 0.0;
                    double[] th = new double[p + 1];
                    th[0] = b0;
                    System.arraycopy(beta, 0, th, 1, p);
                    cands.add(th);
                    for (double thr : new double[]{1e-10, 1e-8, 1e-6}) {
                        cands.add(polishHingeLasso(x, yt, intercept, b0, beta, thr));
                    }
                }
            } else {
                double[] u = trySimplex(dualObj, dcons, GoalType.MAXIMIZE, st, rule);
                if (u != null) {
                    bestD = Math.max(bestD, sumOf(feasibleHingeLassoDual(x, yt, w, wSum, lambda, intercept, u)));
                    for (double thr : new double[]{1e-10, 1e-8, 1e-6}) {
                        cands.add(primalFromHingeLassoDual(x, yt, w, wSum, lambda, intercept, u, thr));
                    }
                }
            }
            boolean improved = false;
            for (double[] th : cands) {
                if (th == null) {
                    continue;
                }
                double cb0 = intercept ? th[0] : 0.0;
                double[] cbeta = Arrays.copyOfRange(th, 1, p + 1);
                double fc = objectiveInternal(x, yt, w, wSum, HINGE, LASSO, lambda, 0.0, cb0, cbeta);
                if (fc < bestF || (fc == bestF && countZeros(cbeta) > countZeros(bestBeta))) {
                    bestF = fc;
                    bestB0 = cb0;
                    bestBeta = cbeta;
                    improved = true;
                }
            }
            if (improved) {
                // dual multipliers of the best vertex by complementary slackness: usually an exact lower bound
                for (double thr : new double[]{1e-12, 1e-10, 1e-8}) {
                    double[] ud = dualFromHingeLassoPrimal(x, yt, w, wSum, lambda, intercept, bestB0, bestBeta, thr);
                    if (ud != null) {
                        bestD = Math.max(bestD, sumOf(feasibleHingeLassoDual(x, yt, w, wSum, lambda, intercept,
                                ud)));
                    }
                }
            }
            if (bestBeta != null && bestF - bestD <= GAP_TOL * Math.max(1.0, Math.abs(bestF))) {
                break;
            }
        }
        double gap = bestF - bestD;
        if (bestBeta == null || !(gap <= FAIL_TOL)) {
            throw new ArithmeticException("hingeLasso reference did not converge: primal " + bestF + ", dual "
                    + bestD);
        }
        return new ReferenceSolution(bestF, new double[]{bestB0}, new double[][]{bestBeta}, null,
                Math.max(0.0, gap));
    }

    private static double sumOf(double[] v) {
        Sum s = new Sum();
        for (double e : v) {
            s.add(e);
        }
        return s.value();
    }

    private static int countZeros(double[] v) {
        int z = 0;
        if (v != null) {
            for (double e : v) {
                z += e == 0.0 ? 1 : 0;
            }
        }
        return z;
    }

    private static double[] trySimplex(LinearObjectiveFunction f, List<LinearConstraint> cons, GoalType goal,
                                       double[] st, PivotSelectionRule rule) {
        try {
            SimplexSolver solver = new SimplexSolver(st[0], 10, st[1]);
            PointValuePair pv = solver.optimize(new MaxIter(1_000_000), f, new LinearConstraintSet(cons), goal,
                    new NonNegativeConstraint(true), rule);
            double[] pt = pv.getPoint();
            for (double v : pt) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
            return pt;
        } catch (TooManyIterationsException | NoFeasibleSolutionException | UnboundedSolutionException e) {
            return null;
        }
    }

    /**
     * Makes a dual LP point exactly feasible (up to the final rounding): clip to the box, shrink the larger class's
     * multipliers to restore sum u_i yt_i = 0 (intercept), then scale everything down to meet the lambda bounds.
     */
    private static double[] feasibleHingeLassoDual(double[][] x, double[] yt, double[] w, double wSum, double lambda,
                                                   boolean intercept, double[] u0) {
        int n = x.length;
        int p = x[0].length;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Math.min(w[i] / wSum, Math.max(0.0, u0[i]));
        }
        if (intercept) {
            Sum pos = new Sum();
            Sum neg = new Sum();
            for (int i = 0; i < n; i++) {
                (yt[i] > 0 ? pos : neg).add(u[i]);
            }
            double sp = pos.value();
            double sn = neg.value();
            if (sp != sn) {
                double big = Math.max(sp, sn);
                double factor = Math.min(sp, sn) / big;
                for (int i = 0; i < n; i++) {
                    if ((yt[i] > 0) == (sp > sn)) {
                        u[i] *= factor;
                    }
                }
            }
        }
        double worst = 0;
        for (int j = 0; j < p; j++) {
            Sum s = new Sum();
            for (int i = 0; i < n; i++) {
                s.add(u[i] * yt[i] * x[i][j]);
            }
            worst = Math.max(worst, Math.abs(s.value()));
        }
        if (worst > lambda) {
            double factor = lambda / worst * (1 - 4e-16);
            for (int i = 0; i < n; i++) {
                u[i] *= factor;
            }
        }
        return u;
    }

    /**
     * Dual multipliers for a primal point by complementary slackness: u_i = w_i / W where the margin is violated,
     * 0 where it is exceeded, and on the margin the minimum-norm solution of the stationarity equations
     * {@code sum_i u_i yt_i x_ij = lambda sign(beta_j)} (beta_j != 0) and {@code sum_i u_i yt_i = 0} (intercept).
     * The result may be slightly infeasible; see {@link #feasibleHingeLassoDual}.
     */
    private static double[] dualFromHingeLassoPrimal(double[][] x, double[] yt, double[] w, double wSum,
                                                     double lambda, boolean intercept, double b0, double[] beta,
                                                     double thr) {
        int n = x.length;
        int p = x[0].length;
        double scale = Math.max(1.0, maxAbs(beta));
        double[] u = new double[n];
        List<Integer> margin = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double eta = b0 + dot(x[i], beta);
            double etaScale = Math.max(1.0, Math.abs(b0) + absDot(x[i], beta));
            double m = yt[i] * eta - 1.0;
            if (Math.abs(m) <= 100 * thr * etaScale) {
                margin.add(i);
            } else if (m < 0) {
                u[i] = w[i] / wSum;
            }
        }
        List<Integer> support = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            if (Math.abs(beta[j]) > thr * scale) {
                support.add(j);
            }
        }
        int o = intercept ? 1 : 0;
        int rows = support.size() + o;
        int cols = margin.size();
        if (rows == 0 || cols == 0) {
            return u;
        }
        double[][] m = new double[rows][cols];
        double[] rhs = new double[rows];
        for (int r = 0; r < support.size(); r++) {
            int j = support.get(r);
            Sum s = new Sum();
            s.add(lambda * Math.signum(beta[j]));
            for (int i = 0; i < n; i++) {
                if (u[i] != 0.0) {
                    s.add(-u[i] * yt[i] * x[i][j]);
                }
            }
            rhs[r] = s.value();
            for (int c = 0; c < cols; c++) {
                int i = margin.get(c);
                m[r][c] = yt[i] * x[i][j];
            }
        }
        if (intercept) {
            Sum s = new Sum();
            for (int i = 0; i < n; i++) {
                if (u[i] != 0.0) {
                    s.add(-u[i] * yt[i]);
                }
            }
            rhs[rows - 1] = s.value();
            for (int c = 0; c < cols; c++) {
                m[rows - 1][c] = yt[margin.get(c)];
            }
        }
        double[] z;
        try {
            z = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false)).getSolver()
                    .solve(new ArrayRealVector(rhs, false)).toArray();
        } catch (RuntimeException e) {
            return null;
        }
        for (int c = 0; c < cols; c++) {
            u[margin.get(c)] = z[c];
        }
        return u;
    }

    /**
     * A primal vertex from complementary slackness with a dual LP solution u: margin points are those with
     * 0 < u_i < w_i / W, nonzero coefficients those whose dual constraint is tight.
     */
    private static double[] primalFromHingeLassoDual(double[][] x, double[] yt, double[] w, double wSum,
                                                     double lambda, boolean intercept, double[] u, double thr) {
        int n = x.length;
        int p = x[0].length;
        List<Integer> support = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += u[i] * yt[i] * x[i][j];
            }
            if (Math.abs(s) >= lambda * (1 - thr)) {
                support.add(j);
            }
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double ui = u[i] * wSum / w[i];
            if (ui > thr && ui < 1 - thr) {
                active.add(i);
            }
        }
        return solveHingeVertex(x, yt, intercept, support, active);
    }

    /** Re-solves the vertex system; returns {b0, beta...} (b0 = 0 without intercept) or null. */
    private static double[] polishHingeLasso(double[][] x, double[] yt, boolean intercept, double b0,
                                             double[] beta, double thr) {
        int n = x.length;
        int p = beta.length;
        double scale = Math.max(1.0, maxAbs(beta));
        List<Integer> support = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            if (Math.abs(beta[j]) > thr * scale) {
                support.add(j);
            }
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double eta = b0 + dot(x[i], beta);
            double etaScale = Math.max(1.0, Math.abs(b0) + absDot(x[i], beta));
            if (Math.abs(yt[i] * eta - 1.0) <= 100 * thr * etaScale) {
                active.add(i);
            }
        }
        return solveHingeVertex(x, yt, intercept, support, active);
    }

    /** Least-squares solve of yt_i (b0 + x_iS' beta_S) = 1 over the active rows; {b0, beta...} or null. */
    private static double[] solveHingeVertex(double[][] x, double[] yt, boolean intercept, List<Integer> support,
                                             List<Integer> active) {
        int p = x[0].length;
        int o = intercept ? 1 : 0;
        int k = support.size() + o;
        if (k == 0 || active.size() < k) {
            return null;
        }
        double[][] m = new double[active.size()][k];
        double[] rhs = new double[active.size()];
        for (int r = 0; r < active.size(); r++) {
            int i = active.get(r);
            if (intercept) {
                m[r][0] = 1.0;
            }
            for (int s = 0; s < support.size(); s++) {
                m[r][o + s] = x[i][support.get(s)];
            }
            rhs[r] = yt[i];
        }
        double[] z;
        try {
            DecompositionSolver qr = new QRDecomposition(new Array2DRowRealMatrix(m, false), 1e-12).getSolver();
            z = qr.solve(new ArrayRealVector(rhs, false)).toArray();
        } catch (SingularMatrixException e) {
            return null;
        }
        double[] out = new double[p + 1];
        out[0] = intercept ? z[0] : 0.0;
        for (int s = 0; s < support.size(); s++) {
            out[1 + support.get(s)] = z[o + s];
        }
        return out;
    }

    // =====================================================================================================
    // 4. Hinge loss + ridge: SVM dual by SMO / dual coordinate descent
    // =====================================================================================================

    /**
     * Hinge loss (y in {0,1}) with a ridge penalty (lambda > 0), solved through the SVM dual
     * {@code max_a sum_i a_i - |sum_i a_i yt_i x_i|^2 / (2 lambda W)} over {@code 0 <= a_i <= w_i} (and
     * {@code sum_i a_i yt_i = 0} with an intercept), whose value divided by W is a lower bound on F, with
     * {@code beta = sum_i a_i yt_i x_i / (lambda W)}.
     * <ol>
     *   <li>A Mehrotra predictor-corrector interior point method on the dual QP (Newton systems
     *       {@code D + ZZ'} solved through the Woodbury identity with a p x p Cholesky factor and refinement).</li>
     *   <li>Active-set re-solve: multipliers within a threshold of a bound are snapped to it and the free ones,
     *       beta and b0 are re-solved from the square KKT (saddle point) system by SVD.</li>
     *   <li>Only if the gap is still above 1e-13 max(1, |F|): rounds of SMO (maximal violating pair with libsvm's
     *       second-order working set selection; with an intercept) or greedy dual coordinate descent (without),
     *       each followed by step 2. (SMO alone stalls on badly conditioned problems, hence step 1.)</li>
     * </ol>
     * For each dual point the primal point is the better (lower F) of beta(a) and the beta of the active-set solve,
     * with the intercept chosen as the exact minimizer of F over b0 for that beta: the candidates are the
     * free-support-vector estimate, the active-set b0 and every breakpoint of the piecewise linear function.
     * {@code objective} is F at the returned point, {@code dual} holds the a_i, {@code certificate} the gap
     * F - dual/W (fails if it stays above 1e-8).
     */
    public static ReferenceSolution hingeRidge(double[][] x, double[] y01, double[] w, double lambda,
                                               boolean intercept) {
        return hingeRidge(x, y01, w, lambda, intercept, true);
    }

    /**
     * {@link #hingeRidge} without the interior point stage: SMO (intercept) or dual coordinate descent (no
     * intercept) from a = 0, each round followed by the active-set re-solve. For tests that cross-check the two
     * dual algorithms; may fail on badly conditioned problems where the first-order methods stall.
     */
    static ReferenceSolution hingeRidgeFirstOrderOnly(double[][] x, double[] y01, double[] w, double lambda,
                                                      boolean intercept) {
        return hingeRidge(x, y01, w, lambda, intercept, false);
    }

    private static ReferenceSolution hingeRidge(double[][] x, double[] y01, double[] w, double lambda,
                                                boolean intercept, boolean interiorPoint) {
        checkData(x, y01.length, w);
        if (!(lambda > 0.0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("hingeRidge needs a finite lambda > 0: " + lambda);
        }
        int n = x.length;
        int p = x[0].length;
        double[] yt = signedLabels(y01);
        double wSum = sum(w);
        double s = 1.0 / (lambda * wSum);
        double[] cap = w.clone();
        // Stage 1: primal-dual interior point on the dual QP; stage 2: exact re-solve on the identified active set;
        // stage 3 (only if the gap is not yet closed): SMO / dual coordinate descent rounds from the best point so
        // far, each followed by stage 2.
        HingeDualPoint best = null;
        double[] a = new double[n];
        if (interiorPoint) {
            double[][] zrows = new double[n][p];
            double rs = Math.sqrt(s);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    zrows[i][j] = yt[i] * x[i][j] * rs;
                }
            }
            a = hingeDualInteriorPoint(zrows, yt, cap, intercept);
            best = considerHingeDual(best, a, x, yt, w, wSum, lambda, intercept, cap);
            a = best != null ? best.alpha.clone() : new double[n];
        }
        double[][] kern = null;
        for (double tol : new double[]{1e-9, 1e-12, 1e-14, 0.0}) {
            if (best != null && best.gap <= GAP_TOL * Math.max(1.0, Math.abs(best.primal))) {
                break;
            }
            if (kern == null) {
                kern = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = i; j < n; j++) {
                        kern[i][j] = s * dot(x[i], x[j]);
                        kern[j][i] = kern[i][j];
                    }
                }
            }
            if (intercept) {
                smo(kern, yt, cap, a, tol);
            } else {
                dualCoordinateDescent(kern, yt, cap, a, tol);
            }
            best = considerHingeDual(best, a, x, yt, w, wSum, lambda, intercept, cap);
            if (best != null) {
                a = best.alpha.clone();
            }
        }
        if (best == null || !(best.gap <= FAIL_TOL)) {
            throw new ArithmeticException("hingeRidge reference did not converge: gap "
                    + (best == null ? Double.NaN : best.gap));
        }
        return new ReferenceSolution(best.primal, new double[]{best.b0}, new double[][]{best.beta},
                best.alpha, Math.max(0.0, best.gap));
    }

    /** Evaluates alpha and its active-set polishes; returns the best of them and {@code best}. */
    private static HingeDualPoint considerHingeDual(HingeDualPoint best, double[] a, double[][] x, double[] yt,
                                                    double[] w, double wSum, double lambda, boolean intercept,
                                                    double[] cap) {
        best = better(best, evaluateHingeDual(x, yt, w, wSum, lambda, intercept, a.clone(), null, Double.NaN));
        String previous = "";
        for (double thr : new double[]{1e-12, 1e-10, 1e-8, 1e-6, 1e-4}) {
            // skip thresholds that give the same active set as the previous one
            StringBuilder sig = new StringBuilder();
            int nFree = 0;
            for (int i = 0; i < a.length; i++) {
                char c = a[i] <= thr * cap[i] ? 'L' : a[i] >= (1 - thr) * cap[i] ? 'U' : 'F';
                nFree += c == 'F' ? 1 : 0;
                sig.append(c);
            }
            String signature = sig.toString();
            // a large free set means a degenerate dual (e.g. beta = 0 with a whole class on the margin); the
            // active-set solve is then neither cheap nor needed
            if (signature.equals(previous) || nFree > x[0].length + 21) {
                continue;
            }
            previous = signature;
            double[][] pol = polishHingeDual(x, yt, cap, lambda * wSum, a, thr, intercept);
            if (pol != null) {
                best = better(best, evaluateHingeDual(x, yt, w, wSum, lambda, intercept, pol[0], pol[1],
                        pol[2][0]));
            }
        }
        return best;
    }

    /**
     * Mehrotra predictor-corrector interior point method for min a'ZZ'a/2 - sum a s.t. 0 <= a <= cap (and yt'a = 0
     * with an intercept), where row i of Z is yt_i x_i / sqrt(lambda W). The Newton systems (D + ZZ') are solved by
     * the Woodbury identity through a p x p Cholesky factorization. Returns the last iterate (strictly inside the box).
     */
    private static double[] hingeDualInteriorPoint(double[][] zr, double[] yt, double[] cap, boolean intercept) {
        int n = zr.length;
        double[] a = new double[n];
        double[] sl = new double[n];
        double[] zz = new double[n];
        double[] uu = new double[n];
        double nu = 0.0;
        double capMax = 0;
        for (int i = 0; i < n; i++) {
            a[i] = 0.5 * cap[i];
            sl[i] = cap[i] - a[i];
            capMax = Math.max(capMax, cap[i]);
        }
        // scale of the dual slacks: the size of the gradient Qa - 1 at the start
        double[] q0 = applyGram(zr, a);
        double gScale = 1.0;
        for (int i = 0; i < n; i++) {
            gScale = Math.max(gScale, Math.abs(q0[i] - 1.0));
        }
        Arrays.fill(zz, gScale);
        Arrays.fill(uu, gScale);
        double[] rd = new double[n];
        double[] dinv = new double[n];
        double[] c1 = new double[n];
        double[] c2 = new double[n];
        double[] bestA = a.clone();
        double bestMerit = Double.POSITIVE_INFINITY;
        double capSum = 0;
        for (double c : cap) {
            capSum += c;
        }
        for (int it = 0; it < 200; it++) {
            double[] q = applyGram(zr, a);
            double rdMax = 0;
            for (int i = 0; i < n; i++) {
                rd[i] = q[i] - 1.0 + (intercept ? nu * yt[i] : 0.0) - zz[i] + uu[i];
                rdMax = Math.max(rdMax, Math.abs(rd[i]));
            }
            double re = 0;
            if (intercept) {
                for (int i = 0; i < n; i++) {
                    re += yt[i] * a[i];
                }
            }
            double mu = 0;
            for (int i = 0; i < n; i++) {
                mu += a[i] * zz[i] + sl[i] * uu[i];
            }
            mu /= 2 * n;
            if (!Double.isFinite(mu) || !Double.isFinite(rdMax) || !Double.isFinite(re)) {
                break;
            }
            // merit ~ the duality gap (complementarity plus residual terms), scaled like the dual objective
            double merit = 2 * n * mu + rdMax * capSum + Math.abs(re) * gScale;
            if (merit < bestMerit) {
                bestMerit = merit;
                System.arraycopy(a, 0, bestA, 0, n);
            } else if (merit > 1e6 * bestMerit) {
                break;
            }
            if (mu <= 1e-17 * gScale * capMax && rdMax <= 1e-14 * gScale && Math.abs(re) <= 1e-14 * capMax) {
                break;
            }
            for (int i = 0; i < n; i++) {
                dinv[i] = 1.0 / (zz[i] / a[i] + uu[i] / sl[i]);
            }
            double[][] chol = woodburyFactor(zr, dinv);
            if (chol == null) {
                break;
            }
            // predictor (affine scaling)
            for (int i = 0; i < n; i++) {
                c1[i] = -a[i] * zz[i];
                c2[i] = -sl[i] * uu[i];
            }
            double[][] aff = ipmDirection(zr, yt, intercept, chol, dinv, rd, re, a, sl, zz, uu, c1, c2);
            double tAff = ipmStep(a, sl, zz, uu, aff, 1.0);
            double muAff = 0;
            for (int i = 0; i < n; i++) {
                muAff += (a[i] + tAff * aff[0][i]) * (zz[i] + tAff * aff[1][i])
                        + (sl[i] - tAff * aff[0][i]) * (uu[i] + tAff * aff[2][i]);
            }
            muAff /= 2 * n;
            double sigma = Math.pow(Math.max(0.0, muAff) / mu, 3);
            // corrector
            for (int i = 0; i < n; i++) {
                c1[i] = sigma * mu - a[i] * zz[i] - aff[0][i] * aff[1][i];
                c2[i] = sigma * mu - sl[i] * uu[i] + aff[0][i] * aff[2][i];
            }
            double[][] dir = ipmDirection(zr, yt, intercept, chol, dinv, rd, re, a, sl, zz, uu, c1, c2);
            double t = ipmStep(a, sl, zz, uu, dir, Math.max(0.995, 1.0 - 10 * mu / (gScale * capMax)));
            if (!(t > 1e-14)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                a[i] += t * dir[0][i];
                sl[i] -= t * dir[0][i];
                zz[i] += t * dir[1][i];
                uu[i] += t * dir[2][i];
            }
            nu += t * dir[3][0];
        }
        for (int i = 0; i < n; i++) {
            bestA[i] = Math.min(cap[i], Math.max(0.0, bestA[i]));
        }
        return bestA;
    }

    /** Q v = Z (Z' v). */
    private static double[] applyGram(double[][] zr, double[] v) {
        int p = zr[0].length;
        double[] t = new double[p];
        for (int i = 0; i < zr.length; i++) {
            if (v[i] != 0.0) {
                for (int j = 0; j < p; j++) {
                    t[j] += zr[i][j] * v[i];
                }
            }
        }
        double[] out = new double[zr.length];
        for (int i = 0; i < zr.length; i++) {
            out[i] = dot(zr[i], t);
        }
        return out;
    }

    /** Cholesky factor of I + Z' diag(dinv) Z. */
    private static double[][] woodburyFactor(double[][] zr, double[] dinv) {
        int p = zr[0].length;
        double[][] m = new double[p][p];
        for (int i = 0; i < zr.length; i++) {
            double di = dinv[i];
            for (int j = 0; j < p; j++) {
                double v = di * zr[i][j];
                for (int k = j; k < p; k++) {
                    m[j][k] += v * zr[i][k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            m[j][j] += 1.0;
            for (int k = 0; k < j; k++) {
                m[j][k] = m[k][j];
            }
        }
        return cholesky(m, 0.0);
    }

    /** (D + ZZ')^{-1} v with D = diag(1/dinv): Woodbury identity plus two steps of iterative refinement. */
    private static double[] woodburySolve(double[][] zr, double[][] chol, double[] dinv, double[] v) {
        int n = v.length;
        double[] xs = woodburyRaw(zr, chol, dinv, v);
        for (int ref = 0; ref < 2; ref++) {
            double[] q = applyGram(zr, xs);
            double[] res = new double[n];
            for (int i = 0; i < n; i++) {
                res[i] = v[i] - (xs[i] / dinv[i] + q[i]);
            }
            double[] dx = woodburyRaw(zr, chol, dinv, res);
            for (int i = 0; i < n; i++) {
                xs[i] += dx[i];
            }
        }
        return xs;
    }

    private static double[] woodburyRaw(double[][] zr, double[][] chol, double[] dinv, double[] v) {
        int n = zr.length;
        int p = zr[0].length;
        double[] dv = new double[n];
        double[] t = new double[p];
        for (int i = 0; i < n; i++) {
            dv[i] = dinv[i] * v[i];
            for (int j = 0; j < p; j++) {
                t[j] += zr[i][j] * dv[i];
            }
        }
        double[] u = cholSolve(chol, t);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = dv[i] - dinv[i] * dot(zr[i], u);
        }
        return out;
    }

    /** Newton direction {da, dz, du, {dnu}} for complementarity targets c1 (a z) and c2 (s u). */
    private static double[][] ipmDirection(double[][] zr, double[] yt, boolean intercept, double[][] chol,
                                           double[] dinv, double[] rd, double re, double[] a, double[] sl,
                                           double[] zz, double[] uu, double[] c1, double[] c2) {
        int n = a.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = -rd[i] + c1[i] / a[i] - c2[i] / sl[i];
        }
        double[] da = woodburySolve(zr, chol, dinv, r);
        double dnu = 0.0;
        if (intercept) {
            double[] my = woodburySolve(zr, chol, dinv, yt);
            double num = re;
            double den = 0;
            for (int i = 0; i < n; i++) {
                num += yt[i] * da[i];
                den += yt[i] * my[i];
            }
            dnu = num / den;
            for (int i = 0; i < n; i++) {
                da[i] -= dnu * my[i];
            }
        }
        double[] dz = new double[n];
        double[] du = new double[n];
        for (int i = 0; i < n; i++) {
            dz[i] = (c1[i] - zz[i] * da[i]) / a[i];
            du[i] = (c2[i] + uu[i] * da[i]) / sl[i];
        }
        return new double[][]{da, dz, du, {dnu}};
    }

    /** Largest step (times frac, at most 1) keeping a, s = cap - a, z and u positive. */
    private static double ipmStep(double[] a, double[] sl, double[] zz, double[] uu, double[][] dir, double frac) {
        double t = Double.POSITIVE_INFINITY;
        for (int i = 0; i < a.length; i++) {
            double da = dir[0][i];
            if (da < 0) {
                t = Math.min(t, -a[i] / da);
            } else if (da > 0) {
                t = Math.min(t, sl[i] / da);
            }
            if (dir[1][i] < 0) {
                t = Math.min(t, -zz[i] / dir[1][i]);
            }
            if (dir[2][i] < 0) {
                t = Math.min(t, -uu[i] / dir[2][i]);
            }
        }
        return Math.min(1.0, frac * t);
    }

    private static final class HingeDualPoint {
        final double[] alpha;
        final double[] beta;
        final double b0;
        final double primal;
        final double dual;
        final double gap;

        HingeDualPoint(double[] alpha, double[] beta, double b0, double primal, double dual) {
            this.alpha = alpha;
            this.beta = beta;
            this.b0 = b0;
            this.primal = primal;
            this.dual = dual;
            this.gap = primal - dual;
        }
    }

    private static HingeDualPoint better(HingeDualPoint a, HingeDualPoint b) {
        if (b == null) {
            return a;
        }
        if (a == null) {
            return b;
        }
        // ties (within rounding) go to the later, polished point
        return b.gap <= a.gap + 1e-16 * Math.max(1.0, Math.abs(a.primal)) ? b : a;
    }

    /**
     * Dual value of alpha and the best primal point among beta(alpha) = sum_i a_i yt_i x_i / (lambda W) and the
     * optional candidate {@code betaCand} (e.g. from the active-set solve), each with its exactly optimal intercept;
     * null if alpha is not dual feasible.
     */
    private static HingeDualPoint evaluateHingeDual(double[][] x, double[] yt, double[] w, double wSum,
                                                    double lambda, boolean intercept, double[] alpha,
                                                    double[] betaCand, double b0Cand) {
        int n = x.length;
        int p = x[0].length;
        Sum eq = new Sum();
        Sum asum = new Sum();
        for (int i = 0; i < n; i++) {
            if (!(alpha[i] >= 0.0 && alpha[i] <= w[i])) {
                return null;
            }
            eq.add(alpha[i] * yt[i]);
            asum.add(alpha[i]);
        }
        if (intercept && Math.abs(eq.value()) > 1e-12 * wSum) {
            return null;
        }
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            Sum sj = new Sum();
            for (int i = 0; i < n; i++) {
                if (alpha[i] != 0.0) {
                    sj.add(alpha[i] * yt[i] * x[i][j]);
                }
            }
            beta[j] = sj.value() / (lambda * wSum);
        }
        double dual = asum.value() / wSum - lambda * penaltyValue(RIDGE, 0.0, beta);
        double[] bestBeta = beta;
        double bestB0 = intercept ? bestIntercept(x, yt, w, alpha, beta, Double.NaN) : 0.0;
        double primal = objectiveInternal(x, yt, w, wSum, HINGE, RIDGE, lambda, 0.0, bestB0, beta);
        if (betaCand != null) {
            double cb0 = intercept ? bestIntercept(x, yt, w, alpha, betaCand, b0Cand) : 0.0;
            double pc = objectiveInternal(x, yt, w, wSum, HINGE, RIDGE, lambda, 0.0, cb0, betaCand);
            if (pc < primal) {
                primal = pc;
                bestBeta = betaCand;
                bestB0 = cb0;
            }
        }
        return new HingeDualPoint(alpha, bestBeta, bestB0, primal, dual);
    }

    /**
     * The exact minimizer over b0 of sum_i w_i max(0, 1 - yt_i (b0 + x_i' beta)) (piecewise linear and convex, so
     * a breakpoint b0 = yt_i - x_i' beta is optimal), also trying the free-support-vector average and {@code extra}.
     */
    private static double bestIntercept(double[][] x, double[] yt, double[] w, double[] alpha, double[] beta,
                                        double extra) {
        int n = x.length;
        double[] sc = new double[n];
        for (int i = 0; i < n; i++) {
            sc[i] = dot(x[i], beta);
        }
        List<Double> cands = new ArrayList<>();
        Sum free = new Sum();
        int nFree = 0;
        for (int i = 0; i < n; i++) {
            cands.add(yt[i] - sc[i]);
            if (alpha[i] > 0.0 && alpha[i] < w[i]) {
                free.add(yt[i] - sc[i]);
                nFree++;
            }
        }
        if (nFree > 0) {
            cands.add(free.value() / nFree);
        }
        if (Double.isFinite(extra)) {
            cands.add(extra);
        }
        double b0 = 0.0;
        double bestH = Double.POSITIVE_INFINITY;
        for (double cb : cands) {
            Sum hs = new Sum();
            for (int i = 0; i < n; i++) {
                hs.add(w[i] * Math.max(0.0, 1.0 - yt[i] * (cb + sc[i])));
            }
            if (hs.value() < bestH) {
                bestH = hs.value();
                b0 = cb;
            }
        }
        return b0;
    }

    /**
     * SMO for min f(a) = a'Qa/2 - sum a, Q_ij = yt_i yt_j K_ij, 0 <= a <= cap, yt'a = 0, from the given feasible a;
     * stops when the maximal violation m(a) - M(a) <= tol or progress stalls.
     */
    private static void smo(double[][] kern, double[] yt, double[] cap, double[] a, double tol) {
        int n = a.length;
        double[] g = new double[n];
        recomputeDualGradient(kern, yt, a, g);
        long maxIter = 20000L + 300L * n;
        double bestViol = Double.POSITIVE_INFINITY;
        long sinceBest = 0;
        for (long iter = 0; iter < maxIter; iter++) {
            if (iter > 0 && iter % n == 0) {
                recomputeDualGradient(kern, yt, a, g);
            }
            double gmax = Double.NEGATIVE_INFINITY;
            int i = -1;
            for (int t = 0; t < n; t++) {
                boolean up = yt[t] > 0 ? a[t] < cap[t] : a[t] > 0;
                if (up) {
                    double v = -yt[t] * g[t];
                    if (v > gmax) {
                        gmax = v;
                        i = t;
                    }
                }
            }
            if (i < 0) {
                return;
            }
            double gmin = Double.POSITIVE_INFINITY;
            int j = -1;
            double bestObj = Double.POSITIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                boolean low = yt[t] > 0 ? a[t] > 0 : a[t] < cap[t];
                if (low) {
                    double v = -yt[t] * g[t];
                    if (v < gmin) {
                        gmin = v;
                    }
                    double b = gmax - v;
                    if (b > 0) {
                        double q = kern[i][i] + kern[t][t] - 2 * kern[i][t];
                        if (q <= 0) {
                            q = 1e-12;
                        }
                        double ob = -b * b / q;
                        if (ob < bestObj) {
                            bestObj = ob;
                            j = t;
                        }
                    }
                }
            }
            double viol = gmax - gmin;
            if (j < 0 || viol <= tol) {
                return;
            }
            if (viol < bestViol * (1 - 1e-3)) {
                bestViol = viol;
                sinceBest = 0;
            } else if (++sinceBest > 20L * n + 1000) {
                return;
            }
            double q = kern[i][i] + kern[j][j] - 2 * kern[i][j];
            double b = gmax + yt[j] * g[j];
            double ti = yt[i] > 0 ? cap[i] - a[i] : a[i];
            double tj = yt[j] > 0 ? a[j] : cap[j] - a[j];
            double tmax = Math.min(ti, tj);
            double t = q > 0 ? b / q : Double.POSITIVE_INFINITY;
            boolean clipI = false;
            boolean clipJ = false;
            if (t >= tmax) {
                t = tmax;
                clipI = ti <= tj;
                clipJ = tj <= ti;
            }
            if (!(t > 0)) {
                return;
            }
            double nai = clipI ? (yt[i] > 0 ? cap[i] : 0.0) : a[i] + yt[i] * t;
            double naj = clipJ ? (yt[j] > 0 ? 0.0 : cap[j]) : a[j] - yt[j] * t;
            nai = Math.min(cap[i], Math.max(0.0, nai));
            naj = Math.min(cap[j], Math.max(0.0, naj));
            double di = nai - a[i];
            double dj = naj - a[j];
            a[i] = nai;
            a[j] = naj;
            for (int k = 0; k < n; k++) {
                g[k] += yt[k] * (kern[k][i] * yt[i] * di + kern[k][j] * yt[j] * dj);
            }
        }
    }

    /**
     * Greedy dual coordinate descent for the dual without the equality constraint (no intercept): each step updates
     * the coordinate whose exact (clipped) minimization decreases the dual objective most; stops when the largest
     * projected gradient is at most tol or progress stalls.
     */
    private static void dualCoordinateDescent(double[][] kern, double[] yt, double[] cap, double[] a, double tol) {
        int n = a.length;
        double[] g = new double[n];
        recomputeDualGradient(kern, yt, a, g);
        long maxIter = 100000L + 1000L * n;
        double bestViol = Double.POSITIVE_INFINITY;
        long sinceBest = 0;
        for (long iter = 0; iter < maxIter; iter++) {
            if (iter > 0 && iter % n == 0) {
                recomputeDualGradient(kern, yt, a, g);
            }
            int i = -1;
            double maxPg = 0;
            double bestDec = -1;
            double bestNa = 0;
            for (int t = 0; t < n; t++) {
                double pg;
                if (a[t] <= 0) {
                    pg = Math.min(g[t], 0.0);
                } else if (a[t] >= cap[t]) {
                    pg = Math.max(g[t], 0.0);
                } else {
                    pg = g[t];
                }
                if (pg == 0.0) {
                    continue;
                }
                maxPg = Math.max(maxPg, Math.abs(pg));
                double qtt = kern[t][t];
                double na = qtt > 0 ? Math.min(cap[t], Math.max(0.0, a[t] - g[t] / qtt)) : (g[t] < 0 ? cap[t] : 0.0);
                double step = na - a[t];
                double dec = -(g[t] * step + 0.5 * qtt * step * step);
                if (dec > bestDec) {
                    bestDec = dec;
                    i = t;
                    bestNa = na;
                }
            }
            if (i < 0 || maxPg <= tol) {
                return;
            }
            if (maxPg < bestViol * (1 - 1e-3)) {
                bestViol = maxPg;
                sinceBest = 0;
            } else if (++sinceBest > 200L * n + 10000) {
                return;
            }
            double di = bestNa - a[i];
            if (di == 0.0) {
                return;
            }
            a[i] = bestNa;
            for (int k = 0; k < n; k++) {
                g[k] += yt[k] * yt[i] * kern[k][i] * di;
            }
        }
    }

    private static void recomputeDualGradient(double[][] kern, double[] yt, double[] a, double[] g) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int l = 0; l < n; l++) {
                if (a[l] != 0.0) {
                    s += kern[k][l] * yt[l] * a[l];
                }
            }
            g[k] = yt[k] * s - 1.0;
        }
    }

    /**
     * Snaps a_i within thr * cap_i of a bound to the bound and re-solves the free multipliers a_F together with
     * (beta, b0) from the square saddle-point KKT system
     * {@code lambda W beta - sum_F a_k yt_k x_k = sum_U cap_k yt_k x_k}, {@code sum_F a_k yt_k = -sum_U cap_k yt_k}
     * (intercept only), {@code yt_i (x_i' beta + b0) = 1} for free i, by an SVD (minimum norm) solve, which avoids
     * squaring the condition number as the Gram matrix would. Returns {a, beta, {b0}} (beta null when nothing is
     * free), or null if the result leaves the box.
     */
    private static double[][] polishHingeDual(double[][] x, double[] yt, double[] cap, double lw, double[] a,
                                              double thr, boolean intercept) {
        int n = a.length;
        int p = x[0].length;
        double[] out = new double[n];
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (a[i] <= thr * cap[i]) {
                out[i] = 0.0;
            } else if (a[i] >= (1 - thr) * cap[i]) {
                out[i] = cap[i];
            } else {
                free.add(i);
            }
        }
        int f = free.size();
        if (f == 0) {
            return new double[][]{out, null, {Double.NaN}};
        }
        int o = intercept ? 1 : 0;
        int m = p + o + f;
        double[][] mat = new double[m][m];
        double[] rhs = new double[m];
        // rows 0..p-1: lambda W beta - sum_F a_k yt_k x_k = sum_U cap_k yt_k x_k
        for (int j = 0; j < p; j++) {
            mat[j][j] = lw;
            for (int c = 0; c < f; c++) {
                int k = free.get(c);
                mat[j][p + o + c] = -yt[k] * x[k][j];
            }
            Sum sj = new Sum();
            for (int k = 0; k < n; k++) {
                if (out[k] != 0.0) {
                    sj.add(out[k] * yt[k] * x[k][j]);
                }
            }
            rhs[j] = sj.value();
        }
        if (intercept) {
            Sum se = new Sum();
            for (int c = 0; c < f; c++) {
                mat[p][p + 1 + c] = yt[free.get(c)];
            }
            for (int k = 0; k < n; k++) {
                se.add(-yt[k] * out[k]);
            }
            rhs[p] = se.value();
        }
        for (int r = 0; r < f; r++) {
            int i = free.get(r);
            for (int j = 0; j < p; j++) {
                mat[p + o + r][j] = yt[i] * x[i][j];
            }
            if (intercept) {
                mat[p + o + r][p] = yt[i];
            }
            rhs[p + o + r] = 1.0;
        }
        double[] z;
        try {
            z = new SingularValueDecomposition(new Array2DRowRealMatrix(mat, false)).getSolver()
                    .solve(new ArrayRealVector(rhs, false)).toArray();
        } catch (RuntimeException e) {
            return null;
        }
        for (int c = 0; c < f; c++) {
            int i = free.get(c);
            double v = z[p + o + c];
            if (!(v >= -1e-13 * cap[i] && v <= cap[i] * (1 + 1e-13))) {
                return null;
            }
            out[i] = Math.min(cap[i], Math.max(0.0, v));
        }
        return new double[][]{out, Arrays.copyOf(z, p), {intercept ? z[p] : Double.NaN}};
    }

    // =====================================================================================================
    // 5. Multinomial ridge: Newton
    // =====================================================================================================

    /**
     * Ridge-penalized multinomial logistic regression (y in {0..K-1}) by damped Newton on all class parameters. The
     * softmax shift invariance is removed during the solve by fixing the last class's intercept at 0 (and, when
     * lambda = 0, its whole coefficient vector); afterwards the intercepts are centred to sum to zero and each
     * feature's coefficients are centred across classes (which never changes the loss and can only lower the
     * penalty; with lambda > 0 they already sum to zero at the optimum). With lambda = 0 the problem has a solution
     * only if the classes are not separable.
     */
    public static ReferenceSolution multinomialRidge(double[][] x, int[] y, int numClasses, double[] w,
                                                     double lambda, boolean intercept) {
        checkData(x, y.length, w);
        checkClasses(y, numClasses);
        checkLambda(lambda);
        final int n = x.length;
        final int p = x[0].length;
        final int kk = numClasses;
        final int o = intercept ? 1 : 0;
        final int block = p + o;
        final int full = kk * block;
        final double wSum = sum(w);
        // free parameter indices into the full vector
        List<Integer> freeList = new ArrayList<>();
        for (int c = 0; c < kk; c++) {
            for (int a = 0; a < block; a++) {
                boolean fixed = c == kk - 1 && ((a < o) || lambda == 0.0);
                if (!fixed) {
                    freeList.add(c * block + a);
                }
            }
        }
        final int[] free = freeList.stream().mapToInt(Integer::intValue).toArray();
        final int d = free.length;

        SmoothProblem prob = new SmoothProblem() {
            @Override
            public int dim() {
                return d;
            }

            @Override
            public double value(double[] th) {
                double[] fullTheta = expand(th, free, full);
                double[] b0 = new double[kk];
                double[][] beta = new double[kk][];
                unpack(fullTheta, kk, p, o, b0, beta);
                return multinomialObjectiveInternal(x, y, w, wSum, kk, RIDGE, lambda, 0.0, b0, beta);
            }

            @Override
            public void derivatives(double[] th, double[] g, double[][] h) {
                double[] fullTheta = expand(th, free, full);
                double[] gf = new double[full];
                double[][] hf = new double[full][full];
                double[] b0 = new double[kk];
                double[][] beta = new double[kk][];
                unpack(fullTheta, kk, p, o, b0, beta);
                double[] eta = new double[kk];
                double[] pr = new double[kk];
                double[] xt = new double[block];
                for (int i = 0; i < n; i++) {
                    if (o == 1) {
                        xt[0] = 1.0;
                    }
                    System.arraycopy(x[i], 0, xt, o, p);
                    for (int c = 0; c < kk; c++) {
                        eta[c] = b0[c] + dot(x[i], beta[c]);
                    }
                    double lse = logSumExp(eta);
                    for (int c = 0; c < kk; c++) {
                        pr[c] = Math.exp(eta[c] - lse);
                    }
                    double wi = w[i] / wSum;
                    for (int c = 0; c < kk; c++) {
                        double r = pr[c] - (y[i] == c ? 1.0 : 0.0);
                        for (int a = 0; a < block; a++) {
                            gf[c * block + a] += wi * r * xt[a];
                        }
                        for (int e = c; e < kk; e++) {
                            double coef = wi * pr[c] * ((c == e ? 1.0 : 0.0) - pr[e]);
                            if (coef == 0.0) {
                                continue;
                            }
                            for (int a = 0; a < block; a++) {
                                double ca = coef * xt[a];
                                if (ca == 0.0) {
                                    continue;
                                }
                                double[] row = hf[c * block + a];
                                int base = e * block;
                                for (int b = 0; b < block; b++) {
                                    row[base + b] += ca * xt[b];
                                }
                            }
                        }
                    }
                }
                // symmetrize: blocks (c, e) with e >= c were filled fully; mirror to (e, c)
                for (int c = 0; c < kk; c++) {
                    for (int e = c + 1; e < kk; e++) {
                        for (int a = 0; a < block; a++) {
                            for (int b = 0; b < block; b++) {
                                hf[e * block + b][c * block + a] = hf[c * block + a][e * block + b];
                            }
                        }
                    }
                }
                for (int c = 0; c < kk; c++) {
                    for (int a = o; a < block; a++) {
                        int idx = c * block + a;
                        gf[idx] += lambda * fullTheta[idx];
                        hf[idx][idx] += lambda;
                    }
                }
                for (int r = 0; r < d; r++) {
                    g[r] = gf[free[r]];
                    for (int s = 0; s < d; s++) {
                        h[r][s] = hf[free[r]][free[s]];
                    }
                }
            }
        };
        double[] cert = new double[1];
        double[] th = newton(prob, new double[d], cert);
        double[] fullTheta = expand(th, free, full);
        double[] b0 = new double[kk];
        double[][] beta = new double[kk][];
        unpack(fullTheta, kk, p, o, b0, beta);
        if (intercept) {
            double mean = 0;
            for (double v : b0) {
                mean += v;
            }
            mean /= kk;
            for (int c = 0; c < kk; c++) {
                b0[c] -= mean;
            }
        }
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int c = 0; c < kk; c++) {
                mean += beta[c][j];
            }
            mean /= kk;
            for (int c = 0; c < kk; c++) {
                beta[c][j] -= mean;
            }
        }
        double f = multinomialObjectiveInternal(x, y, w, wSum, kk, RIDGE, lambda, 0.0, b0, beta);
        return new ReferenceSolution(f, b0, beta, null, cert[0]);
    }

    private static double[] expand(double[] th, int[] free, int full) {
        double[] out = new double[full];
        for (int r = 0; r < free.length; r++) {
            out[free[r]] = th[r];
        }
        return out;
    }

    private static void unpack(double[] fullTheta, int kk, int p, int o, double[] b0, double[][] beta) {
        int block = p + o;
        for (int c = 0; c < kk; c++) {
            b0[c] = o == 1 ? fullTheta[c * block] : 0.0;
            beta[c] = Arrays.copyOfRange(fullTheta, c * block + o, c * block + block);
        }
    }

    // =====================================================================================================
    // Data generators
    // =====================================================================================================

    /** An n x p design with i.i.d. standard normal entries. */
    public static double[][] gaussianDesign(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = r.nextGaussian();
            }
        }
        return x;
    }

    /** 0/1 labels drawn with P(y = 1) = sigmoid(b0 + x_i' beta). */
    public static double[] logisticLabels(double[][] x, double[] beta, double b0, long seed) {
        Random r = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = r.nextDouble() < sigmoid(b0 + dot(x[i], beta)) ? 1.0 : 0.0;
        }
        return y;
    }

    /** Class labels 0..K-1 drawn with P(y = k) = softmax_k(b0_k + x_i' beta_k); K = beta.length. */
    public static int[] multinomialLabels(double[][] x, double[][] beta, double[] b0, long seed) {
        Random r = new Random(seed);
        int kk = beta.length;
        int[] y = new int[x.length];
        double[] eta = new double[kk];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < kk; c++) {
                eta[c] = (b0 == null ? 0.0 : b0[c]) + dot(x[i], beta[c]);
            }
            double lse = logSumExp(eta);
            double u = r.nextDouble();
            int label = kk - 1;
            double acc = 0;
            for (int c = 0; c < kk; c++) {
                acc += Math.exp(eta[c] - lse);
                if (u < acc) {
                    label = c;
                    break;
                }
            }
            y[i] = label;
        }
        return y;
    }

    // =====================================================================================================
    // Damped Newton
    // =====================================================================================================

    private interface SmoothProblem {
        int dim();

        double value(double[] theta);

        /** Fills the gradient and the full symmetric Hessian. */
        void derivatives(double[] theta, double[] g, double[][] h);
    }

    private static double[] newton(SmoothProblem f, double[] start, double[] certOut) {
        int d = f.dim();
        double[] theta = start.clone();
        double[] g = new double[d];
        double[][] h = new double[d][d];
        double[] gc = new double[d];
        double[][] hc = new double[d][d];
        f.derivatives(theta, g, h);
        double fv = f.value(theta);
        double gn = norm(g);
        for (int it = 0; it < 500 && gn >= GRAD_TOL; it++) {
            double[] dir = solveSpd(h, negate(g));
            double slope = dot(g, dir);
            double t = 1.0;
            boolean accepted = false;
            double[] cand = new double[d];
            double fc = Double.NaN;
            for (int ls = 0; ls < 80; ls++) {
                for (int j = 0; j < d; j++) {
                    cand[j] = theta[j] + t * dir[j];
                }
                fc = f.value(cand);
                if (fc <= fv + 1e-4 * t * Math.min(slope, 0.0)) {
                    f.derivatives(cand, gc, hc);
                    accepted = true;
                    break;
                }
                if (fc <= fv + 1e-14 * Math.max(1.0, Math.abs(fv))) {
                    // Rounding regime: accept when the gradient gets smaller.
                    f.derivatives(cand, gc, hc);
                    if (norm(gc) < gn) {
                        accepted = true;
                        break;
                    }
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            System.arraycopy(cand, 0, theta, 0, d);
            fv = fc;
            System.arraycopy(gc, 0, g, 0, d);
            for (int a = 0; a < d; a++) {
                System.arraycopy(hc[a], 0, h[a], 0, d);
            }
            gn = norm(g);
        }
        certOut[0] = gn;
        if (!(gn <= FAIL_TOL)) {
            throw new ArithmeticException("Newton reference did not converge: gradient norm " + gn);
        }
        return theta;
    }

    /** Solves A x = b for symmetric positive (semi)definite A by Cholesky (diagonal jitter if needed) + refinement. */
    private static double[] solveSpd(double[][] a, double[] b) {
        int d = b.length;
        double maxDiag = 0;
        for (int i = 0; i < d; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i][i]));
        }
        double shift = 0.0;
        for (int attempt = 0; attempt < 40; attempt++) {
            double[][] l = cholesky(a, shift);
            if (l != null) {
                double[] xs = cholSolve(l, b);
                // one step of iterative refinement against the unshifted matrix
                double[] r = new double[d];
                for (int i = 0; i < d; i++) {
                    double s = b[i];
                    for (int j = 0; j < d; j++) {
                        s -= a[i][j] * xs[j];
                    }
                    r[i] = s;
                }
                double[] dx = cholSolve(l, r);
                for (int i = 0; i < d; i++) {
                    xs[i] += dx[i];
                }
                return xs;
            }
            shift = shift == 0.0 ? 1e-14 * Math.max(maxDiag, Double.MIN_NORMAL) : shift * 10;
        }
        throw new ArithmeticException("Hessian is not positive definite");
    }

    private static double[][] cholesky(double[][] a, double shift) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            double s = a[j][j] + shift;
            for (int k = 0; k < j; k++) {
                s -= l[j][k] * l[j][k];
            }
            if (!(s > 0)) {
                return null;
            }
            l[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < d; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) {
                    t -= l[i][k] * l[j][k];
                }
                l[i][j] = t / l[j][j];
            }
        }
        return l;
    }

    private static double[] cholSolve(double[][] l, double[] b) {
        int d = b.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] xs = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * xs[k];
            }
            xs[i] = s / l[i][i];
        }
        return xs;
    }

    // =====================================================================================================
    // Small helpers
    // =====================================================================================================

    /** log(1 + exp(z)) without overflow or cancellation. */
    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            m = Math.max(m, e);
        }
        double s = 0;
        for (double e : v) {
            s += Math.exp(e - m);
        }
        return m + Math.log(s);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double absDot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] * b[i]);
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    private static double sum(double[] a) {
        Sum s = new Sum();
        for (double v : a) {
            s.add(v);
        }
        return s.value();
    }

    /** Neumaier compensated summation. */
    private static final class Sum {
        private double s;
        private double c;

        void add(double v) {
            double t = s + v;
            if (Math.abs(s) >= Math.abs(v)) {
                c += (s - t) + v;
            } else {
                c += (v - t) + s;
            }
            s = t;
        }

        double value() {
            return s + c;
        }
    }

    private static int lossCode(String loss) {
        switch (loss.toLowerCase(Locale.ROOT)) {
            case "logistic":
                return LOGISTIC;
            case "squared":
                return SQUARED;
            case "hinge":
                return HINGE;
            default:
                throw new IllegalArgumentException("unknown loss: " + loss);
        }
    }

    private static int penaltyCode(String penalty) {
        switch (penalty.toLowerCase(Locale.ROOT)) {
            case "ridge":
            case "l2":
                return RIDGE;
            case "lasso":
            case "l1":
                return LASSO;
            case "elasticnet":
            case "elastic-net":
            case "elastic_net":
            case "enet":
                return ENET;
            case "none":
                return NONE;
            default:
                throw new IllegalArgumentException("unknown penalty: " + penalty);
        }
    }

    private static void checkData(double[][] x, int nLabels, double[] w) {
        if (x.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
        if (nLabels != x.length || w.length != x.length) {
            throw new IllegalArgumentException("x, y and w must have the same number of rows");
        }
        int p = x[0].length;
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("ragged x");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite x");
                }
            }
        }
        for (double v : w) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("weights must be positive and finite");
            }
        }
    }

    private static void checkLambda(double lambda) {
        if (!(lambda >= 0.0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0: " + lambda);
        }
    }

    private static void checkClasses(int[] y, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 classes");
        }
        for (int v : y) {
            if (v < 0 || v >= k) {
                throw new IllegalArgumentException("label out of range: " + v);
            }
        }
    }

    private static double[] signedLabels(double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1.0) {
                out[i] = 1.0;
            } else if (y[i] == 0.0 || y[i] == -1.0) {
                out[i] = -1.0;
            } else {
                throw new IllegalArgumentException("binary labels must be 0/1 (or -1/+1): " + y[i]);
            }
        }
        return out;
    }
}
