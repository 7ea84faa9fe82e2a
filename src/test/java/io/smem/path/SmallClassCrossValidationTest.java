package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.TrainingData;
import org.junit.jupiter.api.Test;

/** Held-out folds may contain a single class (small data, many folds): they are scored, not trained on. */
class SmallClassCrossValidationTest {

    @Test
    void foldsWithOneHeldOutClassAreFine() {
        int n = 12;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            x[i][0] = y[i] + r.nextGaussian();
            x[i][1] = r.nextGaussian();
        }
        TrainingData data = new TrainingData(DenseMatrix.of(x), y, 4, null);
        PathResult path = RegularizationPath.fit(data, FitOptions.defaults(),
                PathOptions.defaults().withFolds(10).withNumLambdas(5).withThreads(1), ProgressListener.NONE);
        assertEquals(5, path.points().size());
        for (PathPoint pt : path.points()) {
            assertTrue(Double.isFinite(pt.cvMean()), "cvMean " + pt.cvMean());
        }
    }

    @Test
    void aFoldWhoseTrainingPartHasOneClassIsAClearError() {
        double[][] x = {{0}, {1}, {2}, {3}};
        double[] y = {0, 0, 1, 0};
        TrainingData data = new TrainingData(DenseMatrix.of(x), y, 2, null);
        // 4 folds of one row each: the fold holding the only class-1 row trains on class 0 alone.
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RegularizationPath.fit(data, FitOptions.defaults(),
                        PathOptions.defaults().withFolds(4).withNumLambdas(3).withThreads(1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("fold") && e.getMessage().contains("single class"), e.getMessage());
    }
}
