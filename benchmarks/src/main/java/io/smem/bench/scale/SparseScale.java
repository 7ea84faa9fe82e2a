package io.smem.bench.scale;

import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.smem.data.CsrMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sparse high-dimensional scale: a synthetic n × p CSR design with a fixed number of non-zeros per row (columns drawn
 * with a Zipf-like skew, as words in text), labels from a sparse logistic model. Times one lasso fit and a 40-λ lasso
 * path with 5-fold cross-validation, records the peak heap against the size of the data, and fits liblinear-java's L1
 * solver on the same data at the selected λ.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.scale.SparseScale -Dexec.args="n p nnzPerRow"}
 * (default 100000 100000 100). Raw features (no standardization) so that liblinear solves the same problem.
 */
public final class SparseScale {

    private static final ResultLog LOG = new ResultLog();

    private SparseScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int p = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int perRow = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long t0 = System.nanoTime();
        TrainingData data = synthetic(n, p, perRow, 7);
        CsrMatrix x = (CsrMatrix) data.x();
        long dataBytes = x.storedEntries() * (8L + 4L) + (n + 1L) * 4L + n * 8L;
        LOG.report("data: n=%d p=%d nnz=%d (%.0f MB) generated in %.1f s%n", n, p,
                x.storedEntries(), dataBytes / 1e6, (System.nanoTime() - t0) / 1e9);

        FitOptions base = FitOptions.defaults().withPenalty(Penalty.lasso()).withStandardize(false);
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        double lambdaMax = RegularizationPath.lambdaMax(prepared, base);

        resetPeaks();
        t0 = System.nanoTime();
        FitResult single = SmEm.fit(data, base.withLambda(0.05 * lambdaMax));
        double singleSec = (System.nanoTime() - t0) / 1e9;
        LOG.report("single fit at 0.05 lambda_max: %.2f s, %d iterations, %d non-zeros, "
                        + "converged %s, KKT %.1e, peak heap %.0f MB%n", singleSec, single.iterations(),
                single.nonZeros(), single.converged(), single.kktResidual(), peakHeap() / 1e6);

        resetPeaks();
        t0 = System.nanoTime();
        PathOptions pathOptions = PathOptions.defaults().withFolds(5);
        long pathStart = t0;
        PathResult path = RegularizationPath.fit(data, base, pathOptions, (stage, done, total) -> {
            if (done % 40 == 0) {
                System.err.printf(Locale.ROOT, "  %d/%d fits, %.1f s%n", done, total,
                        (System.nanoTime() - pathStart) / 1e9);
            }
        });
        double pathSec = (System.nanoTime() - t0) / 1e9;
        double peak = peakHeap();
        int unconverged = 0;
        for (var point : path.points()) {
            unconverged += point.fit().converged() ? 0 : 1;
        }
        var chosen = path.points().get(path.selected());
        LOG.report("40-lambda lasso path + 5-fold CV: %.1f s, selected lambda %.3g (%d non-zeros), "
                        + "%d fits not converged, peak heap %.0f MB = %.1fx the data%n", pathSec, chosen.lambda(),
                chosen.fit().nonZeros(), unconverged, peak / 1e6, peak / dataBytes);

        // liblinear's L1 solver at the selected λ: C = 1/(nλ) (its objective is C·Σ loss + ||w||₁).
        Problem problem = TextL1.liblinear(x, data.response());
        Linear.disableDebugOutput();
        for (double eps : new double[] {1e-2, 1e-4}) {
            t0 = System.nanoTime();
            Parameter param = new Parameter(SolverType.L1R_LR, 1.0 / (n * chosen.lambda()), eps);
            de.bwaldvogel.liblinear.Model model = Linear.train(problem, param);
            double sec = (System.nanoTime() - t0) / 1e9;
            long nz = Arrays.stream(model.getFeatureWeights()).filter(v -> v != 0).count();
            LOG.report("liblinear L1R_LR eps=%.0e at the selected lambda: %.2f s, %d non-zeros%n",
                    eps, sec, nz);
        }
        t0 = System.nanoTime();
        FitResult atChosen = SmEm.fit(data, base.withLambda(chosen.lambda()));
        LOG.report("SM-EM single fit at the selected lambda from scratch: %.2f s (%d non-zeros)%n",
                (System.nanoTime() - t0) / 1e9, atChosen.nonZeros());
        LOG.write("sparse-scale.md");
    }

    /** Rows with {@code perRow} distinct columns (skewed towards low indices), values 1; labels ~ σ(x·β), β sparse. */
    static TrainingData synthetic(int n, int p, int perRow, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] beta = new double[p];
        for (int k = 0; k < 50; k++) {
            beta[rng.nextInt(Math.min(p, 5000))] = rng.nextBoolean() ? 0.8 : -0.8;
        }
        int[] start = new int[n + 1];
        int[] idx = new int[n * perRow];
        double[] val = new double[n * perRow];
        double[] y = new double[n];
        int[] row = new int[perRow];
        for (int i = 0; i < n; i++) {
            int filled = 0;
            while (filled < perRow) {
                // Zipf-like: column = p^u - 1 with u uniform, so low indices are frequent and high ones rare.
                int c = (int) Math.min(p - 1, Math.floor(Math.pow(p, rng.nextDouble()) - 1));
                boolean dup = false;
                for (int k = 0; k < filled && !dup; k++) {
                    dup = row[k] == c;
                }
                if (!dup) {
                    row[filled++] = c;
                }
            }
            Arrays.sort(row);
            double eta = -0.5;
            for (int k = 0; k < perRow; k++) {
                idx[i * perRow + k] = row[k];
                val[i * perRow + k] = 1.0;
                eta += beta[row[k]];
            }
            start[i + 1] = (i + 1) * perRow;
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new TrainingData(new CsrMatrix(n, p, start, idx, val), y, 2, null);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
