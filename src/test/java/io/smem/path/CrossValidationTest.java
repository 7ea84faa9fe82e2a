package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.fit.FitOptions;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cross-validation: reproducible for a seed, independent of the thread count; folds stratified by class. */
class CrossValidationTest {

    static double[] cvMeans(PathResult r) {
        return r.points().stream().mapToDouble(PathPoint::cvMean).toArray();
    }

    static double[] cvSes(PathResult r) {
        return r.points().stream().mapToDouble(PathPoint::cvSe).toArray();
    }

    @Test
    void reproducibleForASeedDifferentForAnotherAndIndependentOfThreads() {
        TrainingData data = PathData.breastCancer();
        FitOptions base = PathData.logistic(Penalty.lasso());
        PathResult a = RegularizationPath.fit(data, base, PathData.cv(8, 4, 7L, 1), null);
        PathResult b = RegularizationPath.fit(data, base, PathData.cv(8, 4, 7L, 1), null);
        PathResult twoThreads = RegularizationPath.fit(data, base, PathData.cv(8, 4, 7L, 2), null);
        PathResult otherSeed = RegularizationPath.fit(data, base, PathData.cv(8, 4, 8L, 1), null);

        double[] m = cvMeans(a);
        for (double v : m) {
            assertTrue(Double.isFinite(v) && v > 0, "cvMean " + v);
        }
        for (double v : cvSes(a)) {
            assertTrue(Double.isFinite(v) && v >= 0, "cvSe " + v);
        }
        assertEquals(4, a.folds());
        assertArrayEquals(m, cvMeans(b), 0.0, "same seed, same cvMean (bit for bit)");
        assertArrayEquals(cvSes(a), cvSes(b), 0.0, "same seed, same cvSe");
        assertArrayEquals(m, cvMeans(twoThreads), 0.0, "threads 1 vs 2: same cvMean");
        assertArrayEquals(cvSes(a), cvSes(twoThreads), 0.0, "threads 1 vs 2: same cvSe");
        assertEquals(a.selected(), twoThreads.selected());
        assertFalse(Arrays.equals(m, cvMeans(otherSeed)), "another seed must give other folds and other cvMean");
        // The full-data path itself does not depend on the seed.
        for (int l = 0; l < m.length; l++) {
            assertEquals(a.points().get(l).fit().objective(), otherSeed.points().get(l).fit().objective(), 0.0);
        }
    }

    @Test
    void foldsWithoutCopiesGiveTheSameCurveAsCopiedFolds() {
        TrainingData data = PathData.breastCancer();
        FitOptions base = PathData.logistic(Penalty.lasso());
        PathResult copied = RegularizationPath.fit(data, base, PathData.cv(8, 4, 7L, 1), null);
        long saved = RegularizationPath.COPY_FOLDS_BELOW;
        RegularizationPath.COPY_FOLDS_BELOW = 0;
        PathResult weighted;
        try {
            weighted = RegularizationPath.fit(data, base, PathData.cv(8, 4, 7L, 1), null);
        } finally {
            RegularizationPath.COPY_FOLDS_BELOW = saved;
        }
        double[] a = cvMeans(copied);
        double[] b = cvMeans(weighted);
        for (int l = 0; l < a.length; l++) {
            assertEquals(a[l], b[l], 1e-7 * a[l], "cvMean at lambda " + l);
            assertEquals(copied.points().get(l).cvMisclassification(), weighted.points().get(l).cvMisclassification(),
                    1e-12);
        }
        assertEquals(copied.selected(), weighted.selected());
    }

    @Test
    void multinomialCvIsIndependentOfThreads() {
        TrainingData data = PathData.iris();
        FitOptions base = PathData.logistic(Penalty.elasticNet(0.5));
        PathResult one = RegularizationPath.fit(data, base, PathData.cv(6, 3, 3L, 1), null);
        PathResult two = RegularizationPath.fit(data, base, PathData.cv(6, 3, 3L, 2), null);
        assertArrayEquals(cvMeans(one), cvMeans(two), 0.0);
        assertArrayEquals(cvSes(one), cvSes(two), 0.0);
    }

