package io.smem.bench.glmnet;

import io.smem.bench.Regression;
import io.smem.data.DenseMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.SquaredLoss;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Lasso regression paths with 10-fold CV against cv.glmnet(family = "gaussian"), side by side in one run: the
 * squared loss's path runs on its sufficient statistics ({@code SquaredStatistics}), as glmnet's covariance updates
 * do. Same problem (standardized, intercept), the engine's 40-point grid passed to glmnet as {@code lambda =}, the
 * engine's folds as {@code foldid}. One objective, (1/2n) Σ (y − a₀ − xβ)² + λ Σ sⱼ|βⱼ| on the original scale (sⱼ the
 * population standard deviation), scores both; suboptimality is against the better of the engine's fit (default
 * tolerances) and glmnet's at thresh 1e-13. Times are process CPU (the engine's folds one after another, as cv.glmnet
 * runs them; the kernels may use both cores), after warm-up. Needs {@code Rscript}
 * with glmnet (Debian: r-base-core, r-cran-glmnet); writes {@code docs/results/glmnet-gaussian.md}.
 *
 * <p>Problems: spambase's log average capital run length from its 56 other features (4601 × 56), and wine's alcohol
 * from its 12 other measurements (178 × 12).
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.glmnet.GaussianVersusGlmnet}.
 */
public final class GaussianVersusGlmnet {

    private static final int REPEATS = 5;
    /** Untimed engine runs first: the JIT compiles the kernels during the first few (R has no JIT to warm). */
    private static final int WARM_UPS = 10;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private GaussianVersusGlmnet() {
    }

    private record Problem(String name, double[][] x, double[] y) {
    }

