package io.smem.fit;

import io.smem.loss.Loss;
import io.smem.loss.LogisticLoss;
import io.smem.penalty.Penalty;
import io.smem.solve.SolverChoice;

/**
 * Everything a single fit needs besides the data. Immutable; change one field with the {@code with…} methods.
 *
 * @param loss           the loss
 * @param penalty        the penalty
 * @param lambda         the penalty weight λ ≥ 0 (objective convention of the spec: glmnet's)
 * @param standardize    penalize standardized coefficients (glmnet's default); results are on the original scale
 * @param intercept      fit an unpenalized intercept
 * @param acceleration   how EM steps are combined
 * @param tolerance      stop when the relative objective change of an iteration is below this …
 * @param kktTolerance   … and the KKT residual (largest violation of the optimality conditions, standardized scale)
 *                       is below this
 * @param maxIterations  iteration cap; a fit that reaches it reports {@code converged = false}
 * @param solver         M-step solver
 * @param screening      screen features by the strong rule and fit lasso-type penalties on a working set, with a
 *                       KKT check on the rest (never changes the solution; off only to measure what it saves)
 */
public record FitOptions(Loss loss, Penalty penalty, double lambda, boolean standardize, boolean intercept,
                         Acceleration acceleration, double tolerance, double kktTolerance, int maxIterations,
                         SolverChoice solver, boolean screening) {

    public static final double DEFAULT_TOLERANCE = 1e-10;
    public static final double DEFAULT_KKT_TOLERANCE = 1e-7;
    public static final int DEFAULT_MAX_ITERATIONS = 5000;

    public FitOptions {
        if (loss == null || penalty == null || acceleration == null || solver == null) {
            throw new IllegalArgumentException("loss, penalty, acceleration and solver are required");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        if (!(tolerance > 0) || !(kktTolerance > 0)) {
            throw new IllegalArgumentException("tolerances must be > 0");
        }
        if (acceleration == Acceleration.NEWTON && !loss.isSmooth()) {
            throw new IllegalArgumentException("newton acceleration needs a smooth loss; the " + loss.name()
                    + " loss is not (use restart, squarem, nesterov or none)");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations must be >= 1, got " + maxIterations);
        }
    }

    /** As the canonical constructor with screening on (the default: it never changes the solution, only the cost). */
    public FitOptions(Loss loss, Penalty penalty, double lambda, boolean standardize, boolean intercept,
                      Acceleration acceleration, double tolerance, double kktTolerance, int maxIterations,
                      SolverChoice solver) {
        this(loss, penalty, lambda, standardize, intercept, acceleration, tolerance, kktTolerance, maxIterations, solver,
                true);
    }

    /**
     * Strong-rule screening with working sets for lasso-type penalties on many features (see {@code WorkingSet}): on
     * by default; off solves every fit on all columns (for measuring what screening saves).
     */
    public FitOptions withScreening(boolean s) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, solver, s);
    }

    /** Logistic loss, ridge penalty, λ = 1e-4, standardized, intercept, automatic acceleration and solver. */
    public static FitOptions defaults() {
        return new FitOptions(LogisticLoss.INSTANCE, Penalty.ridge(), 1e-4, true, true, Acceleration.AUTO,
                DEFAULT_TOLERANCE, DEFAULT_KKT_TOLERANCE, DEFAULT_MAX_ITERATIONS, SolverChoice.AUTO);
    }

    public FitOptions withLoss(Loss l) {
        return new FitOptions(l, penalty, lambda, standardize, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withPenalty(Penalty p) {
        return new FitOptions(loss, p, lambda, standardize, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withLambda(double l) {
        return new FitOptions(loss, penalty, l, standardize, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withStandardize(boolean s) {
        return new FitOptions(loss, penalty, lambda, s, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withIntercept(boolean i) {
        return new FitOptions(loss, penalty, lambda, standardize, i, acceleration, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withAcceleration(Acceleration a) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, a, tolerance, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withTolerance(double t) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, acceleration, t, kktTolerance,
                maxIterations, solver, screening);
    }

    public FitOptions withKktTolerance(double t) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, acceleration, tolerance, t,
                maxIterations, solver, screening);
    }

    public FitOptions withMaxIterations(int m) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, acceleration, tolerance, kktTolerance,
                m, solver, screening);
    }

    public FitOptions withSolver(SolverChoice s) {
        return new FitOptions(loss, penalty, lambda, standardize, intercept, acceleration, tolerance, kktTolerance,
                maxIterations, s, screening);
    }

    /** The acceleration actually used: AUTO resolved for this loss and penalty. */
    public Acceleration resolvedAcceleration() {
        if (acceleration != Acceleration.AUTO) {
            return acceleration;
        }
        return loss.isSmooth() ? Acceleration.NEWTON : Acceleration.RESTART;
    }
}
