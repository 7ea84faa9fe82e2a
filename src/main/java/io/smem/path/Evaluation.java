package io.smem.path;

import io.smem.data.DesignMatrix;
import io.smem.fit.FitResult;
import io.smem.loss.Loss;
import io.smem.loss.LogisticLoss;

/**
 * Deviance and misclassification of a fitted model on (possibly held-out) rows, computed with the original-scale
 * coefficients so that any rows can be scored. Deviance is twice the weighted mean loss: the mean binomial or
 * multinomial deviance for logistic models, the mean squared error for the squared loss, and twice the mean hinge
 * loss for the SVM.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** Scores of every model row: {@code eta[r][i]}. */
    public static double[][] scores(FitResult fit, DesignMatrix x) {
        int rows = fit.numRows();
        double[][] eta = new double[rows][x.rows()];
        double[][] coef = fit.coefficients();
        double[] b = fit.intercepts();
        for (int r = 0; r < rows; r++) {
            x.multiply(coef[r], b[r], eta[r]);
        }
        return eta;
    }

    /**
     * Twice the weighted mean loss.
     *
     * @param response class index or real response per row
     * @param weights  row weights (null: all 1)
     */
    public static double deviance(Loss loss, double[][] eta, double[] response, double[] weights) {
        double total = 0;
        double wsum = 0;
        int n = response.length;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[i];
            double l;
            if (eta.length > 1 && loss.isSmooth()) {
                l = LogisticLoss.logSumExp(eta, i) - eta[(int) response[i]][i];
            } else if (eta.length > 1) {
                // One-vs-rest hinge: the loss of each binary model summed.
                l = 0;
                for (int r = 0; r < eta.length; r++) {
                    l += loss.value(response[i] == r ? 1.0 : 0.0, eta[r][i]);
                }
            } else {
                l = loss.value(response[i], eta[0][i]);
            }
            total += w * l;
            wsum += w;
        }
        return 2 * total / wsum;
    }

    /** Weighted misclassification rate (classification only; NaN for regression). */
    public static double misclassification(int numClasses, double[][] eta, double[] response, double[] weights) {
        if (numClasses < 2) {
            return Double.NaN;
        }
        double wrong = 0;
        double wsum = 0;
        for (int i = 0; i < response.length; i++) {
            double w = weights == null ? 1.0 : weights[i];
            int predicted = predictClass(eta, i);
            if (predicted != (int) response[i]) {
                wrong += w;
            }
            wsum += w;
        }
        return wrong / wsum;
    }

    /** The predicted class: the largest score; for a binary model class 1 when η &gt; 0. */
    public static int predictClass(double[][] eta, int i) {
        if (eta.length == 1) {
            return eta[0][i] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int r = 1; r < eta.length; r++) {
            if (eta[r][i] > eta[best][i]) {
                best = r;
            }
        }
        return best;
    }

    /** Class probabilities of a logistic model for row i (softmax of the scores; σ(η) for a binary model). */
    public static double[] probabilities(double[][] eta, int i) {
        if (eta.length == 1) {
            double p1 = LogisticLoss.sigmoid(eta[0][i]);
            return new double[] {1 - p1, p1};
        }
        double lse = LogisticLoss.logSumExp(eta, i);
        double[] out = new double[eta.length];
        for (int r = 0; r < eta.length; r++) {
            out[r] = Math.exp(eta[r][i] - lse);
        }
        return out;
    }
}
