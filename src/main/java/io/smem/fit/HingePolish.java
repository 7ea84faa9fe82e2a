package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.penalty.ElasticNet;
import io.smem.penalty.Penalty;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The exact finish for the hinge loss. Near a hinge optimum the EM converges slowly (the points on the margin sit at
 * the kink), but it identifies early which points are on the margin (M), inside it (s = 1) and beyond it (s = 0), and
 * which coefficients are non-zero (S). Given that partition the optimality conditions are linear — stationarity on S
 * and the intercept, with the margin points' subgradient weights s ∈ [0, 1] as unknowns, and ỹᵢηᵢ = 1 on M — so one
 * square solve gives the exact optimum, the same active-set step an SVM solver ends with. The result is used only if
 * it is consistent (s in [0, 1], signs and the partition unchanged) and does not increase the objective.
 */
final class HingePolish {

    /** Points with |1 − ỹη| below this are taken to be on the margin. */
    private static final double MARGIN = 1e-5;
    /** Largest linear system tried. */
    private static final int MAX_SIZE = 1500;

    private HingePolish() {
    }

    /**
     * Returns the polished coefficients (working scale, intercept last) or null if the partition does not give a
     * consistent solution. {@code marginWeights} receives the margin points' subgradient weights s (NaN elsewhere):
     * they are what certifies the result.
     */
    static double[] polish(DesignMatrix z, double[] y, double[] w, double[] theta, boolean intercept,
                           Penalty penalty, double lambda, boolean[] constant, double[] marginWeights) {
        if (!(penalty instanceof ElasticNet en) || lambda <= 0) {
            return null;
        }
        double alpha = en.alpha();
        int n = z.rows();
        int p = z.cols();
        double[] eta = new double[n];
        z.multiply(theta, intercept ? theta[p] : 0.0, eta);
        int[] margin = new int[n];
        int nm = 0;
        double[] yt = new double[n];
        for (int i = 0; i < n; i++) {
            yt[i] = y[i] > 0.5 ? 1.0 : -1.0;
            if (Math.abs(1 - yt[i] * eta[i]) <= MARGIN && w[i] > 0) {
                margin[nm++] = i;
            }
        }
        int[] support = new int[p];
        int ns = 0;
        for (int j = 0; j < p; j++) {
            if (!constant[j] && (theta[j] != 0 || alpha == 0)) {
                support[ns++] = j;
            }
        }
        int nb = intercept ? 1 : 0;
        int size = ns + nb + nm;
        if (size == 0 || size > MAX_SIZE) {
            return null;
        }
        // Unknowns: θ_S, b, s_M. Rows: stationarity on S, on b; margin equations.
        double[][] a = new double[size][size];
        double[] rhs = new double[size];
        double[] inside = new double[p + 1]; // Σ_{u > 0, off the margin} w ỹ z (and Σ w ỹ for the intercept)
        double[] t = new double[n];
        double insideB = 0;
        boolean[] onMargin = new boolean[n];
        for (int k = 0; k < nm; k++) {
            onMargin[margin[k]] = true;
        }
        for (int i = 0; i < n; i++) {
            if (!onMargin[i] && 1 - yt[i] * eta[i] > 0) {
                t[i] = w[i] * yt[i];
                insideB += t[i];
            }
        }
        z.transposeMultiply(t, inside);
        for (int r = 0; r < ns; r++) {
            int j = support[r];
            a[r][r] = lambda * (1 - alpha);
            for (int k = 0; k < nm; k++) {
                int i = margin[k];
                a[r][ns + nb + k] = -w[i] * yt[i] * z.get(i, j);
            }
            rhs[r] = inside[j] - lambda * alpha * Math.signum(theta[j]);
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
        for (int k = 0; k < nm; k++) {
            double s = sol.getEntry(ns + nb + k);
            if (!(s >= -1e-9 && s <= 1 + 1e-9)) {
                return null;
            }
        }
        double[] out = new double[theta.length];
        for (int r = 0; r < ns; r++) {
            int j = support[r];
            out[j] = sol.getEntry(r);
            if (alpha > 0 && Math.signum(out[j]) != Math.signum(theta[j])) {
                return null;
            }
        }
        if (intercept) {
            out[p] = sol.getEntry(ns);
        }
        // The partition must hold at the new point (margin points are on it by construction).
        double[] etaNew = new double[n];
        z.multiply(out, intercept ? out[p] : 0.0, etaNew);
        for (int i = 0; i < n; i++) {
            if (onMargin[i]) {
                continue;
            }
            double before = 1 - yt[i] * eta[i];
            double after = 1 - yt[i] * etaNew[i];
            if (Math.signum(before) != Math.signum(after) && Math.abs(after) > 1e-12) {
                return null;
            }
        }
        java.util.Arrays.fill(marginWeights, Double.NaN);
        for (int k = 0; k < nm; k++) {
            marginWeights[margin[k]] = Math.min(1.0, Math.max(0.0, sol.getEntry(ns + nb + k)));
        }
        return out;
    }
}
