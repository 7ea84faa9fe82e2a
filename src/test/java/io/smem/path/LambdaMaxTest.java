package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** λ_max zeroes every penalized coefficient of lasso and elastic-net fits; 0.95·λ_max does not. */
class LambdaMaxTest {

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("logistic lasso", PathData.breastCancer(), PathData.logistic(Penalty.lasso())),
                Arguments.of("logistic elastic net", PathData.breastCancer(),
                        PathData.logistic(Penalty.elasticNet(0.5))),
                Arguments.of("logistic lasso, no standardization", PathData.breastCancer(),
                        PathData.logistic(Penalty.lasso()).withStandardize(false)),
                Arguments.of("squared lasso", PathData.wineRegression(), PathData.squared(Penalty.lasso())),
                Arguments.of("squared elastic net", PathData.wineRegression(),
                        PathData.squared(Penalty.elasticNet(0.3))),
                Arguments.of("multinomial lasso", PathData.iris(), PathData.logistic(Penalty.lasso())),
                Arguments.of("multinomial elastic net", PathData.iris(),
                        PathData.logistic(Penalty.elasticNet(0.5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void lambdaMaxZeroesEverythingAndBelowItDoesNot(String name, TrainingData data, FitOptions options) {
        double lambdaMax = RegularizationPath.lambdaMax(SmEm.prepare(data, options), options);
        assertTrue(lambdaMax > 0 && Double.isFinite(lambdaMax), name + ": λ_max = " + lambdaMax);

        FitResult atMax = SmEm.fit(data, options.withLambda(lambdaMax));
        assertTrue(atMax.converged(), name + ": " + atMax.message());
        assertEquals(0, atMax.nonZeros(), name + ": non-zero coefficients at λ_max");
        for (double[] row : atMax.coefficients()) {
            for (double v : row) {
                assertEquals(0.0, v, 0.0, name + ": coefficient at λ_max");
            }
        }

        FitResult below = SmEm.fit(data, options.withLambda(0.95 * lambdaMax));
        assertTrue(below.converged(), name + ": " + below.message());
        assertTrue(below.nonZeros() >= 1, name + ": 0.95·λ_max must let at least one coefficient in");

        // And it is the top of the default grid.
        double[] grid = RegularizationPath.grid(SmEm.prepare(data, options), options, 5, Double.NaN);
        assertEquals(lambdaMax, grid[0], 1e-12 * lambdaMax, name + ": grid starts at λ_max");
    }

    @org.junit.jupiter.api.Test
    void lambdaMaxMatchesGlmnetsFormulaForBinaryLogistic() {
        // λ_max = max_j |(1/n) Σ_i (y_i − ȳ)(x_ij − x̄_j) / s_j| / α, s_j the population SD (glmnet).
        TrainingData data = PathData.breastCancer();
        int n = data.rows();
        int p = data.x().cols();
        double ybar = 0;
        for (int i = 0; i < n; i++) {
            ybar += data.response()[i] / n;
        }
        double max = 0;
        for (int j = 0; j < p; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += data.x().get(i, j) / n;
            }
            double var = 0;
            double g = 0;
            for (int i = 0; i < n; i++) {
                double c = data.x().get(i, j) - mean;
                var += c * c / n;
                g += (data.response()[i] - ybar) * c / n;
            }
            max = Math.max(max, Math.abs(g) / Math.sqrt(var));
        }
        for (double alpha : new double[] {1.0, 0.5, 0.2}) {
            FitOptions options = PathData.logistic(alpha == 1 ? Penalty.lasso() : Penalty.elasticNet(alpha));
            double lambdaMax = RegularizationPath.lambdaMax(SmEm.prepare(data, options), options);
            assertEquals(max / alpha, lambdaMax, 1e-10 * max / alpha, "α = " + alpha);
        }
    }
}
