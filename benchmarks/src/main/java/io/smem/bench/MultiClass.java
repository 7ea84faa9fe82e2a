package io.smem.bench;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multi-class data (multinomial logistic): one ridge fit at λ = 1/n and the tuning-free default — a 40-λ lasso path
 * with 10-fold cross-validation — on the committed digits set and, when fetched, satellite and letter. Writes
 * {@code docs/results/multiclass.md}.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.MultiClass}. Slow (minutes per data set:
 * the multinomial path's joint Newton steps), so not part of {@link RunAll}.
 */
public final class MultiClass {

    private MultiClass() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : new String[] {"datasets/digits.csv", "datasets/fetched/satellite.csv",
                "datasets/fetched/letter.csv"}) {
            if (Files.exists(Path.of(name))) {
                files.add(Path.of(name));
            } else {
                System.out.println("skipped: " + name + " is missing (bash datasets/scripts/fetch_all.sh)");
            }
        }
        StringBuilder md = new StringBuilder("| data | n × p | classes | ridge fit at λ = 1/n: ms, iterations, KKT "
                + "| 40-λ lasso path + 10-fold CV: s | selected λ | non-zeros | CV misclassification | fits not "
                + "converged |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Path file : files) {
            LabeledData table = DataReader.read(file, null, null);
            ClassLabels labels = ClassLabels.of(table.labels());
            int k = labels.classes().size();
            TrainingData data = new TrainingData(table.x(), labels.indices(), k, null);
            int n = data.rows();
            FitOptions ridge = FitOptions.defaults().withLambda(1.0 / n);
            SmEm.fit(data, ridge); // warm-up
            long t0 = System.nanoTime();
            FitResult fit = SmEm.fit(data, ridge);
            double fitMs = (System.nanoTime() - t0) / 1e6;
            FitOptions lasso = FitOptions.defaults().withPenalty(Penalty.lasso());
            t0 = System.nanoTime();
            PathResult path = RegularizationPath.fit(data, lasso, PathOptions.defaults(), null);
            double pathS = (System.nanoTime() - t0) / 1e9;
            var chosen = path.points().get(path.selected());
            long unconverged = path.points().stream().filter(pt -> !pt.fit().converged()).count();
            String row = String.format(Locale.ROOT, "| %s | %d × %d | %d | %.0f ms, %d, %.0e | %.1f | %.3g | %d | %.3f | %d |",
                    file.getFileName(), n, table.x().cols(), k, fitMs, fit.iterations(), fit.kktResidual(), pathS,
                    chosen.lambda(), chosen.fit().nonZeros(), chosen.cvMisclassification(), unconverged);
            System.out.println(row);
            md.append(row).append('\n');
            // Written after every data set: letter's path takes minutes, and what is done so far is kept.
            Path dir = Path.of("docs", "results");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("multiclass.md"), md.toString());
        }
    }
}
