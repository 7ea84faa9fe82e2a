package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.data.Standardization;
import io.smem.loss.HingeLoss;
import io.smem.penalty.Bridge;
import io.smem.penalty.ElasticNet;
import io.smem.penalty.Penalty;
import io.smem.solve.MStepSolver;

/**
 * Entry point of the engine: fits one penalized linear model by SM-EM. Chooses the model shape from the loss and
 * the number of classes (binary, multinomial logistic, one-vs-rest hinge, regression), standardizes the design,
 * starts lasso-type penalties from a ridge solution (zero is absorbing for their EM), and maps the solution back to
 * the original scale.
 */
public final class SmEm {

    private SmEm() {
    }

    /** Fits from scratch. */
    public static FitResult fit(TrainingData data, FitOptions options) {
        return fit(data, options, null);
    }

    /**
     * Fits, warm-started from {@code warmStart} (a previous result's {@link FitResult#workingState()} on the same
     * data and standardization), or from scratch if null.
     */
    public static FitResult fit(TrainingData data, FitOptions options, double[][] warmStart) {
        Prepared prepared = prepare(data, options);
        return fit(prepared, options, warmStart);
    }

    /**
     * The working design and normalized weights of a data set, reusable across fits with the same options, and the
     * weighted RMS of each working column (the scale of the KKT certificate): a pass over the data that a path makes
     * once, not once per λ.
     */
    public record Prepared(TrainingData data, Standardization standardization, DesignMatrix working,
                           double[] normalizedWeights, double[] columnRms, SquaredStatistics statistics) {

        /**
         * For a path: this data with the squared loss's sufficient statistics attached ({@link SquaredStatistics}),
         * on which every λ is then fitted and certified without reading the data rows; this data as it is where they
         * do not apply. Costs one Gram matrix, which a single fit would not repay.
         */
        public Prepared withSufficientStatistics(FitOptions options) {
            if (statistics != null) {
                return this;
            }
            SquaredStatistics s = SquaredStatistics.of(this, options);
            return s == null ? this : new Prepared(data, standardization, working, normalizedWeights, columnRms, s);
        }
    }

