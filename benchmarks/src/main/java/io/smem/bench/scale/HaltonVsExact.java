package io.smem.bench.scale;

import io.smem.data.ClassLabels;
import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.Acceleration;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.SquaredLoss;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import io.smem.solve.CholeskySolver;
import io.smem.solve.ConjugateGradientSolver;
import io.smem.solve.HaltonMonteCarloSolver;
import io.smem.solve.HaltonMonteCarloSolver.Check;
import io.smem.solve.HaltonMonteCarloSolver.Mode;
import io.smem.solve.HaltonMonteCarloSolver.Report;
import io.smem.solve.HaltonMonteCarloSolver.Settings;
import io.smem.solve.MStepSolver;
import io.smem.solve.SolverChoice;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Halton Monte Carlo M-steps (spec §6) against the exact solvers, on the systems the EM actually produces.
 *
 * <p>Part 1, one M-step: a lasso fit is run with the automatic solver behind a recorder that copies every M-step
 * system (weights c, right-hand side r, prior variances v, warm start θ), once with the engine's default acceleration
 * (EM-safeguarded Newton: active-set systems) and once as the base EM (capped). Three lasso systems of each run are
 * replayed (the first after the ridge start, the middle one, the last) as they happen inside the fit: a fresh solver
 * first solves the system recorded just before (untimed), then the system itself, to a 1e-8 residual relative to the
 * warm start. Solvers: Cholesky, Jacobi CG, Jacobi CG on an explicitly held Gram matrix (a baseline that is not in the
 * engine), Halton Monte Carlo at its defaults and variants (walking on a freshly formed Gram matrix; pseudo-random
 * instead of Halton numbers; matrix-free columns; row subsamples of 25 % and 5 %). Accuracy is re-measured
 * independently (two products with the data, not counted). Part 2, whole fits: the same lasso fit with each solver
 * plugged in ({@code SmEm.fit(prepared, options, null, solver)}), default acceleration and objective restart.
 *
 * <p>Usage: {@code mvn -q -o -pl benchmarks exec:java -Dbench=io.smem.bench.scale.HaltonVsExact}; writes
 * {@code docs/results/halton-vs-exact.md} and {@code .csv}. {@code -Dhalton.quick=true}: small cases only.
 */
public final class HaltonVsExact {

    private static final double STEP_TOLERANCE = 1e-8;

    private HaltonVsExact() {
    }

    /** A data set with how to fit it. */
    private record Case(String name, TrainingData data, boolean squared, int[] lambdaIndices, boolean fits,
                        int repeats, int emCap, boolean recordDefault, boolean lean) {
    }

    /** One recorded M-step system. */
    private record Sys(double[] c, double[] r, double[] v, double[] theta) {
    }

    /** Records every M-step system the wrapped solver is given. */
    private static final class Recorder implements MStepSolver {
        final MStepSolver inner;
        final List<Sys> systems = new ArrayList<>();

        Recorder(MStepSolver inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
            int m = intercept ? z.cols() + 1 : z.cols();
            systems.add(new Sys(Arrays.copyOf(c, z.rows()), Arrays.copyOf(r, m), Arrays.copyOf(v, m),
                    Arrays.copyOf(theta, m)));
            return inner.solve(z, intercept, c, r, v, theta);
        }

        @Override
        public boolean resolve(double[] r, double[] v, double[] theta) {
            return inner.resolve(r, v, theta);
        }

        @Override
        public void allowReuse(boolean allowed) {
            inner.allowReuse(allowed);
        }

        @Override
        public double dataPasses() {
            return inner.dataPasses();
        }

        @Override
        public double[] heldWeights(DesignMatrix z, boolean intercept) {
            return inner.heldWeights(z, intercept);
        }

        @Override
        public boolean solveHeld(double[] r, double[] v, double[] theta) {
            return inner.solveHeld(r, v, theta);
        }

        @Override
        public boolean isIterative() {
            return inner.isIterative();
        }
    }

