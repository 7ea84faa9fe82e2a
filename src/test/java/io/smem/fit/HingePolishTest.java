package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.loss.HingeLoss;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The hinge's exact finish from a wrong partition: the optimum at one λ of sonar's 40-point grid, offered as the start
 * at the next. Where the partition changed, the finish without repair gives up; block pivoting repairs it for many of
 * the steps, and every repaired solution is the optimum the full engine finds at that λ, certified.
 */
class HingePolishTest {

    private static Path sonar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets").resolve("sonar.csv");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("datasets/sonar.csv not found");
    }

    @Test
    void pivotingRepairsTheNeighbouringPartition() throws Exception {
        LabeledData table = DataReader.read(sonar(), null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        TrainingData data = new TrainingData(table.x(), labels.indices(), 2, null);
        FitOptions base = FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(Penalty.ridge());
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
        double[] y = data.response();
        double[] w = prepared.normalizedWeights();
        boolean[] constant = prepared.standardization().constant();
        int repaired = 0;
        FitResult previous = SmEm.fit(prepared, base.withLambda(grid[0]), null);
        for (int l = 1; l < grid.length; l++) {
            FitResult alone = SmEm.fit(prepared, base.withLambda(grid[l]), null);
            assertTrue(alone.converged(), alone.message());
            double[] start = previous.workingState()[0];
            double[] weights = new double[y.length];
            boolean asItWas = HingePolish.pivot(prepared.working(), y, w, start, true, base.penalty(), grid[l],
                    constant, weights, 1) != null;
            double[] pivoted = HingePolish.pivot(prepared.working(), y, w, start, true, base.penalty(), grid[l],
                    constant, weights, 24);
            if (!asItWas && pivoted != null) {
                repaired++;
                for (double s : weights) {
                    assertTrue(Double.isNaN(s) || (s >= 0 && s <= 1), "margin weight " + s);
                }
                EmFitter onData = new EmFitter(prepared.working(), y, w, 1, base.withLambda(grid[l]),
                        base.solver().create(prepared.working()), constant, prepared.columnRms());
                EmRun finished = onData.finishAt(new double[][] {start});
                assertNotNull(finished, "λ " + grid[l] + ": the repaired finish is not certified");
                double gap = Math.abs(finished.objective() - alone.objective()) / alone.objective();
                assertTrue(gap <= 1e-10, "λ " + grid[l] + ": " + finished.objective() + " vs " + alone.objective());
                assertTrue(finished.kktResidual() <= base.kktTolerance(), "KKT " + finished.kktResidual());
            }
            previous = alone;
        }
        assertTrue(repaired >= 10, "block pivoting repaired only " + repaired + " of 39 steps");
    }
}
