package io.smem.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.solve.Cholesky;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Anderson acceleration of chord steps on a quadratic: the chord map θ ↦ θ − M⁻¹(Hθ − b) with a stale matrix M (the
 * curvature of some coordinates has since dropped, as the logistic weights do along a path) contracts slowly; the
 * accelerated iteration must reach the solution far sooner.
 */
class ChordAccelerationTest {

    private static final int M = 20;

    @Test
    void acceleratedChordStepsConvergeFarFasterThanPlainOnes() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[2 * M * M];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        // H = XᵀX/(2M) + 0.1 I; M_held = H with the first half of the coordinates' curvature doubled.
        double[] h = new double[M * M];
        for (int a = 0; a < M; a++) {
            for (int b = 0; b < M; b++) {
                double s = 0;
                for (int i = 0; i < 2 * M; i++) {
                    s += x[i * M + a] * x[i * M + b];
                }
                h[a * M + b] = s / (2 * M) + (a == b ? 0.1 : 0.0);
            }
        }
        double[] held = h.clone();
        for (int a = 0; a < M / 2; a++) {
            held[a * M + a] *= 3;
        }
        Cholesky.factorLowerInPlace(held, M);
        double[] b = new double[M];
        for (int j = 0; j < M; j++) {
            b[j] = rng.nextGaussian();
        }
        double[] solution = b.clone();
        double[] hf = h.clone();
        Cholesky.factorLowerInPlace(hf, M);
        Cholesky.solveInPlace(hf, M, solution);

        double plainError = run(h, held, b, solution, null, 12);
        double acceleratedError = run(h, held, b, solution, new ChordAcceleration(M, 5), 12);
        assertTrue(plainError > 1e-4, "the plain chord iteration should still be far off: " + plainError);
        assertTrue(acceleratedError < 1e-3 * plainError,
                "accelerated " + acceleratedError + " vs plain " + plainError);
    }

    @Test
    void withoutHistoryTheChordPointIsReturnedUnchanged() {
        ChordAcceleration acc = new ChordAcceleration(3, 5);
        double[] theta = {1, 2, 3};
        double[] plain = {0.5, 1.5, 2.5};
        double[] out = new double[3];
        assertFalse(acc.extrapolate(theta, plain, out));
        assertArrayEquals(plain, out);
        assertTrue(acc.extrapolate(plain, new double[] {0.4, 1.2, 2.4}, out));
        acc.reset();
        assertFalse(acc.extrapolate(theta, plain, out), "a reset forgets the history");
        assertArrayEquals(plain, out);
    }

    /** Runs {@code steps} chord steps from 0; returns the final distance to the solution. */
    private static double run(double[] h, double[] heldFactor, double[] b, double[] solution, ChordAcceleration acc,
                              int steps) {
        double[] theta = new double[M];
        double[] plain = new double[M];
        double[] next = new double[M];
        for (int s = 0; s < steps; s++) {
            double[] grad = new double[M];
            for (int a = 0; a < M; a++) {
                double g = -b[a];
                for (int c = 0; c < M; c++) {
                    g += h[a * M + c] * theta[c];
                }
                grad[a] = g;
            }
            Cholesky.solveInPlace(heldFactor, M, grad);
            for (int a = 0; a < M; a++) {
                plain[a] = theta[a] - grad[a];
            }
            if (acc == null) {
                System.arraycopy(plain, 0, next, 0, M);
            } else {
                acc.extrapolate(theta, plain, next);
            }
            System.arraycopy(next, 0, theta, 0, M);
        }
        double err = 0;
        for (int a = 0; a < M; a++) {
            err = Math.max(err, Math.abs(theta[a] - solution[a]));
        }
        return err;
    }
}
