package io.smem.bench.peers;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.SolverType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * liblinear-java 2.44. L2 logistic: L2R_LR (trust-region Newton) with {@code regularize_bias = false}; L1 logistic:
 * L1R_LR (newGLMNET) with {@code regularize_bias = false}; hinge: L2R_L1LOSS_SVC_DUAL (dual coordinate descent),
 * which refuses {@code regularize_bias = false} ("-R option supported only for solver L2R_LR, L2R_L2LOSS_SVC,
 * L1R_L2LOSS_SVC, L1R_LR, and L2R_L2LOSS_SVR"), so the hinge problem is the one with a penalized bias. C = 1/(nλ).
 */
final class LiblinearSolver {

    private static final Pattern NEWTON = Pattern.compile("iter\\s+\\d+ f .* CG\\s+(\\d+)");
    private static final Pattern GLMNET = Pattern.compile("iter\\s+\\d+\\s+#CD cycles (\\d+)");
    private static final Pattern DUAL = Pattern.compile("optimization finished, #iter = (\\d+)");

    private LiblinearSolver() {
    }

    static de.bwaldvogel.liblinear.Problem problem(Dataset d) {
        int n = d.n();
        int p = d.p();
        de.bwaldvogel.liblinear.Problem prob = new de.bwaldvogel.liblinear.Problem();
        prob.l = n;
        prob.n = p + 1;
        prob.bias = 1;
        prob.y = new double[n];
        prob.x = new Feature[n][];
        for (int i = 0; i < n; i++) {
            List<Feature> fs = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                if (d.x()[i][j] != 0) {
                    fs.add(new FeatureNode(j + 1, d.x()[i][j]));
                }
            }
            fs.add(new FeatureNode(p + 1, 1.0));
            prob.x[i] = fs.toArray(new Feature[0]);
            prob.y[i] = d.y()[i] == 1 ? 1 : -1;
        }
        return prob;
    }

    static SolverType type(Problem pr) {
        if (pr.hinge()) {
            return SolverType.L2R_L1LOSS_SVC_DUAL;
        }
        if (pr.alpha() == 0) {
            return SolverType.L2R_LR;
        }
        if (pr.alpha() == 1) {
            return SolverType.L1R_LR;
        }
        return null;
    }

    /** Null if liblinear has no solver for this problem (elastic net). */
    static Solver create(Dataset d, Problem pr) {
        SolverType type = type(pr);
        if (type == null) {
            return null;
        }
        if (pr.hinge() != pr.biasPenalized()) {
            throw new IllegalArgumentException("liblinear: only the hinge problem has a penalized bias here");
        }
        de.bwaldvogel.liblinear.Problem prob = problem(d);
        double c = pr.liblinearC(d.n());
        int p = d.p();
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int e = 1; e <= (type == SolverType.L1R_LR ? 9 : 15); e++) {
            double eps = Math.pow(10, -e);
            sweep.add(setting(String.format(Locale.ROOT, "eps=%.0e", eps), prob, type, c, eps, p, pr));
        }
        double defaultEps = type == SolverType.L2R_L1LOSS_SVC_DUAL ? 0.1 : 0.01;
        Solver.Setting defaults = setting(String.format(Locale.ROOT, "default eps=%.0e", defaultEps), prob, type, c,
                defaultEps, p, pr);
        // L1R_LR below eps 1e-9 runs into its iteration cap on spambase (12 s, no better objective): 1e-9 is the
        // tightest setting used for it.
        double tight = type == SolverType.L1R_LR ? 1e-9 : 1e-15;
        Solver.Setting tightest = setting(String.format(Locale.ROOT, "eps=%.0e", tight), prob, type, c, tight, p, pr);
        String work = switch (type) {
            case L2R_LR -> "work = Newton iterations, CG steps, passes = 4 + Σ(2·CG + 3)";
            case L1R_LR -> "work = newGLMNET iterations, CD cycles, passes ≈ 1 + Σ(1 + CD cycles)";
            default -> "work = epochs of dual CD (≤ passes, shrinking visits fewer rows; capped at 300 in 2.44)";
        };
        return new Solver("liblinear", type + (pr.biasPenalized() ? ", bias penalized" : ", bias unpenalized")
                + "; " + work, sweep, defaults, tightest);
    }

    private static Solver.Setting setting(String label, de.bwaldvogel.liblinear.Problem prob, SolverType type,
                                          double c, double eps, int p, Problem pr) {
        return new Solver.Setting(label, () -> train(prob, type, c, eps, p, pr), () -> work(prob, type, c, eps, p,
                pr));
    }

    static Solver.Solution train(de.bwaldvogel.liblinear.Problem prob, SolverType type, double c, double eps, int p,
                                 Problem pr) {
        Parameter par = new Parameter(type, c, eps);
        if (!pr.biasPenalized()) {
            par.setRegularizeBias(false);
        }
        Model m = Linear.train(prob, par);
        return solution(m, p, "");
    }

    static Solver.Solution solution(Model m, int p, String work) {
        double[] w = m.getFeatureWeights();
        double sign = m.getLabels()[0] == 1 ? 1 : -1;
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = sign * w[j];
        }
        return new Solver.Solution(beta, sign * w[p], work);
    }

    /** One run with liblinear's own progress output captured and counted. */
    private static String work(de.bwaldvogel.liblinear.Problem prob, SolverType type, double c, double eps, int p,
                               Problem pr) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Linear.setDebugOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            train(prob, type, c, eps, p, pr);
        } finally {
            Linear.disableDebugOutput();
        }
        String log = buf.toString(StandardCharsets.UTF_8);
        String warn = log.contains("WARNING: reaching max") ? ", hit max iterations" : "";
        if (type == SolverType.L2R_LR) {
            Matcher m = NEWTON.matcher(log);
            int it = 0;
            int cg = 0;
            while (m.find()) {
                it++;
                cg += Integer.parseInt(m.group(1));
            }
            return String.format(Locale.ROOT, "%d it, %d CG, %d passes%s", it, cg, 4 + 2 * cg + 3 * it, warn);
        }
        if (type == SolverType.L1R_LR) {
            Matcher m = GLMNET.matcher(log);
            int it = 0;
            int cd = 0;
            while (m.find()) {
                it++;
                cd += Integer.parseInt(m.group(1));
            }
            return String.format(Locale.ROOT, "%d it, %d CD cycles, ~%d passes%s", it, cd, 1 + it + cd, warn);
        }
        Matcher m = DUAL.matcher(log);
        return (m.find() ? m.group(1) : "?") + " epochs" + warn;
    }
}
