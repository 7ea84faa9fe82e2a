package io.smem.bench.scale;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Large dense n: one L2-logistic fit (defaults: standardized, λ = 1e-4) on a synthetic n × p design, run inside
 * fork-join pools of 1 and 2 threads (the engine's row-block kernels use the pool they run in), so the speed-up from
 * the second core is measured on the same JVM and the same data. Results must be bit-identical.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.scale.DenseScale -Dexec.args="n p"}
 * (default 1000000 100; needs about 2 GB of heap: {@code MAVEN_OPTS=-Xmx3g}).
 */
public final class DenseScale {

    private static final ResultLog LOG = new ResultLog();

    private DenseScale() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int p = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        TrainingData data = synthetic(n, p, 3);
        FitOptions options = FitOptions.defaults();
        LOG.report("dense n=%d p=%d (%.0f MB)%n", n, p, 8.0 * n * p / 1e6);
        double[] best = new double[3];
        FitResult[] results = new FitResult[3];
        for (int threads : new int[] {1, 2}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                best[threads] = Double.POSITIVE_INFINITY;
                for (int rep = 0; rep < 3; rep++) {
                    long t0 = System.nanoTime();
                    results[threads] = pool.submit(() -> SmEm.fit(data, options)).get();
                    best[threads] = Math.min(best[threads], (System.nanoTime() - t0) / 1e9);
                }
            } finally {
                pool.shutdown();
            }
            FitResult r = results[threads];
            LOG.report("%d thread(s): %.2f s (best of 3), %d iterations, %.0f data passes, "
                    + "objective %.15f%n", threads, best[threads], r.iterations(), r.dataPasses(), r.objective());
        }
        LOG.report("speed-up 1 -> 2 threads: %.2fx; identical objective: %s%n", best[1] / best[2],
                results[1].objective() == results[2].objective());
        LOG.write("dense-scale.md");
    }

    static TrainingData synthetic(int n, int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = rng.nextGaussian() / Math.sqrt(p);
        }
        double[] x = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < p; j++) {
                double v = rng.nextGaussian() + (j % 5 == 0 ? 1.0 : 0.0);
                x[i * p + j] = v;
                eta += v * beta[j];
            }
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new TrainingData(new DenseMatrix(n, p, x), y, 2, null);
    }
}
