package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.loss.LogisticLoss;
import io.smem.loss.Loss;

/**
 * The gradient of a smooth data term {@code Σ_i w_i ℓ(y_i, η_i)} with respect to each model row's coefficients (and
 * intercept, last), from the linear predictors η: one pass over the data per model row. Multinomial rows use the
 * softmax; every other smooth loss its own derivative.
 */
final class DataGradient {

    private DataGradient() {
    }

    /**
     * @param eta  blocks × n linear predictors
     * @param work n doubles of scratch
     * @param out  blocks × m, overwritten
     */
    static void compute(DesignMatrix z, Loss loss, double[] y, double[] w, boolean multinomial, boolean intercept,
                        double[][] eta, double[] work, double[][] out) {
        int n = z.rows();
        int p = z.cols();
        for (int r = 0; r < eta.length; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double d;
                if (multinomial) {
                    d = Math.exp(eta[r][i] - LogisticLoss.logSumExp(eta, i)) - (y[i] == r ? 1.0 : 0.0);
                } else {
                    d = loss.derivative(y[i], eta[0][i]);
                }
                work[i] = w[i] * d;
                sum += work[i];
            }
            z.transposeMultiply(work, out[r]);
            if (intercept) {
                out[r][p] = sum;
            }
        }
    }
}
