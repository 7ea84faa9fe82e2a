package io.smem.tribuo;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.fit.TrainingData;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Synthetic classification data kept both as raw arrays (for fitting the engine directly) and as a Tribuo dataset.
 * Features are named x00, x01, … (so Tribuo's sorted feature IDs equal the column indices); an entry that is exactly
 * zero is left out of the Tribuo example, which makes {@code sparse} data reach the trainer as sparse examples.
 */
final class TestData {

    final double[][] x;
    final String[] labels;
    final double[] weights;
    final List<String> classes; // sorted: engine class order
    final MutableDataset<Label> dataset;

    private TestData(double[][] x, String[] labels, double[] weights, List<String> classes) {
        this.x = x;
        this.labels = labels;
        this.weights = weights;
        this.classes = classes;
        LabelFactory factory = new LabelFactory();
        this.dataset = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", OffsetDateTime.now(), factory),
                factory);
        for (int i = 0; i < x.length; i++) {
            dataset.add(example(i));
        }
    }

    ArrayExample<Label> example(int i) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int j = 0; j < x[i].length; j++) {
            if (x[i][j] != 0) {
                names.add(name(j));
                values.add(x[i][j]);
            }
        }
        ArrayExample<Label> e = new ArrayExample<>(new Label(labels[i]), names.toArray(new String[0]),
                values.stream().mapToDouble(Double::doubleValue).toArray());
        if (weights != null) {
            e.setWeight((float) weights[i]);
        }
        return e;
    }

    static String name(int j) {
        return String.format("x%02d", j);
    }

    /**
     * n rows, p features, the given class names; class c has a mean shifted along a few coordinates, with enough
     * overlap that the classes are not separable. {@code sparsity}: the probability that an entry is zero.
     */
    static TestData gaussian(int n, int p, String[] classNames, double sparsity, boolean weighted, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][p];
        String[] y = new String[n];
        double[] w = weighted ? new double[n] : null;
        int k = classNames.length;
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y[i] = classNames[c];
            for (int j = 0; j < p; j++) {
                if (rng.nextDouble() < sparsity) {
                    continue;
                }
                double shift = (j % k == c) ? 1.0 : 0.0;
                x[i][j] = shift + rng.nextGaussian() * (1 + j % 3);
            }
            if (Arrays.stream(x[i]).allMatch(v -> v == 0)) {
                x[i][i % p] = 1.0; // Tribuo rejects examples without features
            }
            if (weighted) {
                w[i] = 0.5 + 2 * rng.nextDouble(); // float-representable below
                w[i] = (float) w[i];
            }
        }
        String[] sorted = classNames.clone();
        Arrays.sort(sorted);
        return new TestData(x, y, w, List.of(sorted));
    }

    /**
     * The same data as the engine's TrainingData, built directly from the arrays (sorted class indices): CSR when
     * some entry is zero (as the adapter then does, so the engine runs the same arithmetic), dense otherwise.
     */
    TrainingData engineData() {
        boolean sparse = Arrays.stream(x).flatMapToDouble(Arrays::stream).anyMatch(v -> v == 0);
        TrainingData dense = denseEngineData();
        return sparse ? new TrainingData(CsrMatrix.fromDense(dense.x()), dense.response(), dense.numClasses(),
                dense.weights()) : dense;
    }

    /** As {@link #engineData()}, always with a dense design. */
    TrainingData denseEngineData() {
        int n = x.length;
        int p = x[0].length;
        double[] flat = new double[n * p];
        double[] response = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, i * p, p);
            response[i] = classes.indexOf(labels[i]);
        }
        return new TrainingData(new DenseMatrix(n, p, flat), response, classes.size(), weights);
    }
}
