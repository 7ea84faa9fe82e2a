package io.smem.solve;

import io.smem.data.DesignMatrix;
import java.util.Locale;

/**
 * Which M-step solver to use; AUTO decides from n, p and sparsity. HALTON (sequential Monte Carlo with an exact
 * fallback, spec §6) is only ever used when asked for: it beat Cholesky only in squared-loss fits under EM-type
 * acceleration, and never what AUTO would run (docs/benchmarks.md §6.5).
 */
public enum SolverChoice {
    AUTO, CHOLESKY, CG, HALTON, WOODBURY;

    /** Largest p for which AUTO forms a p × p Gram matrix. */
    public static final int MAX_DENSE_GRAM = 2000;
    /** Largest n for which AUTO forms the n × n dual matrix (two of 8n² bytes: 144 MB at 3000). */
    public static final int MAX_DUAL_ROWS = 3000;

    public MStepSolver create(DesignMatrix z) {
        return switch (resolve(z)) {
            case CG -> new ConjugateGradientSolver();
            case HALTON -> new HaltonMonteCarloSolver();
            case WOODBURY -> new WoodburySolver();
            default -> new CholeskySolver();
        };
    }

    /**
     * Cholesky while the p × p factorization is cheap next to the data (p ≤ 500, or dense data with p ≤ 2000, where
     * forming the Gram matrix already costs O(np²)); the dual (Woodbury) form for dense data with p > 500, p ≥ 2n
     * and n ≤ {@link #MAX_DUAL_ROWS}, where the n × n system costs O(n²p) instead of O(np²); matrix-free conjugate
     * gradients otherwise. Sparse data stays on CG when wide: its products cost O(nnz), while the dual matrix costs O(Σ_j nnz_j²).
     */
    public SolverChoice resolve(DesignMatrix z) {
        if (this != AUTO) {
            return this;
        }
        int n = z.rows();
        int p = z.cols();
        if (p <= 500) {
            return CHOLESKY;
        }
        if (!z.isSparse() && p >= 2L * n && n <= MAX_DUAL_ROWS) {
            return WOODBURY;
        }
        return !z.isSparse() && p <= MAX_DENSE_GRAM ? CHOLESKY : CG;
    }

    public static SolverChoice fromCli(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
