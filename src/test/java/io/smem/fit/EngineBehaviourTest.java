package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.loss.HingeLoss;
import io.smem.loss.LogisticLoss;
import io.smem.loss.Loss;
import io.smem.loss.SquaredLoss;
import io.smem.penalty.Penalty;
import io.smem.reference.References;
import io.smem.solve.SolverChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineBehaviourTest {

    static Stream<Arguments> lossPenaltyGrid() {
        List<Arguments> out = new ArrayList<>();
        for (String loss : new String[] {"logistic", "hinge", "squared"}) {
            for (Penalty pen : new Penalty[] {Penalty.ridge(), Penalty.lasso(), Penalty.elasticNet(0.5),
                    Penalty.bridge(1.5), Penalty.bridge(0.7)}) {
                out.add(Arguments.of(loss, pen));
            }
        }
        return out.stream();
    }

    private static TrainingData dataFor(Loss loss, TestData d, double[] w) {
        return loss instanceof SquaredLoss ? d.regression(w) : d.binary(w);
    }

    /**
     * The base EM never increases the objective; nor, for the smooth losses, do the schemes that are monotone by
     * construction (for the hinge they are monotone only up to rounding in its badly conditioned M-step).
     */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("lossPenaltyGrid")
    void monotoneSchemesNeverIncreaseTheObjective(String lossName, Penalty pen) {
        TestData d = TestData.make(80, 5, 13);
        Loss loss = Loss.byName(lossName);
        List<Acceleration> monotone = new ArrayList<>(List.of(Acceleration.NONE));
        if (loss.isSmooth()) {
            monotone.addAll(List.of(Acceleration.RESTART, Acceleration.SQUAREM, Acceleration.NEWTON));
        }
        for (Acceleration acc : monotone) {
            FitOptions o = FitOptions.defaults().withLoss(loss).withPenalty(pen).withLambda(0.01)
                    .withAcceleration(acc).withMaxIterations(400);
            double[] trace = SmEm.fit(dataFor(loss, d, null), o).trace();
            assertTrue(trace.length >= 2);
            for (int k = 1; k < trace.length; k++) {
                assertTrue(trace[k] <= trace[k - 1], acc + ": objective rose at iteration " + k + " from "
                        + trace[k - 1] + " to " + trace[k]);
            }
        }
    }

    /** At the returned point the optimality conditions hold (stationarity; for q &lt; 1 on the non-zeros). */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("lossPenaltyGrid")
    void defaultFitsCarryAKktCertificate(String lossName, Penalty pen) {
        TestData d = TestData.make(120, 6, 17);
        Loss loss = Loss.byName(lossName);
        FitResult fit = SmEm.fit(dataFor(loss, d, TestData.varied(120, 1)),
                FitOptions.defaults().withLoss(loss).withPenalty(pen).withLambda(0.005));
        assertTrue(fit.converged(), fit.message());
        assertTrue(fit.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE, "KKT " + fit.kktResidual());
    }

    /** A convex bridge (q = 1.5) fit is optimal: small perturbations of the solution never lower the objective. */
    @Test
    void convexBridgeSolutionIsAMinimum() {
        TestData d = TestData.make(100, 4, 5);
        double lambda = 0.02;
        FitResult fit = SmEm.fit(d.binary(null), FitOptions.defaults().withPenalty(Penalty.bridge(1.5))
                .withLambda(lambda).withStandardize(false));
        double[] beta = fit.coefficients()[0];
        double b0 = fit.intercepts()[0];
        double f0 = bridgeObjective(d, b0, beta, lambda, 1.5);
        assertEquals(f0, fit.objective(), 1e-12 * f0);
        java.util.Random r = new java.util.Random(1);
        for (int trial = 0; trial < 200; trial++) {
            double[] b = beta.clone();
            double eps = 1e-4 * (1 + r.nextInt(3));
            for (int j = 0; j < b.length; j++) {
                b[j] += eps * r.nextGaussian();
            }
            double c0 = b0 + eps * r.nextGaussian();
            assertTrue(bridgeObjective(d, c0, b, lambda, 1.5) >= f0 - 1e-13, "perturbation lowered F");
        }
    }

    private static double bridgeObjective(TestData d, double b0, double[] beta, double lambda, double q) {
        double f = References.objective(d.x, d.y01, TestData.ones(d.x.length), "logistic", "none", 0, 0, true, b0,
                beta);
        for (double b : beta) {
            f += lambda * Math.pow(Math.abs(b), q);
        }
        return f;
    }

    /** Sparse (CSR, lazily standardized) and dense (materialized) designs give the same fit. */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("lossPenaltyGrid")
    void sparseAndDenseAgree(String lossName, Penalty pen) {
        TestData d = TestData.make(90, 5, 23);
        // Make the design genuinely sparse.
        double[][] x = d.x;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                if ((i + j) % 3 == 0) {
                    x[i][j] = 0;
                }
            }
        }
        Loss loss = Loss.byName(lossName);
        double[] y = loss instanceof SquaredLoss ? d.yReal : d.y01;
        int k = loss instanceof SquaredLoss ? 0 : 2;
        DenseMatrix dense = DenseMatrix.of(x);
        CsrMatrix sparse = CsrMatrix.fromDense(dense);
        FitOptions o = FitOptions.defaults().withLoss(loss).withPenalty(pen).withLambda(0.01);
        for (SolverChoice solver : new SolverChoice[] {SolverChoice.CHOLESKY, SolverChoice.CG}) {
            FitResult a = SmEm.fit(new TrainingData(dense, y, k, null), o.withSolver(solver));
            FitResult b = SmEm.fit(new TrainingData(sparse, y, k, null), o.withSolver(solver));
            assertEquals(solver.name().toLowerCase(), b.solver());
            assertEquals(a.objective(), b.objective(), 1e-9 * a.objective(), solver + " objective");
            for (int j = 0; j < 5; j++) {
                assertEquals(a.coefficients()[0][j], b.coefficients()[0][j],
                        1e-5 * (1 + Math.abs(a.coefficients()[0][j])), solver + " coefficient " + j);
            }
        }
    }

    /** Integer weights are the same as replicated rows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void weightsEqualReplicatedRows(String lossName) {
        TestData d = TestData.make(60, 4, 29);
        Loss loss = Loss.byName(lossName);
        double[] y = loss instanceof SquaredLoss ? d.yReal : d.y01;
        int k = loss instanceof SquaredLoss ? 0 : 2;
        double[] w = new double[60];
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            w[i] = 1 + (i % 3);
            for (int c = 0; c < w[i]; c++) {
                rows.add(d.x[i]);
                ys.add(y[i]);
            }
        }
        double[][] xr = rows.toArray(new double[0][]);
        double[] yr = ys.stream().mapToDouble(Double::doubleValue).toArray();
        FitOptions o = FitOptions.defaults().withLoss(loss).withPenalty(Penalty.elasticNet(0.5)).withLambda(0.01);
        FitResult weighted = SmEm.fit(new TrainingData(DenseMatrix.of(d.x), y, k, w), o);
        FitResult replicated = SmEm.fit(new TrainingData(DenseMatrix.of(xr), yr, k, null), o);
        assertEquals(replicated.objective(), weighted.objective(), 1e-9 * replicated.objective());
        for (int j = 0; j < 4; j++) {
            assertEquals(replicated.coefficients()[0][j], weighted.coefficients()[0][j],
                    1e-5 * (1 + Math.abs(replicated.coefficients()[0][j])));
        }
    }

    static Stream<String> losses() {
        return Stream.of("logistic", "hinge", "squared");
    }

    /** Lasso fits report exact zeros, and the KKT condition holds at each: |∂_j L| ≤ λ. */
    @Test
    void lassoZerosAreExactAndSatisfyKkt() {
        TestData d = TestData.make(150, 8, 31);
        double lambda = 0.06;
        FitResult fit = SmEm.fit(d.binary(null), FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(lambda)
                .withStandardize(false));
        double[] beta = fit.coefficients()[0];
        int zeros = 0;
        double[] grad = logisticGradient(d, fit.intercepts()[0], beta);
        // The certificate (1e-7) is for the intercept's gradient and, on the standardized scale, for the gradient
        // along each centred column: a raw gradient minus its column mean times the intercept's, over the column SD.
        double interceptGradient = logisticInterceptGradient(d, fit.intercepts()[0], beta);
        assertTrue(Math.abs(interceptGradient) <= 1e-7, "intercept gradient " + interceptGradient);
        for (int j = 0; j < beta.length; j++) {
            double sd = columnSd(d.x, j);
            grad[j] -= columnMean(d.x, j) * interceptGradient;
            if (beta[j] == 0) {
                zeros++;
                assertTrue(Math.abs(grad[j]) <= lambda + 1e-7 * sd, "KKT at zero " + j + ": " + grad[j]);
            } else {
                assertEquals(-lambda * Math.signum(beta[j]), grad[j], 1e-7 * sd, "stationarity at " + j);
            }
        }
        assertTrue(zeros >= 2 && zeros < beta.length, "a sparse truth with 3 of 8 features should give some zeros, got "
                + zeros);
    }

    private static double logisticInterceptGradient(TestData d, double b0, double[] beta) {
        double g = 0;
        for (int i = 0; i < d.x.length; i++) {
            double eta = b0;
            for (int j = 0; j < beta.length; j++) {
                eta += d.x[i][j] * beta[j];
            }
            g += (LogisticLoss.sigmoid(eta) - d.y01[i]) / d.x.length;
        }
        return g;
    }

    private static double columnMean(double[][] x, int j) {
        double mean = 0;
        for (double[] row : x) {
            mean += row[j] / x.length;
        }
        return mean;
    }

    private static double columnSd(double[][] x, int j) {
        double mean = columnMean(x, j);
        double ss = 0;
        for (double[] row : x) {
            ss += (row[j] - mean) * (row[j] - mean) / x.length;
        }
        return Math.sqrt(ss);
    }

    private static double[] logisticGradient(TestData d, double b0, double[] beta) {
        int n = d.x.length;
        double[] g = new double[beta.length];
        for (int i = 0; i < n; i++) {
            double eta = b0;
            for (int j = 0; j < beta.length; j++) {
                eta += d.x[i][j] * beta[j];
            }
            double r = LogisticLoss.sigmoid(eta) - d.y01[i];
            for (int j = 0; j < beta.length; j++) {
                g[j] += r * d.x[i][j] / n;
            }
        }
        return g;
    }

    /** Separable data with no penalty: the cap stops the run and says why, instead of running forever. */
    @Test
    void separableDataWithoutPenaltyStopsWithAClearMessage() {
        double[][] x = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}};
        double[] y = {0, 0, 0, 1, 1, 1};
        FitResult fit = SmEm.fit(new TrainingData(DenseMatrix.of(x), y, 2, null),
                FitOptions.defaults().withLambda(0).withMaxIterations(200));
        assertFalse(fit.converged());
        assertTrue(fit.message().contains("separable"), fit.message());
        assertTrue(Double.isFinite(fit.coefficients()[0][0]));
    }

    @Test
    void badInputsAreRejectedWithPreciseMessages() {
        DenseMatrix x = DenseMatrix.of(new double[][] {{1, 2}, {3, Double.NaN}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(x, new double[] {0, 1}, 2, null));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("row 2"), e.getMessage());
        DenseMatrix inf = DenseMatrix.of(new double[][] {{1, Double.POSITIVE_INFINITY}, {3, 4}});
        assertThrows(IllegalArgumentException.class, () -> new TrainingData(inf, new double[] {0, 1}, 2, null));
        DenseMatrix ok = DenseMatrix.of(new double[][] {{1, 2}, {3, 4}});
        e = assertThrows(IllegalArgumentException.class, () -> new TrainingData(ok, new double[] {1, 1}, 2, null));
        assertTrue(e.getMessage().contains("one class"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(new DenseMatrix(0, 2, new double[0]), new double[0], 2, null));
        assertTrue(e.getMessage().contains("no training rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingData(ok, new double[] {0, 1}, 2, new double[] {1, -1}));
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitOptions.defaults().withLambda(-1));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Penalty.elasticNet(1.5));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Penalty.bridge(2.0));
        assertTrue(e.getMessage().contains("q"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withAcceleration(Acceleration.NEWTON));
        assertTrue(e.getMessage().contains("smooth"), e.getMessage());
        TrainingData classes = new TrainingData(ok, new double[] {0, 1}, 2, null);
        e = assertThrows(IllegalArgumentException.class,
                () -> SmEm.fit(classes, FitOptions.defaults().withLoss(SquaredLoss.INSTANCE)));
        assertTrue(e.getMessage().contains("numeric"), e.getMessage());
    }

    /** The thread's interrupt flag stops a fit with FitInterruptedException. */
    @Test
    void interruptionStopsTheFit() {
        TestData d = TestData.make(100, 4, 3);
        Thread.currentThread().interrupt();
        try {
            assertThrows(FitInterruptedException.class, () -> SmEm.fit(d.binary(null), FitOptions.defaults()));
        } finally {
            Thread.interrupted();
        }
    }

    /** A constant column carries nothing an intercept does not: its coefficient is exactly zero. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void constantColumnGetsAnExactZero(String lossName) {
        TestData d = TestData.make(60, 3, 41);
        double[][] x = new double[60][4];
        for (int i = 0; i < 60; i++) {
            System.arraycopy(d.x[i], 0, x[i], 0, 3);
            x[i][3] = 7.25;
        }
        Loss loss = Loss.byName(lossName);
        double[] y = loss instanceof SquaredLoss ? d.yReal : d.y01;
        FitResult fit = SmEm.fit(new TrainingData(DenseMatrix.of(x), y, loss instanceof SquaredLoss ? 0 : 2, null),
                FitOptions.defaults().withLoss(loss).withLambda(0.01));
        assertEquals(0.0, fit.coefficients()[0][3]);
        assertEquals(3, fit.nonZeros());
        assertTrue(fit.converged(), fit.message());
    }
}
