package io.smem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every benchmark of the issue in one command, one after the other in one JVM: each writes its own tables (Markdown
 * and CSV) and plots under {@code docs/results/}; this driver prints how long each took. The SpamAssassin benchmark
 * needs {@code datasets/fetched/spam-assassin.svm} ({@code bash datasets/scripts/fetch_all.sh}) and is skipped with a
 * message without it. The large dense run (n = 10⁶) needs more heap than the default and has its own command in
 * {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code mvn -q -pl benchmarks exec:java -Dbench=io.smem.bench.RunAll}.
 */
public final class RunAll {

    private RunAll() {
    }

    /** A benchmark's main method. */
    private interface Bench {
        void run() throws Exception;
    }

    private record Step(String name, Bench bench) {
    }

    public static void main(String[] args) throws Exception {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("time to accuracy vs peers (peers.TimeToAccuracy)",
                () -> io.smem.bench.peers.TimeToAccuracy.main(new String[0])));
        steps.add(new Step("paper reproduction (paper.PaperReproduction)",
                () -> io.smem.bench.paper.PaperReproduction.main(new String[0])));
        steps.add(new Step("path sharing (PathSharing)", () -> PathSharing.main(new String[0])));
        steps.add(new Step("paths with CV vs cv.glmnet (glmnet.VersusGlmnet)",
                () -> io.smem.bench.glmnet.VersusGlmnet.main(new String[] {"--quick"})));
        Path spam = Path.of("datasets", "fetched", "spam-assassin.svm");
        steps.add(new Step("L1 on SpamAssassin vs liblinear (scale.TextL1)", () -> {
            if (Files.exists(spam)) {
                io.smem.bench.scale.TextL1.main(new String[] {spam.toString()});
            } else {
                System.out.println("skipped: " + spam + " is missing (bash datasets/scripts/fetch_all.sh)");
            }
        }));
        steps.add(new Step("sparse 1e5 x 1e5 lasso path with CV (scale.SparseScale)",
                () -> io.smem.bench.scale.SparseScale.main(new String[0])));
        StringBuilder summary = new StringBuilder();
        long start = System.nanoTime();
        for (Step step : steps) {
            System.out.println("== " + step.name());
            long t0 = System.nanoTime();
            step.bench().run();
            summary.append(String.format(Locale.ROOT, "%-60s %6.1f s%n", step.name(), (System.nanoTime() - t0) / 1e9));
        }
        System.out.print(summary);
        System.out.printf(Locale.ROOT, "all benchmarks: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
