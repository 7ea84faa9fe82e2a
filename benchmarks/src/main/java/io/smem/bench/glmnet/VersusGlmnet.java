package io.smem.bench.glmnet;

import io.smem.data.DesignMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.LogisticLoss;
import io.smem.path.Evaluation;
import io.smem.path.PathOptions;
import io.smem.path.PathPoint;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.path.SelectionRule;
import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Lasso paths with 10-fold cross-validation, the engine against R's glmnet (issue #6, item 4), without R: glmnet's
 * results are read from the golden files that {@code benchmarks/glmnet/run-glmnet.R} cached.
 *
 * <p>Both solve the same problems: binary logistic lasso, standardized, with intercept, on the engine's λ grid of 40
 * and of 100 points (passed to glmnet as {@code lambda =}), cross-validated on the same folds (the engine's
 * stratified seeded {@code RegularizationPath.assignFolds}, exported to glmnet as {@code foldid}). For each data set
 * and grid it reports the time of the engine's {@code RegularizationPath.fit} (path + CV, median after warm-up, one
 * and two threads) against cv.glmnet's, the selected λ (minimum CV deviance and one-standard-error rule), the largest
 * coefficient difference to glmnet at a tight threshold (1e-12), and the objective of every solution in glmnet's
 * convention, computed here by one function for all of them. A second table puts time against accuracy: the engine
 * at three tolerances, glmnet at four thresholds.
 *
 * <p>Usage (from the repository root):
 * <pre>
 *   mvn -q -o -pl benchmarks exec:java -Dbench=io.smem.bench.glmnet.VersusGlmnet                       # compare
 *   mvn -q -o -pl benchmarks exec:java -Dbench=io.smem.bench.glmnet.VersusGlmnet -Dexec.args="export"   # R inputs
 *   mvn -q -o -pl benchmarks exec:java -Dbench=io.smem.bench.glmnet.VersusGlmnet -Dexec.args="datasets" # load all
 * </pre>
 * Options of the comparison: {@code --repeats N} (at most N timed runs per measurement, default 5),
 * {@code --budget MS} (stop timing a measurement once its runs add up to this, default 3000), {@code --quick} (3 runs,
 * 1000 ms), then data set names (default: all four). Writes {@code docs/results/glmnet-paths.md},
 * {@code glmnet-paths.csv} (one row per data set and grid) and {@code glmnet-lambdas.csv} (one row per λ).
 */
public final class VersusGlmnet {

    /** glmnet's default convergence threshold. */
    static final double GLMNET_DEFAULT_THRESH = 1e-7;
    /** Two objective values closer than this (relative) count as a tie. */
    static final double TIE = 1e-13;
    /** The engine's tolerance settings of the accuracy table: {relative objective change, KKT residual}. */
    static final double[][] ENGINE_TOLERANCES = {{1e-6, 1e-4}, {1e-8, 1e-6},
            {FitOptions.DEFAULT_TOLERANCE, FitOptions.DEFAULT_KKT_TOLERANCE}};

