package io.smem.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.DesignMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.TrainingData;
import io.smem.penalty.Penalty;
import org.junit.jupiter.api.Test;

/**
 * Multinomial lasso fits along a whole path, checked against the optimality conditions computed here from the raw
 * data and the returned coefficients alone (no engine code): glmnet's objective (1/n) Σ [log Σ_k e^{η_k} − η_y] +
 * λ Σ_k Σ_j s_j |β_kj| with s_j the population SD. On the standardized scale (columns (x_j − μ_j)/s_j, which is
 * where the certificate's 1e-7 applies; uncentred columns would amplify the intercept's own 1e-7 by μ_j/s_j), the
 * gradient g_kj must equal −λ sign β_kj where β_kj ≠ 0 and lie in [−λ, λ] where β_kj = 0, and each class's
 * intercept gradient must vanish. The path's fits use Hessians over the columns some class can move and chord steps
 * on Hessians held across λ, so early points (few movable columns) and late ones (all of them) are both covered.
 */
class MultinomialKktTest {

    /** The certificate's tolerance (1e-7) with room for this test's own rounding. */
    private static final double TOL = 2e-7;

    @Test
    void everyPointOfAWineLassoPathSatisfiesTheKktConditions() {
        TrainingData data = PathData.classification("wine.csv", null);
        FitOptions base = PathData.logistic(Penalty.lasso());
        PathResult path = RegularizationPath.fit(data, base, PathData.noCv(40), null);
        DesignMatrix x = data.x();
        int n = x.rows();
        int p = x.cols();
        double[] center = new double[p];
        double[] sd = new double[p];
        for (int j = 0; j < p; j++) {
            for (int i = 0; i < n; i++) {
                center[j] += x.get(i, j) / n;
            }
            double ss = 0;
            for (int i = 0; i < n; i++) {
                ss += (x.get(i, j) - center[j]) * (x.get(i, j) - center[j]);
            }
            sd[j] = Math.sqrt(ss / n);
        }
        int sparse = 0;
        for (PathPoint pt : path.points()) {
            FitResult fit = pt.fit();
            double lambda = pt.lambda();
            assertTrue(fit.converged(), "λ=" + lambda + ": " + fit.message());
            double[][] beta = fit.coefficients();
            double[] b0 = fit.intercepts();
            int k = beta.length;
            assertEquals(3, k);
            double[][] grad = new double[k][p + 1];
            for (int i = 0; i < n; i++) {
                double[] eta = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    eta[c] = b0[c];
                    for (int j = 0; j < p; j++) {
                        eta[c] += beta[c][j] * x.get(i, j);
                    }
                    max = Math.max(max, eta[c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(eta[c] - max);
                }
                for (int c = 0; c < k; c++) {
                    double r = Math.exp(eta[c] - max) / sum - (data.response()[i] == c ? 1.0 : 0.0);
                    for (int j = 0; j < p; j++) {
                        grad[c][j] += r * (x.get(i, j) - center[j]) / sd[j] / n;
                    }
                    grad[c][p] += r / n;
                }
            }
            int zeros = 0;
            for (int c = 0; c < k; c++) {
                assertEquals(0.0, grad[c][p], TOL, "intercept gradient, class " + c + ", λ=" + lambda);
                for (int j = 0; j < p; j++) {
                    if (beta[c][j] != 0) {
                        assertEquals(-lambda * Math.signum(beta[c][j]), grad[c][j], TOL,
                                "non-zero β[" + c + "][" + j + "] at λ=" + lambda);
                    } else {
                        zeros++;
                        assertTrue(Math.abs(grad[c][j]) <= lambda + TOL,
                                "zero β[" + c + "][" + j + "] violates |g| ≤ λ at λ=" + lambda + ": " + grad[c][j]);
                    }
                }
            }
            if (zeros > 0 && zeros < k * p) {
                sparse++;
            }
        }
        assertTrue(sparse >= 20, "most of the path must be sparse but not empty: " + sparse);
    }
}
