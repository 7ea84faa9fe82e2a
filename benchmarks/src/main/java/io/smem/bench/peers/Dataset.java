package io.smem.bench.peers;

import io.smem.data.ClassLabels;
import io.smem.data.DenseMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.TrainingData;
import java.nio.file.Path;

/**
 * A binary data set as every solver of the benchmark sees it: raw features (no standardization), labels 0/1 with
 * class index 1 (the second class in glmnet's order) scored positive, exactly as the engine does.
 *
 * @param name  file name without extension
 * @param x     n × p features, row-major copies ({@code x[i]} is row i)
 * @param y     labels in {0, 1}
 * @param data  the engine's view (the same numbers)
 * @param aug   the engine's view with a trailing column of ones (for problems whose bias is penalized)
 */
record Dataset(String name, double[][] x, double[] y, TrainingData data, TrainingData aug) {

    int n() {
        return x.length;
    }

    int p() {
        return x[0].length;
    }

    static Dataset read(Path file) throws Exception {
        LabeledData table = DataReader.read(file, null, null);
        ClassLabels labels = ClassLabels.of(table.labels());
        if (labels.classes().size() != 2) {
            throw new IllegalArgumentException(file + ": " + labels.classes().size() + " classes, need 2");
        }
        int n = table.x().rows();
        int p = table.x().cols();
        double[][] x = new double[n][p];
        double[] aug = new double[n * (p + 1)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] = table.x().get(i, j);
                aug[i * (p + 1) + j] = x[i][j];
            }
            aug[i * (p + 1) + p] = 1.0;
        }
        double[] y = labels.indices().clone();
        String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new Dataset(name, x, y, new TrainingData(table.x(), y, 2, null),
                new TrainingData(new DenseMatrix(n, p + 1, aug), y, 2, null));
    }
}
