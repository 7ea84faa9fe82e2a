package io.smem.fit;

import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.solve.Cholesky;
import io.smem.solve.MStepSolver;

/**
 * The squared loss's sufficient statistics, shared by every λ of a path: the weighted Gram matrix of the centred
 * design and response, A = W^{1/2}[Z − 1z̄ᵀ, y − ȳ], and its (p+1) × (p+1) triangular factor R (AᵀA = RᵀR).
 *
 * <p>Since ‖A(β, −1)‖² = ‖R(β, −1)‖², the least-squares term Σᵢ wᵢ ½(yᵢ − zᵢβ − b)² at its best intercept
 * b = ȳ − z̄β is the same least-squares problem on the p + 1 rows of R. A path fits every λ on those rows, so after
 * one Gram matrix no step of any λ reads the n data rows. Each λ's solution is certified with the data's gradient
 * taken from the Gram matrix itself, (AᵀA)(β, −1) (glmnet's covariance form; the same quantity a pass over the rows
 * computes, not the factor the fit ran on), and a solution that misses the tolerance there (rounding in the factor;
 * near-perfect fits) is finished on the data rows by the ordinary engine. Without an intercept nothing is centred:
 * A = W^{1/2}[Z, y].
 *
 * <p>Not thread-safe: it holds the M-step solver of the compressed rows across λ (a path is sequential).
 */
public final class SquaredStatistics {

    /** Compress only when the rows are at least this many times the factor's rows (p + 1). */
    private static final int MIN_ROW_RATIO = 2;
    /** Largest p compressed: the factor and its solver's Gram matrix are (p + 1)² each. */
    private static final int MAX_COLUMNS = 2000;
    /** A column whose Cholesky pivot falls below this fraction of its diagonal is nearly collinear: no compression. */
    private static final double MIN_PIVOT = 1e-12;

    /** R's first p columns, scaled by √(p+1): the design every λ is fitted on. */
    private final DesignMatrix rows;
    /** R's last column, scaled alike: the response on those rows. */
    private final double[] response;
    /** AᵀA, (p+1)², row-major: the centred Gram matrix with the response's cross products in its last row. */
    private final double[] gram;
    /** 1/(p+1) each: weights normalized to sum 1, as the engine expects. */
    private final double[] rowWeights;
    private final double[] columnMeans;
    private final double responseMean;
    private final double formationPasses;
    private final MStepSolver solver;
    private boolean charged;
    private int finishedOnData;

    private SquaredStatistics(DesignMatrix rows, double[] response, double[] gram, double[] columnMeans,
                              double responseMean, double formationPasses, MStepSolver solver) {
        this.rows = rows;
        this.response = response;
        this.gram = gram;
        this.rowWeights = new double[rows.rows()];
        java.util.Arrays.fill(rowWeights, 1.0 / rows.rows());
        this.columnMeans = columnMeans;
        this.responseMean = responseMean;
        this.formationPasses = formationPasses;
        this.solver = solver;
    }

