package io.smem.bench.glmnet;

import io.smem.data.ClassLabels;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataFormatException;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.PathOptions;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One data set of the glmnet comparison: binary logistic lasso, α = 1, standardized, with intercept (glmnet's
 * {@code family = "binomial"} defaults), and the objective in glmnet's convention computed from original-scale
 * coefficients, so that the engine's and glmnet's solutions are scored by one and the same function.
 */
final class GlmnetProblem {

    /** The data sets compared with glmnet, in report order: name → file (relative to the repository root). */
    static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("spambase", "datasets/spambase.csv");
        FILES.put("breast-cancer", "datasets/breast-cancer.csv");
        FILES.put("sonar", "datasets/sonar.csv");
        FILES.put("ionosphere", "datasets/ionosphere.csv");
    }

    /** The grid lengths compared (the paper's 40 and glmnet's default 100). */
    static final int[] GRID_SIZES = {40, 100};

    /** CV folds and the seed of the engine's fold assignment (the engine's defaults). */
    static final int FOLDS = PathOptions.DEFAULT_FOLDS;
    static final long SEED = PathOptions.defaults().seed();

    final String name;
    final TrainingData data;
    final List<String> classes;
    final String[] labels;
    /** Mean and population standard deviation of every column (glmnet's standardization, unit weights). */
    final double[] mean;
    final double[] sd;

    private GlmnetProblem(String name, TrainingData data, List<String> classes, String[] labels) {
        this.name = name;
        this.data = data;
        this.classes = classes;
        this.labels = labels;
        DesignMatrix x = data.x();
        int n = x.rows();
        int p = x.cols();
        mean = new double[p];
        sd = new double[p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += x.get(i, j);
            }
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double d = x.get(i, j) - m;
                v += d * d;
            }
            mean[j] = m;
            sd[j] = Math.sqrt(v / n);
        }
    }

    static GlmnetProblem load(String name) throws IOException, DataFormatException {
        String file = FILES.get(name);
        if (file == null) {
            throw new IllegalArgumentException("unknown data set '" + name + "'; known: " + FILES.keySet());
        }
        LabeledData table = DataReader.read(Path.of(file), null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        if (labels.classes().size() != 2) {
            throw new IllegalArgumentException(file + ": the glmnet comparison is binary, found "
                    + labels.classes().size() + " classes");
        }
        return new GlmnetProblem(name, new TrainingData(table.x(), labels.indices(), 2, null), labels.classes(),
                table.labels());
    }

    /** Logistic lasso, glmnet's defaults (standardized, intercept), the engine's default solver and tolerances. */
    static FitOptions options() {
        return FitOptions.defaults().withPenalty(Penalty.lasso());
    }

    /** The engine's default grid of {@code count} points (ratio 1e-4 when n &gt; p, else 1e-2, as glmnet). */
    double[] engineGrid(int count) {
        FitOptions base = options();
        return RegularizationPath.grid(SmEm.prepare(data, base), base, count, Double.NaN);
    }

    int[] folds() {
        return RegularizationPath.assignFolds(data, FOLDS, SEED);
    }

    /** The training part of fold k (every row whose fold is not k), as the engine's cross-validation fits it. */
    TrainingData trainingPart(int[] fold, int k) {
        int[] train = java.util.stream.IntStream.range(0, fold.length).filter(i -> fold[i] != k).toArray();
        double[] y = new double[train.length];
        for (int r = 0; r < train.length; r++) {
            y[r] = data.response()[train[r]];
        }
        return new TrainingData(data.x().selectRows(train), y, 2, null);
    }

    int rows() {
        return data.rows();
    }

    int cols() {
        return data.x().cols();
    }

    /**
     * glmnet's objective (1/n) Σ [log(1 + e^η) − y η] + λ Σ_j s_j |β_j| at original-scale coefficients, s_j the
     * population standard deviation (so λ Σ s_j |β_j| is the lasso penalty on the standardized scale). Summed in
     * the same order for every solver.
     */
    double objective(double lambda, double intercept, double[] beta) {
        DesignMatrix x = data.x();
        double[] eta = new double[x.rows()];
        x.multiply(beta, intercept, eta);
        double[] y = data.response();
        double loss = 0;
        for (int i = 0; i < eta.length; i++) {
            double e = eta[i];
            // log(1 + e^η) − yη, stable for large |η|
            loss += Math.max(e, 0) + Math.log1p(Math.exp(-Math.abs(e))) - y[i] * e;
        }
        double pen = 0;
        for (int j = 0; j < beta.length; j++) {
            pen += sd[j] * Math.abs(beta[j]);
        }
        return loss / eta.length + lambda * pen;
    }

    /**
     * The largest violation of the lasso's optimality conditions on the standardized scale (the engine's KKT
     * residual): with g_j = (1/n) Σ (σ(η_i) − y_i)(x_ij − m_j)/s_j, |g_j + λ sign β_j| for β_j ≠ 0,
     * max(0, |g_j| − λ) for β_j = 0, and |(1/n) Σ (σ(η_i) − y_i)| for the intercept. Constant columns are skipped.
     */
    double kktResidual(double lambda, double intercept, double[] beta) {
        DesignMatrix x = data.x();
        int n = x.rows();
        double[] eta = new double[n];
        x.multiply(beta, intercept, eta);
        double[] y = data.response();
        double[] r = new double[n];
        double rsum = 0;
        for (int i = 0; i < n; i++) {
            double e = eta[i];
            double prob = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
            r[i] = (prob - y[i]) / n;
            rsum += r[i];
        }
        double[] g = new double[beta.length];
        x.transposeMultiply(r, g);
        double worst = Math.abs(rsum);
        for (int j = 0; j < beta.length; j++) {
            if (sd[j] == 0) {
                continue;
            }
            double gj = (g[j] - mean[j] * rsum) / sd[j];
            double v = beta[j] != 0 ? Math.abs(gj + lambda * Math.signum(beta[j])) : Math.max(0, Math.abs(gj) - lambda);
            worst = Math.max(worst, v);
        }
        return worst;
    }
}
