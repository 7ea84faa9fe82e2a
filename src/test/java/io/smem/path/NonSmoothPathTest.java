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

    /**
     * Hinge ridge paths start each λ from the last solution shrunk a little: every point must still be the optimum an
     * independent fit from scratch finds, and certified.
     */
    @Test
    void hingeRidgePathPointsEqualIndependentFits() {
        FitOptions base = FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(Penalty.ridge());
        io.smem.fit.TrainingData data = PathData.breastCancer();
        io.smem.fit.SmEm.Prepared prepared = io.smem.fit.SmEm.prepare(data, base);
        double[] grid = RegularizationPath.grid(prepared, base, 12, Double.NaN);
        java.util.List<FitResult> path = RegularizationPath.fits(prepared, base, grid, null);
        for (int l = 0; l < grid.length; l++) {
            FitResult alone = io.smem.fit.SmEm.fit(data, base.withLambda(grid[l]));
            FitResult onPath = path.get(l);
            String what = "lambda " + grid[l];
            assertTrue(onPath.converged(), what + ": " + onPath.message());
            assertTrue(alone.converged(), what + " alone: " + alone.message());
            double gap = Math.abs(onPath.objective() - alone.objective()) / alone.objective();
            assertTrue(gap <= 1e-8, what + ": path " + onPath.objective() + ", alone " + alone.objective());
        }
    }

    /**
     * On a fine grid the partition of the points (margin, inside, outside) and the support often survive from one λ
     * to the next: the exact finish from the neighbour's solution then solves the new λ in one step. Those points must
     * be the optimum an independent fit finds, and certified; the others fall back to the EM.
     */
    @Test
    void hingePathPointsSolvedFromTheNeighbourEqualIndependentFits() {
        io.smem.fit.TrainingData data = PathData.classification("sonar.csv", null);
        for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso()}) {
            FitOptions base = FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(pen);
            io.smem.fit.SmEm.Prepared prepared = io.smem.fit.SmEm.prepare(data, base);
            double top = RegularizationPath.grid(prepared, base, 40, Double.NaN)[pen.sparsifies() ? 12 : 30];
            double[] grid = new double[12];
            for (int l = 0; l < grid.length; l++) {
                grid[l] = top * Math.pow(0.995, l);
            }
            java.util.List<FitResult> path = RegularizationPath.fits(prepared, base, grid, null);
            int oneStep = 0;
            for (int l = 0; l < grid.length; l++) {
                FitResult onPath = path.get(l);
                String what = pen.name() + " at lambda " + grid[l];
                assertTrue(onPath.converged(), what + ": " + onPath.message());
                assertTrue(onPath.kktResidual() <= base.kktTolerance(), what + ": " + onPath.kktResidual());
                if (l > 0 && onPath.iterations() == 1) {
                    oneStep++;
                    FitResult alone = io.smem.fit.SmEm.fit(data, base.withLambda(grid[l]));
                    assertTrue(alone.converged(), what + " alone: " + alone.message());
                    double gap = Math.abs(onPath.objective() - alone.objective()) / alone.objective();
                    assertTrue(gap <= 1e-9, what + ": path " + onPath.objective() + ", alone " + alone.objective());
                }
            }
            assertTrue(oneStep >= 4, pen.name() + ": only " + oneStep + " of 11 points solved from the neighbour");
        }
    }

    /**
     * The pure-L1 hinge is an LP whose vertex the EM approaches slowly (sonar's path had 3 of 40 points stop at the
     * iteration cap): the LP finish solves it, and every point must be certified and equal an independent fit.
     */
    @Test
    void hingeLassoPathOnSonarIsCertifiedEverywhere() {
        io.smem.fit.TrainingData data = PathData.classification("sonar.csv", null);
        FitOptions base = FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(Penalty.lasso());
        io.smem.fit.SmEm.Prepared prepared = io.smem.fit.SmEm.prepare(data, base);
        double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
        java.util.List<FitResult> path = RegularizationPath.fits(prepared, base, grid, null);
        for (int l = 0; l < grid.length; l++) {
            FitResult onPath = path.get(l);
            assertTrue(onPath.converged(), "lambda " + grid[l] + ": " + onPath.message());
            assertTrue(onPath.kktResidual() <= base.kktTolerance(), "lambda " + grid[l] + ": " + onPath.kktResidual());
        }
        for (int l : new int[] {10, 20, 30, 39}) {
            FitResult alone = io.smem.fit.SmEm.fit(data, base.withLambda(grid[l]));
            assertTrue(alone.converged(), alone.message());
            double gap = Math.abs(path.get(l).objective() - alone.objective()) / alone.objective();
            assertTrue(gap <= 1e-9, "lambda " + grid[l] + ": path " + path.get(l).objective() + ", alone "
                    + alone.objective());
        }
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