    public static void main(String[] args) throws Exception {
        List<Problem> problems = List.of(fromColumn("spambase", "datasets/spambase.csv", "capitalAve", true),
                fromColumn("wine-alcohol", "datasets/wine.csv", null, false));
        Path dir = Files.createTempDirectory("smem-glmnet-gaussian");
        StringBuilder md = new StringBuilder("| data | n × p | engine CPU ms (max subopt.) | cv.glmnet thresh 1e-7 "
                + "CPU ms (max subopt.) | cv.glmnet thresh 1e-13 CPU ms (max subopt.) | ratio to glmnet 1e-7 | "
                + "ratio to glmnet 1e-13 | λ_min engine / glmnet |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Problem problem : problems) {
            md.append(run(problem, dir)).append('\n');
        }
        Path out = Path.of("docs", "results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("glmnet-gaussian.md"), md.toString());
        System.out.print(md);
        System.out.println("wrote " + out.resolve("glmnet-gaussian.md"));
    }

    private static String run(Problem problem, Path dir) throws Exception {
        int n = problem.y().length;
        int p = problem.x()[0].length;
        TrainingData data = new TrainingData(DenseMatrix.of(problem.x()), problem.y(), 0, null);
        FitOptions base = FitOptions.defaults().withLoss(SquaredLoss.INSTANCE).withPenalty(Penalty.lasso());
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
        PathOptions options = PathOptions.defaults().withLambdas(grid).withFolds(10).withThreads(1);
        int[] folds = RegularizationPath.assignFolds(data, 10, options.seed());
        export(problem, dir, folds, grid);
        Process r = new ProcessBuilder("Rscript", "benchmarks/glmnet/run-glmnet-gaussian.R", dir.toString(),
                problem.name(), Integer.toString(REPEATS)).inheritIO().start();
        if (r.waitFor() != 0) {
            throw new IllegalStateException("Rscript failed (needs r-base-core and r-cran-glmnet)");
        }
        double[] sd = populationSd(problem.x());
        double[][] glmnetDefault = coefficients(dir, problem.name(), "default", p);
        double[][] glmnetTight = coefficients(dir, problem.name(), "tight", p);
        double[] cpu = new double[REPEATS];
        PathResult result = null;
        for (int warm = 0; warm < WARM_UPS; warm++) {
            RegularizationPath.fit(data, base, options, null);
        }
        for (int rep = 0; rep < REPEATS; rep++) {
            long c0 = OS.getProcessCpuTime();
            result = RegularizationPath.fit(data, base, options, null);
            cpu[rep] = (OS.getProcessCpuTime() - c0) / 1e6;
        }
        double[][] engine = new double[grid.length][];
        for (int l = 0; l < grid.length; l++) {
            FitResult f = result.points().get(l).fit();
            double[] c = new double[p + 1];
            c[0] = f.intercepts()[0];
            System.arraycopy(f.coefficients()[0], 0, c, 1, p);
            engine[l] = c;
        }
        double[] best = new double[grid.length];
        for (int l = 0; l < grid.length; l++) {
            best[l] = Math.min(objective(problem, sd, grid[l], engine[l]),
                    objective(problem, sd, grid[l], glmnetTight[l]));
        }
        double[] glmnetTimes = times(dir, problem.name());
        double engineCpu = median(cpu);
        return String.format(Locale.ROOT, "| %s | %d × %d | %.0f (%.0e) | %.0f (%.0e) | %.0f (%.0e) | %.2f | %.2f | "
                        + "%.3g / %.3g |", problem.name(), n, p, engineCpu, worst(problem, sd, grid, engine, best),
                glmnetTimes[0], worst(problem, sd, grid, glmnetDefault, best), glmnetTimes[1],
                worst(problem, sd, grid, glmnetTight, best), engineCpu / glmnetTimes[0], engineCpu / glmnetTimes[1],
                grid[result.selected()], glmnetTimes[2]);
    }

    /** A regression problem from a data set: the named column (log-transformed if asked) or, if null, column 0. */
    private static Problem fromColumn(String name, String file, String column, boolean log) throws Exception {
        LabeledData table = DataReader.read(Path.of(file), null, null);
        int target = column == null ? 0 : table.featureNames().indexOf(column);
        if (target < 0) {
            throw new IllegalStateException(file + " has no column " + column);
        }
        Regression r = Regression.fromColumn(table, target, log);
        return new Problem(name, r.x(), r.y());
    }

    private static void export(Problem problem, Path dir, int[] folds, double[] grid) throws IOException {
        int p = problem.x()[0].length;
        List<String> header = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            header.add("x" + j);
        }
        header.add("y");
        try (Writer w = Files.newBufferedWriter(dir.resolve(problem.name() + "-data.csv"));
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            out.printRecord(header);
            for (int i = 0; i < problem.y().length; i++) {
                List<String> row = new ArrayList<>();
                for (double v : problem.x()[i]) {
                    row.add(Double.toString(v));
                }
                row.add(Double.toString(problem.y()[i]));
                out.printRecord(row);
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(problem.name() + "-folds.csv"));
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            out.printRecord("fold");
            for (int f : folds) {
                out.printRecord(f + 1);
            }
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(problem.name() + "-grid.csv"));
             CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            out.printRecord("lambda");
            for (double l : grid) {
                out.printRecord(Double.toString(l));
            }
        }
    }

    /** glmnet's path for a config: per λ, the intercept then the p coefficients (original scale). */
    private static double[][] coefficients(Path dir, String name, String config, int p) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve(name + "-coef-" + config + ".csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                double[] c = new double[p + 1];
                for (int j = 0; j <= p; j++) {
                    c[j] = Double.parseDouble(rec.get(2 + j));
                }
                rows.add(c);
            }
        }
        return rows.toArray(new double[0][]);
    }

    /** cv.glmnet's median CPU ms at the default and the tight thresh, and its lambda.min at the default. */
    private static double[] times(Path dir, String name) throws IOException {
        double[] out = new double[3];
        try (Reader r = Files.newBufferedReader(dir.resolve(name + "-times.csv"))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                if (rec.get("config").equals("default")) {
                    out[0] = Double.parseDouble(rec.get("cv_cpu_ms"));
                    out[2] = Double.parseDouble(rec.get("lambda_min"));
                } else {
                    out[1] = Double.parseDouble(rec.get("cv_cpu_ms"));
                }
            }
        }
        return out;
    }

    /** (1/2n) Σ (y − a₀ − xβ)² + λ Σ sⱼ|βⱼ|, c = (a₀, β) on the original scale. */
    private static double objective(Problem problem, double[] sd, double lambda, double[] c) {
        double rss = 0;
        for (int i = 0; i < problem.y().length; i++) {
            double eta = c[0];
            double[] row = problem.x()[i];
            for (int j = 0; j < row.length; j++) {
                eta += row[j] * c[j + 1];
            }
            double r = problem.y()[i] - eta;
            rss += r * r;
        }
        double pen = 0;
        for (int j = 0; j < sd.length; j++) {
            pen += sd[j] * Math.abs(c[j + 1]);
        }
        return rss / (2.0 * problem.y().length) + lambda * pen;
    }

    private static double worst(Problem problem, double[] sd, double[] grid, double[][] coef, double[] best) {
        double worst = 0;
        for (int l = 0; l < grid.length; l++) {
            worst = Math.max(worst, (objective(problem, sd, grid[l], coef[l]) - best[l]) / Math.abs(best[l]));
        }
        return worst;
    }

    private static double[] populationSd(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / n;
            }
            double var = 0;
            for (double[] row : x) {
                var += (row[j] - mean) * (row[j] - mean) / n;
            }
            sd[j] = Math.sqrt(var);
        }
        return sd;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    }
}
