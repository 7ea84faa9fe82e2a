package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.loss.HingeLoss;
import io.smem.penalty.Penalty;
import org.junit.jupiter.api.Test;

/**
 * Paths whose fits cannot simply warm-start: the hinge (exact solutions put points on the kink) and the bridge (zeros
 * are absorbing). Guards against paths that stall at every λ or stay at zero.
 */
class NonSmoothPathTest {

    @Test
    void oneVersusRestHingeLassoPathConverges() {
        PathResult path = RegularizationPath.fit(PathData.iris(),
                FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(Penalty.lasso()),
                PathOptions.defaults().withNumLambdas(12).withFolds(3), ProgressListener.NONE);
        long converged = path.points().stream().filter(pt -> pt.fit().converged()).count();
        assertTrue(converged >= 10, converged + " of 12 path fits converged");
        FitResult chosen = path.selectedFit();
        assertTrue(chosen.converged(), chosen.message());
        assertTrue(path.points().get(path.selected()).cvMisclassification() < 0.15,
                "cv error " + path.points().get(path.selected()).cvMisclassification());
    }

    @Test
    void bridgePathLeavesZeroAndSelectsAModel() {
        PathResult path = RegularizationPath.fit(PathData.breastCancer(),
                FitOptions.defaults().withPenalty(Penalty.bridge(0.5)),
                PathOptions.defaults().withNumLambdas(12).withFolds(3), ProgressListener.NONE);
        FitResult last = path.points().get(path.points().size() - 1).fit();
        assertTrue(last.nonZeros() > 0, "the smallest lambda keeps no coefficient");
        assertTrue(path.selectedFit().nonZeros() > 0, "selected the empty model");
        assertTrue(path.points().get(path.selected()).cvMisclassification() < 0.1);
    }
}
