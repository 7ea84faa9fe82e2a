package io.smem.bench.paper;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Checks of the benchmark's own code before it is trusted, on a tiny problem: the gradient against central finite
 * differences (ridge and lasso), Adam's optimum against Newton's (Adam run to convergence with a decreasing sequence
 * of learning rates), and the engine's reported objective against this code's at the same coefficients (ridge and
 * lasso, raw features).
 */
final class SelfChecks {

    private SelfChecks() {
    }

    /** Lines of "check: value (verdict)". Throws if a check fails badly. */
    static List<String> run() {
        List<String> out = new ArrayList<>();
        SyntheticLogistic.Problem pr = SyntheticLogistic.problem(SyntheticLogistic.factors(5, 12345), 10);
        int n = pr.n();
        int p = pr.p();
        double lambda = 0.01;
        LogisticObjective ridge = new LogisticObjective(pr.x(), pr.y(), n, p, lambda, LogisticObjective.Pen.RIDGE);
        LogisticObjective lasso = ridge.withLambda(lambda, LogisticObjective.Pen.LASSO);

        // 1. Gradient vs central differences at a random point (all β_j away from 0, so the lasso is smooth there).
        SplittableRandom rng = new SplittableRandom(1);
        double[] theta = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            theta[j] = (rng.nextBoolean() ? 1 : -1) * (0.5 + rng.nextDouble());
        }
        double worst = 0;
        for (LogisticObjective o : new LogisticObjective[] {ridge, lasso}) {
            double[] g = new double[p + 1];
            o.gradient(theta, g);
            for (int j = 0; j <= p; j++) {
                double h = 1e-5;
                double[] a = theta.clone();
                double[] b = theta.clone();
                a[j] += h;
                b[j] -= h;
                double fd = (o.value(a) - o.value(b)) / (2 * h);
                worst = Math.max(worst, Math.abs(fd - g[j]) / Math.max(1e-3, Math.abs(g[j])));
            }
        }
        out.add(check("gradient vs central differences (max rel. error)", worst, 1e-6));

        // 2. Newton vs Adam driven to convergence by decreasing learning rates.
        NewtonReference.Result newton = NewtonReference.solve(ridge);
        double[] t = ridge.nullModel();
        for (double lr : new double[] {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}) {
            t = Adam.run(ridge, t, lr, new int[] {4000}).theta();
        }
        double fAdam = ridge.value(t);
        out.add(check(String.format(Locale.ROOT, "Adam (lr 1e-1 ... 1e-6, 4000 iterations each) vs Newton "
                + "(F* = %.15f, %d iterations): F_Adam − F*", newton.f(), newton.iterations()), fAdam - newton.f(),
                1e-10));
        if (fAdam < newton.f() - 1e-15) {
            throw new IllegalStateException("Adam found a lower objective than Newton: " + fAdam + " < " + newton.f());
        }

        // 3. The engine's objective convention: its reported F at its coefficients equals ours.
        TrainingData data = new TrainingData(new DenseMatrix(n, p, pr.x()), pr.y(), 2, null);
        double mismatch = 0;
        double gap = 0;
        for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso()}) {
            FitOptions o = FitOptions.defaults().withPenalty(pen).withLambda(lambda).withStandardize(false)
                    .withTolerance(1e-15).withKktTolerance(1e-12);
            FitResult fit = SmEm.fit(data, o);
            boolean isRidge = pen.name().equals("ridge");
            LogisticObjective mine = isRidge ? ridge : lasso;
            double f = BudgetExperiment.objectiveAt(mine, fit);
            mismatch = Math.max(mismatch, Math.abs(fit.objective() - f) / Math.abs(f));
            if (isRidge) {
                gap = f - newton.f();
            }
        }
        // 4. The engine at its iteration cap: exactly the cap, converged = false, the last iterate returned (its
        //    reported objective is the last trace entry and equals ours at the returned coefficients).
        for (io.smem.fit.Acceleration acc : new io.smem.fit.Acceleration[] {io.smem.fit.Acceleration.NONE,
            io.smem.fit.Acceleration.NESTEROV, io.smem.fit.Acceleration.AUTO}) {
            FitResult capped = SmEm.fit(data, FitOptions.defaults().withLambda(lambda).withStandardize(false)
                    .withAcceleration(acc).withMaxIterations(3).withTolerance(Double.MIN_VALUE)
                    .withKktTolerance(Double.MIN_VALUE));
            double f = BudgetExperiment.objectiveAt(ridge, capped);
            double[] tr = capped.trace();
            boolean ok = capped.iterations() == 3 && !capped.converged() && tr.length == 4
                    && tr[3] == capped.objective() && Math.abs(capped.objective() - f) <= 1e-12 * Math.abs(f);
            if (!ok) {
                throw new IllegalStateException("engine at its cap (" + acc + "): iterations " + capped.iterations()
                        + ", converged " + capped.converged() + ", trace length " + tr.length + ", objective "
                        + capped.objective() + " vs ours " + f);
            }
        }
        out.add("engine at its iteration cap (none, nesterov, auto; cap 3, tolerances at the smallest double): "
                + "exactly 3 iterations, converged = false, returns the last iterate (ok)");
        out.add(check("engine objective() vs this code at the engine's coefficients (ridge, lasso; max rel.)",
                mismatch, 1e-12));
        out.add(check("engine tight solve vs Newton: F_engine − F*", gap, 1e-12));
        return out;
    }

    private static String check(String what, double value, double limit) {
        boolean ok = Math.abs(value) <= limit;
        String line = String.format(Locale.ROOT, "%s: %.2e (%s, limit %.0e)", what, value, ok ? "ok" : "FAILED",
                limit);
        if (!ok) {
            throw new IllegalStateException("self-check failed: " + line);
        }
        return line;
    }
}