    @Test
    void foldsAreStratifiedCompleteAndSeeded() {
        for (TrainingData data : new TrainingData[] {PathData.breastCancer(), PathData.iris()}) {
            int n = data.rows();
            int k = data.numClasses();
            for (int folds : new int[] {3, 5, 10}) {
                int[] fold = RegularizationPath.assignFolds(data, folds, 42L);
                assertEquals(n, fold.length, "one fold per row");
                int[][] counts = new int[k][folds];
                int[] sizes = new int[folds];
                for (int i = 0; i < n; i++) {
                    assertTrue(fold[i] >= 0 && fold[i] < folds, "row " + i + " in fold " + fold[i]);
                    counts[(int) data.response()[i]][fold[i]]++;
                    sizes[fold[i]]++;
                }
                for (int c = 0; c < k; c++) {
                    int min = Arrays.stream(counts[c]).min().getAsInt();
                    int max = Arrays.stream(counts[c]).max().getAsInt();
                    assertTrue(max - min <= 1, "class " + c + ", " + folds + " folds: counts "
                            + Arrays.toString(counts[c]));
                }
                int min = Arrays.stream(sizes).min().getAsInt();
                int max = Arrays.stream(sizes).max().getAsInt();
                assertTrue(max - min <= 1, "fold sizes " + Arrays.toString(sizes));
                assertEquals(n, Arrays.stream(sizes).sum(), "every row in exactly one fold");

                assertArrayEquals(fold, RegularizationPath.assignFolds(data, folds, 42L), "deterministic for a seed");
                assertFalse(Arrays.equals(fold, RegularizationPath.assignFolds(data, folds, 43L)),
                        "another seed, another assignment");
            }
        }
    }

    @Test
    void regressionFoldsAreBalanced() {
        TrainingData data = PathData.wineRegression();
        int[] fold = RegularizationPath.assignFolds(data, 4, 5L);
        int[] sizes = new int[4];
        for (int f : fold) {
            sizes[f]++;
        }
        assertTrue(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt() <= 1,
                Arrays.toString(sizes));
        assertArrayEquals(fold, RegularizationPath.assignFolds(data, 4, 5L));
    }

    @Test
    void cvMeanIsTheFoldWeightedMeanOfHeldOutDeviances() {
        // Recompute the CV column by hand for one λ: refit every fold at that λ and score its held-out rows.
        TrainingData data = PathData.breastCancer();
        FitOptions base = PathData.logistic(Penalty.lasso());
        double lambda = 0.01;
        int folds = 3;
        PathOptions opts = new PathOptions(1, Double.NaN, new double[] {lambda}, SelectionRule.CV_MIN, folds, 9L, 1);
        PathResult r = RegularizationPath.fit(data, base, opts, null);
        int[] fold = RegularizationPath.assignFolds(data, folds, 9L);
        double[] dev = new double[folds];
        double[] size = new double[folds];
        for (int f = 0; f < folds; f++) {
            int k = f;
            int[] train = java.util.stream.IntStream.range(0, data.rows()).filter(i -> fold[i] != k).toArray();
            int[] test = java.util.stream.IntStream.range(0, data.rows()).filter(i -> fold[i] == k).toArray();
            var fit = io.smem.fit.SmEm.fit(RegularizationPath.subset(data, train), base.withLambda(lambda));
            double s = 0;
            for (int i : test) {
                double eta = fit.intercepts()[0];
                for (int j = 0; j < data.x().cols(); j++) {
                    eta += fit.coefficients()[0][j] * data.x().get(i, j);
                }
                double mm = data.response()[i] > 0.5 ? -eta : eta;
                s += mm > 0 ? mm + Math.log1p(Math.exp(-mm)) : Math.log1p(Math.exp(mm));
            }
            dev[f] = 2 * s / test.length;
            size[f] = test.length;
        }
        double mean = 0;
        for (int f = 0; f < folds; f++) {
            mean += size[f] * dev[f] / data.rows();
        }
        double var = 0;
        for (int f = 0; f < folds; f++) {
            var += size[f] * (dev[f] - mean) * (dev[f] - mean) / data.rows();
        }
        double se = Math.sqrt(var / (folds - 1));
        PathPoint pt = r.points().get(0);
        assertEquals(mean, pt.cvMean(), 1e-7 * mean, "cvMean");
        assertEquals(se, pt.cvSe(), 1e-6 * se + 1e-12, "cvSe");
    }
}
