package io.smem.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.Standardization;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.junit.jupiter.api.Test;

/**
 * The dual M-step against the primal system written out in full and solved by LU (commons-math), on wide designs
 * with every kind of coordinate: penalized, pinned (v = 0), free (v = +∞), an intercept, and rows of weight zero.
 */
class WoodburySolverTest {

    private static DenseMatrix dense(int n, int p, double density, Random rnd) {
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() < density ? rnd.nextGaussian() + 0.5 : 0.0;
        }
        return new DenseMatrix(n, p, x);
    }

    /** θ solving (Zₐᵀ C Zₐ + diag(1/v)) θ = r on the coordinates with v > 0; θ = 0 where v = 0. */
    private static double[] primal(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        int[] kept = java.util.stream.IntStream.range(0, m).filter(j -> v[j] != 0).toArray();
        double[][] a = new double[kept.length][kept.length];
        double[] b = new double[kept.length];
        for (int s = 0; s < kept.length; s++) {
            int j = kept[s];
            b[s] = r[j];
            for (int t = 0; t < kept.length; t++) {
                int k = kept[t];
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += (j == p ? 1 : z.get(i, j)) * c[i] * (k == p ? 1 : z.get(i, k));
                }
                a[s][t] = sum;
            }
            if (v[j] != Double.POSITIVE_INFINITY) {
                a[s][s] += 1 / v[j];
            }
        }
        double[] sol = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                .solve(new ArrayRealVector(b)).toArray();
        double[] theta = new double[m];
        for (int s = 0; s < kept.length; s++) {
            theta[kept[s]] = sol[s];
        }
        return theta;
    }

    /** Curvature weights with some zero rows; prior variances of every kind; the intercept free. */
    private static double[][] system(int n, int p, boolean intercept, int freeFeatures, Random rnd) {
        int m = intercept ? p + 1 : p;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i % 7 == 3 ? 0.0 : 0.05 + 0.2 * rnd.nextDouble();
        }
        double[] v = new double[m];
        double[] r = new double[m];
        for (int j = 0; j < m; j++) {
            v[j] = j % 5 == 1 ? 0.0 : Math.exp(2 * rnd.nextGaussian());
            r[j] = rnd.nextGaussian();
        }
        for (int q = 0; q < freeFeatures; q++) {
            v[2 + 5 * q] = Double.POSITIVE_INFINITY;
        }
        if (intercept) {
            v[p] = Double.POSITIVE_INFINITY;
        }
        return new double[][] {c, v, r};
    }

    private static void assertAgrees(DesignMatrix z, boolean intercept, int freeFeatures, long seed) {
        Random rnd = new Random(seed);
        double[][] s = system(z.rows(), z.cols(), intercept, freeFeatures, rnd);
        double[] c = s[0];
        double[] v = s[1];
        double[] r = s[2];
        double[] expected = primal(z, intercept, c, r, v);
        WoodburySolver solver = new WoodburySolver();
        double[] theta = new double[v.length];
        assertTrue(solver.solve(z, intercept, c, r, v, theta));
        assertClose(expected, theta, 1e-9);
        // resolve: same matrix, new right-hand side, no new factorization
        double[] r2 = r.clone();
        for (int j = 0; j < r2.length; j++) {
            r2[j] = rnd.nextGaussian();
        }
        double[] theta2 = new double[v.length];
        assertTrue(solver.resolve(r2, v, theta2));
        assertClose(primal(z, intercept, c, r2, v), theta2, 1e-9);
        double[] changed = v.clone();
        changed[0] = changed[0] == 0 ? 1.0 : changed[0] * 2;
        assertFalse(solver.resolve(r2, changed, theta2), "resolve must refuse other prior variances");
    }

    private static void assertClose(double[] expected, double[] actual, double tol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], tol * Math.max(1, scale), "coordinate " + j);
        }
    }

    @Test
    void denseWideDesignMatchesThePrimalSolve() {
        Random rnd = new Random(1);
        DenseMatrix z = dense(30, 120, 1.0, rnd);
        assertAgrees(z, true, 0, 11);
        assertAgrees(z, false, 0, 12);
        assertAgrees(z, true, 3, 13);
    }

    @Test
    void sparseAndStandardizedDesignsMatchThePrimalSolve() {
        Random rnd = new Random(2);
        DenseMatrix x = dense(25, 90, 0.3, rnd);
        CsrMatrix sparse = CsrMatrix.fromDense(x);
        assertAgrees(sparse, true, 2, 21);
        double[] w = new double[25];
        java.util.Arrays.fill(w, 1.0);
        DesignMatrix view = Standardization.of(sparse, w, true, true).apply(sparse);
        assertTrue(view.isSparse(), "a standardized sparse design is a lazy view");
        assertAgrees(view, true, 0, 22);
        assertAgrees(view, true, 4, 23);
    }

    @Test
    void proportionalVariancesReuseTheRowGramMatrixAndStayExact() {
        Random rnd = new Random(8);
        DenseMatrix z = dense(30, 100, 1.0, rnd);
        double[][] s = system(30, 100, true, 0, rnd);
        double[] v = s[1];
        WoodburySolver solver = new WoodburySolver();
        double[] theta = new double[101];
        assertTrue(solver.solve(z, true, s[0], s[2], v, theta));
        double afterFirst = solver.dataPasses();
        // A ridge path's next λ: every penalized variance scaled alike, new curvature weights.
        double[] scaled = v.clone();
        for (int j = 0; j < 100; j++) {
            scaled[j] *= 0.37;
        }
        double[] c2 = s[0].clone();
        for (int i = 0; i < c2.length; i++) {
            c2[i] *= 0.5 + rnd.nextDouble();
        }
        assertTrue(solver.solve(z, true, c2, s[2], scaled, theta));
        assertClose(primal(z, true, c2, s[2], scaled), theta, 1e-9);
        assertEquals(2.0, solver.dataPasses() - afterFirst, 1e-12, "two passes, no new row Gram matrix");
        // Not proportional: formed again, still exact.
        double[] other = scaled.clone();
        other[3] = other[3] == 0 ? 0.5 : other[3] * 3;
        assertTrue(solver.solve(z, true, c2, s[2], other, theta));
        assertClose(primal(z, true, c2, s[2], other), theta, 1e-9);
        assertTrue(solver.dataPasses() - afterFirst > 10, "a new row Gram matrix is counted");
    }

    @Test
    void tallDesignAndPenalizedInterceptAlsoSolveExactly() {
        Random rnd = new Random(3);
        DenseMatrix z = dense(40, 8, 1.0, rnd);
        double[][] s = system(40, 8, true, 1, rnd);
        double[] v = s[1];
        v[8] = 0.7; // a penalized intercept: a column of ones with a finite prior variance
        double[] theta = new double[9];
        assertTrue(new WoodburySolver().solve(z, true, s[0], s[2], v, theta));
        assertClose(primal(z, true, s[0], s[2], v), theta, 1e-9);
    }

    @Test
    void moreFreeCoordinatesThanRowsGoToConjugateGradients() {
        Random rnd = new Random(4);
        DenseMatrix z = dense(5, 40, 1.0, rnd);
        double[] v = new double[40];
        java.util.Arrays.fill(v, Double.POSITIVE_INFINITY);
        double[] c = new double[5];
        java.util.Arrays.fill(c, 0.25);
        double[] cy = {0.25, -0.25, 0.25, 0.25, -0.25};
        double[] r = new double[40];
        z.transposeMultiply(cy, r); // in the range of ZᵀCZ: the singular system has solutions
        WoodburySolver solver = new WoodburySolver();
        double[] theta = new double[40];
        assertTrue(solver.solve(z, false, c, r, v, theta));
        assertTrue(solver.isIterative(), "an unpenalized p > n system is handed to CG");
        assertEquals(null, solver.heldWeights(z, false), "no factorization is held for chord steps");
        double[] eta = new double[5];
        z.multiply(theta, 0.0, eta);
        for (int i = 0; i < 5; i++) {
            eta[i] *= c[i];
        }
        double[] back = new double[40];
        z.transposeMultiply(eta, back);
        double residual = 0;
        double norm = 0;
        for (int j = 0; j < 40; j++) {
            residual += (back[j] - r[j]) * (back[j] - r[j]);
            norm += r[j] * r[j];
        }
        assertTrue(Math.sqrt(residual) <= 1e-3 * Math.sqrt(norm), "normal equations solved to CG's tolerance");
    }

    @Test
    void rowGramIsXDiagVXTransposeForEveryLayout() {
        Random rnd = new Random(5);
        DenseMatrix x = dense(12, 30, 0.3, rnd);
        double[] v = new double[30];
        for (int j = 0; j < 30; j++) {
            v[j] = j % 4 == 0 ? 0.0 : rnd.nextDouble();
        }
        double[] w = new double[12];
        java.util.Arrays.fill(w, 1.0);
        CsrMatrix sparse = CsrMatrix.fromDense(x);
        for (DesignMatrix z : new DesignMatrix[] {x, sparse, Standardization.of(sparse, w, true, true).apply(sparse)}) {
            double[] k = new double[144];
            z.rowGram(v, k);
            for (int i = 0; i < 12; i++) {
                for (int l = 0; l < 12; l++) {
                    double expected = 0;
                    for (int j = 0; j < 30; j++) {
                        expected += z.get(i, j) * v[j] * z.get(l, j);
                    }
                    assertEquals(expected, k[i * 12 + l], 1e-12 * (1 + Math.abs(expected)), z.getClass() + " " + i + "," + l);
                }
            }
        }
    }

    @Test
    void autoPicksTheDualFormOnlyForWideDenseData() {
        Random rnd = new Random(6);
        assertEquals(SolverChoice.WOODBURY, SolverChoice.AUTO.resolve(dense(100, 1000, 1.0, rnd)));
        assertEquals(SolverChoice.CHOLESKY, SolverChoice.AUTO.resolve(dense(100, 400, 1.0, rnd)));
        assertEquals(SolverChoice.CHOLESKY, SolverChoice.AUTO.resolve(dense(600, 1000, 1.0, rnd)));
        assertEquals(SolverChoice.CG, SolverChoice.AUTO.resolve(CsrMatrix.fromDense(dense(100, 1000, 0.01, rnd))));
        assertEquals("woodbury", SolverChoice.fromCli("woodbury").create(dense(3, 3, 1.0, rnd)).name());
    }

    @Test
    void wideFitsEqualTheCholeskyFits() {
        Random rnd = new Random(7);
        int n = 50;
        int p = 300;
        DenseMatrix x = dense(n, p, 1.0, rnd);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = x.get(i, 0) - 0.7 * x.get(i, 1) + 0.5 * x.get(i, 2) + 0.3 * rnd.nextGaussian();
            y[i] = eta > 0.4 ? 1 : 0;
        }
        TrainingData data = new TrainingData(x, y, 2, null);
        Penalty[] penalties = {Penalty.ridge(), Penalty.elasticNet(0.5), Penalty.lasso()};
        double[] lambdas = {0.05, 0.03, 0.03};
        for (int k = 0; k < penalties.length; k++) {
            for (boolean screening : new boolean[] {true, false}) {
                FitOptions options = FitOptions.defaults().withPenalty(penalties[k]).withLambda(lambdas[k])
                        .withScreening(screening);
                FitResult primal = SmEm.fit(data, options.withSolver(SolverChoice.CHOLESKY));
                FitResult dual = SmEm.fit(data, options.withSolver(SolverChoice.WOODBURY));
                String what = penalties[k] + " screening " + screening;
                assertTrue(primal.converged() && dual.converged(), what);
                assertEquals(primal.objective(), dual.objective(), 1e-10 * Math.abs(primal.objective()), what);
                assertClose(primal.coefficients()[0], dual.coefficients()[0], 1e-5);
                assertEquals(primal.nonZeros(), dual.nonZeros(), what);
                if (!screening) {
                    assertEquals("woodbury", dual.solver(), what);
                }
            }
        }
    }
}