    private static final List<String> STEP_HEADER = List.of("data", "n", "p", "lambda_over_max", "system",
            "shrunk_pct", "cheap_rho_bound", "solver", "ms", "passes", "rel_residual", "outcome", "certificate",
            "rho_bound", "stages", "columns");
    private static final List<String> FIT_HEADER = List.of("data", "n", "p", "lambda_over_max", "solver", "ms",
            "cpu_ms", "iterations", "passes", "solver_passes_all", "objective_gap", "converged", "nonzeros",
            "halton_mc_solves", "halton_exact_solves");

    public static void main(String[] args) throws Exception {
        boolean quick = Boolean.getBoolean("halton.quick");
        List<Case> cases = cases(quick);
        List<List<String>> stepRows = new ArrayList<>();
        List<List<String>> fitRows = new ArrayList<>();
        warmUp();
        for (Case k : cases) {
            runCase(k, stepRows, fitRows);
        }
        write(stepRows, fitRows);
    }

    /**
     * Baseline that is not in the engine: Jacobi-preconditioned CG on the explicit matrix U G U + E, with the weighted
     * Gram matrix G formed (counted as CholeskySolver counts it) only when the weights change. It isolates what
     * iterating on a held Gram matrix buys, independently of Monte Carlo.
     */
    private static final class GramCg implements MStepSolver {
        private final double tolerance;
        private double[] gram = new double[0];
        private double[] scratch = new double[0];
        private double[] colSums = new double[0];
        private double[] weights = new double[0];
        private double passes;

        GramCg(double tolerance) {
            this.tolerance = tolerance;
        }

        @Override
        public String name() {
            return "cg-on-gram";
        }

        @Override
        public double dataPasses() {
            return passes;
        }

        @Override
        public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
            int p = z.cols();
            int m = intercept ? p + 1 : p;
            if (weights.length != z.rows() || !Arrays.equals(weights, c)) {
                gram = new double[m * m];
                scratch = new double[p * p];
                colSums = new double[p];
                io.smem.solve.Gram.augmented(z, intercept, c, scratch, colSums, gram, 0, m);
                passes += Math.max(1.0, p / 2.0) + (intercept ? 1 : 0);
                weights = c.clone();
            }
            double[] u = new double[m];
            double[] e = new double[m];
            double[] diag = new double[m];
            double[] phi = new double[m];
            double[] res = new double[m];
            for (int j = 0; j < m; j++) {
                u[j] = MStepSolver.scaleOf(v[j]);
                e[j] = MStepSolver.identityPartOf(v[j]);
                diag[j] = u[j] * u[j] * gram[j * m + j] + e[j];
                phi[j] = u[j] > 0 ? theta[j] / u[j] : 0.0;
            }
            double[] mphi = apply(m, u, e, phi);
            double r0 = 0;
            for (int j = 0; j < m; j++) {
                res[j] = u[j] * r[j] - mphi[j];
                r0 += res[j] * res[j];
            }
            double[] zv = new double[m];
            double[] dir = new double[m];
            double rz = 0;
            for (int j = 0; j < m; j++) {
                zv[j] = res[j] / diag[j];
                dir[j] = zv[j];
                rz += res[j] * zv[j];
            }
            double rr = r0;
            for (int it = 0; it < 10 * m && rr > tolerance * tolerance * r0; it++) {
                double[] ad = apply(m, u, e, dir);
                double dad = 0;
                for (int j = 0; j < m; j++) {
                    dad += dir[j] * ad[j];
                }
                double step = rz / dad;
                rr = 0;
                for (int j = 0; j < m; j++) {
                    phi[j] += step * dir[j];
                    res[j] -= step * ad[j];
                    rr += res[j] * res[j];
                }
                double rzNew = 0;
                for (int j = 0; j < m; j++) {
                    zv[j] = res[j] / diag[j];
                    rzNew += res[j] * zv[j];
                }
                for (int j = 0; j < m; j++) {
                    dir[j] = zv[j] + rzNew / rz * dir[j];
                }
                rz = rzNew;
            }
            for (int j = 0; j < m; j++) {
                theta[j] = u[j] * phi[j];
            }
            return true;
        }

