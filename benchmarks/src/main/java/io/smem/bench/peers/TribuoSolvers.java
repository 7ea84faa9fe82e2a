package io.smem.bench.peers;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Tribuo 4.3.2. {@code LibLinearClassificationTrainer} wraps the same liblinear-java, always with a bias feature of 1
 * that liblinear penalizes (Tribuo does not set regularize_bias): for the hinge that is exactly our penalized-bias
 * problem; for the logistic loss its optimum differs from ours by the bias penalty. Its defaults: cost 1 (= C, i.e.
 * λ = 1/n, our main setting), terminationCriterion 0.1, maxIterations 1000. {@code LinearSGDTrainer} minimizes the
 * unregularized multinomial logistic loss (two weight vectors for two classes) by AdaGrad; Tribuo's default logistic
 * trainer ({@code LogisticRegressionTrainer}) is AdaGrad(η = 1, ε = 0.1), 5 epochs, minibatch 1.
 */
final class TribuoSolvers {

    private TribuoSolvers() {
    }

    static String name(int j) {
        return String.format(Locale.ROOT, "f%03d", j);
    }

    static MutableDataset<Label> dataset(Dataset d) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance(d.name(),
                OffsetDateTime.now(), factory), factory);
        for (int i = 0; i < d.n(); i++) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int j = 0; j < d.p(); j++) {
                if (d.x()[i][j] != 0) {
                    names.add(name(j));
                    values.add(d.x()[i][j]);
                }
            }
            ds.add(new ArrayExample<>(new Label(d.y()[i] == 1 ? "1" : "0"), names.toArray(new String[0]),
                    values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return ds;
    }

    /** Tribuo's liblinear with the solver that matches the problem; null where there is none. */
    static Solver liblinear(Dataset d, Problem pr, MutableDataset<Label> ds) {
        LinearClassificationType.LinearType type = pr.hinge() ? LinearClassificationType.LinearType.L2R_L1LOSS_SVC_DUAL
                : pr.alpha() == 0 ? LinearClassificationType.LinearType.L2R_LR : null;
        if (type == null) {
            return null;
        }
        double c = pr.liblinearC(d.n());
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int e = 1; e <= 15; e++) {
            double eps = Math.pow(10, -e);
            sweep.add(new Solver.Setting(String.format(Locale.ROOT, "eps=%.0e", eps),
                    () -> liblinearFit(d, ds, type, c, eps)));
        }
        Solver.Setting dflt = new Solver.Setting("terminationCriterion=0.1 (default)",
                () -> liblinearFit(d, ds, type, c, 0.1));
        String what = pr.biasPenalized() ? "same problem (bias penalized)"
                : "solves the problem with a penalized bias: cannot reach our optimum exactly";
        return new Solver("Tribuo LibLinear", type + ", cost = 1/(nλ); " + what, sweep, dflt, null);
    }

    private static Solver.Solution liblinearFit(Dataset d, MutableDataset<Label> ds,
                                                LinearClassificationType.LinearType type, double c, double eps) {
        LibLinearClassificationTrainer t = new LibLinearClassificationTrainer(new LinearClassificationType(type), c,
                1000, eps);
        LibLinearClassificationModel m = (LibLinearClassificationModel) t.train(ds);
        de.bwaldvogel.liblinear.Model inner = m.getInnerModels().get(0);
        double[] w = inner.getFeatureWeights();
        int positive = m.getOutputIDInfo().getID(new Label("1"));
        double sign = inner.getLabels()[0] == positive ? 1 : -1;
        ImmutableFeatureMap fm = m.getFeatureIDMap();
        double[] beta = new double[d.p()];
        for (int j = 0; j < d.p(); j++) {
            int id = fm.getID(name(j));
            if (id >= 0) {
                beta[j] = sign * w[id];
            }
        }
        return new Solver.Solution(beta, sign * w[fm.size()], "");
    }

    /** Tribuo's SGD logistic regression (unregularized), epochs swept. */
    static Solver sgd(Dataset d, MutableDataset<Label> ds) {
        List<Solver.Setting> sweep = new ArrayList<>();
        for (int epochs : new int[] {1, 2, 5, 10, 20, 50, 100}) {
            sweep.add(new Solver.Setting("AdaGrad(1, 0.1), epochs=" + epochs, () -> sgdFit(d, ds, epochs)));
        }
        Solver.Setting dflt = new Solver.Setting("AdaGrad(1, 0.1), 5 epochs (default)", () -> sgdFit(d, ds, 5));
        return new Solver("Tribuo LinearSGD", "LogMulticlass + AdaGrad, minibatch 1: minimizes the unregularized "
                + "logistic loss (no λ), reported in our objective", sweep, dflt, null);
    }

    private static Solver.Solution sgdFit(Dataset d, MutableDataset<Label> ds, int epochs) {
        LinearSGDTrainer t = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), epochs,
                Integer.MAX_VALUE, 1, 12345L);
        LinearSGDModel m = (LinearSGDModel) t.train(ds);
        DenseMatrix w = m.getWeightsCopy();
        int pos = m.getOutputIDInfo().getID(new Label("1"));
        int neg = m.getOutputIDInfo().getID(new Label("0"));
        ImmutableFeatureMap fm = m.getFeatureIDMap();
        double[] beta = new double[d.p()];
        for (int j = 0; j < d.p(); j++) {
            int id = fm.getID(name(j));
            if (id >= 0) {
                beta[j] = w.get(pos, id) - w.get(neg, id);
            }
        }
        int bias = fm.size();
        return new Solver.Solution(beta, w.get(pos, bias) - w.get(neg, bias), "");
    }
}
