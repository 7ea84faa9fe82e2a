package io.smem.bench.glmnet;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads every data set of {@code datasets/} (and of {@code datasets/fetched/}, where fetched) with the engine's own
 * reader, exactly as the CLI does with its defaults (label: the last CSV column, the first LIBSVM token), and
 * prints rows, features, stored entries and the classes with their counts. A file that is missing or does not load
 * is reported and makes the check fail.
 */
final class DatasetCheck {

    static final List<String> COMMITTED = List.of("datasets/breast-cancer.csv", "datasets/breast-cancer.arff",
            "datasets/breast-cancer.svm", "datasets/iris.arff", "datasets/wine.csv", "datasets/digits.csv",
            "datasets/spambase.csv", "datasets/sonar.csv", "datasets/ionosphere.csv");
    static final List<String> FETCHED = List.of("datasets/fetched/letter.csv", "datasets/fetched/satellite.csv",
            "datasets/fetched/spam-assassin.svm");

    private DatasetCheck() {
    }

    static void run() {
        int failures = 0;
        List<String> files = new ArrayList<>(COMMITTED);
        files.addAll(FETCHED);
        for (String f : files) {
            Path path = Path.of(f);
            if (!Files.exists(path)) {
                String hint = f.contains("/fetched/") ? " (run: bash datasets/scripts/fetch_all.sh)" : "";
                System.out.printf("%-38s MISSING%s%n", f, hint);
                if (!f.contains("/fetched/")) {
                    failures++;
                }
                continue;
            }
            try {
                long t0 = System.nanoTime();
                LabeledData table = DataReader.read(path, null, null);
                double ms = (System.nanoTime() - t0) / 1e6;
                ClassLabels labels = ClassLabels.of(table.labels());
                int[] counts = new int[labels.classes().size()];
                for (double c : labels.indices()) {
                    counts[(int) c]++;
                }
                StringBuilder classes = new StringBuilder();
                for (int k = 0; k < counts.length; k++) {
                    classes.append(k == 0 ? "" : ", ").append(labels.classes().get(k)).append(" (").append(counts[k])
                            .append(')');
                }
                System.out.printf(Locale.ROOT, "%-38s n = %5d, p = %5d, stored = %8d (%s), %d classes: %s [%.0f ms]%n",
                        f, table.x().rows(), table.x().cols(), table.x().storedEntries(),
                        table.x().isSparse() ? "sparse" : "dense", counts.length, classes, ms);
            } catch (Exception e) {
                failures++;
                System.out.printf("%-38s FAILED: %s%n", f, e);
            }
        }
        if (failures > 0) {
            throw new IllegalStateException(failures + " data set(s) failed to load");
        }
    }
}
