package io.smem.bench.scale;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.PathOptions;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import io.smem.solve.SolverChoice;
import java.util.SplittableRandom;

/**
 * p ≫ n on dense data (the gene-expression shape): the dual (Woodbury) M-step against the primal Cholesky and CG
 * solvers on the same fits, logistic loss, standardized, default tolerances. The p × p Gram matrix of Cholesky is
 * tried only on single fits with p ≤ 5000. Objectives are compared with the best of the solvers.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.scale.WideDense}
 * ({@code -Dexec.args="n p1 p2 ..."}, default 200 2000 20000), then ridge fits on a sparse 2000 × 20,000 design
 * (20 non-zeros a row) → {@code docs/results/wide-dense.md}.
 */
public final class WideDense {

    private static final ResultLog LOG = new ResultLog();
    private static final int REPEATS = 3;

    private WideDense() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int[] widths = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {2000, 20000};
        LOG.report("logistic loss, standardized, default tolerances; best of %d runs; F gap = (F - F_best)/|F_best|%n",
                REPEATS);
        LOG.report("%-8s %-7s %-22s %-9s %10s %7s %9s %10s %9s%n", "n", "p", "fit", "solver", "ms", "iters",
                "passes", "F gap", "nonzeros");
        for (int p : widths) {
            TrainingData data = synthetic(n, p, 11);
            single(data, "ridge lambda=0.1", FitOptions.defaults().withPenalty(Penalty.ridge()).withLambda(0.1));
            single(data, "ridge lambda=0.001", FitOptions.defaults().withPenalty(Penalty.ridge()).withLambda(0.001));
            single(data, "enet(0.5) lambda=0.02",
                    FitOptions.defaults().withPenalty(Penalty.elasticNet(0.5)).withLambda(0.02));
            single(data, "lasso lambda=0.02", FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(0.02));
            path(data, "ridge path+5-fold CV", FitOptions.defaults().withPenalty(Penalty.ridge()));
        }
        // Wide but sparse (§6.3's design): why AUTO keeps CG there — products cost O(nnz), the dual matrix n³/3.
        TrainingData sparse = SparseScale.synthetic(2000, 20000, 20, 5);
        single(sparse, "sparse ridge l=0.01", FitOptions.defaults().withPenalty(Penalty.ridge()).withLambda(0.01));
        single(sparse, "sparse ridge l=0.001", FitOptions.defaults().withPenalty(Penalty.ridge()).withLambda(0.001));
        LOG.write("wide-dense.md");
    }

    private static SolverChoice[] solvers(int p) {
        return p <= 5000
                ? new SolverChoice[] {SolverChoice.CHOLESKY, SolverChoice.CG, SolverChoice.WOODBURY, SolverChoice.AUTO}
                : new SolverChoice[] {SolverChoice.CG, SolverChoice.WOODBURY, SolverChoice.AUTO};
    }

    private static void single(TrainingData data, String name, FitOptions options) {
        int p = data.x().cols();
        SolverChoice[] solvers = solvers(p);
        FitResult[] fits = new FitResult[solvers.length];
        double[] ms = new double[solvers.length];
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < solvers.length; s++) {
            ms[s] = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < REPEATS; rep++) {
                long t0 = System.nanoTime();
                fits[s] = SmEm.fit(data, options.withSolver(solvers[s]));
                ms[s] = Math.min(ms[s], (System.nanoTime() - t0) / 1e6);
            }
            best = Math.min(best, fits[s].objective());
        }
        for (int s = 0; s < solvers.length; s++) {
            FitResult f = fits[s];
            LOG.report("%-8d %-7d %-22s %-9s %10.1f %7d %9.0f %10.1e %9d%s%n", data.rows(), p, name,
                    label(solvers[s], f), ms[s], f.iterations(), f.dataPasses(),
                    (f.objective() - best) / Math.abs(best), f.nonZeros(), f.converged() ? "" : "  NOT CONVERGED");
        }
    }

    private static void path(TrainingData data, String name, FitOptions base) {
        int p = data.x().cols();
        // Cholesky's p × p Gram matrix per fold and λ would take minutes (measured at p = 2000: 363 s); left out here.
        for (SolverChoice solver : new SolverChoice[] {SolverChoice.CG, SolverChoice.WOODBURY, SolverChoice.AUTO}) {
            PathOptions options = PathOptions.defaults().withFolds(5);
            long t0 = System.nanoTime();
            FitResult chosen = RegularizationPath.fit(data, base.withSolver(solver), options, null).selectedFit();
            double ms = (System.nanoTime() - t0) / 1e6;
            LOG.report("%-8d %-7d %-22s %-9s %10.1f %7s %9s %10s %9d  selected lambda %.4g%n", data.rows(), p, name,
                    label(solver, chosen), ms, "-", "-", "-", chosen.nonZeros(), chosen.lambda());
        }
    }

    private static String label(SolverChoice asked, FitResult f) {
        return asked == SolverChoice.AUTO ? "auto:" + f.solver() : f.solver();
    }

    /** n × p standard Gaussian design (every fifth feature shifted), 10 true effects, logistic labels. */
    static TrainingData synthetic(int n, int p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < p; j++) {
                double v = rng.nextGaussian() + (j % 5 == 0 ? 0.5 : 0.0);
                x[i * p + j] = v;
                if (j < 10) {
                    eta += (j % 2 == 0 ? 1.0 : -1.0) * (v - (j % 5 == 0 ? 0.5 : 0.0));
                }
            }
            y[i] = rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        return new TrainingData(new DenseMatrix(n, p, x), y, 2, null);
    }
}
