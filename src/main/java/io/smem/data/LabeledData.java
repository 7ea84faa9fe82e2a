package io.smem.data;

import java.util.List;

/**
 * A table as read from a file: the design matrix, the feature names in column order, the raw label text of every
 * row, and optional row weights (null means every weight is 1). Labels stay text here; the caller decides whether
 * they are classes or numbers.
 */
public record LabeledData(DesignMatrix x, List<String> featureNames, String[] labels, double[] weights) {

    public LabeledData {
        if (featureNames.size() != x.cols()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + x.cols() + " columns");
        }
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
        }
        if (weights != null && weights.length != x.rows()) {
            throw new IllegalArgumentException(weights.length + " weights for " + x.rows() + " rows");
        }
        featureNames = List.copyOf(featureNames);
    }
}
