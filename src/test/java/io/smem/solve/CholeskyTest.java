package io.smem.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled factorization (two rows against four at a time, with row and column remainders) reproduces A = LLᵀ and
 * solves A x = b, for every size around the tile's edges; a matrix that is not positive definite is refused.
 */
class CholeskyTest {

    private static double[] spd(int m, long seed) {
        Random r = new Random(seed);
        int n = m + 3;
        double[] x = new double[n * m];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextGaussian();
        }
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += x[k * m + i] * x[k * m + j];
                }
                a[i * m + j] = s;
            }
        }
        return a;
    }

    @Test
    void factorReproducesTheMatrixAndSolves() {
        for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 64, 101}) {
            double[] a = spd(m, m);
            double[] l = a.clone();
            assertTrue(Cholesky.factorLowerInPlace(l, m), "m = " + m);
            double largest = 0;
            for (int i = 0; i < m; i++) {
                largest = Math.max(largest, a[i * m + i]);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k <= j; k++) {
                        s += l[i * m + k] * l[j * m + k];
                    }
                    assertEquals(a[i * m + j], s, 1e-12 * largest, "m = " + m + ", entry " + i + "," + j);
                }
            }
            double[] b = new double[m];
            for (int i = 0; i < m; i++) {
                b[i] = Math.sin(i + 1.0);
            }
            double[] x = b.clone();
            Cholesky.solveInPlace(l, m, x);
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += a[i * m + j] * x[j];
                }
                assertEquals(b[i], s, 1e-8 * largest, "m = " + m + ", row " + i);
            }
        }
    }

    @Test
    void indefiniteMatrixIsRefused() {
        for (int m : new int[] {2, 9, 40}) {
            double[] a = spd(m, 7);
            a[(m - 1) * m + (m - 1)] = -1.0;
            assertFalse(Cholesky.factorLowerInPlace(a, m), "m = " + m);
        }
    }
}