        private double[] apply(int m, double[] u, double[] e, double[] x) {
            double[] ux = new double[m];
            for (int j = 0; j < m; j++) {
                ux[j] = u[j] * x[j];
            }
            double[] out = new double[m];
            for (int i = 0; i < m; i++) {
                double acc = 0;
                for (int j = 0; j < m; j++) {
                    acc += gram[i * m + j] * ux[j];
                }
                out[i] = u[i] * acc + e[i] * x[i];
            }
            return out;
        }
    }

    private static List<Case> cases(boolean quick) throws Exception {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("breast-cancer", read("datasets/breast-cancer.csv"), false, new int[] {8, 24}, true, 7, 500,
                true, false));
        cases.add(new Case("sonar", read("datasets/sonar.csv"), false, new int[] {8, 24}, true, 7, 500, true,
                false));
        cases.add(new Case("spambase", read("datasets/spambase.csv"), false, new int[] {8, 24}, true, 5, 500, true,
                false));
        if (quick) {
            return cases;
        }
        // Independent Gaussian features: the design most favourable to a Jacobi splitting.
        cases.add(new Case("synthetic dense logistic", denseLogistic(2000, 1000, 20, 0.0, 11), false, new int[] {8},
                true, 3, 100, true, false));
        cases.add(new Case("synthetic dense logistic p=2000", denseLogistic(2500, 2000, 20, 0.0, 13), false,
                new int[] {8}, false, 1, 15, false, true));
        // The squared loss: constant curvature weights, so a Gram matrix is formed once and held for the whole fit.
        cases.add(new Case("synthetic dense squared p=300", denseSquared(10000, 300, 20, 0.0, 15), true,
                new int[] {8}, true, 5, 100, true, true));
        cases.add(new Case("synthetic dense squared", denseSquared(10000, 1000, 20, 0.0, 12), true, new int[] {8},
                true, 3, 100, true, false));
        cases.add(new Case("synthetic dense squared p=2000", denseSquared(4000, 2000, 20, 0.0, 16), true,
                new int[] {8}, true, 1, 60, false, true));
        cases.add(new Case("synthetic sparse CSR", sparseLogistic(20000, 5000, 20, 20, 14), false, new int[] {8},
                true, 3, 300, true, false));
        Path assassin = Path.of("datasets/fetched/spam-assassin.svm");
        if (Files.exists(assassin)) {
            cases.add(new Case("spam-assassin (svm)", read(assassin.toString()), false, new int[] {8}, true, 3, 300,
                    true, false));
        }
        return cases;
    }

    private static TrainingData read(String file) throws Exception {
        LabeledData table = DataReader.read(Path.of(file), null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        return new TrainingData(table.x(), labels.indices(), labels.classes().size(), null);
    }

    // ---- synthetic data -------------------------------------------------------------------------------------------

    /** Gaussian features with a common factor of weight {@code common} (0: independent). */
    private static double[] denseX(int n, int p, double common, Random rnd) {
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            double f = rnd.nextGaussian();
            for (int j = 0; j < p; j++) {
                x[i * p + j] = common * f + rnd.nextGaussian();
            }
        }
        return x;
    }

    private static double[] linear(double[] x, int n, int p, int active, Random rnd) {
        double[] beta = new double[p];
        for (int j = 0; j < active; j++) {
            beta[rnd.nextInt(p)] = rnd.nextGaussian();
        }
        double[] eta = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                eta[i] += x[i * p + j] * beta[j];
            }
            mean += eta[i] / n;
        }
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (eta[i] - mean) * (eta[i] - mean) / n;
        }
        double scale = 2.0 / Math.sqrt(Math.max(var, 1e-12));
        for (int i = 0; i < n; i++) {
            eta[i] *= scale;
        }
        return eta;
    }

    private static TrainingData denseLogistic(int n, int p, int active, double common, long seed) {
        Random rnd = new Random(seed);
        double[] x = denseX(n, p, common, rnd);
        double[] eta = linear(x, n, p, active, rnd);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta[i])) ? 1 : 0;
        }
        return new TrainingData(new DenseMatrix(n, p, x), y, 2, null);
    }

    private static TrainingData denseSquared(int n, int p, int active, double common, long seed) {
        Random rnd = new Random(seed);
        double[] x = denseX(n, p, common, rnd);
        double[] eta = linear(x, n, p, active, rnd);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = eta[i] + rnd.nextGaussian();
        }
        return new TrainingData(new DenseMatrix(n, p, x), y, 0, null);
    }

    /** Binary bag-of-words-like rows: {@code perRow} distinct columns per row, Zipf-like column frequencies. */
    private static TrainingData sparseLogistic(int n, int p, int perRow, int active, long seed) {
        Random rnd = new Random(seed);
        int[] start = new int[n + 1];
        int[] idx = new int[n * perRow];
        double[] val = new double[n * perRow];
        double[] beta = new double[p];
        for (int j = 0; j < active; j++) {
            beta[rnd.nextInt(200)] = 1.5 * rnd.nextGaussian();
        }
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int[] cols = rnd.ints(0, Integer.MAX_VALUE).map(r -> (int) Math.min(p - 1,
                    Math.floor(Math.pow(p + 1.0, (r % 1_000_003) / 1_000_003.0)) - 1)).distinct().limit(perRow)
                    .sorted().toArray();
            double eta = -1.0;
            for (int c : cols) {
                idx[k] = c;
                val[k++] = 1.0;
                eta += beta[c];
            }
            start[i + 1] = k;
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new TrainingData(new CsrMatrix(n, p, start, idx, val), y, 2, null);
    }

    // ---- measurement ----------------------------------------------------------------------------------------------

    /**
     * Lasso with screening off: with the engine's default strong-rule working sets, a given solver is bypassed (each
     * working set gets a solver from the options) and the M-steps are on the working-set columns only. The engine's
     * default (screening on, automatic solver) is one extra row of the fit table.
     */
    private static FitOptions options(Case k) {
        FitOptions o = FitOptions.defaults().withPenalty(Penalty.lasso()).withScreening(false);
        return k.squared() ? o.withLoss(SquaredLoss.INSTANCE) : o;
    }

    private static void warmUp() throws Exception {
        TrainingData d = read("datasets/breast-cancer.csv");
        FitOptions o = FitOptions.defaults().withPenalty(Penalty.lasso());
        SmEm.Prepared prep = SmEm.prepare(d, o);
        double lambda = RegularizationPath.grid(prep, o, 40, Double.NaN)[10];
        for (int rep = 0; rep < 5; rep++) {
            for (Supplier<MStepSolver> s : List.<Supplier<MStepSolver>>of(CholeskySolver::new,
                    ConjugateGradientSolver::new, HaltonMonteCarloSolver::new)) {
                SmEm.fit(prep, o.withLambda(lambda), null, s.get());
            }
        }
    }

    private static void runCase(Case k, List<List<String>> stepRows, List<List<String>> fitRows) {
        FitOptions base = options(k);
        SmEm.Prepared prep = SmEm.prepare(k.data(), base);
        DesignMatrix z = prep.working();
        double[] grid = RegularizationPath.grid(prep, base, 40, Double.NaN);
        int n = z.rows();
        int p = z.cols();
        for (int li : k.lambdaIndices()) {
            double lambda = grid[li];
            String rel = String.format(Locale.ROOT, "%.3g", lambda / grid[0]);
            FitOptions opts = base.withLambda(lambda).withMaxIterations(2000);
            // Systems of the engine's default run (EM-safeguarded Newton: active-set systems, v in {0, inf}) and of
            // the base EM (Figueiredo's lasso weights: most v_j shrinking towards 0 late in the run).
            String[] runs = {"default", "base-em"};
            FitOptions[] runOptions = {opts, opts.withAcceleration(Acceleration.NONE).withMaxIterations(k.emCap())};
            for (int ri = 0; ri < runs.length; ri++) {
                if (ri == 0 && !k.recordDefault()) {
                    continue;
                }
                long t0 = System.nanoTime();
                Recorder rec = new Recorder(SolverChoice.AUTO.create(z));
                FitResult recorded = SmEm.fit(prep, runOptions[ri], null, rec);
                System.out.printf(Locale.ROOT, "%s lambda/max=%s %s: recorded %d M-steps (%s, %.0f ms, %d nonzeros,"
                                + " %d iterations)%n", k.name(), rel, runs[ri], rec.systems.size(), recorded.solver(),
                        (System.nanoTime() - t0) / 1e6, recorded.nonZeros(), recorded.iterations());
                List<Sys> lasso = new ArrayList<>();
                for (Sys s : rec.systems) {
                    if (!isRidge(s.v())) {
                        lasso.add(s);
                    }
                }
                if (lasso.isEmpty()) {
                    continue;
                }
                int[] picks = {0, lasso.size() / 2, lasso.size() - 1};
                String[] labels = {"first", "middle", "last"};
                for (int q = 0; q < picks.length; q++) {
                    if (q > 0 && picks[q] == picks[q - 1]) {
                        continue;
                    }
                    Sys s = lasso.get(picks[q]);
                    Sys previous = rec.systems.get(rec.systems.indexOf(s) - 1);
                    String label = runs[ri] + ":" + labels[q] + " (" + (isActiveSet(s.v()) ? "newton" : "em") + ")";
                    replay(k, z, previous, s, rel, label, stepRows);
                }
            }
            if (k.fits()) {
                fits(k, prep, opts, rel, fitRows);
                fits(k, prep, opts.withAcceleration(Acceleration.RESTART).withMaxIterations(1000), rel, fitRows);
            }
        }
    }

    /**
     * Times one M-step as it happens inside the fit: a fresh solver first solves the system recorded just before (not
     * timed: it leaves what a solver carries from one step to the next — the previous factor, a Gram matrix held
     * while the weights are unchanged), then the system itself. Passes are those of the timed solve.
     */
    private static void replay(Case k, DesignMatrix z, Sys previous, Sys s, String rel, String label,
                               List<List<String>> stepRows) {
        int n = z.rows();
        int p = z.cols();
        double[] diag = cheapDiagnostics(z, s);
        Settings exactStep = Settings.defaults().withRelativeTolerance(STEP_TOLERANCE)
                .withFallbackTolerance(STEP_TOLERANCE).withFallbackIterations(100_000);
        List<Object[]> solvers = new ArrayList<>();
        if (p <= SolverChoice.MAX_DENSE_GRAM) {
            solvers.add(new Object[] {"cholesky", (Supplier<MStepSolver>) CholeskySolver::new});
        }
        solvers.add(new Object[] {"cg", (Supplier<MStepSolver>) () -> new ConjugateGradientSolver(STEP_TOLERANCE,
                100_000)});
        if (p <= SolverChoice.MAX_DENSE_GRAM) {
            solvers.add(new Object[] {"cg-on-gram", (Supplier<MStepSolver>) () -> new GramCg(STEP_TOLERANCE)});
        }
        solvers.add(new Object[] {"halton", (Supplier<MStepSolver>) () -> new HaltonMonteCarloSolver(exactStep)});
        if (p <= SolverChoice.MAX_DENSE_GRAM) {
            solvers.add(new Object[] {"halton-walk-new-gram", (Supplier<MStepSolver>) () ->
                    new HaltonMonteCarloSolver(exactStep.withWalkOnNewGram(true))});
        }
        if (!k.lean()) {
            solvers.add(new Object[] {"halton-columns-runtime", (Supplier<MStepSolver>) () ->
                    new HaltonMonteCarloSolver(exactStep.withMode(Mode.COLUMNS).withCheck(Check.RUNTIME))});
            solvers.add(new Object[] {"prng-walk-new-gram", (Supplier<MStepSolver>) () -> new HaltonMonteCarloSolver(
                    exactStep.withWalkOnNewGram(true).withHalton(false))});
            solvers.add(new Object[] {"halton-sub25", (Supplier<MStepSolver>) () -> new HaltonMonteCarloSolver(
                    exactStep.withSubsampleFraction(0.25).withCheck(Check.RUNTIME))});
            solvers.add(new Object[] {"halton-columns-sub05", (Supplier<MStepSolver>) () -> new HaltonMonteCarloSolver(
                    exactStep.withMode(Mode.COLUMNS).withSubsampleFraction(0.05).withCheck(Check.RUNTIME))});
        }
        for (Object[] entry : solvers) {
            String name = (String) entry[0];
            @SuppressWarnings("unchecked")
            Supplier<MStepSolver> make = (Supplier<MStepSolver>) entry[1];
            double[] times = new double[k.repeats()];
            MStepSolver solver = null;
            double[] theta = null;
            double passes = 0;
            for (int rep = 0; rep < k.repeats(); rep++) {
                solver = make.get();
                solver.solve(z, true, previous.c(), previous.r(), previous.v(), previous.theta().clone());
                double before = solver.dataPasses();
                theta = s.theta().clone();
                long start = System.nanoTime();
                boolean ok = solver.solve(z, true, s.c(), s.r(), s.v(), theta);
                times[rep] = (System.nanoTime() - start) / 1e6;
                passes = solver.dataPasses() - before;
                if (!ok) {
                    theta = null;
                    break;
                }
            }
            Arrays.sort(times);
            double res = theta == null ? Double.NaN : relativeResidual(z, s, theta);
            String outcome = "";
            String certificate = "";
            String rho = "";
            String stages = "";
            String columns = "";
            if (solver instanceof HaltonMonteCarloSolver h) {
                Report r = h.lastReport();
                outcome = r.outcome().name().toLowerCase(Locale.ROOT);
                certificate = r.certificate();
                rho = fmt(r.rhoBound());
                stages = Integer.toString(r.stages());
                columns = Integer.toString(r.columnsFetched());
            }
            List<String> row = List.of(k.name(), Integer.toString(n), Integer.toString(p), rel, label,
                    String.format(Locale.ROOT, "%.1f", diag[0]), fmt(diag[1]), name,
                    String.format(Locale.ROOT, "%.2f", times[times.length / 2]),
                    String.format(Locale.ROOT, "%.1f", passes), fmt(res), outcome, certificate,
                    rho, stages, columns);
            System.out.println(String.join(" | ", row));
            stepRows.add(row);
        }
    }

    /** A Newton (active-set) system: every coordinate pinned (v = 0) or unpenalized (v = ∞). */
    private static boolean isActiveSet(double[] v) {
        for (double x : v) {
            if (x != 0 && x != Double.POSITIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    private static void fits(Case k, SmEm.Prepared prep, FitOptions opts, String rel, List<List<String>> fitRows) {
        DesignMatrix z = prep.working();
        List<Object[]> solvers = new ArrayList<>();
        if (z.cols() <= SolverChoice.MAX_DENSE_GRAM) {
            solvers.add(new Object[] {"cholesky", (Supplier<MStepSolver>) CholeskySolver::new});
        }
        solvers.add(new Object[] {"cg", (Supplier<MStepSolver>) ConjugateGradientSolver::new});
        solvers.add(new Object[] {"halton", (Supplier<MStepSolver>) HaltonMonteCarloSolver::new});
        solvers.add(new Object[] {"engine default: auto + screening", (Supplier<MStepSolver>) () -> null});
        List<FitResult> results = new ArrayList<>();
        List<double[]> extra = new ArrayList<>();
        List<Double> ms = new ArrayList<>();
        List<Double> cpuMs = new ArrayList<>();
        int repeats = Math.max(1, k.repeats() / 2);
        for (Object[] entry : solvers) {
            @SuppressWarnings("unchecked")
            Supplier<MStepSolver> make = (Supplier<MStepSolver>) entry[1];
            double[] times = new double[repeats];
            double[] cpu = new double[repeats];
            FitResult res = null;
            MStepSolver solver = null;
            for (int rep = 0; rep < repeats; rep++) {
                solver = make.get();
                FitOptions o = solver == null ? opts.withScreening(true) : opts;
                long t0 = System.nanoTime();
                long cpu0 = cpuNanos();
                res = SmEm.fit(prep, o, null, solver);
                times[rep] = (System.nanoTime() - t0) / 1e6;
                cpu[rep] = (cpuNanos() - cpu0) / 1e6;
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            results.add(res);
            ms.add(times[repeats / 2]);
            cpuMs.add(cpu[repeats / 2]);
            extra.add(solver instanceof HaltonMonteCarloSolver h ? new double[] {h.monteCarloSolves(), h.fallbacks(),
                h.dataPasses()} : new double[] {Double.NaN, Double.NaN, solver == null ? Double.NaN
                    : solver.dataPasses()});
        }
        double best = results.stream().mapToDouble(FitResult::objective).min().orElseThrow();
        for (int i = 0; i < results.size(); i++) {
            FitResult r = results.get(i);
            double[] hx = extra.get(i);
            List<String> row = List.of(k.name(), Integer.toString(z.rows()), Integer.toString(z.cols()), rel,
                    solvers.get(i)[0] + " (" + opts.resolvedAcceleration().cliName() + ")",
                    String.format(Locale.ROOT, "%.1f", ms.get(i)), String.format(Locale.ROOT, "%.1f", cpuMs.get(i)),
                    Integer.toString(r.iterations()), String.format(Locale.ROOT, "%.0f", r.dataPasses()),
                    Double.isNaN(hx[2]) ? "" : String.format(Locale.ROOT, "%.0f", hx[2]),
                    fmt((r.objective() - best) / Math.abs(best)),
                    Boolean.toString(r.converged()), Integer.toString(r.nonZeros()),
                    Double.isNaN(hx[0]) ? "" : Long.toString((long) hx[0]),
                    Double.isNaN(hx[1]) ? "" : Long.toString((long) hx[1]));
            System.out.println("fit: " + String.join(" | ", row));
            fitRows.add(row);
        }
    }

    /** A ridge-start system: every penalized coordinate has the same finite prior variance. */
    private static boolean isRidge(double[] v) {
        double first = Double.NaN;
        for (double x : v) {
            if (Double.isFinite(x) && x > 0) {
                if (Double.isNaN(first)) {
                    first = x;
                } else if (x != first) {
                    return false;
                }
            }
        }
        return !Double.isNaN(first);
    }

    /**
     * {percentage of penalized coordinates with t_j = u_j² A_jj / D_j &lt; 0.01 (shrunk: diagonal-dominant rows), the
     * cheap Perron bound on ρ(|H|)} — the solver's own check, recomputed here for the table.
     */
    private static double[] cheapDiagnostics(DesignMatrix z, Sys s) {
        int p = z.cols();
        int m = p + 1;
        double[] a = new double[m];
        z.weightedColumnSquares(s.c(), a);
        for (double ci : s.c()) {
            a[p] += ci;
        }
        double[] t = new double[m];
        int penalized = 0;
        int shrunk = 0;
        for (int j = 0; j < m; j++) {
            double u = MStepSolver.scaleOf(s.v()[j]);
            double e = MStepSolver.identityPartOf(s.v()[j]);
            double d = u * u * a[j] + e;
            t[j] = d > 0 ? u * u * a[j] / d : 0;
            if (e > 0) {
                penalized++;
                if (t[j] < 0.01) {
                    shrunk++;
                }
            }
        }
        // Perron root of Σ t/(λ+t) = 1 by bisection.
        double lo = 0;
        double hi = Arrays.stream(t).sum();
        if (secular(t, 0) <= 1) {
            return new double[] {100.0 * shrunk / Math.max(1, penalized), 0.0};
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (secular(t, mid) > 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new double[] {100.0 * shrunk / Math.max(1, penalized), hi};
    }

    private static double secular(double[] t, double lambda) {
        double f = 0;
        for (double x : t) {
            if (x > 0) {
                f += x / (lambda + x);
            }
        }
        return f;
    }

    /** ‖U r − M φ‖ / ‖U r − M φ₀‖ at θ = Uφ, recomputed with two products (not counted anywhere). */
    private static double relativeResidual(DesignMatrix z, Sys s, double[] theta) {
        return residualNorm(z, s, theta) / residualNorm(z, s, s.theta());
    }

    private static double residualNorm(DesignMatrix z, Sys s, double[] theta) {
        int n = z.rows();
        int p = z.cols();
        int m = p + 1;
        double[] phi = new double[m];
        double[] uphi = new double[m];
        for (int j = 0; j < m; j++) {
            double u = MStepSolver.scaleOf(s.v()[j]);
            phi[j] = u > 0 ? theta[j] / u : 0.0;
            uphi[j] = u * phi[j];
        }
        double[] t = new double[n];
        z.multiply(uphi, uphi[p], t);
        double total = 0;
        for (int i = 0; i < n; i++) {
            t[i] *= s.c()[i];
            total += t[i];
        }
        double[] out = new double[m];
        z.transposeMultiply(t, out);
        out[p] = total;
        double norm = 0;
        for (int j = 0; j < m; j++) {
            double u = MStepSolver.scaleOf(s.v()[j]);
            double res = u * s.r()[j] - (u * out[j] + MStepSolver.identityPartOf(s.v()[j]) * phi[j]);
            norm += res * res;
        }
        return Math.sqrt(norm);
    }

    /** CPU time of the whole process (all threads: the Gram kernel is parallel), robust to other processes' load. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "";
        }
        if (Double.isInfinite(x)) {
            return "inf";
        }
        return x == 0 ? "0" : String.format(Locale.ROOT, "%.2g", x);
    }

    // ---- output ---------------------------------------------------------------------------------------------------

    private static void write(List<List<String>> stepRows, List<List<String>> fitRows) throws IOException {
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve("halton-vs-exact.csv"));
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            csv.printRecord(concat("table", STEP_HEADER));
            for (List<String> r : stepRows) {
                csv.printRecord(concat("m-step", r));
            }
            csv.printRecord(concat("table", FIT_HEADER));
            for (List<String> r : fitRows) {
                csv.printRecord(concat("fit", r));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# Halton Monte Carlo M-steps vs exact solvers\n\n")
                .append("Generated by `io.smem.bench.scale.HaltonVsExact` (median wall time, one JVM after warm-up).\n")
                .append("Summary and reading: [`halton-reading.md`](halton-reading.md).\n\n")
                .append("## One M-step (target: residual 1e-8 relative to the warm start)\n\n")
                .append("Each system is replayed as it happens inside the fit: a fresh solver first solves the system\n")
                .append("recorded just before it (untimed), then this one. `system`: which run recorded it (`default`:\n")
                .append("EM-safeguarded Newton; `base-em`: plain EM) and where (first lasso step after the ridge start,\n")
                .append("middle, last). `shrunk_pct`: penalized coordinates with u²A_jj/D_j < 0.01. `cheap_rho_bound`:\n")
                .append("the diagonal-only bound on ρ(|H|). `ms`: median wall time of the timed solve. `passes`: of the\n")
                .append("timed solve. `rel_residual`: ‖Ur − Mφ‖ / ‖Ur − Mφ₀‖ recomputed independently. Halton columns:\n")
                .append("outcome, certificate, ρ bound used, stages, columns of H built. `cg-on-gram` is a baseline\n")
                .append("outside the engine (Jacobi CG on an explicitly held Gram matrix).\n\n");
        table(md, STEP_HEADER, stepRows);
        md.append("\n## Whole lasso fits (solver plugged in; default acceleration and objective restart)\n\n")
                .append("`passes` is FitResult.dataPasses(): the lasso run only, without its ridge start (the engine's\n")
                .append("bookkeeping). `solver_passes_all` is the solver's own count over the whole fit, ridge start\n")
                .append("included (the Gram matrix of the squared loss is formed there). `cpu_ms`: process CPU time,\n")
                .append("all threads (the Gram kernel is parallel), 10 ms resolution. Screening (strong-rule working\n")
                .append("sets) is off for the plugged-in solvers, which it would bypass; the last row of each group is\n")
                .append("the engine's default (screening on, automatic solver on the working set).\n\n");
        table(md, FIT_HEADER, fitRows);
        Files.writeString(dir.resolve("halton-vs-exact.md"), md.toString());
        System.out.println("wrote " + dir.resolve("halton-vs-exact.md") + " and .csv");
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            md.append(" --- |");
        }
        md.append('\n');
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
    }
}