    public static Prepared prepare(TrainingData data, FitOptions options) {
        checkLossMatchesData(data, options);
        int n = data.rows();
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = data.weight(i);
            total += w[i];
        }
        for (int i = 0; i < n; i++) {
            w[i] /= total;
        }
        Standardization s = Standardization.of(data.x(), w, options.intercept(), options.standardize());
        DesignMatrix working = s.apply(data.x());
        return new Prepared(data, s, working, w, columnRms(working, w), null);
    }

    public static FitResult fit(Prepared prepared, FitOptions options, double[][] warmStart) {
        return fit(prepared, options, warmStart, null);
    }

    /**
     * As {@link #fit(Prepared, FitOptions, double[][])} with a given M-step solver (null: a new one). A path passes
     * the same solver to every λ, so what the solver caches — the Gram matrix while the weights are unchanged (the
     * squared loss), the last factorization as a preconditioner — carries over from one λ to the next.
     */
    public static FitResult fit(Prepared prepared, FitOptions options, double[][] warmStart, MStepSolver solver) {
        return fit(prepared, options, warmStart, null, solver);
    }

    /**
     * A hinge path's fit at a new λ: each model row (one, or one per class for one-vs-rest) first tries the exact
     * finish from {@code neighbour}, the previous λ's solution (working state): where the partition into margin,
     * inside and outside points (and the support) has not changed, or the finish's repair reaches the new one, that
     * solves the new λ outright, certified. A row it does not certify runs the EM from {@code warmStart}'s row (null:
     * from scratch).
     */
    public static FitResult fitFromNeighbour(Prepared prepared, FitOptions options, double[][] neighbour,
                                             double[][] warmStart, MStepSolver solver) {
        return fit(prepared, options, warmStart, neighbour, solver);
    }

    private static FitResult fit(Prepared prepared, FitOptions options, double[][] warmStart, double[][] neighbour,
                                 MStepSolver solver) {
        long start = System.nanoTime();
        TrainingData data = prepared.data();
        DesignMatrix z = prepared.working();
        int p = z.cols();
        int m = options.intercept() ? p + 1 : p;
        int k = data.numClasses();
        boolean multinomial = k > 2 && options.loss().isClassification() && options.loss().isSmooth();
        boolean oneVsRest = k > 2 && !multinomial;
        int rows = k > 2 ? k : 1;
        if (warmStart != null && (warmStart.length != rows || warmStart[0].length != m)) {
            throw new IllegalArgumentException("warm start has the wrong shape");
        }

        EmRun[] runs;
        if (oneVsRest) {
            runs = new EmRun[k];
            for (int c = 0; c < k; c++) {
                double[] yc = new double[data.rows()];
                for (int i = 0; i < yc.length; i++) {
                    yc[i] = data.response()[i] == c ? 1.0 : 0.0;
                }
                double[][] ws = warmStart == null ? null : new double[][] {warmStart[c]};
                double[][] near = neighbour == null ? null : new double[][] {neighbour[c]};
                runs[c] = runOne(z, yc, prepared.normalizedWeights(), 1, options, ws, near,
                        prepared.standardization().constant(), null, prepared.columnRms());
            }
        } else if (prepared.statistics() != null && !options.loss().isClassification()) {
            runs = new EmRun[] {prepared.statistics().run(prepared, options, warmStart)};
        } else {
            // A binary model scores class index 1 as positive: the class indices are the 0/1 labels as they are.
            runs = new EmRun[] {runOne(z, data.response(), prepared.normalizedWeights(), rows, options, warmStart,
                    neighbour, prepared.standardization().constant(), solver, prepared.columnRms())};
        }
        return assemble(prepared, options, runs, (System.nanoTime() - start) / 1e6);
    }

    static EmRun runOne(DesignMatrix z, double[] y, double[] w, int blocks, FitOptions options,
                                double[][] warmStart, boolean[] constant, MStepSolver given, double[] columnRms) {
        return runOne(z, y, w, blocks, options, warmStart, null, constant, given, columnRms);
    }

    /** As above; {@code neighbour} (or null): a point to try the hinge's exact finish from first. */
    private static EmRun runOne(DesignMatrix z, double[] y, double[] w, int blocks, FitOptions options,
                                double[][] warmStart, double[][] neighbour, boolean[] constant, MStepSolver given,
                                double[] columnRms) {
        if (neighbour != null) {
            EmRun exact = new EmFitter(z, y, w, blocks, options, given != null ? given : options.solver().create(z),
                    constant, columnRms).finishAt(neighbour);
            if (exact != null) {
                return exact;
            }
        }
        if (WorkingSet.applies(z, options)) {
            EmRun run = WorkingSet.run(z, y, w, blocks, options, warmStart, nullModel(z.cols(), y, w, blocks, options),
                    constant, columnRms);
            if (run != null) {
                return run;
            }
        }
        return solve(z, y, w, blocks, options, warmStart, constant, given, columnRms);
    }

    /** One EM run on all columns of z; a lasso-type fit from scratch starts from the ridge solution. */
    static EmRun solve(DesignMatrix z, double[] y, double[] w, int blocks, FitOptions options, double[][] warmStart,
                       boolean[] constant, MStepSolver given) {
        return solve(z, y, w, blocks, options, warmStart, constant, given, columnRms(z, w));
    }

    /** As {@link #solve(DesignMatrix, double[], double[], int, FitOptions, double[][], boolean[], MStepSolver)}
     * with the columns' weighted RMS given. */
    static EmRun solve(DesignMatrix z, double[] y, double[] w, int blocks, FitOptions options,
                       double[][] warmStart, boolean[] constant, MStepSolver given, double[] columnRms) {
        MStepSolver solver = given != null ? given : options.solver().create(z);
        double[][] start = warmStart;
        Penalty penalty = options.penalty();
        boolean absorbingZero = !(penalty instanceof ElasticNet en && en.alpha() == 0);
        if (start == null) {
            start = nullModel(z.cols(), y, w, blocks, options);
            if (absorbingZero && options.lambda() > 0) {
                // Zero is absorbing for lasso and bridge EM: start from the ridge solution at the same λ.
                FitOptions ridge = options.withPenalty(Penalty.ridge()).withTolerance(1e-6)
                        .withKktTolerance(1e-3).withAcceleration(Acceleration.AUTO);
                start = new EmFitter(z, y, w, blocks, ridge, solver, constant, columnRms).withoutPolish().run(start)
                        .theta();
            }
        }
        return new EmFitter(z, y, w, blocks, options, solver, constant, columnRms).run(start);
    }

    /** √(Σᵢ wᵢ zᵢⱼ²) for every column j of z. */
    static double[] columnRms(DesignMatrix z, double[] w) {
        double[] rms = new double[z.cols()];
        z.weightedColumnSquares(w, rms);
        for (int j = 0; j < rms.length; j++) {
            rms[j] = Math.sqrt(rms[j]);
        }
        return rms;
    }

    /**
     * The intercept-only model on the working scale (class log-frequencies, the log-odds, the mean response; ±1 toward
     * the heavier class for the hinge), every penalized coefficient zero: the start of a fit from scratch and the warm
     * start at the top of a regularization path.
     */
    public static double[][] nullModel(Prepared prepared, FitOptions options) {
        TrainingData data = prepared.data();
        int k = data.numClasses();
        boolean oneVsRest = k > 2 && !options.loss().isSmooth();
        double[] w = prepared.normalizedWeights();
        int p = prepared.working().cols();
        if (!oneVsRest) {
            return nullModel(p, data.response(), w, k > 2 ? k : 1, options);
        }
        double[][] rows = new double[k][];
        for (int c = 0; c < k; c++) {
            double[] yc = new double[data.rows()];
            for (int i = 0; i < yc.length; i++) {
                yc[i] = data.response()[i] == c ? 1.0 : 0.0;
            }
            rows[c] = nullModel(p, yc, w, 1, options)[0];
        }
        return rows;
    }

    private static double[][] nullModel(int p, double[] y, double[] w, int blocks, FitOptions options) {
        int m = options.intercept() ? p + 1 : p;
        double[][] start = new double[blocks][m];
        if (!options.intercept()) {
            return start;
        }
        if (blocks > 1) {
            double[] prior = new double[blocks];
            for (int i = 0; i < y.length; i++) {
                prior[(int) y[i]] += w[i];
            }
            for (int r = 0; r < blocks; r++) {
                start[r][p] = Math.log(Math.max(prior[r], 1e-12));
            }
            return start;
        }
        double mean = 0;
        for (int i = 0; i < y.length; i++) {
            mean += w[i] * y[i];
        }
        if (options.loss() instanceof HingeLoss) {
            start[0][p] = mean > 0.5 ? 1 : (mean < 0.5 ? -1 : 0);
        } else if (options.loss().isClassification()) {
            double pi = Math.min(Math.max(mean, 1e-12), 1 - 1e-12);
            start[0][p] = Math.log(pi / (1 - pi));
        } else {
            start[0][p] = mean;
        }
        return start;
    }

    private static FitResult assemble(Prepared prepared, FitOptions options, EmRun[] runs, double millis) {
        int p = prepared.working().cols();
        int rows = runs.length == 1 ? runs[0].theta().length : runs.length;
        double[] intercepts = new double[rows];
        double[][] coef = new double[rows][];
        double[][] working = new double[rows][];
        int r = 0;
        for (EmRun run : runs) {
            for (double[] th : run.theta()) {
                working[r] = th.clone();
                coef[r] = java.util.Arrays.copyOf(th, p);
                double b = options.intercept() ? th[p] : 0.0;
                intercepts[r] = prepared.standardization().toOriginal(coef[r], 0, b);
                r++;
            }
        }
        double objective = 0;
        int iterations = 0;
        boolean converged = true;
        double kkt = 0;
        double passes = 0;
        String message = "converged";
        int longest = 0;
        for (EmRun run : runs) {
            objective += run.objective();
            iterations += run.iterations();
            kkt = Math.max(kkt, run.kktResidual());
            passes += run.dataPasses();
            longest = Math.max(longest, run.trace().length);
            if (!run.converged()) {
                converged = false;
                message = runs.length > 1 ? "one-vs-rest model " + java.util.Arrays.asList(runs).indexOf(run) + ": "
                        + run.message() : run.message();
            }
        }
        // One-vs-rest: the objective is the sum of the K binary objectives; so is the trace (a finished model's
        // last value carries on).
        double[] trace = new double[longest];
        for (EmRun run : runs) {
            double[] tr = run.trace();
            for (int i = 0; i < longest; i++) {
                trace[i] += tr[Math.min(i, tr.length - 1)];
            }
        }
        if (rows > 2 && runs.length == 1 && options.intercept()) {
            // Multinomial intercepts are defined up to a common shift: report them summing to zero, like glmnet.
            double mean = 0;
            for (double b : intercepts) {
                mean += b / rows;
            }
            for (int k = 0; k < rows; k++) {
                intercepts[k] -= mean;
            }
        }
        Penalty pen = options.penalty();
        double alpha = pen instanceof ElasticNet en ? en.alpha() : Double.NaN;
        double q = pen instanceof Bridge b ? b.q() : Double.NaN;
        return new FitResult(options.loss().name(), pen.name(), alpha, q, options.lambda(), options.standardize(),
                options.intercept(), intercepts, coef, objective, iterations, converged, message, kkt,
                runs[0].solver(), runs[0].acceleration(), trace, millis, passes, working);
    }

    private static void checkLossMatchesData(TrainingData data, FitOptions options) {
        if (options.loss().isClassification() && !data.isClassification()) {
            throw new IllegalArgumentException("the " + options.loss().name()
                    + " loss needs class labels, but the response is numeric");
        }
        if (!options.loss().isClassification() && data.isClassification()) {
            throw new IllegalArgumentException("the squared loss needs a numeric response, but classes were given");
        }
    }
}
