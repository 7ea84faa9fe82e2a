package io.smem.path;

/**
 * How a regularization path is laid out and how λ is selected from it.
 *
 * @param numLambdas     grid length when no grid is given (default 40, the paper's setting)
 * @param minRatio       λ_min / λ_max; NaN for glmnet's default (1e-4 when n &gt; p, 1e-2 otherwise)
 * @param lambdas        a user grid (sorted decreasing before use), or null
 * @param rule           selection rule
 * @param folds          cross-validation folds (≥ 2; used by the CV rules)
 * @param seed           seed of the fold assignment
 * @param threads        worker threads for the folds (≥ 1)
 */
public record PathOptions(int numLambdas, double minRatio, double[] lambdas, SelectionRule rule, int folds, long seed,
                          int threads) {

    public static final int DEFAULT_NUM_LAMBDAS = 40;
    public static final int DEFAULT_FOLDS = 10;

    public PathOptions {
        if (lambdas == null && numLambdas < 1) {
            throw new IllegalArgumentException("the path needs at least one lambda, got " + numLambdas);
        }
        if (!Double.isNaN(minRatio) && !(minRatio > 0 && minRatio < 1)) {
            throw new IllegalArgumentException("lambda-min-ratio must be in (0, 1), got " + minRatio);
        }
        if (lambdas != null) {
            if (lambdas.length == 0) {
                throw new IllegalArgumentException("the lambda grid is empty");
            }
            for (double l : lambdas) {
                if (!(l >= 0) || Double.isInfinite(l)) {
                    throw new IllegalArgumentException("every lambda must be a finite number >= 0, got " + l);
                }
            }
            lambdas = lambdas.clone();
        }
        if (rule == null) {
            throw new IllegalArgumentException("a selection rule is required");
        }
        if (rule.usesCrossValidation() && folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** 40 λ, glmnet's ratio, 10-fold CV with the minimum-deviance rule, seed 1, all cores. */
    public static PathOptions defaults() {
        return new PathOptions(DEFAULT_NUM_LAMBDAS, Double.NaN, null, SelectionRule.CV_MIN, DEFAULT_FOLDS, 1L,
                Runtime.getRuntime().availableProcessors());
    }

    @Override
    public double[] lambdas() {
        return lambdas == null ? null : lambdas.clone();
    }

    public PathOptions withRule(SelectionRule r) {
        return new PathOptions(numLambdas, minRatio, lambdas, r, folds, seed, threads);
    }

    public PathOptions withFolds(int k) {
        return new PathOptions(numLambdas, minRatio, lambdas, rule, k, seed, threads);
    }

    public PathOptions withSeed(long s) {
        return new PathOptions(numLambdas, minRatio, lambdas, rule, folds, s, threads);
    }

    public PathOptions withThreads(int t) {
        return new PathOptions(numLambdas, minRatio, lambdas, rule, folds, seed, t);
    }

    public PathOptions withNumLambdas(int k) {
        return new PathOptions(k, minRatio, lambdas, rule, folds, seed, threads);
    }

    public PathOptions withMinRatio(double r) {
        return new PathOptions(numLambdas, r, lambdas, rule, folds, seed, threads);
    }

    public PathOptions withLambdas(double[] grid) {
        return new PathOptions(numLambdas, minRatio, grid, rule, folds, seed, threads);
    }
}
