package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.Standardization;
import io.smem.loss.Loss;
import io.smem.loss.SquaredLoss;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import io.smem.reference.ReferenceSolution;
import io.smem.reference.References;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Screening and working sets (many features, lasso-type penalties): the result is the full problem's optimum — the
 * independent proximal-Newton reference's objective and exact support — whatever the working set held, and the same
 * as the fit on all columns.
 */
class WorkingSetTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("logistic", 1.0, 0.5), Arguments.of("logistic", 1.0, 0.1),
                Arguments.of("logistic", 1.0, 0.02), Arguments.of("logistic", 0.5, 0.1),
                Arguments.of("squared", 1.0, 0.3), Arguments.of("squared", 1.0, 0.03));
    }

    @ParameterizedTest(name = "{0}, alpha {1}, lambda = {2} lambda_max")
    @MethodSource("cases")
    void wideProblemMatchesReferenceAndTheFitOnAllColumns(String lossName, double alpha, double fraction) {
        int n = 70;
        int p = 120;
        TestData d = TestData.make(n, p, 17);
        double[] w = TestData.varied(n, 3);
        Loss loss = Loss.byName(lossName);
        double[] y = loss instanceof SquaredLoss ? d.yReal : d.y01;
        TrainingData data = loss instanceof SquaredLoss ? d.regression(w) : d.binary(w);
        FitOptions base = FitOptions.defaults().withLoss(loss).withPenalty(Penalty.elasticNet(alpha))
                .withStandardize(false);
        double lambda = fraction * RegularizationPath.lambdaMax(SmEm.prepare(data, base), base);
        FitOptions options = base.withLambda(lambda);

        FitResult screened = SmEm.fit(data, options);
        FitResult all = SmEm.fit(data, options.withScreening(false));
        ReferenceSolution ref = References.elasticNet(d.x, y, w, lossName, lambda, alpha, true);

        assertTrue(screened.converged(), screened.message());
        assertTrue(screened.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE, "KKT " + screened.kktResidual());
        double engineF = References.objective(d.x, y, w, lossName, alpha == 1 ? "lasso" : "elasticnet", lambda, alpha,
                true, screened.intercepts()[0], screened.coefficients()[0]);
        assertEquals(engineF, screened.objective(), 1e-12 * Math.abs(engineF), "reported objective");
        assertEquals(ref.objective, engineF, 1e-8 * Math.abs(ref.objective), "objective vs reference");
        assertEquals(all.objective(), screened.objective(), 1e-9 * Math.abs(all.objective()), "vs all columns");
        double[] beta = screened.coefficients()[0];
        for (int j = 0; j < p; j++) {
            assertEquals(ref.beta()[j] == 0, beta[j] == 0,
                    "support differs at " + j + ": reference " + ref.beta()[j] + ", engine " + beta[j]);
        }
    }

    @Test
    void sparseStorageGivesTheSameFitAsDense() {
        TestData d = TestData.make(90, 60, 5);
        double[] w = TestData.ones(90);
        TrainingData dense = d.binary(w);
        TrainingData sparse = new TrainingData(CsrMatrix.fromDense(d.dense()), d.y01.clone(), 2, w);
        FitOptions options = FitOptions.defaults().withPenalty(Penalty.lasso());
        options = options.withLambda(0.1 * RegularizationPath.lambdaMax(SmEm.prepare(dense, options), options));
        FitResult a = SmEm.fit(dense, options);
        FitResult b = SmEm.fit(sparse, options);
        assertTrue(a.converged() && b.converged());
        assertEquals(a.objective(), b.objective(), 1e-10 * a.objective());
        assertEquals(a.nonZeros(), b.nonZeros());
    }

    /**
     * A sparse wide problem whose last working set holds more than 500 columns (where auto's rule would run CG): the
     * rounds factor their support instead ({@code SupportSolver}) and the result is still the fit on all columns.
     */
    @Test
    void sparseWorkingSetsFactorTheirSupportAndMatchTheFitOnAllColumns() {
        int n = 600;
        int p = 3000;
        java.util.Random r = new java.util.Random(31);
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = -0.5;
            for (int j = 0; j < p; j++) {
                // Word-like columns: a few frequent, most rare.
                if (r.nextDouble() < 0.5 / Math.sqrt(j + 1)) {
                    x[i][j] = 1.0;
                    eta += j % 7 == 0 ? 0.8 : (j % 11 == 0 ? -0.8 : 0.0);
                }
            }
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        }
        TrainingData data = new TrainingData(CsrMatrix.fromDense(DenseMatrix.of(x)), y, 2, null);
        FitOptions options = FitOptions.defaults().withPenalty(Penalty.lasso()).withStandardize(false)
                .withLambda(0.3 / n);
        FitResult screened = SmEm.fit(data, options); // working sets of 532, 569 and 574 columns, 317 non-zeros
        FitResult all = SmEm.fit(data, options.withScreening(false));
        assertTrue(screened.converged(), screened.message());
        assertTrue(all.converged(), all.message());
        assertEquals("cholesky", screened.solver(), "the last round factored its support");
        assertEquals("cg", all.solver());
        assertTrue(screened.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE, "KKT " + screened.kktResidual());
        assertEquals(all.objective(), screened.objective(), 1e-9 * all.objective());
    }

    /**
     * A support step lets in at most max(10, non-zeros) violated zeros, the worst first: from the null model with
     * nearly every feature violated, one iteration leaves at most 10 + 10 non-zeros (10 at the start, 10 more after
     * the first step); the fit run to the end still reaches the optimum of the fit on all columns from a ridge start.
     */
    @Test
    void supportStepsAdmitAFewViolatorsAtATime() {
        int n = 120;
        int p = 150;
        TestData d = TestData.make(n, p, 41);
        TrainingData data = d.binary(TestData.ones(n));
        FitOptions base = FitOptions.defaults().withPenalty(Penalty.lasso()).withScreening(false);
        SmEm.Prepared prepared = SmEm.prepare(data, base);
        FitOptions options = base.withLambda(0.02 * RegularizationPath.lambdaMax(prepared, base));
        double[][] nullModel = SmEm.nullModel(prepared, options);
        boolean[] constant = prepared.standardization().constant();
        DesignMatrix z = prepared.working();
        double[] w = prepared.normalizedWeights();

        EmRun one = new EmFitter(z, data.response(), w, 1, options.withMaxIterations(1),
                options.solver().create(z), constant, prepared.columnRms()).run(nullModel);
        int nonZeros = 0;
        for (int j = 0; j < p; j++) {
            nonZeros += one.theta()[0][j] != 0 ? 1 : 0;
        }
        assertTrue(nonZeros > 0 && nonZeros <= 20, nonZeros + " non-zeros after one iteration");

        EmRun full = new EmFitter(z, data.response(), w, 1, options, options.solver().create(z), constant,
                prepared.columnRms())
                .run(nullModel);
        FitResult reference = SmEm.fit(data, options);
        assertTrue(full.converged(), full.message());
        assertEquals(reference.objective(), full.objective(), 1e-9 * reference.objective());
    }

    @Test
    void multinomialLassoMatchesTheFitOnAllColumns() {
        TestData d = TestData.make(150, 40, 9);
        TrainingData data = d.multinomial(TestData.ones(150));
        FitOptions base = FitOptions.defaults().withPenalty(Penalty.lasso());
        double lambdaMax = RegularizationPath.lambdaMax(SmEm.prepare(data, base), base);
        for (double fraction : new double[] {0.5, 0.1}) {
            FitOptions options = base.withLambda(fraction * lambdaMax);
            FitResult screened = SmEm.fit(data, options);
            FitResult all = SmEm.fit(data, options.withScreening(false));
            assertTrue(screened.converged(), screened.message());
            assertTrue(screened.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE);
            assertEquals(all.objective(), screened.objective(), 1e-9 * all.objective());
            assertEquals(all.nonZeros(), screened.nonZeros());
        }
    }

    @Test
    void pathWithScreeningTracksThePathWithout() {
        TestData d = TestData.make(60, 200, 23);
        TrainingData data = d.binary(TestData.ones(60));
        FitOptions options = FitOptions.defaults().withPenalty(Penalty.lasso());
        SmEm.Prepared prepared = SmEm.prepare(data, options);
        double[] grid = RegularizationPath.grid(prepared, options, 15, Double.NaN);
        List<FitResult> screened = RegularizationPath.fits(prepared, options, grid, null);
        List<FitResult> all = RegularizationPath.fits(prepared, options.withScreening(false), grid, null);
        double passesScreened = 0;
        double passesAll = 0;
        for (int i = 0; i < grid.length; i++) {
            assertTrue(screened.get(i).converged(), screened.get(i).message());
            assertEquals(all.get(i).objective(), screened.get(i).objective(), 1e-9 * all.get(i).objective(),
                    "lambda " + grid[i]);
            assertEquals(all.get(i).nonZeros(), screened.get(i).nonZeros(), "lambda " + grid[i]);
            passesScreened += screened.get(i).dataPasses();
            passesAll += all.get(i).dataPasses();
        }
        assertTrue(passesScreened < passesAll, "screening saves data passes: " + passesScreened + " vs " + passesAll);
    }

    @Test
    void selectColumnsKeepsEntriesForEveryStorage() {
        TestData d = TestData.make(12, 9, 1);
        DenseMatrix dense = d.dense();
        int[] cols = {0, 3, 4, 8};
        Standardization s = Standardization.of(dense, null, true, true);
        List<DesignMatrix> matrices = List.of(dense, CsrMatrix.fromDense(dense), s.apply(CsrMatrix.fromDense(dense)));
        for (DesignMatrix m : matrices) {
            DesignMatrix sub = m.selectColumns(cols);
            assertEquals(12, sub.rows());
            assertEquals(cols.length, sub.cols());
            for (int i = 0; i < 12; i++) {
                for (int a = 0; a < cols.length; a++) {
                    assertEquals(m.get(i, cols[a]), sub.get(i, a), 1e-14, m.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * Duplicate columns (common in one-hot and text data) have bit-identical KKT violations: the cap on entries per
     * support step must let a tie at its boundary in, or no zero ever enters and the fit stalls.
     */
    @Test
    void duplicateColumnsTiedAtTheEntryCapStillEnter() {
        int n = 120;
        int copies = 24;
        java.util.Random rnd = new java.util.Random(31);
        double[][] x = new double[n][copies + 6];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double signal = rnd.nextGaussian();
            for (int j = 0; j < copies; j++) {
                x[i][j] = signal;
            }
            for (int j = copies; j < copies + 6; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-3 * signal)) ? 1 : 0;
        }
        TrainingData data = new TrainingData(DenseMatrix.of(x), y, 2, null);
        FitOptions options = FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(0.01);
        FitResult fit = SmEm.fit(data, options);
        assertTrue(fit.converged(), fit.message());
        assertTrue(fit.kktResidual() <= FitOptions.DEFAULT_KKT_TOLERANCE, "KKT " + fit.kktResidual());
        double[] beta = fit.coefficients()[0];
        double total = 0;
        for (int j = 0; j < copies; j++) {
            total += beta[j];
        }
        assertTrue(total > 0.5, "the duplicated signal is in the model: " + total);
        FitResult all = SmEm.fit(data, options.withScreening(false));
        assertEquals(all.objective(), fit.objective(), 1e-9 * Math.abs(all.objective()));
    }
}
