package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.DenseMatrix;
import io.smem.loss.SquaredLoss;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A squared-loss path fitted on the data's sufficient statistics (the p + 1 rows of the centred Gram matrix's
 * factor) reaches the optimum that fits on the data rows reach, at every λ, each point certified by the Gram
 * matrix's gradient and none sent back to the rows; and the statistics are not used where they cannot be trusted.
 */
class SquaredStatisticsTest {

    private static TrainingData regression(int n, int p, long seed, boolean weighted) {
        TestData d = TestData.make(n, p, seed);
        double[] w = null;
        if (weighted) {
            Random r = new Random(seed + 7);
            w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = i % 9 == 0 ? 0.0 : 0.2 + 2 * r.nextDouble(); // some rows weighted out
            }
        }
        return new TrainingData(DenseMatrix.of(d.x), d.yReal, 0, w);
    }

    private static FitOptions squared(Penalty penalty) {
        return FitOptions.defaults().withLoss(SquaredLoss.INSTANCE).withPenalty(penalty);
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("ridge", regression(300, 12, 1, false), squared(Penalty.ridge())),
                Arguments.of("lasso", regression(300, 12, 2, false), squared(Penalty.lasso())),
                Arguments.of("elastic net, weighted", regression(300, 12, 3, true), squared(Penalty.elasticNet(0.5))),
                Arguments.of("lasso, raw features", regression(250, 10, 4, false),
                        squared(Penalty.lasso()).withStandardize(false)),
                Arguments.of("ridge, raw features, no intercept", regression(250, 10, 5, false),
                        squared(Penalty.ridge()).withStandardize(false).withIntercept(false)),
                Arguments.of("lasso, no intercept, weighted", regression(250, 10, 6, true),
                        squared(Penalty.lasso()).withIntercept(false)),
                Arguments.of("bridge 0.5", regression(300, 8, 7, false), squared(Penalty.bridge(0.5))),
                Arguments.of("lasso, sparse rows", sparse(regression(300, 12, 8, true)), squared(Penalty.lasso())));
    }

    /** The same data stored as CSR, with some entries zeroed so that the rows are sparse. */
    private static TrainingData sparse(TrainingData dense) {
        int n = dense.rows();
        int p = dense.x().cols();
        double[][] rows = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                rows[i][j] = (i + j) % 3 == 0 ? 0.0 : dense.x().get(i, j);
            }
        }
        return new TrainingData(io.smem.data.CsrMatrix.fromDense(DenseMatrix.of(rows)), dense.response(), 0,
                dense.weights());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void everyPointMatchesAFitOnTheData(String name, TrainingData data, FitOptions base) {
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        SmEm.Prepared withStatistics = prepared.withSufficientStatistics(base);
        assertNotNull(withStatistics.statistics(), name + ": the statistics must apply");
        double[] grid = RegularizationPath.grid(prepared, base, 25, Double.NaN);
        List<FitResult> path = RegularizationPath.fits(withStatistics, base, grid, null);
        assertEquals(0, withStatistics.statistics().finishedOnData(), name + ": every λ certified as found");
        for (int l = 0; l < grid.length; l++) {
            FitResult shared = path.get(l);
            // The reference: the same engine on the n data rows, from scratch.
            FitResult single = SmEm.fit(prepared, base.withLambda(grid[l]), null);
            String at = name + " at λ=" + grid[l];
            assertTrue(single.converged(), at + ": " + single.message());
            assertTrue(shared.converged(), at + ": " + shared.message());
            assertTrue(shared.kktResidual() <= base.kktTolerance(), at + ": certificate " + shared.kktResidual());
            double rel = Math.abs(shared.objective() - single.objective()) / Math.abs(single.objective());
            assertTrue(rel <= 1e-9, at + ": objective " + shared.objective() + " vs " + single.objective());
            double[] a = shared.coefficients()[0];
            double[] b = single.coefficients()[0];
            for (int j = 0; j < a.length; j++) {
                assertEquals(b[j], a[j], 1e-5 * (1 + Math.abs(b[j])), at + ": coefficient " + j);
                if (base.penalty().sparsifies() && !(base.penalty() instanceof io.smem.penalty.Bridge)) {
                    assertEquals(b[j] == 0, a[j] == 0, at + ": coefficient " + j + " zero on one side only");
                }
            }
            assertEquals(single.intercepts()[0], shared.intercepts()[0], 1e-5 * (1 + Math.abs(single.intercepts()[0])), at);
        }
    }

    @Test
    void afterOneGramMatrixNoLambdaReadsTheDataRows() {
        TrainingData data = regression(4000, 20, 11, false);
        for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso()}) {
            FitOptions base = squared(pen);
            SmEm.Prepared prepared = SmEm.prepare(data, base);
            double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
            List<FitResult> path = RegularizationPath.fits(prepared, base, grid, null);
            double passes = 0;
            for (FitResult f : path.subList(1, path.size())) {
                passes += f.dataPasses();
            }
            // Only the work on 21 of 4000 rows; the first λ also pays the Gram matrix.
            assertTrue(passes / (grid.length - 1) < 0.25, pen.name() + ": " + passes / (grid.length - 1)
                    + " passes per λ");
            assertTrue(path.get(0).dataPasses() >= 10, "the first λ pays for the statistics");
            double scratch = 0;
            for (double lambda : grid) {
                scratch += SmEm.fit(prepared, base.withLambda(lambda), null).dataPasses();
            }
            assertTrue(scratch > 30 * (passes + path.get(0).dataPasses()), pen.name() + ": from scratch " + scratch);
        }
    }

    @Test
    void notUsedWhereTheFactorCannotBeTrusted() {
        FitOptions base = squared(Penalty.lasso());
        // Classification data.
        TestData d = TestData.make(200, 5, 21);
        TrainingData labels = new TrainingData(DenseMatrix.of(d.x), d.y01, 2, null);
        assertNull(SquaredStatistics.of(SmEm.prepare(labels, FitOptions.defaults()), FitOptions.defaults()));
        // Too few rows to pay: n < 2(p + 1).
        TrainingData shortData = regression(20, 12, 22, false);
        assertNull(SquaredStatistics.of(SmEm.prepare(shortData, base), base));
        // A duplicated column: the Gram matrix is singular.
        double[][] x = TestData.make(200, 5, 23).x;
        double[][] dup = new double[x.length][6];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, dup[i], 0, 5);
            dup[i][5] = x[i][2];
        }
        TrainingData duplicated = new TrainingData(DenseMatrix.of(dup), TestData.make(200, 5, 23).yReal, 0, null);
        assertNull(SquaredStatistics.of(SmEm.prepare(duplicated, base), base));
        // A response the features fit exactly.
        double[] exact = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            exact[i] = 1 + 2 * x[i][0] - x[i][3];
        }
        TrainingData perfect = new TrainingData(DenseMatrix.of(x), exact, 0, null);
        assertNull(SquaredStatistics.of(SmEm.prepare(perfect, base), base));
        // The paths still run, on the data.
        for (TrainingData t : new TrainingData[] {duplicated, perfect}) {
            SmEm.Prepared prepared = SmEm.prepare(t, base);
            double[] grid = RegularizationPath.grid(prepared, base, 10, Double.NaN);
            for (FitResult f : RegularizationPath.fits(prepared, base, grid, null)) {
                assertTrue(f.converged(), f.message());
            }
        }
    }

    @Test
    void aNearlyPerfectFitIsStillCertifiedOnTheData() {
        // Residuals of 1e-6 next to a response of size 1: the compressed rows carry the residual in their last
        // pivot alone.
        double[][] x = TestData.make(400, 6, 31).x;
        Random r = new Random(32);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 0.5 + x[i][0] - 0.3 * x[i][4] + 1e-6 * r.nextGaussian();
        }
        TrainingData data = new TrainingData(DenseMatrix.of(x), y, 0, null);
        FitOptions base = squared(Penalty.lasso());
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        double[] grid = RegularizationPath.grid(prepared, base, 30, Double.NaN);
        List<FitResult> path = RegularizationPath.fits(prepared, base, grid, null);
        for (int l = 0; l < grid.length; l++) {
            FitResult single = SmEm.fit(prepared, base.withLambda(grid[l]), null);
            FitResult shared = path.get(l);
            assertTrue(shared.converged() && shared.kktResidual() <= base.kktTolerance(), shared.message());
            double gap = Math.abs(shared.objective() - single.objective());
            assertTrue(gap <= 1e-9 * Math.abs(single.objective()) + 1e-15, "λ=" + grid[l] + ": " + shared.objective()
                    + " vs " + single.objective());
        }
    }
}