    private int repeats = 5;
    private double budgetMs = 3000;
    private final StringBuilder md = new StringBuilder();
    private final List<List<Object>> summary = new ArrayList<>();
    private final List<List<Object>> perLambda = new ArrayList<>();
    private final List<String> accuracyRows = new ArrayList<>();
    private final List<String> checkRows = new ArrayList<>();
    private final List<String> selectionRows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private VersusGlmnet() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        String mode = !rest.isEmpty() && List.of("export", "datasets", "diagnose", "diagnose100", "stall", "compare").contains(rest.get(0))
                ? rest.remove(0) : "compare";
        VersusGlmnet bench = new VersusGlmnet();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--repeats" -> bench.repeats = Integer.parseInt(rest.get(++i));
                case "--budget" -> bench.budgetMs = Double.parseDouble(rest.get(++i));
                case "--quick" -> {
                    bench.repeats = 3;
                    bench.budgetMs = 1000;
                }
                default -> names.add(rest.get(i));
            }
        }
        if (names.isEmpty()) {
            names.addAll(GlmnetProblem.FILES.keySet());
        }
        switch (mode) {
            case "export" -> ExportForGlmnet.run(names);
            case "datasets" -> DatasetCheck.run();
            case "diagnose" -> Diagnose.run(names, 40);
            case "diagnose100" -> Diagnose.run(names, 100);
            case "stall" -> StallRepro.run(names.get(0), Integer.parseInt(names.get(1)), Integer.parseInt(names.get(2)));
            default -> bench.compare(names);
        }
    }

    // ---- the comparison ------------------------------------------------------------------------------------------

    private void compare(List<String> names) throws Exception {
        long start = System.nanoTime();
        // JIT warm-up on two small sets, so that a single timed run of a large one is meaningful.
        for (String small : List.of("breast-cancer", "ionosphere")) {
            GlmnetProblem w = GlmnetProblem.load(small);
            PathOptions po = PathOptions.defaults().withLambdas(w.engineGrid(40));
            for (int i = 0; i < 3; i++) {
                RegularizationPath.fit(w.data, GlmnetProblem.options(), po.withThreads(1), null);
            }
        }
        for (String name : names) {
            GlmnetProblem problem = GlmnetProblem.load(name);
            Golden golden = Golden.read(name);
            checkInputs(problem, golden);
            for (int count : GlmnetProblem.GRID_SIZES) {
                Timed<PathResult> run = compareGrid(problem, golden, count);
                if (count == 40) {
                    accuracy(problem, golden, 40, run);
                }
            }
        }
        write(names, (System.nanoTime() - start) / 1e9);
    }

    /** The exported folds and grids, and the golden's feature names, must still be what the engine computes. */
    private void checkInputs(GlmnetProblem problem, Golden golden) throws IOException {
        List<String> folds = Files.readAllLines(ExportForGlmnet.DIR.resolve("folds-" + problem.name + ".csv"));
        int[] fold = problem.folds();
        boolean same = folds.size() == problem.rows() + 1;
        for (int i = 0; same && i < problem.rows(); i++) {
            String[] f = folds.get(i + 1).split(",");
            same = Integer.parseInt(f[f.length - 1]) == fold[i] + 1
                    && Integer.parseInt(f[f.length - 2]) == (int) problem.data.response()[i];
        }
        List<String> grid = Files.readAllLines(ExportForGlmnet.DIR.resolve("grid-" + problem.name + ".csv"));
        int line = 1;
        for (int count : GlmnetProblem.GRID_SIZES) {
            for (double l : problem.engineGrid(count)) {
                // Equal to rounding: the engine's λ_max is a sum over rows, whose order the row-block kernels fix
                // by the problem's shape, not by the exported file's history.
                same &= line < grid.size() && Math.abs(Double.parseDouble(grid.get(line++).split(",")[2]) - l)
                        <= 1e-12 * l;
            }
        }
        same &= golden.featureNames.size() == problem.cols();
        if (!same) {
            throw new IllegalStateException(problem.name + ": the engine's folds or grid differ from the exported "
                    + "ones; re-run `VersusGlmnet export` and `Rscript benchmarks/glmnet/run-glmnet.R`");
        }
    }

    private Timed<PathResult> compareGrid(GlmnetProblem problem, Golden golden, int count) {
        TrainingData data = problem.data;
        FitOptions base = GlmnetProblem.options();
        double[] grid = problem.engineGrid(count);
        String config = "engine" + count;
        PathOptions po = PathOptions.defaults().withLambdas(grid).withRule(SelectionRule.CV_MIN);

        Timed<PathResult> one = time(() -> RegularizationPath.fit(data, base, po.withThreads(1), null));
        Timed<PathResult> two = count == 40 ? time(() -> RegularizationPath.fit(data, base, po.withThreads(2), null))
                : null;
        Timed<List<FitResult>> pathOnly = time(() -> RegularizationPath.fits(SmEm.prepare(data, base), base, grid,
                null));
        PathResult result = one.value;
        List<PathPoint> points = result.points();
        int engineMin = RegularizationPath.select(points, SelectionRule.CV_MIN);
        int engine1se = RegularizationPath.select(points, SelectionRule.CV_1SE);

        Golden.Run gd = golden.run(config, GLMNET_DEFAULT_THRESH);
        double tightThresh = golden.tightest(config);
        Golden.Run gt = golden.run(config, tightThresh);
        Golden.Run own = golden.run("glmnet" + count, GLMNET_DEFAULT_THRESH);
        List<Golden.Point> gdPath = golden.path(config, GLMNET_DEFAULT_THRESH);
        List<Golden.Point> gtPath = golden.path(config, tightThresh);
        List<double[]> gtCoef = golden.tightCoef.get(config);

        // Objectives (one function for all), coefficient differences against glmnet-tight, CV curves.
        double maxCoefDiff = 0;
        double maxStdCoefDiff = 0;
        double maxCvmDiffDefault = 0;
        double maxCvmDiffTight = 0;
        double maxObjRecompute = 0;
        double maxEngineInternal = 0;
        double subEngine = 0;
        double subDefault = 0;
        double subTight = 0;
        int engineCloser = 0;
        int tightCloser = 0;
        int ties = 0;
        int supportDiffers = 0;
        int engineUnconverged = 0;
        double kktEngine = 0;
        double kktTight = 0;
        int p = problem.cols();
        for (int k = 0; k < grid.length; k++) {
            FitResult fit = points.get(k).fit();
            if (!fit.converged()) {
                engineUnconverged++;
            }
            double[] beta = fit.coefficients()[0];
            double fe = problem.objective(grid[k], fit.intercepts()[0], beta);
            double kktE = problem.kktResidual(grid[k], fit.intercepts()[0], beta);
            kktEngine = Math.max(kktEngine, kktE);
            double kktT = Double.NaN;
            maxEngineInternal = Math.max(maxEngineInternal, Math.abs(fe - fit.objective()) / fe);
            double fd = k < gdPath.size() ? gdPath.get(k).objective() : Double.NaN;
            double ft = k < gtPath.size() ? gtPath.get(k).objective() : Double.NaN;
            double best = min(fe, fd, ft);
            subEngine = Math.max(subEngine, (fe - best) / best);
            if (!Double.isNaN(fd)) {
                subDefault = Math.max(subDefault, (fd - best) / best);
                maxCvmDiffDefault = Math.max(maxCvmDiffDefault, Math.abs(points.get(k).cvMean() - gdPath.get(k).cvm()));
            }
            double ftJava = Double.NaN;
            double coefDiff = Double.NaN;
            double stdDiff = Double.NaN;
            if (!Double.isNaN(ft)) {
                subTight = Math.max(subTight, (ft - best) / best);
                maxCvmDiffTight = Math.max(maxCvmDiffTight, Math.abs(points.get(k).cvMean() - gtPath.get(k).cvm()));
                double[] c = gtCoef.get(k);
                double[] gb = Arrays.copyOfRange(c, 1, c.length);
                ftJava = problem.objective(grid[k], c[0], gb);
                kktT = problem.kktResidual(grid[k], c[0], gb);
                kktTight = Math.max(kktTight, kktT);
                maxObjRecompute = Math.max(maxObjRecompute, Math.abs(ftJava - ft) / ft);
                coefDiff = Math.abs(fit.intercepts()[0] - c[0]);
                stdDiff = 0;
                boolean supportSame = true;
                for (int j = 0; j < p; j++) {
                    coefDiff = Math.max(coefDiff, Math.abs(beta[j] - gb[j]));
                    stdDiff = Math.max(stdDiff, Math.abs(beta[j] - gb[j]) * problem.sd[j]);
                    supportSame &= (beta[j] != 0) == (gb[j] != 0);
                }
                if (!supportSame) {
                    supportDiffers++;
                }
                maxCoefDiff = Math.max(maxCoefDiff, coefDiff);
                maxStdCoefDiff = Math.max(maxStdCoefDiff, stdDiff);
                if (Math.abs(fe - ft) <= TIE * ft) {
                    ties++;
                } else if (fe < ft) {
                    engineCloser++;
                } else {
                    tightCloser++;
                }
            }
            perLambda.add(List.of(problem.name, count, k + 1, grid[k], fit.nonZeros(),
                    k < gdPath.size() ? gdPath.get(k).nonzero() : "", fe, nan(fd), nan(ft), nan(ftJava),
                    nan((fe - best) / best), nan((fd - best) / best), nan((ft - best) / best), nan(coefDiff),
                    nan(stdDiff), kktE, nan(kktT), points.get(k).cvMean(), k < gdPath.size() ? nan(gdPath.get(k).cvm()) : "",
                    points.get(k).cvSe(), k < gdPath.size() ? nan(gdPath.get(k).cvsd()) : "", fit.iterations(),
                    fit.converged()));
        }
        if (maxEngineInternal > 1e-12) {
            notes.add(String.format(Locale.ROOT, "%s, %d λ: the engine's own objective differs from glmnet's "
                    + "convention by up to %.1e (relative)", problem.name, count, maxEngineInternal));
        }
        if (maxObjRecompute > 1e-12) {
            notes.add(String.format(Locale.ROOT, "%s, %d λ: the objective of glmnet-tight recomputed here from its "
                    + "12-digit coefficients differs from R's by up to %.1e (relative)", problem.name, count,
                    maxObjRecompute));
        }
        if (engineUnconverged > 0) {
            notes.add(problem.name + ", " + count + " λ: " + engineUnconverged + " engine fits not converged");
        }

        boolean minSame = gd.indexMin() == engineMin;
        boolean oneSeSame = gd.index1se() == engine1se;
        boolean minSameTight = gt.indexMin() == engineMin;
        boolean oneSeSameTight = gt.index1se() == engine1se;
        double ratio1 = one.median / gd.cvMs();
        double ratioCpu = one.cpu / gd.cvCpuMs();
        double ratio2 = two == null ? Double.NaN : two.median / gd.cvMs();
        String timeRow = String.format(Locale.ROOT,
                "| %s | %d × %d | %d | %.0f | %.0f | %.0f | %.0f | **%.2f** | **%.2f** | %s | %s | %.0f (%d λ) | "
                        + "%.0f | %.0f | %d / %d |",
                problem.name, problem.rows(), p, count, one.median, one.cpu, gd.cvMs(), gd.cvCpuMs(), ratio1,
                ratioCpu, two == null ? "–" : String.format(Locale.ROOT, "%.0f", two.median),
                two == null ? "–" : String.format(Locale.ROOT, "%.2f", ratio2), own.cvMs(), own.nlambda(),
                pathOnly.median, gd.pathMs(), one.runs, gd.runs());
        String selRow = String.format(Locale.ROOT,
                "| %s | %d | #%d (%.4g) / #%d (%.4g) | #%d / #%d %s | #%d / #%d %s | %.1e | %.1e |",
                problem.name, count, engineMin + 1, grid[engineMin], engine1se + 1, grid[engine1se], gd.indexMin() + 1,
                gd.index1se() + 1, minSame && oneSeSame ? "same" : "**differs**", gt.indexMin() + 1,
                gt.index1se() + 1, minSameTight && oneSeSameTight ? "same" : "**differs**", maxCvmDiffDefault,
                maxCvmDiffTight);
        String check = String.format(Locale.ROOT,
                "| %s | %d | %.1e | %.1e | %.1e | %.1e | %.1e | %d / %d / %d | %.1e | %.1e | %d | %d of %d |",
                problem.name, count, maxCoefDiff, maxStdCoefDiff, subEngine, subDefault, subTight, engineCloser,
                ties, tightCloser, kktEngine, kktTight, supportDiffers, gt.nlambda(), count);
        System.out.println(timeRow);
        System.out.println(selRow);
        System.out.println(check);
        md.append(timeRow).append('\n');
        selectionRows.add(selRow);
        checkRows.add(check);
        summary.add(List.of(problem.name, problem.rows(), p, count, r1(one.median), r1(one.cpu),
                two == null ? "" : r1(two.median),
                r1(gd.cvMs()), r1(gd.cvCpuMs()), r1(own.cvMs()), own.nlambda(), r3(ratio1), r3(ratioCpu), r3(ratio2),
                r1(pathOnly.median), r1(gd.pathMs()), grid[engineMin], grid[engine1se], gd.lambdaMin(),
                gd.lambda1se(), minSame, oneSeSame, minSameTight, oneSeSameTight, maxCoefDiff, maxStdCoefDiff,
                subEngine, subDefault, subTight, engineCloser, ties, tightCloser, kktEngine, kktTight, supportDiffers,
                maxCvmDiffDefault,
                maxCvmDiffTight, gt.nlambda(), tightThresh, r1(gt.cvMs()), one.runs, gd.runs()));
        if (count == 40) {
            foldCheck(problem, grid, points, golden.path(config, tightThresh));
        }
        return one;
    }

    /**
     * Replays the engine's cross-validation by hand with {@code assignFolds(data, 10, seed)} (the folds given to
     * glmnet): the held-out deviance must equal the engine's to rounding, which shows that both used the same
     * folds. Also scores the same fold fits the way cv.glmnet does (probabilities clipped to [1e-5, 1 − 1e-5]).
     */
    private void foldCheck(GlmnetProblem problem, double[] grid, List<PathPoint> points, List<Golden.Point> tight) {
        TrainingData data = problem.data;
        FitOptions base = GlmnetProblem.options();
        int[] fold = problem.folds();
        int folds = GlmnetProblem.FOLDS;
        double[][] dev = new double[grid.length][folds];
        double[][] clipped = new double[grid.length][folds];
        double[] weight = new double[folds];
        int unconverged = 0;
        double unconvergedMs = 0;
        double totalMs = 0;
        String stalled = "";
        for (int k = 0; k < folds; k++) {
            int kk = k;
            int[] te = java.util.stream.IntStream.range(0, data.rows()).filter(i -> fold[i] == kk).toArray();
            double[] yte = new double[te.length];
            for (int r = 0; r < te.length; r++) {
                yte[r] = data.response()[te[r]];
            }
            weight[k] = te.length;
            TrainingData sub = problem.trainingPart(fold, k);
            List<FitResult> fits = RegularizationPath.fits(SmEm.prepare(sub, base), base, grid, null);
            for (int l = 0; l < fits.size(); l++) {
                FitResult f = fits.get(l);
                totalMs += f.timeMillis();
                if (!f.converged()) {
                    unconverged++;
                    unconvergedMs += f.timeMillis();
                    stalled += String.format(Locale.ROOT, "%sfold %d λ #%d (%d it, KKT %.1e)", stalled.isEmpty() ? ""
                            : "; ", k + 1, l + 1, f.iterations(), f.kktResidual());
                }
            }
            DesignMatrix xte = data.x().selectRows(te);
            for (int l = 0; l < grid.length; l++) {
                double[][] eta = Evaluation.scores(fits.get(l), xte);
                dev[l][k] = Evaluation.deviance(LogisticLoss.INSTANCE, eta, yte, null);
                double s = 0;
                for (int i = 0; i < te.length; i++) {
                    double prob = Math.min(Math.max(LogisticLoss.sigmoid(eta[0][i]), 1e-5), 1 - 1e-5);
                    s += -2 * (yte[i] == 1 ? Math.log(prob) : Math.log(1 - prob));
                }
                clipped[l][k] = s / te.length;
            }
        }
        double maxEngine = 0;
        double maxClippedVsGlmnet = 0;
        double maxUnclippedVsGlmnet = 0;
        int worst = -1;
        for (int l = 0; l < grid.length; l++) {
            double m = weightedMean(dev[l], weight);
            double mc = weightedMean(clipped[l], weight);
            maxEngine = Math.max(maxEngine, Math.abs(m - points.get(l).cvMean()));
            if (l < tight.size()) {
                double d = Math.abs(mc - tight.get(l).cvm());
                if (d > maxClippedVsGlmnet) {
                    maxClippedVsGlmnet = d;
                    worst = l;
                }
                maxUnclippedVsGlmnet = Math.max(maxUnclippedVsGlmnet, Math.abs(m - tight.get(l).cvm()));
            }
        }
        String line = String.format(Locale.ROOT, "| %s | %.1e | %.1e | %.1e (λ #%d) | %d%s | %.0f of %.0f |",
                problem.name, maxEngine, maxUnclippedVsGlmnet, maxClippedVsGlmnet, worst + 1, unconverged,
                stalled.isEmpty() ? "" : ": " + stalled, unconvergedMs, totalMs);
        System.out.println("fold check " + line);
        accuracyRows.add("FOLD" + line);
    }

    /** Time against accuracy on the 40-point grid: the engine at three tolerances, glmnet at its thresholds. */
    private void accuracy(GlmnetProblem problem, Golden golden, int count, Timed<PathResult> defaultRun) {
        TrainingData data = problem.data;
        double[] grid = problem.engineGrid(count);
        String config = "engine" + count;
        List<double[]> objectives = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Integer> fitted = new ArrayList<>();
        for (double[] tol : ENGINE_TOLERANCES) {
            FitOptions base = GlmnetProblem.options().withTolerance(tol[0]).withKktTolerance(tol[1]);
            PathOptions po = PathOptions.defaults().withLambdas(grid).withThreads(1);
            boolean isDefault = tol[0] == FitOptions.DEFAULT_TOLERANCE && tol[1] == FitOptions.DEFAULT_KKT_TOLERANCE;
            Timed<PathResult> t = isDefault ? defaultRun : time(() -> RegularizationPath.fit(data, base, po, null));
            double[] f = new double[grid.length];
            for (int k = 0; k < grid.length; k++) {
                FitResult fit = t.value.points().get(k).fit();
                f[k] = problem.objective(grid[k], fit.intercepts()[0], fit.coefficients()[0]);
            }
            objectives.add(f);
            labels.add(String.format(Locale.ROOT, "engine tol %.0e, KKT %.0e%s", tol[0], tol[1],
                    tol[0] == FitOptions.DEFAULT_TOLERANCE ? " (default)" : ""));
            times.add(t.median);
            cpus.add(t.cpu);
            fitted.add(grid.length);
        }
        for (Golden.Run r : golden.runs) {
            if (!r.config().equals(config)) {
                continue;
            }
            List<Golden.Point> path = golden.path(config, r.thresh());
            double[] f = new double[grid.length];
            Arrays.fill(f, Double.NaN);
            for (Golden.Point pt : path) {
                f[pt.k()] = pt.objective();
            }
            objectives.add(f);
            labels.add(String.format(Locale.ROOT, "glmnet thresh %.0e%s%s", r.thresh(),
                    r.thresh() == GLMNET_DEFAULT_THRESH ? " (default)" : "",
                    r.thresh() == golden.tightest(config) ? " (tight, maxit 1e6)" : ""));
            times.add(r.cvMs());
            cpus.add(r.cvCpuMs());
            fitted.add(r.nlambda());
        }
        double[] best = new double[grid.length];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (double[] f : objectives) {
            for (int k = 0; k < grid.length; k++) {
                if (!Double.isNaN(f[k])) {
                    best[k] = Math.min(best[k], f[k]);
                }
            }
        }
        for (int s = 0; s < objectives.size(); s++) {
            double[] f = objectives.get(s);
            double worst = 0;
            List<Double> subs = new ArrayList<>();
            for (int k = 0; k < grid.length; k++) {
                if (!Double.isNaN(f[k])) {
                    double sub = (f[k] - best[k]) / best[k];
                    worst = Math.max(worst, sub);
                    subs.add(sub);
                }
            }
            String line = String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %d of %d | %.1e | %.1e |",
                    problem.name, labels.get(s), times.get(s), cpus.get(s), fitted.get(s), grid.length, worst,
                    median(subs.stream().mapToDouble(Double::doubleValue).toArray()));
            System.out.println(line);
            accuracyRows.add(line);
        }
    }

    // ---- output --------------------------------------------------------------------------------------------------

    private void write(List<String> names, double seconds) throws IOException {
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        String versions = Files.exists(Golden.DIR.resolve("versions.txt"))
                ? String.join("; ", Files.readAllLines(Golden.DIR.resolve("versions.txt"))) : "unknown";
        StringBuilder out = new StringBuilder();
        out.append("# Lasso paths with 10-fold CV: SM-EM vs glmnet\n\n");
        out.append(String.format(Locale.ROOT, "Written by `VersusGlmnet` (%s) in %.0f s: engine times are the median of "
                + "up to %d runs (fewer when they add up to %.0f s; see the last column) after a warm-up run, in one "
                + "JVM warmed up on two small sets (%d cores available). glmnet's numbers are read from "
                + "`benchmarks/glmnet/golden/` (%s), written by `benchmarks/glmnet/run-glmnet.R` on the same machine.%n%n",
                String.join(", ", names), seconds, repeats, budgetMs / 1000, Runtime.getRuntime().availableProcessors(),
                versions));
        out.append("Problem: logistic lasso, standardized, intercept; the engine's λ grid (λ_max down to 1e-4·λ_max, "
                + "1e-2 when p ≥ n) passed to glmnet as `lambda =`; the same 10 folds (the engine's "
                + "`assignFolds`, seed 1) as glmnet's `foldid`. Engine at its defaults (tolerance 1e-10, KKT 1e-7); "
                + "cv.glmnet at its default `thresh = 1e-7`.\n\n");
        out.append("## Time: path + 10-fold CV\n\n");
        out.append("Ratios are engine / cv.glmnet on the same grid and folds, engine on one thread (cv.glmnet is "
                + "sequential); wall time and process CPU time (the CPU time is the robust one on a busy shared "
                + "machine). Two threads are timed on the 40-point grid only. The path-only columns time the "
                + "full-data path alone (no CV; wall time).\n\n");
        out.append("| data | n × p | λ | engine ms (1 thread) | engine CPU ms | cv.glmnet ms | cv.glmnet CPU ms | "
                + "ratio, wall | ratio, CPU | engine ms (2 threads) | ratio, 2 threads | cv.glmnet ms, own grid | "
                + "engine path only ms | glmnet path only ms | timed runs engine / glmnet |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        out.append(md);
        out.append("\n## Selected λ and CV curves\n\n");
        out.append("λ index (1 = λ_max) chosen by the minimum mean CV deviance and by the one-standard-error rule. "
                + "cv.glmnet clips probabilities to [1e-5, 1 − 1e-5] before taking the deviance, the engine does "
                + "not: the curves can differ where the fits are nearly separable (small λ).\n\n");
        out.append("| data | λ | engine min / 1se | cv.glmnet 1e-7 | cv.glmnet tight | max \\|Δ cvm\\| vs 1e-7 | "
                + "max \\|Δ cvm\\| vs tight |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (String r : selectionRows) {
            out.append(r).append('\n');
        }
        out.append("\n## Accuracy along the path\n\n");
        out.append("Objective F = (1/n) Σ [log(1 + e^η) − yη] + λ Σ_j s_j |β_j| (s_j population SD), computed by "
                + "one function for every solution from its original-scale coefficients. F* at each λ is the best of "
                + "all solutions; suboptimality (F − F*)/F*, the largest over the path. \"Engine better / tie / "
                + "tight better\" counts the λ where the engine's F is below, within 1e-13 of, or above "
                + "glmnet-tight's. Coefficient differences are against glmnet-tight, on the original scale and "
                + "on the standardized scale (|Δβ_j|·s_j). The KKT residual is the largest violation of the "
                + "optimality conditions on the standardized scale (|g_j + λ sign β_j| for β_j ≠ 0, "
                + "max(0, |g_j| − λ) for β_j = 0, the intercept's gradient), computed here for both.\n\n");
        out.append("| data | λ | max \\|Δβ\\| | max \\|Δβ\\|·s | engine subopt. | cv.glmnet 1e-7 subopt. | "
                + "glmnet-tight subopt. | engine better / tie / tight better | engine max KKT residual | "
                + "glmnet-tight max KKT residual | λ with other support | λ glmnet-tight fitted |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String r : checkRows) {
            out.append(r).append('\n');
        }
        out.append("\n## Time against accuracy (40 λ, path + 10-fold CV, engine on 1 thread)\n\n");
        out.append("| data | solver | ms | CPU ms | λ fitted | max subopt. | median subopt. |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (String r : accuracyRows) {
            if (!r.startsWith("FOLD")) {
                out.append(r).append('\n');
            }
        }
        out.append("\n## Same folds: the engine's CV replayed by hand (40 λ)\n\n");
        out.append("The engine's CV deviance against a replay with `assignFolds(data, 10, 1)` and the same fold fits "
                + "(equal to rounding: the engine's CV uses exactly the exported folds), and against cv.glmnet's "
                + "(tight) curve, unclipped (the engine's definition) and clipped as cv.glmnet clips "
                + "(probabilities to [1e-5, 1 − 1e-5]). The replay also shows which fold fits did not converge "
                + "(iteration cap 5000) and the time they took.\n\n");
        out.append("| data | engine vs replay | replay vs cv.glmnet-tight, unclipped | clipped (worst λ) | "
                + "fold fits not converged | ms in them, of all fold fits |\n");
        out.append("| --- | --- | --- | --- | --- | --- |\n");
        for (String r : accuracyRows) {
            if (r.startsWith("FOLD")) {
                out.append(r.substring(4)).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            out.append("\n## Notes\n\n");
            for (String n : notes) {
                out.append("- ").append(n).append('\n');
            }
        }
        Files.writeString(dir.resolve("glmnet-paths.md"), out.toString());
        writeCsv(dir.resolve("glmnet-paths.csv"), List.of("data", "n", "p", "lambdas", "engine_ms_1thread",
                "engine_cpu_ms_1thread", "engine_ms_2threads", "cvglmnet_ms_same_grid", "cvglmnet_cpu_ms_same_grid",
                "cvglmnet_ms_own_grid", "cvglmnet_own_grid_lambdas", "ratio_1thread", "ratio_cpu_1thread",
                "ratio_2threads", "engine_path_only_ms", "glmnet_path_only_ms", "engine_lambda_min",
                "engine_lambda_1se", "glmnet_lambda_min", "glmnet_lambda_1se", "same_min", "same_1se",
                "same_min_vs_tight", "same_1se_vs_tight", "max_abs_coef_diff_vs_tight", "max_std_coef_diff_vs_tight",
                "engine_max_subopt", "glmnet_default_max_subopt", "glmnet_tight_max_subopt", "engine_better",
                "ties", "tight_better", "engine_max_kkt", "glmnet_tight_max_kkt", "lambdas_with_other_support", "max_abs_cvm_diff_vs_glmnet_default", "max_abs_cvm_diff_vs_glmnet_tight",
                "tight_lambdas_fitted", "tight_thresh", "cvglmnet_tight_ms", "engine_runs", "glmnet_runs"), summary);
        writeCsv(dir.resolve("glmnet-lambdas.csv"), List.of("data", "lambdas", "k", "lambda", "engine_nonzero",
                "glmnet_nonzero", "engine_objective", "glmnet_default_objective", "glmnet_tight_objective",
                "glmnet_tight_objective_java", "engine_subopt", "glmnet_default_subopt", "glmnet_tight_subopt",
                "max_abs_coef_diff_vs_tight", "max_std_coef_diff_vs_tight", "engine_kkt", "glmnet_tight_kkt", "engine_cvm", "glmnet_cvm", "engine_cvsd",
                "glmnet_cvsd", "engine_iterations", "engine_converged"), perLambda);
        System.out.println("wrote " + dir.resolve("glmnet-paths.md") + ", glmnet-paths.csv, glmnet-lambdas.csv");
    }

    private static void writeCsv(Path file, List<String> header, List<List<Object>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file);
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            out.printRecord(header);
            for (List<Object> r : rows) {
                out.printRecord(r);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Median wall time and median process CPU time (all threads, ms) of the timed runs, and the last result. */
    private record Timed<T>(double median, double cpu, int runs, T value) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * One untimed warm-up run (kept as a timed run when it took more than 2 s: the JIT is warm by then), then timed
     * runs until {@code repeats} of them or until they add up to {@code budgetMs}.
     */
    private <T> Timed<T> time(Supplier<T> run) {
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        T last = null;
        double spent = 0;
        boolean first = true;
        while (ms.size() < repeats && (ms.isEmpty() || spent < budgetMs)) {
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            last = run.get();
            double wall = (System.nanoTime() - t0) / 1e6;
            double c = (OS.getProcessCpuTime() - c0) / 1e6;
            if (first && wall < 2000) {
                first = false;
                continue;
            }
            first = false;
            ms.add(wall);
            cpu.add(c);
            spent += wall;
        }
        return new Timed<>(median(ms.stream().mapToDouble(Double::doubleValue).toArray()),
                median(cpu.stream().mapToDouble(Double::doubleValue).toArray()), ms.size(), last);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    }

    private static double weightedMean(double[] v, double[] w) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < v.length; i++) {
            s += w[i] * v[i];
            ws += w[i];
        }
        return s / ws;
    }

    private static double min(double... v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                m = Math.min(m, x);
            }
        }
        return m;
    }

    private static Object nan(double v) {
        return Double.isNaN(v) ? "" : v;
    }

    private static double r1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double r3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
