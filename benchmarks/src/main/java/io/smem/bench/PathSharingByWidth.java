package io.smem.bench;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.util.Locale;
import java.util.Random;

/**
 * How the path-sharing ratio of the logistic loss grows with p: {@link PathSharing}'s measurement (40-point path
 * against every λ from scratch, default tolerances, both cores) on synthetic dense designs, n = 5000 and
 * p = 30, 60, 120, 240. A path point costs a few sweeps of the rows whatever p is; a fit from scratch costs Newton
 * steps, each a Gram matrix that grows with p. Columns: 0.6·f + 0.8·e (f shared by the row, e independent, both
 * standard normal), the first fifth with N(0, 0.25) coefficients, labels drawn from the logistic model; seed 42.
 * Writes {@code docs/results/path-sharing-by-width.md}.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.PathSharingByWidth} (~2 min).
 */
public final class PathSharingByWidth {

    private static final int ROWS = 5000;
    private static final int[] WIDTHS = {30, 60, 120, 240};
    private static final int REPEATS = 3;

    private PathSharingByWidth() {
    }

    public static void main(String[] args) throws Exception {
        StringBuilder md = new StringBuilder("| n × p | penalty | path ms | from scratch ms | ratio | path passes | "
                + "scratch passes | max rel. objective gap |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int p : WIDTHS) {
            TrainingData data = design(ROWS, p, 42);
            for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso()}) {
                FitOptions base = FitOptions.defaults().withPenalty(pen);
                double[] grid = RegularizationPath.grid(SmEm.prepare(data, base), base, 40, Double.NaN);
                PathSharing.Timing t = PathSharing.time(data, base, grid, REPEATS, false);
                String line = String.format(Locale.ROOT, "| %d × %d | %s | %.1f | %.1f | %.1fx | %.0f | %.0f | %.1e |",
                        ROWS, p, pen.name(), t.pathMs(), t.scratchMs(), t.scratchMs() / t.pathMs(), t.pathPasses(),
                        t.scratchPasses(), t.maxGap());
                System.out.println(line);
                md.append(line).append('\n');
            }
        }
        PathSharing.write("path-sharing-by-width.md", md);
    }

    /** The synthetic binary design of the class comment. */
    static TrainingData design(int n, int p, long seed) {
        Random r = new Random(seed);
        double[] beta = new double[p];
        for (int j = 0; j < p / 5; j++) {
            beta[j] = 0.5 * r.nextGaussian();
        }
        double[] x = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double shared = r.nextGaussian();
            double eta = 0;
            for (int j = 0; j < p; j++) {
                double v = 0.6 * shared + 0.8 * r.nextGaussian();
                x[i * p + j] = v;
                eta += v * beta[j];
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new TrainingData(new DenseMatrix(n, p, x), y, 2, null);
    }
}
