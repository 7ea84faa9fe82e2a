package io.smem.bench.paper;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Item 2 of the issue: a 40-point path (the engine's default grid, {@link RegularizationPath#grid}) on one synthetic
 * problem, ridge and lasso, raw features. Timed: the engine's path with shared statistics
 * ({@link RegularizationPath#fits} on {@link SmEm#prepare}); (a) Adam re-tuned at every λ (the whole learning-rate grid,
 * a fixed budget per rate, warm-started from the previous λ's best Adam solution); (b) the engine from scratch at
 * every λ ({@link SmEm#fit}); (c) liblinear-java 2.44 (L2R_LR for ridge, warm-started with {@code setInitSol}; L1R_LR for
 * the lasso, cold, since liblinear supports initial solutions only for L2R_LR / L2R_L2LOSS_SVC / L2R_L2LOSS_SVR), with
 * C = 1/(nλ) and the bias unregularized. Every method's solution at every λ is scored by the benchmark's own
 * objective and compared with the engine path's.
 */
final class PathComparison {

    static final int NUM_LAMBDAS = 40;

    /**
     * @param millis      wall time of the whole path (median of the repeats; a single run for methods slower than
     *                    {@link #SLOW_MS})
     * @param maxGap      max over λ of (F_method − F_path) / F_path
     * @param minGap      min over λ of the same (negative: the method beat the engine's path there)
     * @param medianGap   median over λ
     * @param maxGapBest  max over λ of (F_method − F_best) / F_best, F_best the lowest objective any method reached
     * @param notes       settings and convergence notes
     */
    record Row(String penalty, String method, double millis, double maxGap, double minGap, double medianGap,
               double maxGapBest, String notes) {
    }

    /** Per-λ objective values of each method, for the CSV. */
    record Detail(String penalty, int index, double lambda, String method, double f, double gap, double gapBest) {
    }

    /** A method whose first (warm-up) run takes longer than this is timed by that one run. */
    static final double SLOW_MS = 1000;

    private record Measured(String method, double millis, double[] f, String notes) {
    }

    private interface Timed<T> {
        T run();
    }

    /** @param once the warm-up run was slow and is the measurement */
    private record Timing<T>(T result, double millis, boolean once) {
    }

    /** Warm-up run, then the median of {@code repeats} runs; one run only if the warm-up was slower than SLOW_MS. */
    private static <T> Timing<T> time(Timed<T> body, int repeats) {
        long t0 = System.nanoTime();
        T result = body.run();
        double first = (System.nanoTime() - t0) / 1e6;
        if (first > SLOW_MS) {
            return new Timing<>(result, first, true);
        }
        double[] times = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            t0 = System.nanoTime();
            result = body.run();
            times[r] = (System.nanoTime() - t0) / 1e6;
        }
        return new Timing<>(result, Stats.median(times), false);
    }

    private PathComparison() {
    }

    static List<Row> run(SyntheticLogistic.Problem pr, int repeats, int adamBudget, double[] ridgeEps,
                         double[] lassoEps, boolean withAdam, List<Detail> details) {
        int n = pr.n();
        int p = pr.p();
        TrainingData data = new TrainingData(new DenseMatrix(n, p, pr.x()), pr.y(), 2, null);
        Problem problem = liblinearProblem(pr);
        Linear.disableDebugOutput();
        List<Row> rows = new ArrayList<>();
        for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso()}) {
            LogisticObjective.Pen mine = pen.name().equals("ridge") ? LogisticObjective.Pen.RIDGE
                    : LogisticObjective.Pen.LASSO;
            FitOptions base = FitOptions.defaults().withPenalty(pen).withStandardize(false);
            double[] grid = RegularizationPath.grid(SmEm.prepare(data, base), base, NUM_LAMBDAS, Double.NaN);
            LogisticObjective[] obj = new LogisticObjective[grid.length];
            for (int l = 0; l < grid.length; l++) {
                obj[l] = new LogisticObjective(pr.x(), pr.y(), n, p, grid[l], mine);
            }
            System.err.printf(Locale.ROOT, "path %s: lambda %.3e ... %.3e (%d points)%n", pen.name(), grid[0],
                    grid[grid.length - 1], grid.length);
            List<Measured> measured = new ArrayList<>();

            Timing<List<FitResult>> path = time(() -> enginePath(data, base, grid), repeats);
            measured.add(new Measured("SM-EM path (shared statistics, warm starts)", path.millis(),
                    score(obj, path.result()), engineNotes(path.result(), "default tolerances (1e-10, KKT 1e-7)")
                            + timingNote(path)));

            FitOptions tight = base.withTolerance(1e-15).withKktTolerance(1e-13).withMaxIterations(1000);
            Timing<List<FitResult>> tightPath = time(() -> enginePath(data, tight, grid), 1);
            measured.add(new Measured("SM-EM path, tight tolerances (1e-15, KKT 1e-13, cap 1000)",
                    tightPath.millis(), score(obj, tightPath.result()), engineNotes(tightPath.result(), "diagnostic")
                    + timingNote(tightPath)));

            Timing<List<FitResult>> scratch = time(() -> fromScratch(data, base, grid), repeats);
            measured.add(new Measured("(b) SM-EM from scratch at every λ (SmEm.fit)", scratch.millis(),
                    score(obj, scratch.result()), engineNotes(scratch.result(), "default tolerances")
                            + timingNote(scratch)));

            for (double eps : mine == LogisticObjective.Pen.RIDGE ? ridgeEps : lassoEps) {
                Timing<double[][]> lib = time(() -> liblinear(problem, pr, grid, mine, eps), repeats);
                double[] f = new double[grid.length];
                for (int l = 0; l < grid.length; l++) {
                    f[l] = obj[l].value(lib.result()[l]);
                }
                String how = mine == LogisticObjective.Pen.RIDGE ? "L2R_LR, warm-started (setInitSol)"
                        : "L1R_LR, cold (liblinear has no initial solution for it)";
                measured.add(new Measured("(c) liblinear-java 2.44, eps = " + Stats.sci(eps), lib.millis(), f,
                        how + ", C = 1/(nλ), bias unregularized" + timingNote(lib)));
            }

            if (withAdam) {
                long t0 = System.nanoTime();
                double[][] adam = adamPath(obj, adamBudget);
                double adamMs = (System.nanoTime() - t0) / 1e6;
                double[] f = new double[grid.length];
                int[] lrCount = new int[Adam.LEARNING_RATES.length];
                for (int l = 0; l < grid.length; l++) {
                    f[l] = adam[l][obj[l].m];
                    lrCount[(int) adam[l][obj[l].m + 1]]++;
                }
                StringBuilder lrs = new StringBuilder();
                for (int k = 0; k < lrCount.length; k++) {
                    if (lrCount[k] > 0) {
                        lrs.append(lrs.length() == 0 ? "" : ", ").append(Stats.lr(Adam.LEARNING_RATES[k]))
                                .append(" ×").append(lrCount[k]);
                    }
                }
                measured.add(new Measured("(a) Adam re-tuned at every λ (9 rates × " + adamBudget + " iterations)",
                        adamMs, f, "warm-started from the previous λ's best; one run; rates chosen: " + lrs));
            }

            double[] ref = measured.get(0).f();
            double[] best = ref.clone();
            for (Measured m : measured) {
                for (int l = 0; l < grid.length; l++) {
                    best[l] = Math.min(best[l], m.f()[l]);
                }
            }
            for (Measured m : measured) {
                double[] gap = new double[grid.length];
                double[] gapBest = new double[grid.length];
                for (int l = 0; l < grid.length; l++) {
                    gap[l] = (m.f()[l] - ref[l]) / Math.abs(ref[l]);
                    gapBest[l] = (m.f()[l] - best[l]) / Math.abs(best[l]);
                    details.add(new Detail(pen.name(), l, grid[l], m.method(), m.f()[l], gap[l], gapBest[l]));
                }
                rows.add(new Row(pen.name(), m.method(), m.millis(), Stats.max(gap), Stats.min(gap),
                        Stats.median(gap), Stats.max(gapBest), m.notes()));
            }
        }
        return rows;
    }

    private static double[] score(LogisticObjective[] obj, List<FitResult> fits) {
        double[] f = new double[obj.length];
        for (int l = 0; l < obj.length; l++) {
            f[l] = BudgetExperiment.objectiveAt(obj[l], fits.get(l));
        }
        return f;
    }

    private static String engineNotes(List<FitResult> fits, String settings) {
        int iterations = 0;
        double passes = 0;
        List<Integer> notConverged = new ArrayList<>();
        for (int l = 0; l < fits.size(); l++) {
            iterations += fits.get(l).iterations();
            passes += fits.get(l).dataPasses();
            if (!fits.get(l).converged()) {
                notConverged.add(l);
            }
        }
        return String.format(Locale.ROOT, "%s; %d iterations, %.0f data passes in all; %s", settings, iterations,
                passes, notConverged.isEmpty() ? "all converged" : notConverged.size()
                        + " fits did not converge (λ index " + notConverged + ")");
    }

    private static String timingNote(Timing<?> t) {
        return t.once() ? "; slow: timed by its single (first) run" : "";
    }

    static List<FitResult> enginePath(TrainingData data, FitOptions base, double[] grid) {
        return RegularizationPath.fits(SmEm.prepare(data, base), base, grid, null);
    }

    static List<FitResult> fromScratch(TrainingData data, FitOptions base, double[] grid) {
        List<FitResult> out = new ArrayList<>(grid.length);
        for (double lambda : grid) {
            out.add(SmEm.fit(data, base.withLambda(lambda)));
        }
        return out;
    }

    /**
     * Adam over the path: at every λ (in the grid's decreasing order) every learning rate runs {@code budget}
     * iterations from the previous λ's best Adam solution (the null model at the first λ); the rate with the lowest
     * final F is kept. Returns per λ: θ (m values), then F, then the index of the best rate.
     */
    static double[][] adamPath(LogisticObjective[] obj, int budget) {
        double[][] out = new double[obj.length][];
        double[] warm = obj[0].nullModel();
        for (int l = 0; l < obj.length; l++) {
            Adam.Run[] runs = Adam.grid(obj[l], warm, new int[] {budget});
            int b = Adam.best(runs, 0);
            double[] row = Arrays.copyOf(runs[b].theta(), obj[l].m + 2);
            row[obj[l].m] = runs[b].f()[0];
            row[obj[l].m + 1] = b;
            out[l] = row;
            warm = runs[b].theta();
        }
        return out;
    }

    // ---- liblinear --------------------------------------------------------------------------------------------

    static Problem liblinearProblem(SyntheticLogistic.Problem pr) {
        int n = pr.n();
        int p = pr.p();
        Problem prob = new Problem();
        prob.l = n;
        prob.n = p + 1;
        prob.bias = 1; // the constant feature p+1 below; with regularize_bias = false its weight is unpenalized
        prob.y = new double[n];
        prob.x = new Feature[n][];
        for (int i = 0; i < n; i++) {
            Feature[] row = new Feature[p + 1];
            for (int j = 0; j < p; j++) {
                row[j] = new FeatureNode(j + 1, pr.x()[i * p + j]);
            }
            row[p] = new FeatureNode(p + 1, 1.0);
            prob.x[i] = row;
            prob.y[i] = pr.y()[i] == 1 ? 1 : -1;
        }
        return prob;
    }

    /**
     * The path by liblinear: C = 1/(nλ) (liblinear minimizes C Σ loss + ½‖w‖² or ‖w‖₁, which is n·C times glmnet's
     * objective); the ridge path warm-starts each λ from the previous solution. Returns the coefficients per λ in the
     * benchmark's θ layout (intercept last, sign of our class 1).
     */
    static double[][] liblinear(Problem prob, SyntheticLogistic.Problem pr, double[] grid, LogisticObjective.Pen pen,
                              double eps) {
        int n = pr.n();
        int p = pr.p();
        double[][] coef = new double[grid.length][];
        double[] init = null;
        for (int l = 0; l < grid.length; l++) {
            double c = 1.0 / (n * grid[l]);
            SolverType type = pen == LogisticObjective.Pen.RIDGE ? SolverType.L2R_LR : SolverType.L1R_LR;
            Parameter par = new Parameter(type, c, eps);
            par.setRegularizeBias(false);
            if (init != null) {
                par.setInitSol(init.clone());
            }
            Model m = Linear.train(prob, par);
            double[] w = m.getFeatureWeights();
            if (pen == LogisticObjective.Pen.RIDGE) {
                init = w.clone();
            }
            double sign = m.getLabels()[0] == 1 ? 1 : -1;
            double[] theta = new double[p + 1];
            for (int j = 0; j <= p; j++) {
                theta[j] = sign * w[j];
            }
            coef[l] = theta;
        }
        return coef;
    }
}
