package io.smem.fit;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;

/**
 * What the engine fits: a design matrix, a response per row (a class index 0..K−1 for classification, a real number
 * for regression), the number of classes K (0 for regression) and optional non-negative row weights (null: all 1).
 * The constructor validates everything, so a fit never starts on data that would give a NaN model.
 */
public record TrainingData(DesignMatrix x, double[] response, int numClasses, double[] weights) {

    public TrainingData {
        int n = x.rows();
        if (n == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (x.cols() == 0) {
            throw new IllegalArgumentException("no features");
        }
        if (response.length != n) {
            throw new IllegalArgumentException(response.length + " responses for " + n + " rows");
        }
        checkFinite(x);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(response[i])) {
                throw new IllegalArgumentException("response of row " + (i + 1) + " is " + response[i]);
            }
            if (numClasses > 0 && (response[i] < 0 || response[i] >= numClasses || response[i] != Math.rint(response[i]))) {
                throw new IllegalArgumentException("row " + (i + 1) + ": class index " + response[i]
                        + " is not in 0.." + (numClasses - 1));
            }
        }
        if (numClasses < 0 || numClasses == 1) {
            throw new IllegalArgumentException("a classification problem needs at least 2 classes, got " + numClasses);
        }
        if (weights != null) {
            if (weights.length != n) {
                throw new IllegalArgumentException(weights.length + " weights for " + n + " rows");
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw new IllegalArgumentException("weight of row " + (i + 1) + " is " + weights[i]
                            + "; weights must be finite and >= 0");
                }
                total += weights[i];
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("all weights are zero");
            }
        }
        if (numClasses >= 2) {
            boolean[] seen = new boolean[numClasses];
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                int k = (int) response[i];
                if ((weights == null || weights[i] > 0) && !seen[k]) {
                    seen[k] = true;
                    distinct++;
                }
            }
            if (distinct < 2) {
                throw new IllegalArgumentException("only one class is present in the training data; "
                        + "a classifier needs at least two");
            }
        }
    }

    public int rows() {
        return x.rows();
    }

    public boolean isClassification() {
        return numClasses >= 2;
    }

    /** The weight of row i (1 if unweighted). */
    public double weight(int i) {
        return weights == null ? 1.0 : weights[i];
    }

    private static void checkFinite(DesignMatrix x) {
        double[] values;
        if (x instanceof DenseMatrix d) {
            values = d.values();
        } else if (x instanceof CsrMatrix s) {
            values = s.values();
        } else {
            return;
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                int row = x instanceof DenseMatrix ? k / x.cols() : rowOf((CsrMatrix) x, k);
                throw new IllegalArgumentException("feature value " + values[k] + " in row " + (row + 1)
                        + "; NaN and infinite values are not allowed");
            }
        }
    }

    private static int rowOf(CsrMatrix s, int k) {
        int[] start = s.rowStart();
        int lo = 0;
        int hi = s.rows();
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (start[mid] <= k) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
