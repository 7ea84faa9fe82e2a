package io.smem.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.solve.HaltonMonteCarloSolver.Check;
import io.smem.solve.HaltonMonteCarloSolver.Mode;
import io.smem.solve.HaltonMonteCarloSolver.Outcome;
import io.smem.solve.HaltonMonteCarloSolver.Report;
import io.smem.solve.HaltonMonteCarloSolver.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class HaltonMonteCarloSolverTest {

    /** An M-step system: design, curvature weights, right-hand side, prior variances, intercept flag. */
    private record Problem(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v) {
        int size() {
            return intercept ? z.cols() + 1 : z.cols();
        }
    }

    private static DenseMatrix denseDesign(int n, int p, double correlation, Random rnd) {
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            double common = rnd.nextGaussian();
            for (int j = 0; j < p; j++) {
                x[i * p + j] = correlation * common + Math.sqrt(1 - correlation * correlation) * rnd.nextGaussian();
            }
        }
        return new DenseMatrix(n, p, x);
    }

    private static CsrMatrix sparseDesign(int n, int p, double density, Random rnd) {
        double[] x = new double[n * p];
        for (int i = 0; i < n * p; i++) {
            if (rnd.nextDouble() < density) {
                x[i] = rnd.nextGaussian();
            }
        }
        return CsrMatrix.fromDense(new DenseMatrix(n, p, x));
    }

    /**
     * A lasso-like E-step: logistic-sized weights summing to about 1/4, most prior variances tiny (coefficients
     * shrunk towards zero), {@code active} of them moderate, an unpenalized intercept.
     */
    private static Problem lassoLike(DesignMatrix z, int active, double activeVariance, Random rnd) {
        int n = z.rows();
        int p = z.cols();
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = (0.05 + 0.2 * rnd.nextDouble()) / n;
        }
        double[] v = new double[p + 1];
        for (int j = 0; j < p; j++) {
            v[j] = j < active ? activeVariance * (0.5 + rnd.nextDouble()) : 1e-3 * rnd.nextDouble();
        }
        v[p] = Double.POSITIVE_INFINITY;
        double[] r = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            r[j] = 0.1 * rnd.nextGaussian();
        }
        return new Problem(z, true, c, r, v);
    }

    /** M = U A U + E formed entry by entry from {@code get}: independent of the solver's code. */
    private static RealMatrix systemMatrix(Problem q) {
        int n = q.z().rows();
        int p = q.z().cols();
        int m = q.size();
        double[][] za = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                za[i][j] = q.z().get(i, j);
            }
            if (q.intercept()) {
                za[i][p] = 1.0;
            }
        }
        double[][] mat = new double[m][m];
        for (int j = 0; j < m; j++) {
            double uj = MStepSolver.scaleOf(q.v()[j]);
            for (int k = 0; k < m; k++) {
                double uk = MStepSolver.scaleOf(q.v()[k]);
                double a = 0;
                for (int i = 0; i < n; i++) {
                    a += za[i][j] * q.c()[i] * za[i][k];
                }
                mat[j][k] = uj * a * uk;
            }
            mat[j][j] += MStepSolver.identityPartOf(q.v()[j]);
        }
        return new Array2DRowRealMatrix(mat, false);
    }

    /** θ = U M⁻¹ U r by LU. */
    private static double[] direct(Problem q) {
        int m = q.size();
        double[] b = new double[m];
        for (int j = 0; j < m; j++) {
            b[j] = MStepSolver.scaleOf(q.v()[j]) * q.r()[j];
        }
        double[] phi = new LUDecomposition(systemMatrix(q)).getSolver().solve(new ArrayRealVector(b)).toArray();
        for (int j = 0; j < m; j++) {
            phi[j] *= MStepSolver.scaleOf(q.v()[j]);
        }
        return phi;
    }

    /** The EM surrogate ½φᵀMφ − φᵀUr at θ = Uφ. */
    private static double surrogate(Problem q, RealMatrix mat, double[] theta) {
        int m = q.size();
        double[] phi = new double[m];
        for (int j = 0; j < m; j++) {
            double u = MStepSolver.scaleOf(q.v()[j]);
            phi[j] = u > 0 ? theta[j] / u : 0.0;
        }
        double[] mphi = mat.operate(phi);
        double f = 0;
        for (int j = 0; j < m; j++) {
            f += 0.5 * phi[j] * mphi[j] - phi[j] * MStepSolver.scaleOf(q.v()[j]) * q.r()[j];
        }
        return f;
    }

    private static double relativeError(double[] a, double[] ref) {
        double num = 0;
        double den = 0;
        for (int j = 0; j < ref.length; j++) {
            num += (a[j] - ref[j]) * (a[j] - ref[j]);
            den += ref[j] * ref[j];
        }
        return Math.sqrt(num / den);
    }

    private static double[] solveFromZero(HaltonMonteCarloSolver solver, Problem q) {
        double[] theta = new double[q.size()];
        assertTrue(solver.solve(q.z(), q.intercept(), q.c(), q.r(), q.v(), theta));
        return theta;
    }

    @Test
    void gramModeAgreesWithDirectSolveOnLassoLikeSystem() {
        Random rnd = new Random(1);
        Problem q = lassoLike(denseDesign(300, 40, 0.3, rnd), 3, 2.0, rnd);
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM)
                .withWalkOnNewGram(true).withRelativeTolerance(1e-12));
        double[] theta = solveFromZero(solver, q);
        Report rep = solver.lastReport();
        assertEquals(Outcome.MONTE_CARLO, rep.outcome(), rep.toString());
        assertTrue(rep.rhoBound() < 0.9, rep.toString());
        assertTrue(rep.stages() >= 2 && rep.walks() > 0 && rep.steps() > 0, rep.toString());
        assertTrue(relativeError(theta, direct(q)) < 1e-9, () -> "error " + relativeError(theta, direct(q)));
        assertTrue(rep.finalResidual() <= 1e-12 * rep.initialResidual() * 1.0000001, rep.toString());
        // Diagonal (1) + the Gram matrix counted as CholeskySolver counts it (40/2 + 1); residuals from it are free.
        assertEquals(1 + 40 / 2.0 + 1, solver.dataPasses(), 1e-12);
        assertEquals("", rep.exact());
        // No factor of this matrix exists after a Monte Carlo solve: resolve must decline, not use a stale one.
        assertFalse(solver.resolve(q.r(), q.v(), new double[q.size()]));
    }

    @Test
    void monteCarloStagesContractFasterThanJacobiIteration() {
        // Without walks a stage is one Jacobi iteration (contraction ρ(H)); the walks add the higher Neumann terms,
        // so far fewer stages reach the same tolerance.
        Random rnd = new Random(2);
        Problem q = lassoLike(denseDesign(400, 30, 0.5, rnd), 4, 4.0, rnd);
        HaltonMonteCarloSolver mc = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM)
                .withWalkOnNewGram(true).withRelativeTolerance(1e-10).withWalksPerStage(4000));
        solveFromZero(mc, q);
        assertEquals(Outcome.MONTE_CARLO, mc.lastReport().outcome(), mc.lastReport().toString());

        RealMatrix mat = systemMatrix(q);
        int m = q.size();
        double[] b = new double[m];
        for (int j = 0; j < m; j++) {
            b[j] = MStepSolver.scaleOf(q.v()[j]) * q.r()[j];
        }
        double[] yv = new double[m];
        double r0 = new ArrayRealVector(b).getNorm();
        int jacobi = 0;
        while (true) {
            double[] res = new ArrayRealVector(b).subtract(mat.operate(new ArrayRealVector(yv))).toArray();
            if (new ArrayRealVector(res).getNorm() <= 1e-10 * r0 || jacobi > 10_000) {
                break;
            }
            for (int j = 0; j < m; j++) {
                yv[j] += res[j] / mat.getEntry(j, j);
            }
            jacobi++;
        }
        assertTrue(mc.lastReport().stages() * 3 < jacobi, mc.lastReport() + " vs Jacobi iterations " + jacobi);
    }

    @Test
    void columnsModeOnSparseDataAgreesAndCountsFetchedColumns() {
        Random rnd = new Random(3);
        Problem q = lassoLike(sparseDesign(400, 60, 0.1, rnd), 3, 3.0, rnd);
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS)
                .withCheck(Check.RUNTIME).withRelativeTolerance(1e-11).withColumnBudget(61));
        double[] theta = solveFromZero(solver, q);
        Report rep = solver.lastReport();
        assertEquals(Outcome.MONTE_CARLO, rep.outcome(), rep.toString());
        assertEquals(Mode.COLUMNS, rep.mode());
        assertTrue(rep.columnsFetched() > 0);
        assertTrue(relativeError(theta, direct(q)) < 1e-8, () -> "error " + relativeError(theta, direct(q)));
        // diagonal (1) + warm-start residual (2) + 2 per stage + at most 2 per fetched column (1 for the intercept)
        double expectedMax = 1 + 2 + 2.0 * rep.stages() + 2.0 * rep.columnsFetched();
        double expectedMin = expectedMax - 1;
        assertTrue(solver.dataPasses() <= expectedMax && solver.dataPasses() >= expectedMin,
                solver.dataPasses() + " passes, " + rep);
    }

    @Test
    void columnBudgetTruncatesWalksButSequentialCorrectionStillConverges() {
        Random rnd = new Random(4);
        Problem q = lassoLike(sparseDesign(300, 50, 0.2, rnd), 2, 1.0, rnd);
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS)
                .withCheck(Check.RUNTIME).withRelativeTolerance(1e-10).withColumnBudget(5));
        double[] theta = solveFromZero(solver, q);
        Report rep = solver.lastReport();
        assertTrue(rep.columnsFetched() <= 5, rep.toString());
        assertTrue(relativeError(theta, direct(q)) < 1e-7, () -> "error " + relativeError(theta, direct(q)));
    }

    @Test
    void subsampledVariantConvergesToTheExactSolution() {
        Random rnd = new Random(5);
        Problem q = lassoLike(denseDesign(1000, 30, 0.3, rnd), 3, 2.0, rnd);
        for (Mode mode : new Mode[] {Mode.GRAM, Mode.COLUMNS}) {
            HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(mode)
                    .withCheck(Check.RUNTIME).withSubsampleFraction(0.2).withRelativeTolerance(1e-10)
                    .withColumnBudget(31));
            double[] theta = solveFromZero(solver, q);
            Report rep = solver.lastReport();
            assertEquals(Outcome.MONTE_CARLO, rep.outcome(), rep.toString());
            assertTrue(relativeError(theta, direct(q)) < 1e-8, mode + ": " + relativeError(theta, direct(q)));
            if (mode == Mode.GRAM) {
                // Subsample copy (0.2) + its Gram matrix at 20% (0.2 · 16) + diagonal (1) + 2 per residual.
                assertEquals(0.2 + 0.2 * 16 + 1 + 2 + 2.0 * rep.stages(), solver.dataPasses(), 1e-9);
            }
        }
    }

    @Test
    void cheapBoundIsAnUpperBoundOnTheSpectralRadiusOfAbsH() {
        Random rnd = new Random(6);
        for (int trial = 0; trial < 20; trial++) {
            Problem q = lassoLike(denseDesign(80, 12, 0.8 * rnd.nextDouble(), rnd), rnd.nextInt(4),
                    Math.pow(10, 2 * rnd.nextDouble() - 1), rnd);
            RealMatrix mat = systemMatrix(q);
            int m = q.size();
            double[] ratio = new double[m];
            double[][] sym = new double[m][m];
            for (int i = 0; i < m; i++) {
                double uiSq = MStepSolver.scaleOf(q.v()[i]) * MStepSolver.scaleOf(q.v()[i]);
                double uaDiag = mat.getEntry(i, i) - MStepSolver.identityPartOf(q.v()[i]);
                ratio[i] = uaDiag / mat.getEntry(i, i);
                assertTrue(uiSq >= 0);
                for (int j = 0; j < m; j++) {
                    // |H| = D⁻¹|M|_offdiag is similar to the symmetric D^-½ |M|_offdiag D^-½.
                    sym[i][j] = i == j ? 0.0 : Math.abs(mat.getEntry(i, j))
                            / Math.sqrt(mat.getEntry(i, i) * mat.getEntry(j, j));
                }
            }
            double[] eig = new EigenDecomposition(new Array2DRowRealMatrix(sym)).getRealEigenvalues();
            double rho = Arrays.stream(eig).map(Math::abs).max().orElseThrow();
            double bound = HaltonMonteCarloSolver.perronBound(ratio, m);
            assertTrue(bound >= rho - 1e-10, "bound " + bound + " < rho " + rho);
        }
        // Exact on a rank-one A (the Cauchy–Schwarz step is then an equality).
        double[] ratio = {0.5, 0.5, 0.5};
        // Σ 0.5/(λ+0.5) = 1 ⇒ λ = 1.
        assertEquals(1.0, HaltonMonteCarloSolver.perronBound(ratio, 3), 1e-9);
    }

    @Test
    void rejectsADenseIllConditionedGramAndFallsBackToTheExactSolution() {
        Random rnd = new Random(7);
        DenseMatrix z = denseDesign(200, 20, 0.99, rnd);
        Problem ridge = lassoLike(z, 20, 50.0, rnd); // every coordinate weakly penalized: no diagonal dominance
        RealMatrix mat = systemMatrix(ridge);
        double[] eig = new EigenDecomposition(mat).getRealEigenvalues();
        double cond = Arrays.stream(eig).max().orElseThrow() / Arrays.stream(eig).min().orElseThrow();
        assertTrue(cond > 1e3, "test system should be ill-conditioned, condition number " + cond);

        HaltonMonteCarloSolver gramSolver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM)
                .withWalkOnNewGram(true));
        double[] theta = solveFromZero(gramSolver, ridge);
        Report rep = gramSolver.lastReport();
        assertEquals(Outcome.FALLBACK_INVALID, rep.outcome(), rep.toString());
        assertEquals("rejected", rep.certificate());
        assertEquals("cholesky", rep.exact());
        // The Gram matrix formed for the check is the one factored: no second one.
        assertEquals(1 + 20 / 2.0 + 1, gramSolver.dataPasses(), 1e-12);
        assertTrue(rep.rhoBound() >= 0.9, rep.toString());
        assertEquals(0, rep.walks(), "no walk may start on a rejected system");
        assertEquals(1, gramSolver.fallbacks());
        assertEquals(0, gramSolver.monteCarloSolves());
        assertTrue(relativeError(theta, direct(ridge)) < 1e-9, () -> "error " + relativeError(theta, direct(ridge)));

        // Without a Gram matrix the check cannot certify; the run-time guard must catch the divergence.
        HaltonMonteCarloSolver columns = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS)
                .withCheck(Check.RUNTIME).withRelativeTolerance(1e-10).withColumnBudget(21)
                .withFallbackTolerance(1e-12).withFallbackIterations(1000));
        double[] theta2 = solveFromZero(columns, ridge);
        Report rep2 = columns.lastReport();
        assertEquals("none", rep2.certificate());
        assertNotEquals(Outcome.MONTE_CARLO, rep2.outcome(), rep2.toString());
        assertEquals("cg", rep2.exact());
        assertEquals(1, columns.fallbacks());
        assertTrue(relativeError(theta2, direct(ridge)) < 1e-6, () -> "error " + relativeError(theta2, direct(ridge)));
    }

    @Test
    void deterministicForASeedAndDifferentAcrossSeeds() {
        Random rnd = new Random(8);
        Problem q = lassoLike(denseDesign(300, 40, 0.3, rnd), 3, 2.0, rnd);
        Settings s = Settings.defaults().withMode(Mode.GRAM).withWalkOnNewGram(true).withRelativeTolerance(1e-8)
                .withSeed(42);
        double[] a = solveFromZero(new HaltonMonteCarloSolver(s), q);
        double[] b = solveFromZero(new HaltonMonteCarloSolver(s), q);
        assertArrayEquals(a, b, 0.0);
        double[] other = solveFromZero(new HaltonMonteCarloSolver(s.withSeed(43)), q);
        assertFalse(Arrays.equals(a, other), "another seed must give another Monte Carlo replicate");
        double[] ref = direct(q);
        assertTrue(relativeError(other, ref) < 1e-6 && relativeError(a, ref) < 1e-6);
        // The sequence of calls matters, not only the seed: a second solve with the same instance re-randomizes.
        HaltonMonteCarloSolver reused = new HaltonMonteCarloSolver(s);
        solveFromZero(reused, q);
        double[] second = solveFromZero(reused, q);
        assertFalse(Arrays.equals(a, second));
    }

    @Test
    void surrogateNeverIncreasesFromTheWarmStart() {
        Random rnd = new Random(9);
        int checked = 0;
        int monteCarlo = 0;
        int fellBack = 0;
        for (int trial = 0; trial < 24; trial++) {
            boolean sparse = trial % 2 == 1;
            DesignMatrix z = sparse ? sparseDesign(150, 25, 0.2, rnd) : denseDesign(150, 25, 0.9 * rnd.nextDouble(),
                    rnd);
            Problem q = lassoLike(z, rnd.nextInt(26), Math.pow(10, 3 * rnd.nextDouble() - 1), rnd);
            RealMatrix mat = systemMatrix(q);
            double[] ref = direct(q);
            double[] theta = new double[q.size()];
            for (int j = 0; j < theta.length; j++) {
                theta[j] = ref[j] + 0.3 * rnd.nextGaussian() * (Math.abs(ref[j]) + 1e-3);
            }
            Settings s = Settings.defaults().withMode(trial % 3 == 0 ? Mode.COLUMNS : Mode.GRAM)
                    .withCheck(trial % 5 == 0 ? Check.GRAM : Check.RUNTIME).withWalkOnNewGram(trial % 7 != 0)
                    .withWalksPerStage(1 + rnd.nextInt(500)).withMaxStages(1 + rnd.nextInt(4))
                    .withMinContraction(trial % 4 == 0 ? 1.0 : 0.5).withSeed(trial).withColumnBudget(26)
                    .withFallbackIterations(1 + rnd.nextInt(3));
            double before = surrogate(q, mat, theta);
            HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(s);
            assertTrue(solver.solve(q.z(), q.intercept(), q.c(), q.r(), q.v(), theta));
            double after = surrogate(q, mat, theta);
            assertTrue(after <= before + 1e-12 * Math.abs(before), "trial " + trial + ": " + before + " -> " + after
                    + " " + solver.lastReport());
            assertTrue(solver.lastReport().surrogateChange() <= 0);
            checked++;
            if (solver.fallbacks() > 0) {
                fellBack++;
            } else if (solver.lastReport().stages() > 0) {
                monteCarlo++;
            }
        }
        assertEquals(24, checked);
        // Both paths must have been exercised for the check to mean something.
        assertTrue(monteCarlo > 0 && fellBack > 0, monteCarlo + " Monte Carlo, " + fellBack + " fallbacks");
    }

    @Test
    void pinnedCoordinatesStayExactlyZero() {
        Random rnd = new Random(10);
        Problem q = lassoLike(denseDesign(200, 20, 0.3, rnd), 3, 2.0, rnd);
        q.v()[5] = 0.0;
        q.v()[7] = 0.0;
        double[] theta = solveFromZero(new HaltonMonteCarloSolver(Settings.defaults().withRelativeTolerance(1e-10)),
                q);
        assertEquals(0.0, theta[5]);
        assertEquals(0.0, theta[7]);
        assertTrue(relativeError(theta, direct(q)) < 1e-8);
    }

    @Test
    void warmStartAtTheSolutionCostsOneResidualAndNoWalk() {
        Random rnd = new Random(11);
        Problem q = lassoLike(sparseDesign(200, 30, 0.2, rnd), 3, 2.0, rnd);
        double[] theta = direct(q);
        double[] copy = theta.clone();
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS)
                .withCheck(Check.RUNTIME));
        // A residual at round-off (relative to ‖U r‖) counts as converged, whatever the relative tolerance.
        assertTrue(solver.solve(q.z(), q.intercept(), q.c(), q.r(), q.v(), theta));
        assertEquals(Outcome.WARM_START, solver.lastReport().outcome(), solver.lastReport().toString());
        assertTrue(relativeError(theta, copy) < 1e-12);
        assertEquals(0, solver.lastReport().columnsFetched());
        assertEquals(0, solver.lastReport().walks());
        assertEquals(3.0, solver.dataPasses(), 1e-12); // diagonal + one residual
    }

    @Test
    void stageCapAndInterruptReturnPromptly() {
        Random rnd = new Random(12);
        Problem q = lassoLike(denseDesign(300, 60, 0.3, rnd), 5, 5.0, rnd);
        RealMatrix mat = systemMatrix(q);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            HaltonMonteCarloSolver capped = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS)
                    .withCheck(Check.RUNTIME).withMaxStages(1).withRelativeTolerance(1e-14).withFallbackIterations(3)
                    .withColumnBudget(10));
            double[] theta = new double[q.size()];
            double before = surrogate(q, mat, theta);
            assertTrue(capped.solve(q.z(), q.intercept(), q.c(), q.r(), q.v(), theta));
            assertEquals(Outcome.FALLBACK_STAGES, capped.lastReport().outcome(), capped.lastReport().toString());
            assertTrue(surrogate(q, mat, theta) < before);
            // At most: diagonal, 2 residuals, 10 columns, the fallback's 3 CG iterations plus its start residual.
            assertTrue(capped.dataPasses() <= 1 + 4 + 20 + 8 + 1e-9, "passes " + capped.dataPasses());

            HaltonMonteCarloSolver interrupted = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM)
                    .withWalkOnNewGram(true).withMaxStages(1_000_000).withRelativeTolerance(1e-15).withMinContraction(1.0));
            double[] theta2 = new double[q.size()];
            Thread.currentThread().interrupt();
            try {
                assertTrue(interrupted.solve(q.z(), q.intercept(), q.c(), q.r(), q.v(), theta2));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag must be kept for the caller");
            } finally {
                Thread.interrupted();
            }
            assertEquals(Outcome.INTERRUPTED, interrupted.lastReport().outcome());
            assertTrue(surrogate(q, mat, theta2) <= before);
        });
    }

    @Test
    void withoutAGramCheckAnUncertifiedSystemGoesStraightToTheExactSolver() {
        Random rnd = new Random(13);
        Problem q = lassoLike(denseDesign(300, 40, 0.3, rnd), 3, 2.0, rnd);
        HaltonMonteCarloSolver diagonalOnly = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM)
                .withWalkOnNewGram(true).withCheck(Check.DIAGONAL));
        double[] theta = solveFromZero(diagonalOnly, q);
        Report rep = diagonalOnly.lastReport();
        assertEquals(Outcome.EXACT_UNCHECKED, rep.outcome(), rep.toString());
        assertEquals("unchecked", rep.certificate());
        assertTrue(rep.rhoBound() >= 0.9);
        assertEquals(0, rep.walks());
        assertTrue(relativeError(theta, direct(q)) < 1e-10);
        // COLUMNS mode with the default check: no Gram matrix, so CG at its default tolerance.
        HaltonMonteCarloSolver columns = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS));
        double[] theta2 = solveFromZero(columns, q);
        assertEquals(Outcome.EXACT_UNCHECKED, columns.lastReport().outcome());
        assertEquals("cg", columns.lastReport().exact());
        assertTrue(relativeError(theta2, direct(q)) < 1e-2);
    }

    @Test
    void reusesThePreviousFactorAndTheHeldGramMatrixLikeCholeskySolver() {
        Random rnd = new Random(14);
        DenseMatrix z = denseDesign(300, 40, 0.95, rnd);
        Problem first = lassoLike(z, 40, 30.0, rnd); // rejected: every coordinate weakly penalized, correlated
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.GRAM));
        double[] theta = solveFromZero(solver, first);
        assertEquals(Outcome.EXACT_NEW_GRAM, solver.lastReport().outcome());
        assertEquals(1 + 40 / 2.0, solver.dataPasses(), 1e-12); // exactly CholeskySolver's passes
        assertTrue(relativeError(theta, direct(first)) < 1e-10);
        // resolve: the factor of the first system with a new right-hand side.
        double[] r2 = first.r().clone();
        r2[3] += 0.5;
        double[] resolved = new double[first.size()];
        assertTrue(solver.resolve(r2, first.v(), resolved));
        Problem firstNewRhs = new Problem(z, true, first.c(), r2, first.v());
        assertTrue(relativeError(resolved, direct(firstNewRhs)) < 1e-10);

        // Slightly different weights (the next EM step): the previous factor preconditions CG, no new Gram matrix.
        double[] c2 = first.c().clone();
        for (int i = 0; i < c2.length; i++) {
            c2[i] *= 1 + 0.01 * rnd.nextGaussian();
        }
        Problem second = new Problem(z, true, c2, first.r(), first.v());
        double before = solver.dataPasses();
        assertTrue(solver.solve(z, true, c2, first.r(), first.v(), theta));
        Report rep = solver.lastReport();
        assertEquals(Outcome.EXACT_REUSE, rep.outcome(), rep.toString());
        assertEquals("cholesky-reuse", rep.exact(), rep.toString());
        assertEquals(0, rep.walks());
        assertTrue(solver.dataPasses() - before < 1 + 2 * (CholeskySolver.REUSE_ITERATIONS + 1) + 1e-9);
        assertTrue(relativeError(theta, direct(second)) < 1e-8);

        // Same weights again (the squared loss): the Gram matrix is held, so no pass beyond none at all.
        solver.allowReuse(false);
        double[] theta3 = new double[first.size()];
        assertTrue(solver.solve(z, true, c2, first.r(), first.v(), theta3)); // forms the Gram matrix for c2
        before = solver.dataPasses();
        double[] theta4 = new double[first.size()];
        assertTrue(solver.solve(z, true, c2, first.r(), first.v(), theta4));
        assertEquals(0.0, solver.dataPasses() - before, 1e-12);
        assertTrue(relativeError(theta4, direct(second)) < 1e-10);
    }

    @Test
    void byDefaultWalksOnlyOnAHeldGramMatrix() {
        // The squared loss: the same weights at every M-step. The first solve forms and factors the Gram matrix like
        // CholeskySolver; the next one, with new prior variances (the next lasso E-step), walks on the held matrix
        // without any pass over the data.
        Random rnd = new Random(15);
        Problem q = lassoLike(denseDesign(300, 40, 0.3, rnd), 3, 2.0, rnd);
        HaltonMonteCarloSolver solver = new HaltonMonteCarloSolver(Settings.defaults().withRelativeTolerance(1e-10));
        double[] theta = solveFromZero(solver, q);
        assertEquals(Outcome.EXACT_NEW_GRAM, solver.lastReport().outcome(), solver.lastReport().toString());
        assertEquals("cholesky", solver.lastReport().exact());
        assertEquals(1 + 40 / 2.0, solver.dataPasses(), 1e-12);
        assertTrue(relativeError(theta, direct(q)) < 1e-10);

        double[] v2 = q.v().clone();
        for (int j = 0; j < 40; j++) {
            v2[j] *= 0.8;
        }
        Problem next = new Problem(q.z(), true, q.c(), q.r(), v2);
        double before = solver.dataPasses();
        assertTrue(solver.solve(q.z(), true, q.c(), q.r(), v2, theta));
        Report rep = solver.lastReport();
        assertEquals(Outcome.MONTE_CARLO, rep.outcome(), rep.toString());
        assertEquals(0.0, solver.dataPasses() - before, 1e-12);
        assertTrue(relativeError(theta, direct(next)) < 1e-8, () -> "error " + relativeError(theta, direct(next)));
        assertEquals(1, solver.monteCarloSolves());
        assertEquals(1, solver.fallbacks());

        // The engine's chord step: the held matrix's weights, then a solve with new variances and no data pass.
        assertArrayEquals(q.c(), solver.heldWeights(q.z(), true), 0.0);
        assertEquals(null, solver.heldWeights(q.z(), false));
        double[] v3 = q.v().clone();
        Arrays.fill(v3, 0, 40, 50.0); // weakly penalized: no Monte Carlo would be valid, the solve is exact anyway
        double[] held = new double[q.size()];
        before = solver.dataPasses();
        assertTrue(solver.solveHeld(q.r(), v3, held));
        assertEquals(0.0, solver.dataPasses() - before, 1e-12);
        assertTrue(relativeError(held, direct(new Problem(q.z(), true, q.c(), q.r(), v3))) < 1e-10);
        assertFalse(solver.isIterative(), "GRAM mode is exact or certified");
        HaltonMonteCarloSolver columns = new HaltonMonteCarloSolver(Settings.defaults().withMode(Mode.COLUMNS));
        assertTrue(columns.isIterative());
        assertEquals(null, columns.heldWeights(q.z(), true));
        assertFalse(columns.solveHeld(q.r(), v3, held));
    }

    @Test
    void haltonPointsAreStratifiedUniformAndRerandomized() {
        int points = 243; // 3^5
        HaltonSequence seq = new HaltonSequence(6, points, true);
        SplittableRandom rng = new SplittableRandom(3);
        seq.randomize(rng);
        double[] first = new double[points];
        for (int dim = 0; dim < 3; dim++) {
            int base = HaltonSequence.PRIMES[dim];
            int cells = 1;
            while (cells * base <= points) {
                cells *= base;
            }
            int[] count = new int[cells];
            for (int k = 0; k < cells; k++) {
                double x = seq.coordinate(k, dim);
                assertTrue(x >= 0 && x < 1);
                count[(int) (x * cells)]++;
                if (dim == 1) {
                    first[k] = x;
                }
            }
            for (int cell = 0; cell < cells; cell++) {
                assertEquals(1, count[cell], "dim " + dim + " cell " + cell);
            }
        }
        seq.randomize(rng);
        int same = 0;
        for (int k = 0; k < 27; k++) {
            if (seq.coordinate(k, 1) == first[k]) {
                same++;
            }
        }
        assertEquals(0, same);
        // Scrambled points average to 1/2 over replicates (unbiasedness), not only over the sequence.
        double mean = 0;
        for (int rep = 0; rep < 2000; rep++) {
            seq.randomize(rng);
            mean += seq.coordinate(0, 0) / 2000;
        }
        assertEquals(0.5, mean, 0.03);
    }
}
