package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.penalty.ElasticNet;
import io.smem.penalty.Penalty;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * The exact finish for the hinge loss. Near a hinge optimum the EM converges slowly (the points on the margin sit at
 * the kink), but it identifies early which points are on the margin (M), inside it (s = 1) and beyond it (s = 0), and
 * which coefficients are non-zero (S). Given that partition the optimality conditions are linear — stationarity on S
 * and the intercept, with the margin points' subgradient weights s ∈ [0, 1] as unknowns, and ỹᵢηᵢ = 1 on M — so one
 * square solve gives the exact optimum, the same active-set step an SVM solver ends with. The result is used only if
 * it is consistent (s in [0, 1], signs and the partition unchanged) and does not increase the objective.
 *
 * <p>An inconsistent partition is repaired rather than given up, by block pivoting: a margin point whose
 * weight left [0, 1] moves inside or beyond the margin, a point the solution carried across the margin joins it, a
 * coefficient that changed sign leaves the support and a zero coefficient whose optimality condition fails joins it;
 * then it solves again, for a few rounds. A path starts each λ so from the previous λ's solution, whose partition is
 * usually a few points away from the new one.
 */
final class HingePolish {

    /** Points with |1 − ỹη| below this are taken to be on the margin. */
    private static final double MARGIN = 1e-5;
    /** Largest linear system tried. */
    private static final int MAX_SIZE = 1500;

    private HingePolish() {
    }

