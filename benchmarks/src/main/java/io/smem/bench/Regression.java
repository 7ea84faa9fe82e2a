package io.smem.bench;

import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import io.smem.fit.TrainingData;

/**
 * A regression problem made from a classification data set's features: one column (log-transformed if asked) as the
 * response, the others as the design. The benchmarks' squared-loss problems (wine's alcohol, spambase's average
 * capital run length).
 */
public record Regression(double[][] x, double[] y) {

    /** Column {@code target} of {@code table}'s features as the response, the other columns as the design. */
    public static Regression fromColumn(LabeledData table, int target, boolean log) {
        DesignMatrix x = table.x();
        int n = x.rows();
        int p = x.cols();
        double[][] rows = new double[n][p - 1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double v = x.get(i, target);
            y[i] = log ? Math.log(v) : v;
            for (int j = 0, k = 0; j < p; j++) {
                if (j != target) {
                    rows[i][k++] = x.get(i, j);
                }
            }
        }
        return new Regression(rows, y);
    }

    public TrainingData data() {
        return new TrainingData(DenseMatrix.of(x), y, 0, null);
    }
}
