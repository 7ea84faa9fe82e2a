package io.smem.solve;

import io.smem.data.DesignMatrix;
import java.util.Locale;

/**
 * Which M-step solver to use; AUTO decides from n, p and sparsity. HALTON (sequential Monte Carlo with an exact
 * fallback, spec §6) is only ever used when asked for: it beat Cholesky only in squared-loss fits under EM-type
 * acceleration, and never what AUTO would run (docs/benchmarks.md §6.5).
 */
public enum SolverChoice {
    AUTO, CHOLESKY, CG, HALTON;

    /** Largest p for which AUTO forms a p × p Gram matrix. */
    public static final int MAX_DENSE_GRAM = 2000;

    public MStepSolver create(DesignMatrix z) {
        return switch (resolve(z)) {
            case CG -> new ConjugateGradientSolver();
            case HALTON -> new HaltonMonteCarloSolver();
            default -> new CholeskySolver();
        };
    }

    /**
     * Cholesky while the p × p factorization is cheap next to the data (p ≤ 500, or dense data with p ≤ 2000, where
     * forming the Gram matrix already costs O(np²)); matrix-free conjugate gradients otherwise.
     */
    public SolverChoice resolve(DesignMatrix z) {
        if (this != AUTO) {
            return this;
        }
        int p = z.cols();
        if (p <= 500 || (!z.isSparse() && p <= MAX_DENSE_GRAM)) {
            return CHOLESKY;
        }
        return CG;
    }

    public static SolverChoice fromCli(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
