package io.smem.data;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Class labels in glmnet's factor-level order: numerically sorted when every label is a number, otherwise sorted as
 * text. A binary model scores {@code classes().get(1)} as the positive class.
 */
public record ClassLabels(List<String> classes, double[] indices) {

    public static ClassLabels of(String[] labels) {
        String[] distinct = Arrays.stream(labels).distinct().toArray(String[]::new);
        Arrays.sort(distinct, order(Arrays.asList(distinct)));
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < distinct.length; k++) {
            index.put(distinct[k], k);
        }
        double[] idx = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            idx[i] = index.get(labels[i]);
        }
        return new ClassLabels(List.of(distinct), idx);
    }

    /**
     * The class order for these label names: numeric when every name is a number (ties between numerically equal
     * names such as "1" and "1.0" broken by text), text order otherwise.
     */
    public static Comparator<String> order(Collection<String> names) {
        if (names.stream().allMatch(ClassLabels::isNumber)) {
            return Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder());
        }
        return Comparator.naturalOrder();
    }

    /**
     * Parses labels as numbers for regression.
     *
     * @throws IllegalArgumentException naming the first row whose label is not a finite number
     */
    public static double[] numeric(String[] labels) {
        double[] y = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (!isNumber(labels[i])) {
                throw new IllegalArgumentException("the squared loss needs a numeric label, but row " + (i + 1)
                        + " has '" + labels[i] + "'");
            }
            y[i] = Double.parseDouble(labels[i]);
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("label of row " + (i + 1) + " is " + labels[i]);
            }
        }
        return y;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return !s.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
