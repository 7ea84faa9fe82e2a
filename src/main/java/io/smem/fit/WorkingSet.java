package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.penalty.ElasticNet;
import io.smem.solve.MStepSolver;
import io.smem.solve.SolverChoice;
import io.smem.solve.SupportSolver;
import java.util.Arrays;

/**
 * Lasso-type fits on many features, solved on a working set of columns. The sequential strong rule (Tibshirani et
 * al. 2012) keeps feature j when {@code |g_j| ≥ α(2λ − λ')}, g the data gradient at the start and λ' the penalty the
 * start solves ({@code max_j |g_j| / α} at a KKT point, which is exact for a path neighbour and gives the basic rule,
 * λ' = λ_max, at the null model), plus every feature already non-zero. The EM then runs on those columns only — an
 * M-step on |W| columns instead of p — and a full gradient pass checks the KKT condition {@code |g_j| ≤ αλ} of every
 * screened-out feature; violators join the working set and the fit continues from where it stopped. The rule is a
 * heuristic, the check is not: the result solves the full problem to the same certificate as a fit on all columns.
 */
final class WorkingSet {

    /** Below this many features the sub-designs cost more than they save. */
    static final int MIN_COLUMNS = 20;
    /** The least number of features a working set may grow by in one round. */
    private static final int MIN_GROWTH = 10;
    /** A working set larger than this share of the features is not worth a sub-design: fit on all columns. */
    private static final double MAX_SHARE = 0.5;

    private WorkingSet() {
    }

    /** Whether a fit with these options on this design uses working sets. */
    static boolean applies(DesignMatrix z, FitOptions options) {
        return options.screening() && options.lambda() > 0 && options.loss().isSmooth()
                && options.penalty() instanceof ElasticNet en && en.alpha() > 0 && z.cols() >= MIN_COLUMNS;
    }

    /**
     * Runs the fit; {@code start} is the warm start (blocks × m) or null for a fit from scratch (which then starts the
     * first working set as {@link SmEm} starts any lasso fit).
     */
    static EmRun run(DesignMatrix z, double[] y, double[] w, int blocks, FitOptions options, double[][] start,
                     double[][] nullModel, boolean[] constant, double[] columnRms) {
        int n = z.rows();
        int p = z.cols();
        boolean intercept = options.intercept();
        int m = intercept ? p + 1 : p;
        boolean multinomial = blocks > 1;
        double bound = options.lambda() * options.penalty().zeroBound();

        double[][] theta = copy(start != null ? start : nullModel);
        double[][] eta = new double[blocks][n];
        double[][] grad = new double[blocks][m];
        double[] work = new double[n];
        double fullPasses = gradientAt(z, options, y, w, multinomial, theta, eta, work, grad);
        // KKT violations are measured on the standardized scale, as EmFitter's certificate does.
        double[] allRms = columnRms != null ? columnRms : SmEm.columnRms(z, w);
        fullPasses += columnRms != null ? 0 : 1;
        double[] rms = new double[p];
        for (int j = 0; j < p; j++) {
            rms[j] = allRms[j] > 0 ? allRms[j] : 1.0;
        }

        double top = 0;
        for (double[] g : grad) {
            for (int j = 0; j < p; j++) {
                if (!constant[j]) {
                    top = Math.max(top, Math.abs(g[j]));
                }
            }
        }
        // The strong rule's candidates, most violated first; the working set takes the non-zero features and at most
        // as many candidates again (at least MIN_GROWTH), so that it stays small where the rule keeps too much
        // (many features nearly as correlated with the residual as the best: text, random designs).
        double keep = 2 * bound - top;
        boolean[] in = new boolean[p];
        int active = 0;
        double[] score = new double[p];
        for (int j = 0; j < p; j++) {
            if (constant[j]) {
                continue;
            }
            for (int r = 0; r < blocks; r++) {
                in[j] |= theta[r][j] != 0;
                score[j] = Math.max(score[j], Math.abs(grad[r][j]));
            }
            active += in[j] ? 1 : 0;
        }
        int candidates = admit(in, score, keep, Math.max(MIN_GROWTH, active));
        if (active + candidates > MAX_SHARE * p) {
            return null;
        }

        int iterations = 0;
        double subPasses = 0;
        double[] trace = new double[0];
        boolean fromScratch = start == null;
        while (true) {
            int[] columns = indicesOf(in);
            DesignMatrix sub = z.selectColumns(columns);
            boolean[] subConstant = new boolean[columns.length];
            double[][] subStart = fromScratch ? null : restrict(theta, columns, p, intercept);
            double[] subRms = new double[columns.length];
            for (int a = 0; a < columns.length; a++) {
                subRms[a] = allRms[columns[a]];
            }
            EmRun run = SmEm.solve(sub, y, w, blocks, options, subStart, subConstant, solverFor(sub, options),
                    subRms);
            fromScratch = false;
            iterations += run.iterations();
            subPasses += run.dataPasses() * sub.storedEntries() / Math.max(1.0, z.storedEntries());
            trace = concat(trace, run.trace());
            expand(run.theta(), columns, p, intercept, theta);

            fullPasses += gradientAt(z, options, y, w, multinomial, theta, eta, work, grad);
            double outside = 0;
            int size = 0;
            Arrays.fill(score, 0.0);
            for (int j = 0; j < p; j++) {
                if (in[j]) {
                    size++;
                } else if (!constant[j]) {
                    for (int r = 0; r < blocks; r++) {
                        score[j] = Math.max(score[j], Math.abs(grad[r][j]));
                    }
                    // Scored by the violation on the standardized scale.
                    score[j] = (score[j] - bound * (1 + 1e-9)) / rms[j];
                    outside = Math.max(outside, score[j]);
                }
            }
            // Violators of the KKT condition join, the worst first, at most doubling the working set per round.
            int added = admit(in, score, options.kktTolerance(), Math.max(MIN_GROWTH, size));
            outside = added == 0 ? Math.max(0, outside) : outside;
            // A round that stopped short of its certificate (a tolerance tighter than rounding allows) still moved
            // towards the optimum: the violators join all the same, until nothing is violated or the cap is spent.
            boolean lastRound = added == 0 || iterations >= options.maxIterations();
            if (lastRound) {
                boolean converged = run.converged() && added == 0 && outside <= options.kktTolerance();
                String message = added == 0 ? run.message()
                        : "the iteration cap was reached while features were still joining the working set";
                return new EmRun(theta, run.objective(), iterations, converged, message,
                        Math.max(run.kktResidual(), outside), run.solver(), run.acceleration(), trace,
                        subPasses + fullPasses);
            }
            FitInterruptedException.check();
        }
    }

