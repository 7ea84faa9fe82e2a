package io.smem.fit;

/**
 * An immutable fitted model and how it was reached. Coefficients are on the original scale of the features: one row
 * for binary classification and regression (a binary model scores class 1, the second class, as positive, like
 * glmnet), K rows for multinomial and one-vs-rest models. Array accessors return copies.
 *
 * @param loss          loss name
 * @param penalty       penalty name
 * @param alpha         elastic-net mixing α (1 for lasso, 0 for ridge; NaN for bridge)
 * @param q             bridge exponent (NaN for the others)
 * @param lambda        penalty weight λ
 * @param standardize   whether the penalty applied to standardized coefficients
 * @param intercept     whether an intercept was fitted
 * @param objective     final value of F (the spec's objective, weights normalized by W)
 * @param iterations    EM iterations (SQUAREM: cycles of three M-steps; one-vs-rest: summed over classes)
 * @param converged     true if the stopping certificate was met
 * @param message       "converged", or why not
 * @param kktResidual   largest violation of the optimality conditions, standardized scale
 * @param solver        M-step solver used ({@code cholesky}, {@code cg})
 * @param acceleration  acceleration used (AUTO resolved)
 * @param timeMillis    wall time of the fit alone
 * @param dataPasses    work done, in equivalent passes over the data
 */
public record FitResult(String loss, String penalty, double alpha, double q, double lambda, boolean standardize,
                        boolean intercept, double[] intercepts, double[][] coefficients, double objective,
                        int iterations, boolean converged, String message, double kktResidual, String solver,
                        String acceleration, double[] trace, double timeMillis, double dataPasses,
                        double[][] workingState) {

    public FitResult {
        intercepts = intercepts.clone();
        coefficients = deepCopy(coefficients);
        trace = trace.clone();
        workingState = deepCopy(workingState);
    }

    @Override
    public double[] intercepts() {
        return intercepts.clone();
    }

    @Override
    public double[][] coefficients() {
        return deepCopy(coefficients);
    }

    /** Objective after each iteration; entry 0 is the starting point. */
    @Override
    public double[] trace() {
        return trace.clone();
    }

    /** The solution on the working (standardized) scale, for warm starts along a path. */
    @Override
    public double[][] workingState() {
        return deepCopy(workingState);
    }

    /** Number of model rows (1, or K). */
    public int numRows() {
        return intercepts.length;
    }

    /** Number of non-zero coefficients over all rows (intercepts excluded). */
    public int nonZeros() {
        int count = 0;
        for (double[] row : coefficients) {
            for (double v : row) {
                if (v != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Linear predictor of model row r for a dense feature vector on the original scale. */
    public double linearPredictor(int r, double[] x) {
        double s = intercepts[r];
        double[] beta = coefficients[r];
        for (int j = 0; j < beta.length; j++) {
            s += beta[j] * x[j];
        }
        return s;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
