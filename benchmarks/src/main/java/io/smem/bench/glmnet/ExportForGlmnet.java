package io.smem.bench.glmnet;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes what run-glmnet.R needs so that glmnet solves exactly the engine's problems: for each data set the engine's
 * class index of every row with the stratified seeded fold the engine's cross-validation gives it
 * ({@code benchmarks/glmnet/folds-DATA.csv}: row, label, y, fold, folds 1-based as glmnet's {@code foldid}), and
 * the engine's default λ grids of 40 and 100 points ({@code benchmarks/glmnet/grid-DATA.csv}: count, k, lambda,
 * written with Java's shortest round-trip decimal so that R reads the same doubles).
 */
final class ExportForGlmnet {

    static final Path DIR = Path.of("benchmarks", "glmnet");

    private ExportForGlmnet() {
    }

    static void run(List<String> names) throws Exception {
        Files.createDirectories(DIR);
        for (String name : names) {
            GlmnetProblem problem = GlmnetProblem.load(name);
            int[] fold = problem.folds();
            Path folds = DIR.resolve("folds-" + name + ".csv");
            try (Writer w = Files.newBufferedWriter(folds);
                 CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                out.printRecord("row", "label", "y", "fold");
                double[] y = problem.data.response();
                for (int i = 0; i < problem.rows(); i++) {
                    out.printRecord(i + 1, problem.labels[i], (int) y[i], fold[i] + 1);
                }
            }
            Path grid = DIR.resolve("grid-" + name + ".csv");
            try (Writer w = Files.newBufferedWriter(grid);
                 CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                out.printRecord("count", "k", "lambda");
                for (int count : GlmnetProblem.GRID_SIZES) {
                    double[] g = problem.engineGrid(count);
                    for (int k = 0; k < g.length; k++) {
                        out.printRecord(count, k + 1, Double.toString(g[k]));
                    }
                }
            }
            System.out.printf("%s: %d x %d, positive class '%s' (y = 1), %d folds (seed %d) -> %s, %s%n", name,
                    problem.rows(), problem.cols(), problem.classes.get(1), GlmnetProblem.FOLDS,
                    GlmnetProblem.SEED, folds, grid);
        }
    }
}