    /**
     * The M-step solver of a round: for a sparse working set under {@code auto}, one whose cost follows the support
     * ({@link SupportSolver}: Cholesky on the non-zero coefficients while they are few, CG beyond) rather than the
     * working set's width (auto's rule, CG above 500 columns); null (the options' choice) otherwise.
     */
    private static MStepSolver solverFor(DesignMatrix sub, FitOptions options) {
        return options.solver() == SolverChoice.AUTO && sub.isSparse() ? new SupportSolver() : null;
    }

    /**
     * Adds to the working set at most {@code limit} of the features outside it whose score exceeds {@code threshold},
     * the highest scores first; returns how many joined.
     */
    private static int admit(boolean[] in, double[] score, double threshold, int limit) {
        int candidates = 0;
        for (int j = 0; j < in.length; j++) {
            if (!in[j] && score[j] > threshold) {
                candidates++;
            }
        }
        // Above the limit, the limit-th highest score is the floor; scores tied with it (duplicate columns tie
        // exactly) are taken in column order until the limit, so a tie can never keep everyone out.
        double floor = Double.NEGATIVE_INFINITY;
        if (candidates > limit) {
            double[] sorted = new double[candidates];
            for (int j = 0, k = 0; j < in.length; j++) {
                if (!in[j] && score[j] > threshold) {
                    sorted[k++] = score[j];
                }
            }
            Arrays.sort(sorted);
            floor = sorted[candidates - limit];
        }
        int added = 0;
        for (int j = 0; j < in.length && added < limit; j++) {
            if (!in[j] && score[j] > threshold && score[j] >= floor) {
                in[j] = true;
                added++;
            }
        }
        return added;
    }

    /** η and the data gradient at theta on all columns; returns the data passes spent. */
    private static double gradientAt(DesignMatrix z, FitOptions options, double[] y, double[] w, boolean multinomial,
                                     double[][] theta, double[][] eta, double[] work, double[][] grad) {
        int p = z.cols();
        for (int r = 0; r < theta.length; r++) {
            z.multiply(theta[r], options.intercept() ? theta[r][p] : 0.0, eta[r]);
        }
        DataGradient.compute(z, options.loss(), y, w, multinomial, options.intercept(), eta, work, grad);
        return 2.0 * theta.length;
    }

    /** The indices where {@code in} is true, increasing. */
    static int[] indicesOf(boolean[] in) {
        int count = 0;
        for (boolean b : in) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        for (int j = 0, k = 0; j < in.length; j++) {
            if (in[j]) {
                out[k++] = j;
            }
        }
        return out;
    }

    private static double[][] restrict(double[][] theta, int[] columns, int p, boolean intercept) {
        int q = columns.length;
        double[][] out = new double[theta.length][intercept ? q + 1 : q];
        for (int r = 0; r < theta.length; r++) {
            for (int a = 0; a < q; a++) {
                out[r][a] = theta[r][columns[a]];
            }
            if (intercept) {
                out[r][q] = theta[r][p];
            }
        }
        return out;
    }

    private static void expand(double[][] sub, int[] columns, int p, boolean intercept, double[][] theta) {
        int q = columns.length;
        for (int r = 0; r < theta.length; r++) {
            Arrays.fill(theta[r], 0.0);
            for (int a = 0; a < q; a++) {
                theta[r][columns[a]] = sub[r][a];
            }
            if (intercept) {
                theta[r][p] = sub[r][q];
            }
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
