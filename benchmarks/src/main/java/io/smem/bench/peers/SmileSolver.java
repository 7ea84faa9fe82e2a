package io.smem.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import smile.classification.LogisticRegression;

/**
 * Smile 3.1.1 (the last line that runs on Java 17; Smile 4+ needs Java 21) {@code LogisticRegression.binomial}:
 * minimizes Σ_i nll_i + ½·lambda·‖β‖² (intercept unpenalized) by L-BFGS (m = 5), so lambda = nλ is exactly our
 * problem (×n). Its objective and gradient run on parallel streams (both cores). Sweep over its gradient tolerance
 * {@code tol} with maxIter 2000; library defaults: tol 1e-5, maxIter 500.
 */
final class SmileSolver {

    private SmileSolver() {
    }

    static Solver create(Dataset d, Problem pr) {
        double[][] x = d.x();
        int[] y = new int[d.n()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (int) d.y()[i];
        }
        double lambda = d.n() * pr.lambda();
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int e = 1; e <= 16; e++) {
            double tol = Math.pow(10, -e);
            sweep.add(new Solver.Setting(String.format(Locale.ROOT, "tol=%.0e maxIter=2000", tol),
                    () -> fit(x, y, lambda, tol, 2000)));
        }
        Solver.Setting dflt = new Solver.Setting("tol=1e-5 maxIter=500 (default)", () -> fit(x, y, lambda, 1e-5,
                500));
        return new Solver("Smile L-BFGS", String.format(Locale.ROOT, "LogisticRegression.binomial, lambda = nλ = %.4g:"
                + " our problem; parallel streams", lambda), sweep, dflt, null);
    }

    static Solver.Solution fit(double[][] x, int[] y, double lambda, double tol, int maxIter) {
        LogisticRegression.Binomial m = LogisticRegression.binomial(x, y, lambda, tol, maxIter);
        double[] w = m.coefficients();
        int p = x[0].length;
        return new Solver.Solution(java.util.Arrays.copyOf(w, p), w[p], "");
    }
}
