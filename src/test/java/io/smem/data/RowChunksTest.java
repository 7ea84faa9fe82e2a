package io.smem.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The row-parallel kernels give the same sums as a plain loop (to rounding), and bit for bit the same result whatever
 * the number of threads.
 */
class RowChunksTest {

    private static final int N = 9000;
    private static final int P = 40;

    private static DenseMatrix dense() {
        Random r = new Random(4);
        double[] v = new double[N * P];
        for (int k = 0; k < v.length; k++) {
            v[k] = r.nextDouble() < 0.3 ? r.nextGaussian() : 0.0;
        }
        return new DenseMatrix(N, P, v);
    }

    private static double[] vector(int len, long seed) {
        Random r = new Random(seed);
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void kernelsAreSplitAndMatchAPlainLoop() {
        DenseMatrix x = dense();
        assertTrue(RowChunks.vectorLanes(N, x.storedEntries(), P) > 1, "the test problem must be split");
        double[] u = vector(N, 1);
        double[] omega = vector(N, 2);
        for (int i = 0; i < N; i++) {
            omega[i] = Math.abs(omega[i]);
        }
        double[] v = vector(P, 3);
        for (DesignMatrix m : List.of(x, CsrMatrix.fromDense(x))) {
            double[] xtU = new double[P];
            double[] squares = new double[P];
            double[] xv = new double[N];
            double[] gram = new double[P * P];
            m.transposeMultiply(u, xtU);
            m.weightedColumnSquares(omega, squares);
            m.multiply(v, 0.5, xv);
            m.weightedGram(omega, gram);
            for (int j = 0; j < P; j++) {
                double a = 0;
                double b = 0;
                for (int i = 0; i < N; i++) {
                    double xij = x.get(i, j);
                    a += u[i] * xij;
                    b += omega[i] * xij * xij;
                }
                assertEquals(a, xtU[j], 1e-10, "Xᵀu");
                assertEquals(b, squares[j], 1e-10, "column squares");
                assertEquals(b, gram[j * P + j], 1e-10, "Gram diagonal");
            }
            for (int i = 0; i < N; i += 97) {
                double s = 0.5;
                for (int j = 0; j < P; j++) {
                    s += x.get(i, j) * v[j];
                }
                assertEquals(s, xv[i], 1e-12, "Xv");
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        DenseMatrix x = dense();
        double[] u = vector(N, 5);
        for (DesignMatrix m : List.of(x, CsrMatrix.fromDense(x))) {
            Consumer<double[]> transpose = out -> m.transposeMultiply(u, out);
            Consumer<double[]> gram = out -> m.weightedGram(u, out);
            double[][] results = new double[3][];
            double[][] grams = new double[3][];
            int[] threads = {1, 2, 5};
            for (int t = 0; t < threads.length; t++) {
                ForkJoinPool pool = new ForkJoinPool(threads[t]);
                try {
                    double[] a = new double[P];
                    double[] g = new double[P * P];
                    pool.submit(() -> {
                        transpose.accept(a);
                        gram.accept(g);
                    }).get();
                    results[t] = a;
                    grams[t] = g;
                } finally {
                    pool.shutdown();
                }
            }
            assertArrayEquals(results[0], results[1]);
            assertArrayEquals(results[0], results[2]);
            // On a cross-validation worker the lanes run one after another on the calling thread: the same sums.
            double[] calling = RowChunks.onCallingThread(() -> {
                double[] a = new double[P];
                transpose.accept(a);
                return a;
            });
            assertArrayEquals(results[0], calling, "lanes on the calling thread");
            assertArrayEquals(grams[0], grams[1]);
            assertArrayEquals(grams[0], grams[2]);
        }
    }

    /**
     * The fused sweep (η = Xv + c, u = f(η), Xᵀu) equals multiply followed by transposeMultiply bit for bit, on dense,
     * CSR and standardized designs, with a row count that is not a multiple of the four-row groups and several lanes.
     */
    @Test
    void fusedSweepEqualsTheTwoPasses() throws Exception {
        int n = N - 3;
        DenseMatrix full = dense();
        DenseMatrix x = new DenseMatrix(n, P, java.util.Arrays.copyOf(full.values(), n * P));
        double[] v = vector(P, 7);
        double[] y = vector(n, 8);
        DesignMatrix.RowWeight weight = (i, e) -> i % 5 == 0 ? 0.0 : Math.tanh(e) - y[i];
        CsrMatrix csr = CsrMatrix.fromDense(x);
        List<DesignMatrix> designs = List.of(x, csr, Standardization.of(x, null, true, true).apply(x),
                Standardization.of(csr, null, true, true).apply(csr));
        for (DesignMatrix m : designs) {
            double[] eta = new double[n];
            double[] u = new double[n];
            double[] out = new double[P];
            m.multiply(v, 0.25, eta);
            for (int i = 0; i < n; i++) {
                u[i] = weight.at(i, eta[i]);
            }
            m.transposeMultiply(u, out);
            for (int threads : new int[] {1, 2, 5}) {
                double[] fusedEta = new double[n];
                double[] fusedU = new double[n];
                double[] fusedOut = new double[P];
                ForkJoinPool pool = new ForkJoinPool(threads);
                try {
                    pool.submit(() -> m.multiplyThenTranspose(v, 0.25, fusedEta, weight, fusedU, fusedOut)).get();
                } finally {
                    pool.shutdown();
                }
                String what = m.getClass().getSimpleName() + ", " + threads + " threads";
                assertArrayEquals(eta, fusedEta, what + ": η");
                assertArrayEquals(u, fusedU, what + ": u");
                assertArrayEquals(out, fusedOut, what + ": Xᵀu");
            }
            double[] callingOut = new double[P];
            RowChunks.onCallingThread(() -> {
                m.multiplyThenTranspose(v, 0.25, new double[n], weight, new double[n], callingOut);
                return null;
            });
            assertArrayEquals(out, callingOut, m.getClass().getSimpleName() + ", lanes on the calling thread: Xᵀu");
        }
    }
}
