package io.smem.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.Standardization;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * M-steps whose cost follows the support: the Gram matrix of a subset of the columns for every storage, the Cholesky
 * solver's factorization over the free coordinates only (pinned coordinates exactly zero, the free ones as if the
 * pinned columns were not there), and {@link SupportSolver}'s switch to CG for large supports.
 */
class SupportSolverTest {

    /** n × p sparse design (about a fifth of the entries stored), values in [0.5, 2), uncentred. */
    private static CsrMatrix sparse(int n, int p, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = r.nextDouble() < 0.2 ? 0.5 + 1.5 * r.nextDouble() : 0.0;
            }
        }
        return CsrMatrix.fromDense(DenseMatrix.of(x));
    }

    private static double[] weights(int n, long seed) {
        Random r = new Random(seed);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = 0.05 + r.nextDouble() / n;
        }
        return c;
    }

    @Test
    void gramOfAColumnSubsetIsTheBlockOfTheFullGramForEveryStorage() {
        CsrMatrix csr = sparse(1300, 9, 3); // more rows than one chunk: the lanes merge
        DenseMatrix dense = DenseMatrix.of(toArray(csr));
        DesignMatrix view = Standardization.of(csr, null, true, true).apply(csr);
        double[] c = weights(csr.rows(), 4);
        int[] columns = {1, 2, 5, 8};
        for (DesignMatrix z : List.of(csr, dense, view)) {
            double[] full = new double[81];
            z.weightedGram(c, full);
            double[] block = new double[16];
            z.weightedGram(c, columns, columns.length, block);
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    double expected = full[columns[a] * 9 + columns[b]];
                    assertEquals(expected, block[a * 4 + b], 1e-12 * Math.max(1, Math.abs(expected)),
                            z.getClass().getSimpleName() + " entry " + a + "," + b);
                }
            }
        }
    }

    @Test
    void pinnedCoordinatesAreZeroAndTheRestSolvesTheReducedSystem() {
        int n = 200;
        int p = 40;
        CsrMatrix z = sparse(n, p, 7);
        double[] c = weights(n, 8);
        Random r = new Random(9);
        double[] rhs = new double[p + 1];
        double[] v = new double[p + 1];
        int[] free = new int[p];
        int k = 0;
        for (int j = 0; j < p; j++) {
            rhs[j] = r.nextGaussian();
            // A quarter free: the Gram matrix and the factor cover those columns only.
            v[j] = j % 4 == 1 ? 0.5 + r.nextDouble() : 0.0;
            if (v[j] != 0) {
                free[k++] = j;
            }
        }
        rhs[p] = r.nextGaussian();
        v[p] = Double.POSITIVE_INFINITY;
        double[] theta = new double[p + 1];
        Arrays.fill(theta, 3.0);
        CholeskySolver solver = new CholeskySolver();
        assertTrue(solver.solve(z, true, c, rhs, v, theta));

        // The same system written out on the free columns alone.
        int[] columns = Arrays.copyOf(free, k);
        DesignMatrix sub = z.selectColumns(columns);
        double[] subRhs = new double[k + 1];
        double[] subV = new double[k + 1];
        for (int a = 0; a < k; a++) {
            subRhs[a] = rhs[columns[a]];
            subV[a] = v[columns[a]];
        }
        subRhs[k] = rhs[p];
        subV[k] = Double.POSITIVE_INFINITY;
        double[] expected = new double[k + 1];
        assertTrue(new CholeskySolver().solve(sub, true, c, subRhs, subV, expected));

        for (int j = 0; j < p; j++) {
            if (v[j] == 0) {
                assertEquals(0.0, theta[j], "pinned coordinate " + j);
            }
        }
        for (int a = 0; a < k; a++) {
            assertEquals(expected[a], theta[columns[a]], 1e-12 * Math.max(1, Math.abs(expected[a])), "free " + a);
        }
        assertEquals(expected[k], theta[p], 1e-12 * Math.max(1, Math.abs(expected[k])), "intercept");

        // The held Gram matrix covers only the free columns: a solve with a larger support forms a new one (and
        // still solves exactly), one with a smaller support reuses it.
        assertTrue(solver.heldWeights(z, true) != null);
        double[] smaller = v.clone();
        smaller[free[0]] = 0.0;
        double[] again = new double[p + 1];
        assertTrue(solver.solveHeld(rhs, smaller, again));
        assertEquals(0.0, again[free[0]]);
        double[] larger = v.clone();
        larger[0] = 1.0;
        assertFalse(solver.solveHeld(rhs, larger, again), "the held matrix does not cover column 0");
        double[] wide = new double[p + 1];
        assertTrue(solver.solve(z, true, c, rhs, larger, wide));
        assertTrue(wide[0] != 0.0);
    }

    @Test
    void aPathSolverHoldsTheWholeGramMatrixAndItsDiagonalIsTheCoordinateCurvature() {
        int n = 300;
        int p = 24;
        CsrMatrix csr = sparse(n, p, 21);
        DesignMatrix z = Standardization.of(csr, null, true, true).apply(csr);
        double[] c = weights(n, 22);
        Random r = new Random(23);
        double[] rhs = new double[p + 1];
        for (int j = 0; j <= p; j++) {
            rhs[j] = r.nextGaussian();
        }
        // A small support: a quarter of the columns free.
        double[] v = new double[p + 1];
        for (int j = 0; j < p; j += 4) {
            v[j] = 1.0;
        }
        v[p] = Double.POSITIVE_INFINITY;
        double[] larger = v.clone();
        larger[1] = 1.0;
        larger[2] = 1.0;
        double[] expected = new double[p + 1];
        assertTrue(new CholeskySolver().solve(z, true, c, rhs, larger, expected));

        CholeskySolver support = new CholeskySolver();
        CholeskySolver whole = new CholeskySolver().wholeGrams();
        double[] theta = new double[p + 1];
        assertTrue(support.solve(z, true, c, rhs, v, theta));
        assertTrue(whole.solve(z, true, c, rhs, v, theta));
        double[] again = new double[p + 1];
        assertFalse(support.solveHeld(rhs, larger, again), "a matrix on the support does not cover columns 1, 2");
        double[] diagonal = new double[p];
        assertFalse(support.heldDiagonal(z, true, diagonal), "nor does it have every diagonal entry");

        // The whole matrix serves the larger support with the same solution, without a new Gram matrix.
        double[] passes = {whole.dataPasses()};
        assertTrue(whole.solveHeld(rhs, larger, again));
        assertEquals(passes[0], whole.dataPasses());
        for (int j = 0; j <= p; j++) {
            assertEquals(expected[j], again[j], 1e-10 * Math.max(1, Math.abs(expected[j])), "coordinate " + j);
        }
        // Its diagonal is Σ c_i z_ij², the coordinate curvature, for this design only.
        assertTrue(whole.heldDiagonal(z, true, diagonal));
        double[] squares = new double[p];
        z.weightedColumnSquares(c, squares);
        for (int j = 0; j < p; j++) {
            assertEquals(squares[j], diagonal[j], 1e-12 * Math.max(1, squares[j]), "column " + j);
        }
        assertFalse(whole.heldDiagonal(csr, true, diagonal), "another design");
        assertFalse(whole.heldDiagonal(z, false, diagonal), "without the intercept");
    }

    @Test
    void supportSolverFactorsSmallSupportsAndIteratesOnLargeOnes() {
        int n = 60;
        int p = SupportSolver.MAX_FACTORED + 20;
        CsrMatrix z = sparse(n, p, 11);
        double[] c = weights(n, 12);
        double[] rhs = new double[p + 1];
        Random r = new Random(13);
        for (int j = 0; j <= p; j++) {
            rhs[j] = r.nextGaussian();
        }
        double[] v = new double[p + 1];
        v[p] = Double.POSITIVE_INFINITY;
        for (int j = 0; j < 30; j++) {
            v[j] = 1.0;
        }
        SupportSolver solver = new SupportSolver();
        double[] theta = new double[p + 1];
        assertTrue(solver.solve(z, true, c, rhs, v, theta));
        assertEquals("cholesky", solver.name());
        assertFalse(solver.isIterative());
        double[] exact = new double[p + 1];
        assertTrue(new CholeskySolver().solve(z, true, c, rhs, v, exact));
        assertEquals(exact[5], theta[5], 1e-12 * Math.max(1, Math.abs(exact[5])));

        Arrays.fill(v, 0, p, 1.0);
        assertTrue(solver.solve(z, true, c, rhs, v, theta));
        assertEquals("cg", solver.name());
        assertTrue(solver.isIterative());
        assertTrue(solver.heldWeights(z, true) == null, "no chord step on a matrix CG does not hold");
    }

    private static double[][] toArray(DesignMatrix m) {
        double[][] x = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                x[i][j] = m.get(i, j);
            }
        }
        return x;
    }
}
