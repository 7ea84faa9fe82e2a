package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * The M-step: the weighted least-squares system {@code (Zₐᵀ diag(c) Zₐ + diag(1/v)) θ = r}, where
 * {@code Zₐ = [Z, 1]} when the model has an intercept (θ's last entry) and {@code Z} otherwise.
 *
 * <p>The prior variances v come from the penalty's E-step: {@code v_j = +∞} leaves θ_j unpenalized, {@code v_j = 0}
 * pins it at zero. Solvers never form 1/v: they solve for φ in {@code (U A U + E) φ = U r}, θ = Uφ, with
 * U = diag(√v) (1 where v is infinite) and E the identity on penalized coordinates (Figueiredo 2003), so a lasso
 * coefficient that tends to zero never causes a division by zero.
 *
 * <p>A solver owns its workspaces: use one instance per thread.
 */
public interface MStepSolver {

    /** {@code cholesky}, {@code cg}, {@code woodbury} or {@code halton}: reported in every fit result. */
    String name();

    /**
     * Solves the system; {@code theta} holds the current iterate on entry (a warm start for iterative solvers) and
     * the new one on exit.
     *
     * @return false if the system could not be solved (numerically not positive definite); theta is then unchanged
     */
    boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta);

    /**
     * Solves again with the matrix of the previous successful {@link #solve} (same curvature weights c, same
     * prior variances v) and a new right-hand side: for a factorizing solver a pair of triangular solves, no pass over
     * the data. Returns false if that is not possible (no cached factorization, or v differs); theta is then unchanged.
     */
    default boolean resolve(double[] r, double[] v, double[] theta) {
        return false;
    }

    /**
     * The curvature weights c of the Gram matrix this solver holds for design z (null if it holds none): a chord step
     * reuses that matrix and builds its right-hand side with the same weights. On a regularization path the solver
     * arrives at a new λ holding the neighbour's Newton matrix — the sufficient statistic that the path shares.
     */
    default double[] heldWeights(DesignMatrix z, boolean intercept) {
        return null;
    }

    /**
     * Solves with the held Gram matrix and new prior variances v (a new λ changes them): a new factorization of
     * {@code U A U + E}, no pass over the data. False if no matrix is held or it cannot be factored.
     */
    default boolean solveHeld(double[] r, double[] v, double[] theta) {
        return false;
    }

    /**
     * Keeps (a copy of) the joint Hessian of a multinomial model on design z, size × size: what a multinomial path
     * shares across λ in place of the Gram matrix. Solvers that cannot hold it ignore the call.
     */
    default void holdJointHessian(DesignMatrix z, double[] hessian, int size) {
    }

    /** The joint Hessian held for design z and this size, or null. */
    default double[] heldJointHessian(DesignMatrix z, int size) {
        return null;
    }

    /**
     * out = A x with the held Gram matrix A (augmented with the intercept): no data pass. False if none is held.
     */
    default boolean heldProduct(double[] x, double[] out) {
        return false;
    }

    /**
     * The diagonal of the held Gram matrix for design z over its p feature columns, into {@code out}: the coordinate
     * curvatures at the held weights, no data pass. False if no matrix covering every column is held for z.
     */
    default boolean heldDiagonal(DesignMatrix z, boolean intercept, double[] out) {
        return false;
    }

    /** The secant pairs gathered against the held Gram matrix (dropped with it), or null if this solver has none. */
    default SecantPairs secantPairs() {
        return null;
    }

    /**
     * Whether the next solves may start from the previous factorization (as a preconditioner) instead of forming the
     * matrix again. Worth it when the weights change little between solves (EM steps); not for a Newton step far
     * from the optimum, whose curvature moves too much. On by default.
     */
    default void allowReuse(boolean allowed) {
    }

    /**
     * True if the solve is iterative and inexact (conjugate gradients): a Newton step through it is damped, because
     * an iterative solve of a near-singular system stalls.
     */
    default boolean isIterative() {
        return false;
    }

    /** Number of data passes (products with Z or Zᵀ, or a Gram matrix counted as its cost in passes) so far. */
    double dataPasses();

    /** U = √v, with 1 standing for an unpenalized coordinate (v = +∞). */
    static double scaleOf(double v) {
        return v == Double.POSITIVE_INFINITY ? 1.0 : Math.sqrt(v);
    }

    /**
     * θ = Uφ on the first m coordinates, written only if every entry is finite (a solver that meets a non-finite
     * value reports failure and leaves θ as it was).
     */
    static boolean writeScaled(double[] u, double[] phi, double[] theta, int m) {
        for (int j = 0; j < m; j++) {
            if (!Double.isFinite(u[j] * phi[j])) {
                return false;
            }
        }
        for (int j = 0; j < m; j++) {
            theta[j] = u[j] * phi[j];
        }
        return true;
    }

    /** E: 0 for an unpenalized coordinate, 1 otherwise. */
    static double identityPartOf(double v) {
        return v == Double.POSITIVE_INFINITY ? 0.0 : 1.0;
    }
}
