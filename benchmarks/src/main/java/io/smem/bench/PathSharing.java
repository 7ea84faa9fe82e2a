package io.smem.bench;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What sharing across λ buys: a 40-point path fitted the engine's way (standardized design, null model and λ_max
 * computed once, each λ started from the path predictor, chord steps on the neighbour's held matrix, zeros carried
 * over) against the same engine solving every λ
 * from scratch (preparing the data and starting from the null model each time). Same tolerance, same grid; the
 * objectives must agree to 1e-8. Writes {@code docs/results/path-sharing.md}.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.PathSharing}.
 */
public final class PathSharing {

    private static final int REPEATS = 5;

    private PathSharing() {
    }

    public static void main(String[] args) throws Exception {
        List<String> files = args.length > 0 ? List.of(args) : List.of("datasets/spambase.csv",
                "datasets/breast-cancer.csv", "datasets/sonar.csv", "datasets/wine.csv");
        StringBuilder md = new StringBuilder("| data | penalty | path ms (shared) | from scratch ms | ratio | "
                + "path passes | scratch passes | pass ratio | max rel. objective gap |\n| --- | --- | --- | --- | --- "
                + "| --- | --- | --- | --- |\n");
        for (String file : files) {
            LabeledData table = DataReader.read(Path.of(file), null, null);
            ClassLabels labels = ClassLabels.of(table.labels());
            TrainingData data = new TrainingData(table.x(), labels.indices(), labels.classes().size(), null);
            for (Penalty pen : new Penalty[] {Penalty.lasso(), Penalty.elasticNet(0.5), Penalty.ridge()}) {
                FitOptions base = FitOptions.defaults().withPenalty(pen);
                SmEm.Prepared prepared = SmEm.prepare(data, base);
                double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
                // warm-up
                for (int i = 0; i < 2; i++) {
                    RegularizationPath.fits(SmEm.prepare(data, base), base, grid, null);
                }
                double[] pathMs = new double[REPEATS];
                double[] scratchMs = new double[REPEATS];
                List<FitResult> path = null;
                List<FitResult> scratch = new ArrayList<>();
                for (int rep = 0; rep < REPEATS; rep++) {
                    long t0 = System.nanoTime();
                    path = RegularizationPath.fits(SmEm.prepare(data, base), base, grid, null);
                    pathMs[rep] = (System.nanoTime() - t0) / 1e6;
                    scratch.clear();
                    t0 = System.nanoTime();
                    for (double lambda : grid) {
                        scratch.add(SmEm.fit(data, base.withLambda(lambda)));
                    }
                    scratchMs[rep] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(pathMs);
                Arrays.sort(scratchMs);
                double gap = 0;
                double pathPasses = 0;
                double scratchPasses = 0;
                for (int l = 0; l < grid.length; l++) {
                    double a = path.get(l).objective();
                    double b = scratch.get(l).objective();
                    gap = Math.max(gap, Math.abs(a - b) / Math.abs(b));
                    pathPasses += path.get(l).dataPasses();
                    scratchPasses += scratch.get(l).dataPasses();
                }
                double pm = pathMs[REPEATS / 2];
                double sm = scratchMs[REPEATS / 2];
                String row = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1fx | %.0f | %.0f | %.1fx | %.1e |",
                        Path.of(file).getFileName(), pen.name(), pm, sm, sm / pm, pathPasses, scratchPasses,
                        scratchPasses / pathPasses, gap);
                System.out.println(row);
                md.append(row).append('\n');
            }
        }
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("path-sharing.md"), md.toString());
        System.out.println("wrote " + dir.resolve("path-sharing.md"));
    }
}