    /**
     * The exact finish from the partition of {@code theta}, repaired by block pivoting for up to {@code rounds} solves
     * (1: no repair). Returns the coefficients (working scale, intercept last), or null if no consistent solution was
     * found. {@code marginWeights} receives the margin points' subgradient weights s (NaN elsewhere): they are what
     * certifies the result. A repaired solution also lets in zero coefficients whose optimality condition fails.
     */
    static double[] pivot(DesignMatrix z, double[] y, double[] w, double[] theta, boolean intercept,
                          Penalty penalty, double lambda, boolean[] constant, double[] marginWeights, int rounds) {
        if (!(penalty instanceof ElasticNet en) || lambda <= 0) {
            return null;
        }
        double alpha = en.alpha();
        int n = z.rows();
        int p = z.cols();
        double[] eta = new double[n];
        z.multiply(theta, intercept ? theta[p] : 0.0, eta);
        double[] yt = new double[n];
        // The partition: on the margin, inside it (s = 1), or beyond it (s = 0, neither flag).
        boolean[] onMargin = new boolean[n];
        boolean[] inside = new boolean[n];
        for (int i = 0; i < n; i++) {
            yt[i] = y[i] > 0.5 ? 1.0 : -1.0;
            double u = 1 - yt[i] * eta[i];
            onMargin[i] = Math.abs(u) <= MARGIN && w[i] > 0;
            inside[i] = !onMargin[i] && u > 0;
        }
        // The support and its signs (ridge: every non-constant column, sign unused).
        double[] sign = new double[p];
        boolean[] inSupport = new boolean[p];
        for (int j = 0; j < p; j++) {
            inSupport[j] = !constant[j] && (theta[j] != 0 || alpha == 0);
            sign[j] = Math.signum(theta[j]);
        }
        for (int round = 0; round < rounds; round++) {
            double[] out = solve(z, w, yt, intercept, lambda, alpha, onMargin, inside, inSupport, sign, marginWeights);
            if (out == null) {
                return null;
            }
            double[] etaNew = new double[n];
            z.multiply(out, intercept ? out[p] : 0.0, etaNew);
            boolean repair = rounds > 1;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                if (onMargin[i]) {
                    double s = marginWeights[i];
                    if (!(s >= -1e-9 && s <= 1 + 1e-9)) {
                        if (!repair) {
                            return null;
                        }
                        onMargin[i] = false;
                        inside[i] = s > 1;
                        changed = true;
                    }
                    continue;
                }
                if (w[i] == 0) {
                    continue; // a point of weight 0 (held out) has no say in the optimum
                }
                // A point off the margin must stay on its side (a point that lands on the margin may stay there).
                double after = 1 - yt[i] * etaNew[i];
                if ((inside[i] ? after < 0 : after > 0) && Math.abs(after) > 1e-12) {
                    if (!repair) {
                        return null;
                    }
                    onMargin[i] = true;
                    inside[i] = false;
                    changed = true;
                }
            }
            for (int j = 0; j < p; j++) {
                if (inSupport[j] && alpha > 0 && Math.signum(out[j]) != sign[j]) {
                    if (!repair) {
                        return null;
                    }
                    inSupport[j] = false;
                    changed = true;
                }
            }
            if (repair && alpha > 0) {
                changed |= letIn(z, w, yt, onMargin, inside, marginWeights, lambda * alpha, constant, inSupport, sign);
            }
            if (!changed) {
                for (int i = 0; i < n; i++) {
                    if (!onMargin[i]) {
                        marginWeights[i] = Double.NaN;
                    } else {
                        marginWeights[i] = Math.min(1.0, Math.max(0.0, marginWeights[i]));
                    }
                }
                return out;
            }
        }
        return null;
    }

    /**
     * Solves the linear optimality conditions of a partition; null if singular or too large. Fills
     * {@code marginWeights} with the margin points' s (unclamped).
     */
    private static double[] solve(DesignMatrix z, double[] w, double[] yt, boolean intercept, double lambda,
                                  double alpha, boolean[] onMargin, boolean[] inside, boolean[] inSupport,
                                  double[] sign, double[] marginWeights) {
        int n = z.rows();
        int p = z.cols();
        int[] margin = WorkingSet.indicesOf(onMargin);
        int nm = margin.length;
        int[] support = WorkingSet.indicesOf(inSupport);
        int ns = support.length;
        int nb = intercept ? 1 : 0;
        int size = ns + nb + nm;
        if (size == 0 || size > MAX_SIZE) {
            return null;
        }
        // Unknowns: θ_S, b, s_M. Rows: stationarity on S, on b; margin equations.
        double[][] a = new double[size][size];
        double[] rhs = new double[size];
        double[] insideSum = new double[p]; // Σ_{inside} w ỹ z (and Σ w ỹ for the intercept)
        double[] t = new double[n];
        double insideB = 0;
        for (int i = 0; i < n; i++) {
            if (inside[i]) {
                t[i] = w[i] * yt[i];
                insideB += t[i];
            }
        }
        z.transposeMultiply(t, insideSum);
        for (int r = 0; r < ns; r++) {
            int j = support[r];
            a[r][r] = lambda * (1 - alpha);
            for (int k = 0; k < nm; k++) {
                int i = margin[k];
                a[r][ns + nb + k] = -w[i] * yt[i] * z.get(i, j);
            }
            rhs[r] = insideSum[j] - lambda * alpha * sign[j];
        }
        if (intercept) {
            for (int k = 0; k < nm; k++) {
                int i = margin[k];
                a[ns][ns + 1 + k] = -w[i] * yt[i];
            }
            rhs[ns] = insideB;
        }
        for (int k = 0; k < nm; k++) {
            int i = margin[k];
            int row = ns + nb + k;
            for (int r = 0; r < ns; r++) {
                a[row][r] = yt[i] * z.get(i, support[r]);
            }
            if (intercept) {
                a[row][ns] = yt[i];
            }
            rhs[row] = 1.0;
        }
        LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(a, false), 1e-13);
        if (!lu.getSolver().isNonSingular()) {
            return null;
        }
        RealVector sol = lu.getSolver().solve(new ArrayRealVector(rhs, false));
        java.util.Arrays.fill(marginWeights, Double.NaN);
        for (int k = 0; k < nm; k++) {
            marginWeights[margin[k]] = sol.getEntry(ns + nb + k);
        }
        double[] out = new double[intercept ? p + 1 : p];
        for (int r = 0; r < ns; r++) {
            out[support[r]] = sol.getEntry(r);
        }
        if (intercept) {
            out[p] = sol.getEntry(ns);
        }
        return out;
    }

    /**
     * Lets into the support the zero coefficients whose optimality condition fails at the solution's subgradient
     * (s = 1 inside, the solved s on the margin): |Σ wᵢỹᵢsᵢzᵢⱼ| > λα. Returns whether any entered.
     */
    private static boolean letIn(DesignMatrix z, double[] w, double[] yt, boolean[] onMargin, boolean[] inside,
                                 double[] marginWeights, double bound, boolean[] constant, boolean[] inSupport,
                                 double[] sign) {
        int n = z.rows();
        int p = z.cols();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double s = inside[i] ? 1.0 : onMargin[i] ? marginWeights[i] : 0.0;
            t[i] = w[i] * yt[i] * s;
        }
        double[] g = new double[p];
        z.transposeMultiply(t, g);
        boolean any = false;
        for (int j = 0; j < p; j++) {
            if (!inSupport[j] && !constant[j] && Math.abs(g[j]) > bound * (1 + 1e-9)) {
                // The loss falls along sign(g): the coefficient enters with that sign.
                inSupport[j] = true;
                sign[j] = Math.signum(g[j]);
                any = true;
            }
        }
        return any;
    }

    /** Largest simplex tableau (rows × columns) the L1 hinge's LP finish builds. */
    private static final long MAX_TABLEAU = 400_000;

    /**
     * The pure-L1 hinge is a linear program, whose optimum is a vertex the EM approaches only slowly and the block
     * repair cannot keep (|margin| = |support| + 1). This solves it by simplex on the rows that are not clearly beyond
     * the margin at {@code theta} (1 − ỹη > −0.1; the others are assumed to stay beyond it, and rows that do not are
     * added and the LP solved again), over every non-constant column. Returns the coefficients (working scale,
     * intercept last), or null when the LP is too large or fails. Its vertex is then finished by {@link #pivot}.
     */
    static double[] linearProgram(DesignMatrix z, double[] y, double[] w, double[] theta, boolean intercept,
                                  double lambda, boolean[] constant) {
        int n = z.rows();
        int p = z.cols();
        double[] eta = new double[n];
        z.multiply(theta, intercept ? theta[p] : 0.0, eta);
        double[] yt = new double[n];
        boolean[] kept = new boolean[n];
        int[] cols = new int[p];
        int nc = 0;
        for (int j = 0; j < p; j++) {
            if (!constant[j]) {
                cols[nc++] = j;
            }
        }
        for (int i = 0; i < n; i++) {
            yt[i] = y[i] > 0.5 ? 1.0 : -1.0;
            kept[i] = w[i] > 0 && 1 - yt[i] * eta[i] > -0.1;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            int[] rows = WorkingSet.indicesOf(kept);
            int nr = rows.length;
            int nb = intercept ? 2 : 0;
            int vars = 2 * nc + nb + nr;
            if ((long) (nr + 1) * (vars + 2L * nr) > MAX_TABLEAU) {
                return null;
            }
            double[] cost = new double[vars];
            for (int k = 0; k < 2 * nc; k++) {
                cost[k] = lambda;
            }
            java.util.List<LinearConstraint> constraints = new java.util.ArrayList<>(nr);
            for (int r = 0; r < nr; r++) {
                int i = rows[r];
                cost[2 * nc + nb + r] = w[i];
                double[] row = new double[vars];
                for (int k = 0; k < nc; k++) {
                    double v = yt[i] * z.get(i, cols[k]);
                    row[k] = v;
                    row[nc + k] = -v;
                }
                if (intercept) {
                    row[2 * nc] = yt[i];
                    row[2 * nc + 1] = -yt[i];
                }
                row[2 * nc + nb + r] = 1;
                constraints.add(new LinearConstraint(row, Relationship.GEQ, 1.0));
            }
            PointValuePair sol;
            // At most 5 pivots per row and column (the LPs here take about one): a stalled simplex returns null and
            // the EM carries on; with the tableau bound a Stop request waits about a second at worst.
            try {
                sol = new SimplexSolver(1e-10, 10, 1e-13).optimize(new MaxIter(5 * (nr + vars)),
                        new LinearObjectiveFunction(cost, 0), new LinearConstraintSet(constraints), GoalType.MINIMIZE,
                        new NonNegativeConstraint(true));
            } catch (RuntimeException e) {
                return null; // unbounded, infeasible or too many iterations: the EM carries on
            }
            double[] x = sol.getPoint();
            double[] out = new double[intercept ? p + 1 : p];
            for (int k = 0; k < nc; k++) {
                out[cols[k]] = x[k] - x[nc + k];
            }
            if (intercept) {
                out[p] = x[2 * nc] - x[2 * nc + 1];
            }
            z.multiply(out, intercept ? out[p] : 0.0, eta);
            boolean added = false;
            for (int i = 0; i < n; i++) {
                if (!kept[i] && w[i] > 0 && 1 - yt[i] * eta[i] > -1e-9) {
                    kept[i] = true;
                    added = true;
                }
            }
            if (!added) {
                return out;
            }
        }
        return null;
    }
}
