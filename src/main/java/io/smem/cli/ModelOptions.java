package io.smem.cli;

import io.smem.fit.Acceleration;
import io.smem.fit.FitOptions;
import io.smem.loss.Loss;
import io.smem.penalty.Penalty;
import io.smem.solve.SolverChoice;
import picocli.CommandLine.Option;

/** The model and optimizer options shared by {@code fit} and {@code path}. */
final class ModelOptions {

    @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "logistic",
            description = "logistic, hinge or squared (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--penalty", paramLabel = "PENALTY", defaultValue = "ridge",
            description = "ridge, lasso, elasticnet or bridge (default: ${DEFAULT-VALUE}).")
    String penalty;

    @Option(names = "--alpha", paramLabel = "A", description = "Elastic-net mixing in [0, 1] (default 0.5).")
    Double alpha;

    @Option(names = "--q", paramLabel = "Q", description = "Bridge exponent in (0, 2) (default 0.5).")
    Double q;

    @Option(names = "--no-standardize", description = "Penalize the coefficients of the raw features.")
    boolean noStandardize;

    @Option(names = "--no-intercept", description = "Fit without an intercept.")
    boolean noIntercept;

    @Option(names = "--accelerate", paramLabel = "METHOD", defaultValue = "auto",
            description = "none, nesterov, restart, squarem, newton or auto (default: ${DEFAULT-VALUE}: newton for "
                    + "smooth losses, restart for the hinge).")
    String accelerate;

    @Option(names = "--solver", paramLabel = "SOLVER", defaultValue = "auto",
            description = "M-step solver: cholesky, cg, woodbury (dual form for p >> n), halton (Monte Carlo, spec 6) or auto (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--tol", paramLabel = "T", defaultValue = "1e-10",
            description = "Relative objective change at which to stop (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--kkt-tol", paramLabel = "T", defaultValue = "1e-7",
            description = "KKT residual at which to stop (default: ${DEFAULT-VALUE}).")
    double kktTol;

    @Option(names = "--max-iter", paramLabel = "N", defaultValue = "5000",
            description = "Iteration cap (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Random seed for cross-validation folds (default: ${DEFAULT-VALUE}).")
    long seed;

    Loss loss() {
        try {
            return Loss.byName(loss);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--loss: " + e.getMessage());
        }
    }

    Penalty penalty() {
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            throw new BadInputException("--alpha must be in [0, 1], got " + alpha);
        }
        if (q != null && !(q > 0 && q < 2)) {
            throw new BadInputException("--q must be in (0, 2), got " + q);
        }
        return switch (penalty) {
            case "ridge" -> Penalty.ridge();
            case "lasso" -> Penalty.lasso();
            case "elasticnet" -> Penalty.elasticNet(alpha == null ? 0.5 : alpha);
            case "bridge" -> Penalty.bridge(q == null ? 0.5 : q);
            default -> throw new BadInputException("--penalty: unknown penalty '" + penalty
                    + "' (ridge, lasso, elasticnet, bridge)");
        };
    }

    /** Options for a fit at {@code lambda}. */
    FitOptions fitOptions(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new BadInputException("--lambda must be a finite number >= 0, got " + lambda);
        }
        if (!(tol > 0)) {
            throw new BadInputException("--tol must be > 0, got " + tol);
        }
        if (!(kktTol > 0)) {
            throw new BadInputException("--kkt-tol must be > 0, got " + kktTol);
        }
        if (maxIter < 1) {
            throw new BadInputException("--max-iter must be >= 1, got " + maxIter);
        }
        Acceleration acc;
        SolverChoice sc;
        try {
            acc = Acceleration.fromCli(accelerate);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--accelerate: " + e.getMessage());
        }
        try {
            sc = SolverChoice.fromCli(solver);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--solver: unknown solver '" + solver + "' (cholesky, cg, woodbury, halton, auto)");
        }
        return new FitOptions(loss(), penalty(), lambda, !noStandardize, !noIntercept, acc, tol, kktTol, maxIter, sc);
    }
}
