package io.smem.cli;

import io.smem.path.PathOptions;
import io.smem.path.SelectionRule;
import java.util.List;
import picocli.CommandLine.Option;

/** Path and selection options shared by {@code fit} (when no --lambda is given) and {@code path}. */
final class PathArgs {

    @Option(names = "--select", paramLabel = "RULE", defaultValue = "cv-min",
            description = "How to choose lambda: cv-min, cv-1se, aic, bic or ebic (default: ${DEFAULT-VALUE}).")
    String select;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "10",
            description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--nlambda", paramLabel = "N", defaultValue = "40",
            description = "Number of lambda values on the path (default: ${DEFAULT-VALUE}).")
    int nlambda;

    @Option(names = "--lambda-min-ratio", paramLabel = "R",
            description = "Smallest lambda as a fraction of lambda_max (default 1e-4 if n > p, else 1e-2).")
    Double minRatio;

    @Option(names = "--lambdas", paramLabel = "L1,L2,...", split = ",",
            description = "An explicit lambda grid instead of the default one.")
    List<Double> lambdas;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads for cross-validation folds (default: all cores).")
    Integer threads;

    PathOptions pathOptions(long seed) {
        SelectionRule rule;
        try {
            rule = SelectionRule.fromCli(select);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--select: " + e.getMessage());
        }
        if (nlambda < 1) {
            throw new BadInputException("--nlambda must be >= 1, got " + nlambda);
        }
        if (rule.usesCrossValidation() && folds < 2) {
            throw new BadInputException("--folds must be >= 2, got " + folds);
        }
        if (minRatio != null && !(minRatio > 0 && minRatio < 1)) {
            throw new BadInputException("--lambda-min-ratio must be in (0, 1), got " + minRatio);
        }
        double[] grid = null;
        if (lambdas != null) {
            grid = lambdas.stream().mapToDouble(Double::doubleValue).toArray();
            for (double l : grid) {
                if (!(l >= 0) || Double.isInfinite(l)) {
                    throw new BadInputException("--lambdas: every value must be a finite number >= 0, got " + l);
                }
            }
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new BadInputException("--threads must be >= 1, got " + t);
        }
        return new PathOptions(nlambda, minRatio == null ? Double.NaN : minRatio, grid, rule, folds, seed, t);
    }
}
