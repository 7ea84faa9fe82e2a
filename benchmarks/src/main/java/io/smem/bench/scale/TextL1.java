package io.smem.bench.scale;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.smem.data.ClassLabels;
import io.smem.data.CsrMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time to accuracy for L1-regularized logistic regression on a sparse text set (SpamAssassin bag of words, fetched by
 * {@code datasets/scripts/fetch_spam_assassin.sh}): SM-EM against liblinear-java 2.44's L1R_LR (newGLMNET), bias
 * unpenalized, C = 1 (λ = 1/n), raw features. Each solver is timed at every setting of a sweep (median of 3 runs);
 * the table gives, per target relative suboptimality, the fastest setting that reaches it. F* is the best objective
 * any run reached; both solvers' tightest runs must agree with it.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.scale.TextL1
 * -Dexec.args="datasets/fetched/spam-assassin.svm"}.
 */
public final class TextL1 {

    private static final double[] TARGETS = {1e-4, 1e-6, 1e-8};

    private TextL1() {
    }

    record Run(String solver, String setting, double millis, double objective, int nonZeros) {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "datasets/fetched/spam-assassin.svm");
        LabeledData table = DataReader.read(file, null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        CsrMatrix x = (CsrMatrix) table.x();
        double[] y = labels.indices();
        int n = x.rows();
        int p = x.cols();
        double lambda = 1.0 / n;
        TrainingData data = new TrainingData(x, y, 2, null);
        System.out.printf(Locale.ROOT, "%s: n=%d p=%d nnz=%d, lambda = 1/n%n", file.getFileName(), n, p,
                x.storedEntries());
        Problem problem = liblinear(x, y);
        Linear.disableDebugOutput();
        FitOptions base = FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(lambda)
                .withStandardize(false);

        List<Run> runs = new ArrayList<>();
        for (int e = 1; e <= 9; e++) {
            double eps = Math.pow(10, -e);
            double[] ms = new double[3];
            Model m = null;
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                Parameter par = new Parameter(SolverType.L1R_LR, 1.0, eps);
                par.setRegularizeBias(false);
                m = Linear.train(problem, par);
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            double[] w = m.getFeatureWeights();
            double sign = m.getLabels()[0] == 1 ? 1 : -1;
            double[] beta = new double[p];
            for (int j = 0; j < p; j++) {
                beta[j] = sign * w[j];
            }
            runs.add(new Run("liblinear L1R_LR", String.format(Locale.ROOT, "eps=%.0e", eps), median(ms),
                    objective(x, y, beta, sign * w[p], lambda), nonZeros(beta)));
            System.err.println(runs.get(runs.size() - 1));
        }
        double[][] settings = {{1e-4, 1e-3}, {1e-6, 1e-5}, {1e-8, 1e-6}, {1e-10, 1e-7}, {1e-12, 1e-9}, {1e-14, 1e-11}};
        for (double[] s : settings) {
            FitOptions o = base.withTolerance(s[0]).withKktTolerance(s[1]);
            double[] ms = new double[3];
            FitResult fit = null;
            for (int r = 0; r < ms.length; r++) {
                long t0 = System.nanoTime();
                fit = SmEm.fit(data, o);
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            runs.add(new Run("SM-EM", String.format(Locale.ROOT, "tol=%.0e kkt=%.0e%s", s[0], s[1],
                    s[0] == FitOptions.DEFAULT_TOLERANCE ? " (default)" : ""), median(ms),
                    objective(x, y, fit.coefficients()[0], fit.intercepts()[0], lambda), fit.nonZeros()));
            System.err.println(runs.get(runs.size() - 1));
        }
        double fStar = runs.stream().mapToDouble(Run::objective).min().orElseThrow();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s: n = %d, p = %d, %d non-zeros; L1 logistic, λ = 1/n (C = 1), raw "
                + "features, bias unpenalized. F* = %.15f.%n%n", file.getFileName(), n, p, x.storedEntries(), fStar));
        md.append("| solver | setting | ms (median of 3) | rel. suboptimality | non-zeros |\n| --- | --- | --- | --- | --- |\n");
        for (Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.1e | %d |%n", r.solver(), r.setting(),
                    r.millis(), (r.objective() - fStar) / fStar, r.nonZeros()));
        }
        md.append("\n| target | SM-EM ms | liblinear ms | ratio SM-EM / liblinear |\n| --- | --- | --- | --- |\n");
        for (double target : TARGETS) {
            double a = fastest(runs, "SM-EM", fStar, target);
            double b = fastest(runs, "liblinear L1R_LR", fStar, target);
            md.append(String.format(Locale.ROOT, "| %.0e | %s | %s | %s |%n", target, fmt(a), fmt(b),
                    Double.isFinite(a) && Double.isFinite(b) ? String.format(Locale.ROOT, "%.2f", a / b)
                            : "not reached"));
        }
        System.out.println(md);
        java.nio.file.Files.createDirectories(Path.of("docs", "results"));
        java.nio.file.Files.writeString(Path.of("docs", "results", "text-l1.md"), md.toString());
    }

    private static String fmt(double ms) {
        return Double.isFinite(ms) ? String.format(Locale.ROOT, "%.0f", ms) : "not reached";
    }

    private static double fastest(List<Run> runs, String solver, double fStar, double target) {
        return runs.stream().filter(r -> r.solver().equals(solver) && (r.objective() - fStar) / fStar <= target)
                .mapToDouble(Run::millis).min().orElse(Double.POSITIVE_INFINITY);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static int nonZeros(double[] beta) {
        int k = 0;
        for (double b : beta) {
            k += b != 0 ? 1 : 0;
        }
        return k;
    }

    /** (1/n) Σ log(1 + e^η) − yη + λ‖β‖₁, with compensated-free plain sums (n is small). */
    static double objective(CsrMatrix x, double[] y, double[] beta, double b0, double lambda) {
        int n = x.rows();
        double[] eta = new double[n];
        x.multiply(beta, b0, eta);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double e = eta[i];
            loss += (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e))) - y[i] * e;
        }
        double l1 = 0;
        for (double b : beta) {
            l1 += Math.abs(b);
        }
        return loss / n + lambda * l1;
    }

    static Problem liblinear(CsrMatrix x, double[] y) {
        int p = x.cols();
        Problem prob = new Problem();
        prob.l = x.rows();
        prob.n = p + 1;
        prob.bias = 1;
        prob.x = new Feature[x.rows()][];
        prob.y = new double[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            int from = x.rowStart()[i];
            int len = x.rowStart()[i + 1] - from;
            Feature[] row = new Feature[len + 1];
            for (int k = 0; k < len; k++) {
                row[k] = new FeatureNode(x.colIndex()[from + k] + 1, x.values()[from + k]);
            }
            row[len] = new FeatureNode(p + 1, 1.0);
            prob.x[i] = row;
            prob.y[i] = y[i] > 0.5 ? 1 : -1;
        }
        return prob;
    }
}
