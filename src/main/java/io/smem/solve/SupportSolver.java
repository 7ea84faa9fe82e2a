package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * For a lasso-type fit on a sparse working set: {@link CholeskySolver} while the free coordinates (the support and
 * the intercept; zeros are pinned) are at most {@link #MAX_FACTORED}, matrix-free {@link ConjugateGradientSolver}
 * beyond. What a factorization costs depends on the support, not on the working set's columns: the Cholesky solver
 * forms the Gram matrix and the factor on the free coordinates only, so a working set of 800 columns with 350
 * non-zeros costs a 350-column system. Exact solves also keep Newton steps quadratic where CG's inexact ones converge
 * linearly (SpamAssassin, docs/benchmarks.md §6.2: the last working-set round takes 4 Newton iterations instead of 10).
 */
public final class SupportSolver implements MStepSolver {

    /** Most free coordinates factored (a factorization is k³/6 multiply-adds: 1.7·10⁸ at this size). */
    public static final int MAX_FACTORED = 1000;

    private final CholeskySolver cholesky = new CholeskySolver();
    private final ConjugateGradientSolver cg = new ConjugateGradientSolver();
    /** Whether the last solve went to CG; the next one most likely does too (the support changes gradually). */
    private boolean iterative;

    /** The solver of the last solve: {@code cholesky} or {@code cg}. */
    @Override
    public String name() {
        return iterative ? cg.name() : cholesky.name();
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int m = intercept ? z.cols() + 1 : z.cols();
        int free = 0;
        for (int j = 0; j < m; j++) {
            free += v[j] != 0 ? 1 : 0;
        }
        iterative = free > MAX_FACTORED;
        return iterative ? cg.solve(z, intercept, c, r, v, theta) : cholesky.solve(z, intercept, c, r, v, theta);
    }

    @Override
    public boolean resolve(double[] r, double[] v, double[] theta) {
        return !iterative && cholesky.resolve(r, v, theta);
    }

    @Override
    public double[] heldWeights(DesignMatrix z, boolean intercept) {
        return iterative ? null : cholesky.heldWeights(z, intercept);
    }

    @Override
    public boolean solveHeld(double[] r, double[] v, double[] theta) {
        return !iterative && cholesky.solveHeld(r, v, theta);
    }

    @Override
    public void allowReuse(boolean allowed) {
        cholesky.allowReuse(allowed);
    }

    /** As the last solve: a Newton step through CG is damped (EmFitter), one through Cholesky is not. */
    @Override
    public boolean isIterative() {
        return iterative;
    }

    @Override
    public double dataPasses() {
        return cholesky.dataPasses() + cg.dataPasses();
    }
}
