package io.smem.path;

import io.smem.data.ClassLabels;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.TrainingData;
import io.smem.loss.HingeLoss;
import io.smem.loss.SquaredLoss;
import io.smem.penalty.Penalty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Bundled data sets as {@link TrainingData}, and options, for the path tests. */
final class PathData {

    private PathData() {
    }

    static Path dataset(String name) {
        for (Path dir : List.of(Path.of("..", "datasets"), Path.of("datasets"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("bundled dataset not found: " + name);
    }

    static LabeledData read(String name) {
        try {
            return DataReader.read(dataset(name), null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static TrainingData classification(String name, double[] weights) {
        LabeledData t = read(name);
        ClassLabels labels = ClassLabels.of(t.labels());
        return new TrainingData(t.x(), labels.indices(), labels.classes().size(), weights);
    }

    /** Breast cancer, 569 × 30, class 1 = malignant. */
    static TrainingData breastCancer() {
        return classification("breast-cancer.csv", null);
    }

    /** Iris, 150 × 4, three classes. */
    static TrainingData iris() {
        return classification("iris.arff", null);
    }

    /** Wine as a regression: alcohol (column 0) from the other 12 chemical measurements; 178 × 12. */
    static TrainingData wineRegression() {
        LabeledData t = read("wine.csv");
        DesignMatrix x = t.x();
        int n = x.rows();
        int p = x.cols();
        double[][] rows = new double[n][p - 1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x.get(i, 0);
            for (int j = 1; j < p; j++) {
                rows[i][j - 1] = x.get(i, j);
            }
        }
        return new TrainingData(DenseMatrix.of(rows), y, 0, null);
    }

    static FitOptions logistic(Penalty penalty) {
        return FitOptions.defaults().withPenalty(penalty);
    }

    static FitOptions squared(Penalty penalty) {
        return FitOptions.defaults().withLoss(SquaredLoss.INSTANCE).withPenalty(penalty);
    }

    static FitOptions hinge(Penalty penalty) {
        return FitOptions.defaults().withLoss(HingeLoss.INSTANCE).withPenalty(penalty);
    }

    /** No cross-validation (an information criterion), {@code count} λ, glmnet's ratio, one thread. */
    static PathOptions noCv(int count) {
        return new PathOptions(count, Double.NaN, null, SelectionRule.AIC, 2, 1L, 1);
    }

    static PathOptions cv(int count, int folds, long seed, int threads) {
        return new PathOptions(count, Double.NaN, null, SelectionRule.CV_MIN, folds, seed, threads);
    }
}
