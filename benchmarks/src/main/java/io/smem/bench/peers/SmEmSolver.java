package io.smem.bench.peers;

import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.HingeLoss;
import io.smem.penalty.Penalty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The engine: raw features, our λ; the sweep is over --tol (and a KKT tolerance tied to it). */
final class SmEmSolver {

    private SmEmSolver() {
    }

    static FitOptions options(Problem pr) {
        Penalty pen = pr.alpha() == 0 ? Penalty.ridge() : pr.alpha() == 1 ? Penalty.lasso()
                : Penalty.elasticNet(pr.alpha());
        FitOptions o = FitOptions.defaults().withLambda(pr.lambda()).withStandardize(false).withPenalty(pen);
        if (pr.hinge()) {
            o = o.withLoss(HingeLoss.INSTANCE);
        }
        // A penalized bias: no intercept, and the data set's column of ones carries it as a penalized coefficient.
        return pr.biasPenalized() ? o.withIntercept(false) : o;
    }

    static Solver create(Dataset d, Problem pr) {
        FitOptions base = options(pr);
        TrainingData data = pr.biasPenalized() ? d.aug() : d.data();
        int p = d.p();
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int e = 1; e <= 16; e++) {
            double tol = Math.pow(10, -e);
            double kkt = Math.max(1e-14, Math.sqrt(tol) * 1e-2);
            FitOptions o = base.withTolerance(tol).withKktTolerance(kkt);
            sweep.add(new Solver.Setting(String.format(Locale.ROOT, "tol=%.0e kkt=%.0e", tol, kkt),
                    () -> solution(SmEm.fit(data, o), p, pr.biasPenalized())));
        }
        Solver.Setting defaults = new Solver.Setting("defaults (tol=1e-10, kkt=1e-7)",
                () -> solution(SmEm.fit(data, base), p, pr.biasPenalized()));
        FitOptions tight = base.withTolerance(1e-16).withKktTolerance(1e-13).withMaxIterations(2000);
        Solver.Setting tightest = new Solver.Setting("tol=1e-16 kkt=1e-13",
                () -> solution(SmEm.fit(data, tight), p, pr.biasPenalized()));
        String acc = base.resolvedAcceleration().cliName();
        return new Solver("SM-EM", "engine, acceleration " + acc + ", solver auto; work = iterations and the engine's "
                + "data-pass count", sweep, defaults, tightest);
    }

    static Solver.Solution solution(FitResult r, int p, boolean biasPenalized) {
        double[] c = r.coefficients()[0];
        double[] beta = java.util.Arrays.copyOf(c, p);
        double b = biasPenalized ? c[p] : r.intercepts()[0];
        String work = String.format(Locale.ROOT, "%d it, %.0f passes%s", r.iterations(), r.dataPasses(),
                r.converged() ? "" : ", NOT CONVERGED: " + r.message());
        return new Solver.Solution(beta, b, work);
    }
}
