package io.smem.tribuo;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.fit.TrainingData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.math.la.SparseVector;
import org.tribuo.math.la.VectorTuple;

/**
 * A Tribuo data set as the SM-EM engine sees it.
 *
 * <p>Columns are Tribuo feature IDs (the {@link ImmutableFeatureMap} passed in; unknown features are skipped,
 * duplicate features summed, NaN values rejected, as Tribuo's own vectorization does). The design is a
 * {@link DenseMatrix} when every example has every feature and a {@link CsrMatrix} otherwise, so sparse data is never
 * densified here. Example weights become row weights.
 *
 * <p>Classes are mapped by <em>name</em>: engine class index k is {@link #classOrder()}{@code .get(k)}. Only labels
 * that carry training weight get an index; they are sorted like the engine's command line sorts them
 * ({@code io.smem.data.ClassLabels}): numerically when every name is a number, otherwise as text. A binary engine model
 * therefore scores {@code classOrder().get(1)} as the positive class, exactly as {@code smem fit} does on the same
 * file. Rows whose label has no training weight (so zero-weight rows of such a label) are left out.
 *
 * @param data       the engine's training data, or null when fewer than two classes carry weight
 * @param classOrder label names in engine class-index order
 * @param rows       number of rows given to the engine (or that would have been)
 * @param nonZeros   number of stored feature values
 */
record EngineData(TrainingData data, List<String> classOrder, int rows, long nonZeros) {

    /** True if the engine gets a sparse (CSR) design. */
    boolean sparse() {
        return data != null && data.x().isSparse();
    }

    static EngineData of(Iterable<Example<Label>> examples, ImmutableFeatureMap featureIDMap) {
        int p = featureIDMap.size();
        List<SparseVector> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        Map<String, Double> classWeight = new LinkedHashMap<>();
        int row = 0;
        for (Example<Label> example : examples) {
            row++;
            double w = example.getWeight();
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("example " + row + " has weight " + w
                        + "; SM-EM needs finite, non-negative example weights");
            }
            String name = example.getOutput().getLabel();
            vectors.add(SparseVector.createSparseVector(example, featureIDMap, false));
            labels.add(name);
            weights.add(w);
            classWeight.merge(name, w, Double::sum);
        }
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the dataset has no examples");
        }
        List<String> present = new ArrayList<>();
        for (Map.Entry<String, Double> e : classWeight.entrySet()) {
            if (e.getValue() > 0) {
                present.add(e.getKey());
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException("every example weight is zero");
        }
        present.sort(classComparator(present));
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < present.size(); k++) {
            index.put(present.get(k), k);
        }

        // Rows that reach the engine, and whether every one of them has every feature.
        List<Integer> kept = new ArrayList<>();
        boolean dense = true;
        long nnz = 0;
        for (int i = 0; i < vectors.size(); i++) {
            if (index.containsKey(labels.get(i))) {
                kept.add(i);
                SparseVector v = vectors.get(i);
                dense &= v.numActiveElements() == p;
                nnz += v.numActiveElements();
            }
        }
        int n = kept.size();
        List<String> order = Collections.unmodifiableList(new ArrayList<>(present));
        if (present.size() < 2 || p == 0) {
            return new EngineData(null, order, n, nnz);
        }

        double[] y = new double[n];
        double[] w = new double[n];
        boolean unitWeights = true;
        for (int r = 0; r < n; r++) {
            int i = kept.get(r);
            y[r] = index.get(labels.get(i));
            w[r] = weights.get(i);
            unitWeights &= w[r] == 1.0;
        }
        DesignMatrix x = dense ? denseMatrix(vectors, kept, p) : csrMatrix(vectors, kept, p);
        TrainingData data = new TrainingData(x, y, present.size(), unitWeights ? null : w);
        return new EngineData(data, order, n, nnz);
    }

    private static DenseMatrix denseMatrix(List<SparseVector> vectors, List<Integer> kept, int p) {
        double[] values = new double[kept.size() * p];
        for (int r = 0; r < kept.size(); r++) {
            int base = r * p;
            for (VectorTuple t : vectors.get(kept.get(r))) {
                values[base + t.index] = t.value;
            }
        }
        return new DenseMatrix(kept.size(), p, values);
    }

    private static CsrMatrix csrMatrix(List<SparseVector> vectors, List<Integer> kept, int p) {
        int n = kept.size();
        int[] start = new int[n + 1];
        for (int r = 0; r < n; r++) {
            int count = 0;
            for (VectorTuple t : vectors.get(kept.get(r))) {
                if (t.value != 0) {
                    count++;
                }
            }
            start[r + 1] = start[r] + count;
        }
        int[] cols = new int[start[n]];
        double[] values = new double[start[n]];
        int k = 0;
        for (int r = 0; r < n; r++) {
            for (VectorTuple t : vectors.get(kept.get(r))) { // indices ascending
                if (t.value != 0) {
                    cols[k] = t.index;
                    values[k++] = t.value;
                }
            }
        }
        return new CsrMatrix(n, p, start, cols, values);
    }

    /**
     * The engine command line's class order: numeric when every name parses as a number, else text order (ties
     * between numerically equal names, such as "1" and "1.0", broken by text).
     */
    static Comparator<String> classComparator(List<String> names) {
        return io.smem.data.ClassLabels.order(names);
    }
}
