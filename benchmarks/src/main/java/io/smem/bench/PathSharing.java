package io.smem.bench;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataReader;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.LogisticLoss;
import io.smem.loss.SquaredLoss;
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
 * objectives must agree to 1e-8. Timed twice: with the kernels' row-block parallelism, and with every fit on one
 * thread, as cross-validation runs each fold. DNA (p = 180, as a binary problem: a splice junction or not) and
 * SpamAssassin are added when they have been fetched. Writes
 * {@code docs/results/path-sharing.md}.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.PathSharing}.
 */
public final class PathSharing {

    private static final int REPEATS = 5;

    private PathSharing() {
    }

    public static void main(String[] args) throws Exception {
        List<String> files = new ArrayList<>(args.length > 0 ? List.of(args) : List.of("datasets/spambase.csv",
                "datasets/breast-cancer.csv", "datasets/sonar.csv", "datasets/wine.csv"));
        Path dna = Path.of("datasets", "fetched", "dna.csv");
        if (args.length == 0 && Files.exists(dna)) {
            files.add(dna.toString());
        }
        Path text = Path.of("datasets", "fetched", "spam-assassin.svm");
        if (args.length == 0 && Files.exists(text)) {
            files.add(text.toString());
        }
        StringBuilder md = new StringBuilder("| data | loss | penalty | path ms (shared) | from scratch ms | ratio | "
                + "path ms, one thread | scratch ms, one thread | ratio, one thread | path passes | scratch passes | "
                + "pass ratio | max rel. objective gap |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- "
                + "| --- | --- | --- |\n");
        for (String file : files) {
            LabeledData table = DataReader.read(Path.of(file), null, null);
            boolean splice = Path.of(file).getFileName().toString().equals("dna.csv");
            if (splice) {
                // A binary question on p = 180: a splice junction (ei or ie) against none (n).
                String[] junction = Arrays.stream(table.labels()).map(c -> c.equals("n") ? "none" : "junction")
                        .toArray(String[]::new);
                table = new LabeledData(table.x(), table.featureNames(), junction, table.weights());
            }
            ClassLabels labels = ClassLabels.of(table.labels());
            TrainingData classes = new TrainingData(table.x(), labels.indices(), labels.classes().size(), null);
            // Large data (SpamAssassin's 836,501 non-zeros): one warm-up and one timed run (a from-scratch path takes
            // 5-10 s), ridge and lasso only. DNA (573,480 entries, from scratch ~2 s) gets the full treatment: a
            // single timed run of it moved by 30 % between runs.
            boolean large = table.x().storedEntries() > 800_000;
            int repeats = large ? 1 : REPEATS;
            Penalty[] penalties = large ? new Penalty[] {Penalty.lasso(), Penalty.ridge()}
                    : new Penalty[] {Penalty.lasso(), Penalty.elasticNet(0.5), Penalty.ridge()};
            // The squared loss on the same designs: a regression on the binary label as a number (the linear
            // probability model), and wine's alcohol from its other 12 measurements. Its path shares the data's
            // sufficient statistics outright; not for SpamAssassin, whose p > n leaves nothing to compress.
            boolean wine = Path.of(file).getFileName().toString().startsWith("wine");
            TrainingData regression = large ? null : labels.classes().size() == 2
                    ? new TrainingData(table.x(), labels.indices(), 0, null) : wine ? Regression.fromColumn(table, 0, false).data() : null;
            for (int row = 0; row < 2 * penalties.length; row++) {
                boolean squared = row >= penalties.length;
                if (squared && regression == null) {
                    continue;
                }
                Penalty pen = penalties[row % penalties.length];
                TrainingData data = squared ? regression : classes;
                FitOptions base = FitOptions.defaults().withPenalty(pen)
                        .withLoss(squared ? SquaredLoss.INSTANCE : LogisticLoss.INSTANCE);
                SmEm.Prepared prepared = SmEm.prepare(data, base);
                double[] grid = RegularizationPath.grid(prepared, base, 40, Double.NaN);
                Timing shared = time(data, base, grid, repeats, false);
                // Every fit with its kernels on the calling thread: how cross-validation runs each fold's path.
                Timing oneThread = time(data, base, grid, repeats, true);
                String line = String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.1fx | %.1f | %.1f | %.1fx | %.0f "
                        + "| %.0f | %.1fx | %.1e |", Path.of(file).getFileName()
                        + (squared && wine ? " (alcohol)" : "") + (splice ? " (junction or not)" : ""),
                        base.loss().name(), pen.name(),
                        shared.pathMs,
                        shared.scratchMs, shared.scratchMs / shared.pathMs, oneThread.pathMs, oneThread.scratchMs,
                        oneThread.scratchMs / oneThread.pathMs, shared.pathPasses(), shared.scratchPasses(),
                        shared.scratchPasses() / shared.pathPasses(), shared.maxGap());
                System.out.println(line);
                md.append(line).append('\n');
            }
        }
        write("path-sharing.md", md);
    }

    /** Writes a results table to {@code docs/results/name}. */
    static void write(String name, CharSequence md) throws java.io.IOException {
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), md);
        System.out.println("wrote " + dir.resolve(name));
    }

    /** Median times of the shared path and of the from-scratch fits, and the last run's fits. */
    record Timing(double pathMs, double scratchMs, List<FitResult> path, List<FitResult> scratch) {

        double pathPasses() {
            return path.stream().mapToDouble(FitResult::dataPasses).sum();
        }

        double scratchPasses() {
            return scratch.stream().mapToDouble(FitResult::dataPasses).sum();
        }

        /** The largest relative objective gap between the path and the from-scratch fit at a λ. */
        double maxGap() {
            double gap = 0;
            for (int l = 0; l < path.size(); l++) {
                double a = path.get(l).objective();
                double b = scratch.get(l).objective();
                gap = Math.max(gap, Math.abs(a - b) / Math.abs(b));
            }
            return gap;
        }
    }

    static Timing time(TrainingData data, FitOptions base, double[] grid, int repeats, boolean oneThread) {
        java.util.function.Supplier<Timing> run = () -> {
            for (int i = 0; i < (repeats == 1 ? 1 : 2); i++) { // warm-up
                RegularizationPath.fits(SmEm.prepare(data, base), base, grid, null);
            }
            double[] pathMs = new double[repeats];
            double[] scratchMs = new double[repeats];
            List<FitResult> path = null;
            List<FitResult> scratch = new ArrayList<>();
            for (int rep = 0; rep < repeats; rep++) {
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
            return new Timing(pathMs[repeats / 2], scratchMs[repeats / 2], path, scratch);
        };
        return oneThread ? io.smem.data.RowChunks.onCallingThread(run) : run.get();
    }
}
