package io.smem.bench.glmnet;

import io.smem.fit.Acceleration;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.RegularizationPath;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reproduces a stalled fit found by the comparison: the training part of one CV fold, the path's warm start from the
 * previous λ, then the fit at λ #index with its trace; also the same λ from scratch and with other accelerations.
 * Usage: {@code VersusGlmnet stall DATA FOLD INDEX} (fold and index 1-based, engine's 40-point grid).
 */
final class StallRepro {

    private StallRepro() {
    }

    static void run(String name, int foldNumber, int index) throws Exception {
        GlmnetProblem problem = GlmnetProblem.load(name);
        FitOptions base = GlmnetProblem.options();
        double[] grid = problem.engineGrid(40);
        int[] fold = problem.folds();
        int k = foldNumber - 1;
        TrainingData sub = problem.trainingPart(fold, k);
        int m = sub.rows();
        SmEm.Prepared prepared = SmEm.prepare(sub, base);
        double lambda = grid[index - 1];
        List<FitResult> before = RegularizationPath.fits(prepared, base, Arrays.copyOf(grid, index - 1), null);
        double[][] warm = before.get(before.size() - 1).workingState();
        System.out.printf(Locale.ROOT, "%s, fold %d (%d training rows), λ #%d = %.17g%n", name, foldNumber, m, index,
                lambda);
        show("path warm start, default", SmEm.fit(prepared, base.withLambda(lambda), warm));
        show("from scratch, default", SmEm.fit(sub, base.withLambda(lambda)));
        for (Acceleration acc : new Acceleration[] {Acceleration.RESTART, Acceleration.SQUAREM}) {
            show("path warm start, " + acc, SmEm.fit(prepared, base.withLambda(lambda).withAcceleration(acc), warm));
        }
        show("path warm start, cg solver",
                SmEm.fit(prepared, base.withLambda(lambda).withSolver(io.smem.solve.SolverChoice.CG), warm));
    }

    private static void show(String label, FitResult f) {
        double[] trace = f.trace();
        int n = trace.length;
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, n - 4); i < n; i++) {
            tail.append(String.format(Locale.ROOT, " %.17g", trace[i]));
        }
        System.out.printf(Locale.ROOT, "  %-32s %6.0f ms %5d it  %s  KKT %.2e  nnz %d  F %.17g  last:%s%n", label,
                f.timeMillis(), f.iterations(), f.converged() ? "converged" : "NOT converged", f.kktResidual(),
                f.nonZeros(), f.objective(), tail);
    }
}
