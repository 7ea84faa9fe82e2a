package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.TrainingData;
import io.smem.loss.HingeLoss;
import io.smem.loss.LogisticLoss;
import io.smem.loss.SquaredLoss;
import io.smem.penalty.Penalty;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * AIC, BIC and EBIC against their formulas (from each point's deviance and df), the deviance against a hand
 * computation, and the hinge's lack of a likelihood.
 *
 * <p>Convention documented in {@code RegularizationPath.informationCriteria}: n is the total weight; classification
 * uses the total deviance n·dev, the squared loss the Gaussian profile likelihood n·log(RSS/n) = n·log(dev); EBIC adds
 * 2γ·log C(P, df) with γ = 0.5 and P the number of penalized coefficients.
 */
class InformationCriteriaTest {

    /** log C(P, k) for integer k, by summing logs (independent of the Gamma function). */
    static double logChoose(int p, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(p - k + i) - Math.log(i);
        }
        return s;
    }

    static void assertRel(double expected, double actual, double tol, String what) {
        assertEquals(expected, actual, tol * Math.max(1.0, Math.abs(expected)), what);
    }

    /** Checks every point of a lasso path; returns the number of distinct df seen. */
    static int checkFormulas(PathResult path, double n, int candidates, boolean gaussian, String name) {
        java.util.Set<Double> dfs = new java.util.HashSet<>();
        for (PathPoint pt : path.points()) {
            double df = pt.df();
            assertEquals(pt.fit().nonZeros(), df, 0.0, name + ": lasso df is the number of non-zeros");
            assertEquals(Math.rint(df), df, 0.0);
            dfs.add(df);
            double fit = gaussian ? n * Math.log(pt.deviance()) : n * pt.deviance();
            double aic = fit + 2 * df;
            double bic = fit + Math.log(n) * df;
            double ebic = bic + 2 * 0.5 * logChoose(candidates, (int) df);
            assertRel(aic, pt.aic(), 1e-9, name + ": AIC at λ=" + pt.lambda());
            assertRel(bic, pt.bic(), 1e-9, name + ": BIC at λ=" + pt.lambda());
            assertRel(ebic, pt.ebic(), 1e-9, name + ": EBIC at λ=" + pt.lambda());
        }
        return dfs.size();
    }

    static int argmin(PathResult path, java.util.function.ToDoubleFunction<PathPoint> column) {
        double[] v = path.points().stream().mapToDouble(column).toArray();
        int best = 0;
        for (int l = 1; l < v.length; l++) {
            if (v[l] < v[best]) {
                best = l;
            }
        }
        return best;
    }

    @Test
    void logisticCriteriaMatchTheirFormulas() {
        TrainingData data = PathData.breastCancer();
        FitOptions base = PathData.logistic(Penalty.lasso());
        PathResult path = RegularizationPath.fit(data, base, PathData.noCv(15), null);
        assertEquals(SelectionRule.AIC, path.rule());
        assertEquals(0, path.folds());
        int distinct = checkFormulas(path, data.rows(), 30, false, "logistic lasso");
        assertTrue(distinct >= 4, "the path must visit several model sizes");
        assertEquals(argmin(path, PathPoint::aic), path.selected(), "AIC rule picks the AIC argmin");
        assertEquals(argmin(path, PathPoint::bic),
                RegularizationPath.fit(data, base, PathData.noCv(15).withRule(SelectionRule.BIC), null).selected());
        assertEquals(argmin(path, PathPoint::ebic),
                RegularizationPath.fit(data, base, PathData.noCv(15).withRule(SelectionRule.EBIC), null).selected());
        // No CV columns without cross-validation.
        assertTrue(path.points().stream().allMatch(pt -> Double.isNaN(pt.cvMean())));
    }

    @Test
    void multinomialCandidatesAreKTimesP() {
        TrainingData data = PathData.iris();
        PathResult path = RegularizationPath.fit(data, PathData.logistic(Penalty.lasso()), PathData.noCv(8), null);
        checkFormulas(path, data.rows(), 3 * 4, false, "multinomial lasso");
    }

    @Test
    void squaredLossUsesTheLogOfTheDeviance() {
        TrainingData data = PathData.wineRegression();
        PathResult path = RegularizationPath.fit(data, PathData.squared(Penalty.lasso()), PathData.noCv(12), null);
        checkFormulas(path, data.rows(), 12, true, "squared lasso");
        // Not n·dev: the two conventions differ on this data.
        PathPoint last = path.points().get(path.points().size() - 1);
        double nDev = data.rows() * last.deviance() + 2 * last.df();
        assertTrue(Math.abs(nDev - last.aic()) > 1e-3 * Math.abs(last.aic()), "squared AIC must not be n·dev + 2df");
    }

    @Test
    void nIsTheTotalWeight() {
        // Weight 2 on every row: the documented n is the total weight, 2·569.
        TrainingData unit = PathData.breastCancer();
        double[] w = new double[unit.rows()];
        Arrays.fill(w, 2.0);
        TrainingData data = new TrainingData(unit.x(), unit.response(), 2, w);
        PathResult path = RegularizationPath.fit(data, PathData.logistic(Penalty.lasso()), PathData.noCv(6), null);
        checkFormulas(path, 2.0 * unit.rows(), 30, false, "weighted logistic lasso");
    }

    @Test
    void ridgeCriteriaUseTheEffectiveDegreesOfFreedom() {
        TrainingData data = PathData.breastCancer();
        PathResult path = RegularizationPath.fit(data, PathData.logistic(Penalty.ridge()), PathData.noCv(8), null);
        double n = data.rows();
        double previous = -1;
        for (PathPoint pt : path.points()) {
            double df = pt.df();
            assertTrue(df > 0 && df < 30, "effective df in (0, p): " + df);
            assertTrue(df > previous, "effective df grows as λ falls");
            previous = df;
            assertRel(n * pt.deviance() + 2 * df, pt.aic(), 1e-9, "ridge AIC");
            assertRel(n * pt.deviance() + Math.log(n) * df, pt.bic(), 1e-9, "ridge BIC");
        }
    }

    @Test
    void hingeWithAnInformationCriterionIsRejected() {
        TrainingData data = PathData.breastCancer();
        FitOptions hinge = PathData.hinge(Penalty.lasso());
        for (SelectionRule rule : new SelectionRule[] {SelectionRule.AIC, SelectionRule.BIC, SelectionRule.EBIC}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RegularizationPath.fit(data, hinge, PathData.noCv(3).withRule(rule), null), rule.name());
            String msg = e.getMessage().toLowerCase(Locale.ROOT);
            assertTrue(msg.contains("hinge") && msg.contains("likelihood"), "unclear message: " + e.getMessage());
        }
    }

    @Test
    void devianceIsTwiceTheWeightedMeanLoss() {
        TrainingData unit = PathData.breastCancer();
        int n = unit.rows();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 + (i % 4);
        }
        TrainingData data = new TrainingData(unit.x(), unit.response(), 2, w);
        FitOptions base = PathData.logistic(Penalty.lasso());
        PathOptions opts = new PathOptions(1, Double.NaN, new double[] {0.02}, SelectionRule.AIC, 2, 1L, 1);
        PathPoint pt = RegularizationPath.fit(data, base, opts, null).points().get(0);
        FitResult fit = pt.fit();
        assertTrue(fit.nonZeros() > 0);
        double total = 0;
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            double eta = fit.intercepts()[0];
            for (int j = 0; j < data.x().cols(); j++) {
                eta += fit.coefficients()[0][j] * data.x().get(i, j);
            }
            double p1 = 1 / (1 + Math.exp(-eta));
            double loss = data.response()[i] == 1 ? -Math.log(p1) : -Math.log(1 - p1);
            total += w[i] * loss;
            wsum += w[i];
        }
        assertRel(2 * total / wsum, pt.deviance(), 1e-10, "binomial deviance");
        // Consistent with the objective: F = dev/2 + λ·P, so dev/2 < F.
        assertTrue(pt.deviance() / 2 < fit.objective());
        // Evaluation.deviance agrees for the same scores.
        double[][] eta = Evaluation.scores(fit, data.x());
        assertRel(2 * total / wsum,
                Evaluation.deviance(LogisticLoss.INSTANCE, eta, data.response(), data.weights()), 1e-10,
                "Evaluation.deviance");
    }

    @Test
    void devianceOfMultinomialSquaredAndHingeModels() {
        // Multinomial: 2·mean(−log p_y).
        TrainingData iris = PathData.iris();
        PathOptions one = new PathOptions(1, Double.NaN, new double[] {0.01}, SelectionRule.AIC, 2, 1L, 1);
        PathPoint mp = RegularizationPath.fit(iris, PathData.logistic(Penalty.lasso()), one, null).points().get(0);
        FitResult mf = mp.fit();
        double s = 0;
        for (int i = 0; i < iris.rows(); i++) {
            double[] z = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < 3; r++) {
                z[r] = mf.intercepts()[r];
                for (int j = 0; j < 4; j++) {
                    z[r] += mf.coefficients()[r][j] * iris.x().get(i, j);
                }
                max = Math.max(max, z[r]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            s += max + Math.log(sum) - z[(int) iris.response()[i]];
        }
        assertRel(2 * s / iris.rows(), mp.deviance(), 1e-10, "multinomial deviance");

        // Squared: the mean squared residual (2 × ½ r²).
        TrainingData wine = PathData.wineRegression();
        PathPoint sp = RegularizationPath.fit(wine, PathData.squared(Penalty.lasso()), one, null).points().get(0);
        double rss = 0;
        for (int i = 0; i < wine.rows(); i++) {
            double eta = sp.fit().intercepts()[0];
            for (int j = 0; j < wine.x().cols(); j++) {
                eta += sp.fit().coefficients()[0][j] * wine.x().get(i, j);
            }
            rss += (wine.response()[i] - eta) * (wine.response()[i] - eta);
        }
        assertRel(rss / wine.rows(), sp.deviance(), 1e-10, "squared deviance = RSS/n");

        // Hinge: twice the mean hinge loss, via Evaluation on a fit.
        TrainingData bc = PathData.breastCancer();
        FitResult hf = io.smem.fit.SmEm.fit(bc, PathData.hinge(Penalty.ridge()).withLambda(0.01));
        double h = 0;
        for (int i = 0; i < bc.rows(); i++) {
            double eta = hf.intercepts()[0];
            for (int j = 0; j < bc.x().cols(); j++) {
                eta += hf.coefficients()[0][j] * bc.x().get(i, j);
            }
            double yt = bc.response()[i] == 1 ? 1 : -1;
            h += Math.max(0, 1 - yt * eta);
        }
        double[][] eta = Evaluation.scores(hf, bc.x());
        assertRel(2 * h / bc.rows(), Evaluation.deviance(HingeLoss.INSTANCE, eta, bc.response(), null), 1e-10,
                "hinge deviance");
        assertTrue(h > 0);
        assertEquals(SquaredLoss.INSTANCE.value(3, 1), 2.0, 0.0); // ½(y − η)², the spec's squared loss
    }
}
