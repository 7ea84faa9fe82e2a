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

/**
 * Path solutions (warm-started, sharing work across λ) agree with independent single-λ fits from scratch at every
 * grid point: relative objective difference ≤ 1e-8.
 */
class PathAgreementTest {

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("logistic lasso, breast cancer", PathData.breastCancer(),
                        PathData.logistic(Penalty.lasso()), 12),
                Arguments.of("logistic ridge, breast cancer", PathData.breastCancer(),
                        PathData.logistic(Penalty.ridge()), 12),
                Arguments.of("squared elastic net (0.5), wine alcohol", PathData.wineRegression(),
                        PathData.squared(Penalty.elasticNet(0.5)), 12),
                Arguments.of("multinomial lasso, iris", PathData.iris(), PathData.logistic(Penalty.lasso()), 10),
                // The default 40-point grid on all columns: chord steps with zero crossings, Anderson acceleration,
                // the predicted starts and lasso zeros entering and leaving down to the bottom of the grid.
                Arguments.of("logistic lasso, sonar, 40 λ", PathData.classification("sonar.csv", null),
                        PathData.logistic(Penalty.lasso()), 40),
                Arguments.of("logistic elastic net (0.5), breast cancer, 40 λ, no screening",
                        PathData.breastCancer(), PathData.logistic(Penalty.elasticNet(0.5)).withScreening(false), 40),
                Arguments.of("logistic ridge, sonar, 40 λ", PathData.classification("sonar.csv", null),
                        PathData.logistic(Penalty.ridge()), 40),
                // Joint multinomial chord steps on the Hessian held across λ.
                Arguments.of("multinomial elastic net (0.5), wine, 40 λ", PathData.classification("wine.csv", null),
                        PathData.logistic(Penalty.elasticNet(0.5)), 40),
                Arguments.of("multinomial ridge, wine, 40 λ", PathData.classification("wine.csv", null),
                        PathData.logistic(Penalty.ridge()), 40));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyPathPointMatchesAFitFromScratch(String name, TrainingData data, FitOptions base, int count) {
        PathResult path = RegularizationPath.fit(data, base, PathData.noCv(count), null);
        assertEquals(count, path.points().size());
        int nonTrivial = 0;
        for (int l = 0; l < count; l++) {
            PathPoint pt = path.points().get(l);
            FitResult pathFit = pt.fit();
            assertEquals(pt.lambda(), pathFit.lambda(), 0.0);
            FitResult single = SmEm.fit(data, base.withLambda(pt.lambda()));
            assertTrue(single.converged(), name + ": single fit at λ=" + pt.lambda() + " " + single.message());
            assertTrue(pathFit.converged(), name + ": path fit at λ=" + pt.lambda() + " " + pathFit.message());
            double rel = Math.abs(pathFit.objective() - single.objective()) / Math.abs(single.objective());
            assertTrue(rel <= 1e-8, name + " at index " + l + " λ=" + pt.lambda() + ": path objective "
                    + pathFit.objective() + " vs from scratch " + single.objective() + " (rel " + rel + ")");
            if (pathFit.nonZeros() > 0) {
                nonTrivial++;
            }
            if (base.penalty().sparsifies()) {
                // Exact zeros: the path's support is the single fit's.
                for (int r = 0; r < single.coefficients().length; r++) {
                    for (int j = 0; j < single.coefficients()[r].length; j++) {
                        assertEquals(single.coefficients()[r][j] == 0, pathFit.coefficients()[r][j] == 0,
                                name + " at index " + l + ": coefficient " + j + " zero on one side only");
                    }
                }
            }
        }
        assertTrue(nonTrivial >= count / 2, name + ": the path must move off zero");
        // The grid runs from large to small λ.
        for (int l = 1; l < count; l++) {
            assertTrue(path.points().get(l).lambda() < path.points().get(l - 1).lambda());
        }
    }
}
