package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Selection rules on hand-made paths. {@link RegularizationPath#select} reads only the cvMean, cvSe, aic, bic and
 * ebic columns, so the points carry no fit (null).
 */
class SelectionTest {

    /** λ decreasing with the index, as on a real path. */
    static List<PathPoint> cvPath(double[] mean, double[] se) {
        List<PathPoint> pts = new ArrayList<>();
        for (int l = 0; l < mean.length; l++) {
            pts.add(new PathPoint(Math.pow(0.5, l), null, l, 1.0, mean[l], se[l], Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN));
        }
        return pts;
    }

    static List<PathPoint> icPath(double[] aic, double[] bic, double[] ebic) {
        List<PathPoint> pts = new ArrayList<>();
        for (int l = 0; l < aic.length; l++) {
            pts.add(new PathPoint(Math.pow(0.5, l), null, l, 1.0, Double.NaN, Double.NaN, Double.NaN, aic[l], bic[l],
                    ebic[l]));
        }
        return pts;
    }

    @Test
    void cvMinPicksTheArgmin() {
        List<PathPoint> pts = cvPath(new double[] {1.0, 0.8, 0.6, 0.52, 0.5, 0.55, 0.7},
                new double[] {0.01, 0.01, 0.01, 0.01, 0.05, 0.01, 0.01});
        assertEquals(4, RegularizationPath.select(pts, SelectionRule.CV_MIN));
    }

    @Test
    void cvMinTiesGoToTheLargerLambda() {
        List<PathPoint> pts = cvPath(new double[] {0.9, 0.5, 0.7, 0.5, 0.6}, new double[5]);
        assertEquals(1, RegularizationPath.select(pts, SelectionRule.CV_MIN));
    }

    @Test
    void oneSePicksTheLargestLambdaWithinOneSeOfTheMinimum() {
        // min 0.5 at index 4 with SE 0.05: threshold 0.55. Index 3 (0.52) is the largest λ below it; index 5
        // (0.55) is within too but has a smaller λ.
        List<PathPoint> pts = cvPath(new double[] {1.0, 0.8, 0.6, 0.52, 0.5, 0.55, 0.7},
                new double[] {0.01, 0.01, 0.01, 0.01, 0.05, 0.01, 0.01});
        assertEquals(3, RegularizationPath.select(pts, SelectionRule.CV_1SE));
    }

    @Test
    void oneSeUsesTheStandardErrorOfTheMinimumNotOfTheCandidate() {
        // Index 1 has a huge SE of its own, but 0.7 > 0.5 + 0.1: not within one SE of the minimum.
        List<PathPoint> pts = cvPath(new double[] {0.9, 0.7, 0.58, 0.5, 0.6},
                new double[] {0.5, 0.5, 0.01, 0.1, 0.01});
        assertEquals(2, RegularizationPath.select(pts, SelectionRule.CV_1SE));
    }

    @Test
    void oneSeThresholdIsInclusive() {
        // min 0.5 with SE 0.25 (exact in binary): 0.75 at index 1 is exactly on the threshold.
        List<PathPoint> pts = cvPath(new double[] {0.875, 0.75, 0.625, 0.5},
                new double[] {0.0, 0.0, 0.0, 0.25});
        assertEquals(1, RegularizationPath.select(pts, SelectionRule.CV_1SE));
    }

    @Test
    void oneSeTakesTheLargestLambdaEvenIfTheCurveIsNotMonotone() {
        // glmnet: lambda.1se = max(lambda[cvm <= cvm_min + se_min]); index 1 dips inside, index 2 pops out.
        List<PathPoint> pts = cvPath(new double[] {0.9, 0.54, 0.7, 0.5, 0.6},
                new double[] {0.01, 0.01, 0.01, 0.05, 0.01});
        assertEquals(1, RegularizationPath.select(pts, SelectionRule.CV_1SE));
    }

    @Test
    void oneSeWithZeroSeIsTheMinimum() {
        List<PathPoint> pts = cvPath(new double[] {0.9, 0.6, 0.5, 0.7}, new double[4]);
        assertEquals(2, RegularizationPath.select(pts, SelectionRule.CV_1SE));
    }

    @Test
    void oneSeOnAMonotoneCurveCanPickTheTop() {
        // Minimum at the top of the grid: the 1-SE choice is that same point.
        List<PathPoint> pts = cvPath(new double[] {0.3, 0.4, 0.5}, new double[] {0.2, 0.0, 0.0});
        assertEquals(0, RegularizationPath.select(pts, SelectionRule.CV_1SE));
        assertEquals(0, RegularizationPath.select(pts, SelectionRule.CV_MIN));
    }

    @Test
    void informationCriteriaPickTheArgminOfTheirOwnColumn() {
        List<PathPoint> pts = icPath(
                new double[] {10, 8, 6, 4, 5},   // AIC: index 3
                new double[] {10, 7, 6, 8, 9},   // BIC: index 2
                new double[] {9, 5, 7, 8, 9});   // EBIC: index 1
        assertEquals(3, RegularizationPath.select(pts, SelectionRule.AIC));
        assertEquals(2, RegularizationPath.select(pts, SelectionRule.BIC));
        assertEquals(1, RegularizationPath.select(pts, SelectionRule.EBIC));
    }

    @Test
    void nanCriteriaAreNeverChosen() {
        List<PathPoint> pts = icPath(
                new double[] {Double.NaN, 3, 2, Double.NaN},
                new double[] {Double.NaN, 3, 2, 1},
                new double[] {1, 3, Double.NaN, 2});
        assertEquals(2, RegularizationPath.select(pts, SelectionRule.AIC));
        assertEquals(3, RegularizationPath.select(pts, SelectionRule.BIC));
        assertEquals(0, RegularizationPath.select(pts, SelectionRule.EBIC));
    }

    @Test
    void cliNamesRoundTrip() {
        for (SelectionRule r : SelectionRule.values()) {
            assertEquals(r, SelectionRule.fromCli(r.cliName()));
        }
        assertEquals("cv-1se", SelectionRule.CV_1SE.cliName());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SelectionRule.fromCli("bogus"));
    }
}
