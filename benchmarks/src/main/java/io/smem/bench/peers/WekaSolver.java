package io.smem.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import weka.classifiers.functions.Logistic;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Weka 3.8.6 {@code weka.classifiers.functions.Logistic}: minimizes Σ_i nll_i + ridge·Σ_j β_j² (intercept not
 * penalized) by BFGS with its own stopping rule. By default it standardizes the attributes with the sample standard
 * deviation and penalizes the standardized coefficients; its option {@code -S} (doNotStandardizeAttributes) turns that
 * off, and then ridge = nλ/2 is exactly our problem (×n). Its only stopping knob is maxIts (-1: until its own
 * convergence test). Weka's filter RemoveUseless drops constant attributes: they are dropped here before Weka sees
 * them and get coefficient 0 (their optimal value with an unpenalized intercept).
 */
final class WekaSolver {

    private WekaSolver() {
    }

    record WekaData(Instances instances, int[] kept) {
    }

    static WekaData data(Dataset d) {
        int p = d.p();
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double first = d.x()[0][j];
            for (double[] row : d.x()) {
                if (row[j] != first) {
                    keep.add(j);
                    break;
                }
            }
        }
        ArrayList<Attribute> atts = new ArrayList<>();
        for (int j : keep) {
            atts.add(new Attribute("f" + j));
        }
        atts.add(new Attribute("class", List.of("0", "1")));
        Instances inst = new Instances(d.name(), atts, d.n());
        inst.setClassIndex(keep.size());
        for (int i = 0; i < d.n(); i++) {
            double[] v = new double[keep.size() + 1];
            for (int k = 0; k < keep.size(); k++) {
                v[k] = d.x()[i][keep.get(k)];
            }
            v[keep.size()] = d.y()[i];
            inst.add(new DenseInstance(1.0, v));
        }
        return new WekaData(inst, keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Our problem (L2 logistic, λ), Weka's maxIts swept by doubling. */
    static Solver create(Dataset d, Problem pr) {
        WekaData wd = data(d);
        double ridge = d.n() * pr.lambda() / 2;
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int its = 1; its <= 4096; its *= 2) {
            int k = its;
            sweep.add(new Solver.Setting("maxIts=" + k, () -> fit(wd, d.p(), ridge, true, k)));
        }
        sweep.add(new Solver.Setting("maxIts=-1 (own test)", () -> fit(wd, d.p(), ridge, true, -1)));
        Solver.Setting dflt = new Solver.Setting("-S -R " + fmt(ridge) + ", maxIts=-1 (default)",
                () -> fit(wd, d.p(), ridge, true, -1));
        return new Solver("Weka Logistic", String.format(Locale.ROOT, "-S (no standardization), ridge = nλ/2 = %s: "
                + "our problem; sweep over maxIts (BFGS iterations)", fmt(ridge)), sweep, dflt, null);
    }

    /** Weka at all its defaults (standardized, ridge 1e-8): a different problem; reported in our objective. */
    static Solver.Setting libraryDefaults(Dataset d) {
        WekaData wd = data(d);
        return new Solver.Setting("library defaults: standardized, ridge=1e-8",
                () -> fit(wd, d.p(), 1e-8, false, -1));
    }

    static Solver.Solution fit(WekaData wd, int p, double ridge, boolean noStandardize, int maxIts)
            throws Exception {
        Logistic lr = new Logistic();
        lr.setRidge(ridge);
        lr.setDoNotStandardizeAttributes(noStandardize);
        lr.setMaxIts(maxIts);
        lr.buildClassifier(wd.instances());
        double[][] par = lr.coefficients();
        // Weka models P(first class value = "0") = σ(par·x): our β (class "1" positive) is −par.
        double[] beta = new double[p];
        for (int k = 0; k < wd.kept().length; k++) {
            beta[wd.kept()[k]] = -par[k + 1][0];
        }
        return new Solver.Solution(beta, -par[0][0], maxIts < 0 ? "until its test" : maxIts + " it (cap)");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
