package io.smem.bench;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.smem.data.ClassLabels;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.Acceleration;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.LogisticLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time to a given relative suboptimality for L2-regularized logistic regression, SM-EM against liblinear-java 2.44's
 * primal Newton solver (L2R_LR, bias unpenalized), in one JVM after warm-up. Objective: glmnet's convention with
 * λ = 1/n, which is liblinear's C = 1; raw features (no standardization), unpenalized intercept. The reference
 * optimum is the better of the two solvers run to their tightest settings, and both must agree on it.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dexec.args="datasets/spambase.csv [more.csv ...]"}; writes
 * {@code docs/results/speed-vs-liblinear.md} and {@code .csv}.
 */
public final class SpeedVsLiblinear {

    private static final double[] TARGETS = {1e-4, 1e-8, 1e-10};
    private static final int REPEATS = 15;

    private SpeedVsLiblinear() {
    }

    public static void main(String[] args) throws Exception {
        List<String> files = args.length > 0 ? List.of(args) : List.of("datasets/spambase.csv",
                "datasets/breast-cancer.csv", "datasets/ionosphere.csv", "datasets/sonar.csv");
        List<String[]> rows = new ArrayList<>();
        for (String file : files) {
            rows.addAll(run(Path.of(file)));
        }
        write(rows);
    }

    private static List<String[]> run(Path file) throws Exception {
        LabeledData table = DataReader.read(file, null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        TrainingData data = new TrainingData(table.x(), labels.indices(), 2, null);
        int n = data.rows();
        int p = table.x().cols();
        double lambda = 1.0 / n;
        FitOptions base = FitOptions.defaults().withLambda(lambda).withStandardize(false);
        Problem problem = liblinearProblem(table.x(), labels.indices());
        Linear.disableDebugOutput();

        FitResult tight = SmEm.fit(data, base.withTolerance(1e-15).withKktTolerance(1e-12).withMaxIterations(500));
        double fLiblinear = objective(table.x(), labels.indices(), liblinear(problem, 1e-12, p), lambda);
        double fStar = Math.min(tight.objective(), fLiblinear);
        double agreement = Math.abs(tight.objective() - fLiblinear) / fStar;
        System.out.printf(Locale.ROOT, "%s: n=%d p=%d F*=%.15f (solvers agree to %.1e)%n", file.getFileName(), n, p,
                fStar, agreement);

        // Warm-up both, then measure.
        for (int i = 0; i < 30; i++) {
            SmEm.fit(data, base);
            liblinear(problem, 1e-6, p);
        }
        List<String[]> rows = new ArrayList<>();
        for (double target : TARGETS) {
            Measured ll = null;
            for (double eps = 1e-1; eps >= 1e-14; eps /= 10) {
                double e = eps;
                Measured m = measure(() -> objective(table.x(), labels.indices(), liblinear(problem, e, p), lambda),
                        fStar);
                if (m.suboptimality <= target) {
                    ll = m.with("eps=" + String.format(Locale.ROOT, "%.0e", eps));
                    break;
                }
            }
            Measured sm = null;
            for (double tol = 1e-4; tol >= 1e-16; tol /= 100) {
                FitOptions o = base.withTolerance(tol).withKktTolerance(Math.max(1e-14, Math.sqrt(tol) * 1e-2));
                Measured m = measure(() -> SmEm.fit(data, o).objective(), fStar);
                if (m.suboptimality <= target) {
                    FitResult r = SmEm.fit(data, o);
                    sm = m.with(String.format(Locale.ROOT, "tol=%.0e, %d iterations, %.0f passes", tol,
                            r.iterations(), r.dataPasses()));
                    break;
                }
            }
            Measured dflt = measure(() -> SmEm.fit(data, base).objective(), fStar);
            rows.add(new String[] {file.getFileName().toString(), n + "x" + p, fmt(target),
                    sm == null ? "n/a" : ms(sm.millis), sm == null ? "" : sm.note,
                    ll == null ? "n/a" : ms(ll.millis), ll == null ? "" : ll.note,
                    sm == null || ll == null ? "n/a" : String.format(Locale.ROOT, "%.2f", sm.millis / ll.millis),
                    ms(dflt.millis) + " (" + fmt(dflt.suboptimality) + ")"});
            System.out.println(String.join(" | ", rows.get(rows.size() - 1)));
        }
        // The other accelerations at the default tolerance, for the record.
        for (Acceleration acc : new Acceleration[] {Acceleration.NONE, Acceleration.NESTEROV, Acceleration.RESTART,
                Acceleration.SQUAREM, Acceleration.NEWTON}) {
            FitOptions o = base.withAcceleration(acc).withMaxIterations(20000);
            FitResult r = SmEm.fit(data, o);
            Measured m = measure(() -> SmEm.fit(data, o).objective(), fStar);
            System.out.printf(Locale.ROOT, "  %-9s %9.2f ms  %6d iterations  %8.0f passes  rel. subopt. %.1e%n",
                    acc.cliName(), m.millis, r.iterations(), r.dataPasses(), m.suboptimality);
        }
        FitOptions cg = base.withSolver(io.smem.solve.SolverChoice.CG);
        FitResult rc = SmEm.fit(data, cg);
        Measured mc = measure(() -> SmEm.fit(data, cg).objective(), fStar);
        System.out.printf(Locale.ROOT, "  %-9s %9.2f ms  %6d iterations  %8.0f passes  rel. subopt. %.1e%n",
                "newton+cg", mc.millis, rc.iterations(), rc.dataPasses(), mc.suboptimality);
        return rows;
    }

    private interface Run {
        double objective();
    }

    private record Measured(double millis, double suboptimality, String note) {
        Measured with(String n) {
            return new Measured(millis, suboptimality, n);
        }
    }

    /** Median wall time of {@link #REPEATS} runs and the relative suboptimality reached. */
    private static Measured measure(Run run, double fStar) {
        double[] times = new double[REPEATS];
        double f = Double.NaN;
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            f = run.objective();
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        return new Measured(times[REPEATS / 2], Math.max(0, (f - fStar) / fStar), "");
    }

    private static Problem liblinearProblem(DesignMatrix x, double[] y) {
        int n = x.rows();
        int p = x.cols();
        Problem prob = new Problem();
        prob.l = n;
        prob.n = p + 1;
        prob.bias = 1;
        prob.y = new double[n];
        prob.x = new Feature[n][];
        for (int i = 0; i < n; i++) {
            List<Feature> fs = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                double v = x.get(i, j);
                if (v != 0) {
                    fs.add(new FeatureNode(j + 1, v));
                }
            }
            fs.add(new FeatureNode(p + 1, 1.0));
            prob.x[i] = fs.toArray(new Feature[0]);
            prob.y[i] = y[i] == 1 ? 1 : -1;
        }
        return prob;
    }

