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
                Arguments.of("multinomial lasso, iris", PathData.iris(), PathData.logistic(Penalty.lasso()), 10));
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
        }
        assertTrue(nonTrivial >= count / 2, name + ": the path must move off zero");
        // The grid runs from large to small λ.
        for (int l = 1; l < count; l++) {
            assertTrue(path.points().get(l).lambda() < path.points().get(l - 1).lambda());
        }
    }
}
