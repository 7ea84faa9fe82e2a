package io.smem.fit;

import io.smem.data.DenseMatrix;
import io.smem.reference.References;

/** Small problems shared by the engine tests: deliberately uncentred, unevenly scaled features. */
final class TestData {

    final double[][] x;
    final double[] y01;
    final double[] yReal;
    final int[] classes3;

    private TestData(double[][] x, double[] y01, double[] yReal, int[] classes3) {
        this.x = x;
        this.y01 = y01;
        this.yReal = yReal;
        this.classes3 = classes3;
    }

    /** n × p Gaussian design, column j scaled by (j + 1) and shifted by 2 − j; labels from a sparse true model. */
    static TestData make(int n, int p, long seed) {
        double[][] x = References.gaussianDesign(n, p, seed);
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                row[j] = row[j] * (j + 1) + (2 - j);
            }
        }
        double[] beta = new double[p];
        beta[0] = 1.0;
        if (p > 1) {
            beta[1] = -0.4;
        }
        if (p > 4) {
            beta[4] = 0.25;
        }
        double[] y01 = References.logisticLabels(x, beta, 0.3, seed + 1);
        double[] yReal = new double[n];
        java.util.Random r = new java.util.Random(seed + 2);
        for (int i = 0; i < n; i++) {
            double s = 0.5;
            for (int j = 0; j < p; j++) {
                s += beta[j] * x[i][j];
            }
            yReal[i] = s + r.nextGaussian();
        }
        double[][] b3 = new double[3][p];
        b3[0][0] = 1.0;
        b3[1][1] = 0.6;
        if (p > 2) {
            b3[2][2] = -0.3;
        }
        int[] c3 = References.multinomialLabels(x, b3, new double[] {0.2, 0, -0.2}, seed + 3);
        return new TestData(x, y01, yReal, c3);
    }

    DenseMatrix dense() {
        return DenseMatrix.of(x);
    }

    TrainingData binary(double[] w) {
        return new TrainingData(dense(), y01.clone(), 2, w);
    }

    TrainingData regression(double[] w) {
        return new TrainingData(dense(), yReal.clone(), 0, w);
    }

    TrainingData multinomial(double[] w) {
        double[] y = new double[classes3.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes3[i];
        }
        return new TrainingData(dense(), y, 3, w);
    }

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        return w;
    }

    /** Positive non-uniform weights. */
    static double[] varied(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.2 + 1.8 * r.nextDouble();
        }
        return w;
    }
}