    /** liblinear's L2R_LR with C = 1 (λ = 1/n), bias unpenalized; returns {β, b0} in our sign convention. */
    private static double[] liblinear(Problem prob, double eps, int p) {
        Parameter par = new Parameter(SolverType.L2R_LR, 1.0, eps);
        par.setRegularizeBias(false);
        Model m = Linear.train(prob, par);
        double[] w = m.getFeatureWeights();
        double sign = m.getLabels()[0] == 1 ? 1 : -1;
        double[] out = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            out[j] = sign * w[j];
        }
        return out;
    }

    private static double objective(DesignMatrix x, double[] y, double[] coefAndBias, double lambda) {
        int n = x.rows();
        int p = x.cols();
        double[] eta = new double[n];
        x.multiply(Arrays.copyOf(coefAndBias, p), coefAndBias[p], eta);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += LogisticLoss.INSTANCE.value(y[i], eta[i]);
        }
        double pen = 0;
        for (int j = 0; j < p; j++) {
            pen += coefAndBias[j] * coefAndBias[j];
        }
        return s / n + lambda * pen / 2;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0e", v);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static void write(List<String[]> rows) throws IOException {
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        String[] header = {"data", "n x p", "target rel. subopt.", "SM-EM ms", "SM-EM setting", "liblinear ms",
            "liblinear setting", "ratio SM-EM/liblinear", "SM-EM default: ms (subopt.)"};
        StringBuilder md = new StringBuilder("| " + String.join(" | ", header) + " |\n|");
        md.append(" --- |".repeat(header.length)).append('\n');
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
            csv.append(String.join(",", Arrays.stream(r).map(c -> "\"" + c + "\"").toArray(String[]::new)))
                    .append('\n');
        }
        Files.writeString(dir.resolve("speed-vs-liblinear.md"), md.toString());
        Files.writeString(dir.resolve("speed-vs-liblinear.csv"), csv.toString());
        System.out.println("wrote " + dir.resolve("speed-vs-liblinear.md"));
    }
}
