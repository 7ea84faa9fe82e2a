package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.loss.HingeLoss;
import io.smem.loss.LogisticLoss;
import io.smem.loss.Loss;
import io.smem.loss.SquaredLoss;
import io.smem.penalty.Penalty;
import io.smem.reference.ReferenceSolution;
import io.smem.reference.References;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss × penalty against an independent reference solver (Newton, proximal Newton with coordinate descent,
 * the hinge LP, the SVM dual by SMO, multinomial Newton), at the engine's default tolerances: the objective must
 * agree to 1e-8 relative, the engine's KKT certificate must hold, and lasso zeros must match exactly.
 */
class ReferenceAgreementTest {

    private static final double REL = 1e-8;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("logistic", "ridge", 0.0, 0.01, true),
                Arguments.of("logistic", "ridge", 0.0, 1e-4, false),
                Arguments.of("logistic", "lasso", 1.0, 0.02, true),
                Arguments.of("logistic", "elasticnet", 0.5, 0.03, true),
                Arguments.of("squared", "ridge", 0.0, 0.1, true),
                Arguments.of("squared", "lasso", 1.0, 0.2, true),
                Arguments.of("squared", "elasticnet", 0.3, 0.2, false),
                Arguments.of("hinge", "ridge", 0.0, 0.01, true),
                Arguments.of("hinge", "ridge", 0.0, 0.05, false),
                Arguments.of("hinge", "lasso", 1.0, 0.01, true));
    }

    @ParameterizedTest(name = "{0} + {1} (alpha {2}) at lambda {3}, intercept {4}")
    @MethodSource("cases")
    void agreesWithReference(String lossName, String penaltyName, double alpha, double lambda, boolean intercept) {
        TestData d = TestData.make(120, 6, 7);
        double[] w = TestData.varied(120, 11);
        Loss loss = Loss.byName(lossName);
        Penalty pen = switch (penaltyName) {
            case "ridge" -> Penalty.ridge();
            case "lasso" -> Penalty.lasso();
            default -> Penalty.elasticNet(alpha);
        };
        double[] y = loss instanceof SquaredLoss ? d.yReal : d.y01;
        ReferenceSolution ref;
        if (loss instanceof HingeLoss) {
            ref = penaltyName.equals("lasso") ? References.hingeLasso(d.x, y, w, lambda, intercept)
                    : References.hingeRidge(d.x, y, w, lambda, intercept);
        } else if (penaltyName.equals("ridge")) {
            ref = References.smooth(d.x, y, w, lossName, lambda, intercept);
        } else {
            ref = References.elasticNet(d.x, y, w, lossName, lambda, alpha, intercept);
        }
        TrainingData data = loss instanceof SquaredLoss ? d.regression(w) : d.binary(w);
        FitOptions options = FitOptions.defaults().withLoss(loss).withPenalty(pen).withLambda(lambda)
                .withStandardize(false).withIntercept(intercept);
        FitResult fit = SmEm.fit(data, options);

        double engineF = References.objective(d.x, y, w, lossName, penaltyName, lambda, alpha, intercept,
                fit.intercepts()[0], fit.coefficients()[0]);
        assertEquals(engineF, fit.objective(), 1e-12 * Math.abs(engineF), "engine reports its own objective");
        assertTrue(fit.converged(), fit.message());
        assertTrue(fit.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE, "KKT " + fit.kktResidual());
        double rel = (engineF - ref.objective) / Math.abs(ref.objective);
        assertTrue(Math.abs(rel) <= REL, "relative objective gap " + rel + " (engine " + engineF + ", reference "
                + ref.objective + ")");
        if (!(loss instanceof HingeLoss) && pen.sparsifies()) {
            double[] beta = fit.coefficients()[0];
            for (int j = 0; j < beta.length; j++) {
                assertEquals(ref.beta()[j] == 0, beta[j] == 0,
                        "support differs at " + j + ": reference " + ref.beta()[j] + ", engine " + beta[j]);
            }
        }
    }

    /**
     * Lasso on nearly collinear pairs of columns (x and x + 0.01·noise, the response depending on both): the Newton
     * step moves far along a pair's difference, where the data curvature almost vanishes, and carries coefficients
     * across zero. The fit must still reach the reference optimum, and without creeping on by EM steps once every
     * Newton trial is refused (58 iterations before the damped trial, 34 with it).
     */
    @org.junit.jupiter.api.Test
    void lassoOnNearlyCollinearPairsReachesTheReferenceWithoutCreeping() {
        int n = 400;
        int pairs = 10;
        java.util.Random r = new java.util.Random(2);
        double[][] x = new double[n][2 * pairs];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < pairs; j++) {
                double v = r.nextGaussian();
                double e = r.nextGaussian();
                x[i][2 * j] = v;
                x[i][2 * j + 1] = v + 0.01 * e;
                s += (j % 3 == 0 ? 1 : 0) * v + (j % 4 == 0 ? 0.5 : 0) * e;
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
        }
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        double lambda = 3e-4;
        FitResult fit = SmEm.fit(new TrainingData(io.smem.data.DenseMatrix.of(x), y, 2, null),
                FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(lambda).withStandardize(false));
        ReferenceSolution ref = References.elasticNet(x, y, w, "logistic", lambda, 1.0, true);
        assertTrue(fit.converged(), fit.message());
        double engineF = References.objective(x, y, w, "logistic", "lasso", lambda, 1.0, true, fit.intercepts()[0],
                fit.coefficients()[0]);
        assertTrue(Math.abs(engineF - ref.objective) <= REL * ref.objective, "engine " + engineF + ", reference "
                + ref.objective);
        assertTrue(fit.iterations() <= 45, fit.iterations() + " iterations");
    }

    @ParameterizedTest(name = "multinomial ridge at lambda {0}")
    @MethodSource("multinomialLambdas")
    void multinomialAgreesWithNewton(double lambda) {
        TestData d = TestData.make(150, 5, 3);
        double[] w = TestData.varied(150, 5);
        ReferenceSolution ref = References.multinomialRidge(d.x, d.classes3, 3, w, lambda, true);
        FitOptions options = FitOptions.defaults().withPenalty(Penalty.ridge()).withLambda(lambda)
                .withStandardize(false);
        FitResult fit = SmEm.fit(d.multinomial(w), options);
        assertTrue(fit.converged(), fit.message());
        double engineF = References.objective(d.x, d.classes3, 3, w, "ridge", lambda, 0, true, fit.intercepts(),
                fit.coefficients());
        assertEquals(engineF, fit.objective(), 1e-12 * engineF);
        assertEquals(ref.objective, engineF, REL * ref.objective);
        double sum = 0;
        for (double b : fit.intercepts()) {
            sum += b;
        }
        assertEquals(0, sum, 1e-12, "symmetric intercepts");
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(ref.coefficients[k][j], fit.coefficients()[k][j], 1e-5);
            }
        }
    }

    static Stream<Double> multinomialLambdas() {
        return Stream.of(1e-3, 0.05);
    }

    /**
     * Standardization is glmnet's: the penalty applies to β_j·s_j with the weighted population SD. Fitting raw X with
     * standardization must equal fitting X/s without it, with coefficients mapped back by 1/s.
     */
    @ParameterizedTest(name = "standardized {0}")
    @MethodSource("standardizedPenalties")
    void standardizationMatchesScaledReference(String penaltyName) {
        TestData d = TestData.make(100, 5, 21);
        double[] w = TestData.varied(100, 3);
        double wsum = 0;
        for (double v : w) {
            wsum += v;
        }
        int p = 5;
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int i = 0; i < 100; i++) {
                mean += w[i] * d.x[i][j];
            }
            mean /= wsum;
            double var = 0;
            for (int i = 0; i < 100; i++) {
                var += w[i] * (d.x[i][j] - mean) * (d.x[i][j] - mean);
            }
            sd[j] = Math.sqrt(var / wsum);
        }
        double[][] scaled = new double[100][p];
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < p; j++) {
                scaled[i][j] = d.x[i][j] / sd[j];
            }
        }
        double lambda = 0.02;
        ReferenceSolution ref = penaltyName.equals("ridge")
                ? References.smooth(scaled, d.y01, w, "logistic", lambda, true)
                : References.elasticNet(scaled, d.y01, w, "logistic", lambda, 1.0, true);
        Penalty pen = penaltyName.equals("ridge") ? Penalty.ridge() : Penalty.lasso();
        FitResult fit = SmEm.fit(d.binary(w), FitOptions.defaults().withPenalty(pen).withLambda(lambda));
        assertEquals(ref.objective, fit.objective(), REL * ref.objective);
        for (int j = 0; j < p; j++) {
            assertEquals(ref.beta()[j] / sd[j], fit.coefficients()[0][j], 1e-5 * (1 + Math.abs(ref.beta()[j] / sd[j])));
        }
        assertEquals(ref.intercept(), fit.intercepts()[0], 1e-5 * (1 + Math.abs(ref.intercept())));
    }

    static Stream<String> standardizedPenalties() {
        return Stream.of("ridge", "lasso");
    }
}