    /**
     * The statistics of a prepared regression data set, or null where they do not pay or cannot be trusted: not the
     * squared loss, fewer than 2(p + 1) rows, p above 2000, or a design (with the response) so close to rank-deficient
     * that its Cholesky factor is unreliable (collinear columns, a response the features fit exactly).
     */
    static SquaredStatistics of(SmEm.Prepared prepared, FitOptions options) {
        DesignMatrix z = prepared.working();
        int n = z.rows();
        int p = z.cols();
        int q = p + 1;
        if (options.loss().isClassification() || prepared.data().isClassification() || p > MAX_COLUMNS
                || n < MIN_ROW_RATIO * q) {
            return null;
        }
        double[] w = prepared.normalizedWeights();
        double[] y = prepared.data().response();
        boolean[] constant = prepared.standardization().constant();
        double[] zw = new double[p];
        double[] zwy = new double[p];
        double[] wy = new double[n];
        double yMean = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            wy[i] = w[i] * y[i];
            yMean += wy[i];
            yy += wy[i] * y[i];
        }
        double[] gram = new double[p * p];
        z.weightedGram(w, gram);
        z.transposeMultiply(w, zw);
        z.transposeMultiply(wy, zwy);
        // Centre when there is an intercept (Σw = 1): the intercept then drops out at its best value.
        boolean centre = options.intercept();
        double[] mean = centre ? zw : new double[p];
        double ym = centre ? yMean : 0.0;
        double[] a = new double[q * q];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                a[j * q + k] = constant[j] || constant[k] ? (j == k ? 1.0 : 0.0)
                        : gram[j * p + k] - mean[j] * mean[k];
            }
            double cross = constant[j] ? 0.0 : zwy[j] - mean[j] * ym;
            a[j * q + p] = cross;
            a[p * q + j] = cross;
        }
        a[p * q + p] = yy - ym * ym;
        double[] centred = a.clone();
        if (!Cholesky.factorLowerInPlace(a, q)) {
            return null;
        }
        for (int j = 0; j < p; j++) {
            double pivot = a[j * q + j];
            if (!(pivot * pivot >= MIN_PIVOT * centred[j * q + j])) {
                return null;
            }
        }
        // Row k of R is column k of L; scaled by √q so that unit weights normalized to 1/q give the same objective.
        double s = Math.sqrt(q);
        double[] r = new double[q * p];
        double[] ry = new double[q];
        for (int k = 0; k < q; k++) {
            for (int j = k; j < p; j++) {
                r[k * p + j] = s * a[j * q + k];
            }
            ry[k] = s * a[p * q + k];
        }
        DenseMatrix compressed = new DenseMatrix(q, p, r);
        // A Gram matrix counts p / 2 passes; the two cross products one each.
        double passes = Math.max(1.0, p / 2.0) + 2;
        return new SquaredStatistics(compressed, ry, centred, mean.clone(), ym, passes,
                options.solver().create(compressed));
    }

    /**
     * Fits one λ on the compressed rows from {@code warmStart} (working scale, intercept last; null: from scratch),
     * then certifies the solution with the Gram matrix's gradient; finishes it on the data rows if that fails.
     */
    synchronized EmRun run(SmEm.Prepared prepared, FitOptions options, double[][] warmStart) {
        DesignMatrix z = prepared.working();
        int p = z.cols();
        int q = p + 1;
        boolean intercept = options.intercept();
        int m = intercept ? p + 1 : p;
        double[][] start = warmStart == null ? null : new double[][] {java.util.Arrays.copyOf(warmStart[0], p)};
        boolean[] constant = prepared.standardization().constant();
        EmRun small = SmEm.runOne(rows, response, rowWeights, 1, options.withIntercept(false), start, constant,
                solver, prepared.columnRms());
        double[][] theta = {java.util.Arrays.copyOf(small.theta()[0], m)};
        // The data gradient (AᵀA)(β, −1); with an intercept, b = ȳ − z̄β zeroes its own derivative up to rounding.
        double[] gradient = new double[m];
        for (int j = 0; j < p; j++) {
            double g = -gram[j * q + p];
            for (int k = 0; k < p; k++) {
                g += gram[j * q + k] * theta[0][k];
            }
            gradient[j] = constant[j] ? 0.0 : g;
        }
        if (intercept) {
            double b = responseMean;
            for (int j = 0; j < p; j++) {
                b -= columnMeans[j] * theta[0][j];
            }
            theta[0][p] = b;
        }
        // The certificate's test, on this λ's penalty (the fitter on the compressed rows allocates only their size).
        EmFitter judge = new EmFitter(rows, response, rowWeights, 1, options, solver, constant, prepared.columnRms());
        double kkt = judge.kktResidual(theta, new double[][] {gradient});
        // A pass over q rows reads q/n of the data.
        double passes = small.dataPasses() * q / z.rows();
        if (!charged) {
            passes += formationPasses;
            charged = true;
        }
        if (small.converged() && kkt <= options.kktTolerance()) {
            return new EmRun(theta, small.objective(), small.iterations(), true, null, kkt, small.solver(),
                    small.acceleration(), small.trace(), passes);
        }
        finishedOnData++;
        double[] y = prepared.data().response();
        double[] w = prepared.normalizedWeights();
        EmRun finish = SmEm.runOne(z, y, w, 1, options, theta, constant, options.solver().create(z),
                prepared.columnRms());
        return new EmRun(finish.theta(), finish.objective(), small.iterations() + finish.iterations(),
                finish.converged(), finish.message(), finish.kktResidual(), finish.solver(), finish.acceleration(),
                finish.trace(), passes + finish.dataPasses());
    }

    /** How many λ the certificate sent back to the data rows to finish (rounding in the compressed problem). */
    synchronized int finishedOnData() {
        return finishedOnData;
    }
}
