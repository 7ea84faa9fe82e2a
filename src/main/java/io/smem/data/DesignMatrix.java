package io.smem.data;

/**
 * A read-only n × p design matrix with the four operations the EM needs. Implementations are written once per
 * storage layout (dense row-major, CSR) and must not allocate in these methods: the EM calls them every iteration.
 */
public interface DesignMatrix {

    /** Number of rows (observations). */
    int rows();

    /** Number of columns (features). */
    int cols();

    /** Number of stored entries: {@code rows * cols} for dense storage. */
    long storedEntries();

    /** The entry at row i, column j (zero where a sparse matrix stores nothing). Not for hot loops. */
    double get(int i, int j);

    /** {@code out[i] = x_i · v + offset} for every row. */
    void multiply(double[] v, double offset, double[] out);

    /** {@code out[j] = Σ_i u_i x_ij} for every column. */
    void transposeMultiply(double[] u, double[] out);

    /** The weight u_i of row i in a fused sweep, from the row's new linear predictor; called from several threads. */
    @FunctionalInterface
    interface RowWeight {
        double at(int row, double eta);
    }

    /**
     * {@code eta = Xv + offset}, then {@code u_i = weight.at(i, eta_i)} and {@code out = Xᵀu}: a new point's linear
     * predictors and the data gradient there. The storage layouts do it in one sweep that uses each row twice while it
     * is in cache, with results equal to {@link #multiply} followed by {@link #transposeMultiply}; this default makes
     * the two passes.
     */
    default void multiplyThenTranspose(double[] v, double offset, double[] eta, RowWeight weight, double[] u,
                                       double[] out) {
        multiply(v, offset, eta);
        for (int i = 0; i < eta.length; i++) {
            u[i] = weight.at(i, eta[i]);
        }
        transposeMultiply(u, out);
    }

    /**
     * The weighted Gram matrix {@code XᵀΩX}, written row-major into the first p × p entries of {@code gram}, both
     * triangles filled.
     */
    void weightedGram(double[] omega, double[] gram);

    /**
     * The row Gram matrix {@code X diag(v) Xᵀ}, written row-major into the first n × n entries of {@code out}, both
     * triangles filled: the matrix of the dual (Woodbury) M-step when p ≫ n. Columns with {@code v_j = 0} cost
     * nothing. An implementation may keep a transposed copy of its data for this (O(stored entries), made once).
     */
    void rowGram(double[] v, double[] out);

    /**
     * The weighted Gram matrix of the first {@code count} entries of {@code columns} (increasing column indices),
     * written row-major into the first count × count entries of {@code gram}, both triangles filled: what an M-step
     * needs when the other columns' coefficients are pinned at zero (a lasso support). This default copies the
     * columns; the storage layouts override it without a copy.
     */
    default void weightedGram(double[] omega, int[] columns, int count, double[] gram) {
        selectColumns(java.util.Arrays.copyOf(columns, count)).weightedGram(omega, gram);
    }

    /** {@code out[j] = Σ_i ω_i x_ij²}: the diagonal of the weighted Gram matrix, for Jacobi preconditioning. */
    void weightedColumnSquares(double[] omega, double[] out);

    /** True if rows are stored sparsely; the solver choice looks at it. */
    boolean isSparse();

    /** A copy of the rows selected by {@code rows}, in that order (for cross-validation folds). */
    DesignMatrix selectRows(int[] rows);

    /**
     * A copy of the columns selected by {@code columns} (increasing), in that order: the working set of a
     * lasso-type fit on many features, whose M-steps then never touch the screened-out columns.
     */
    DesignMatrix selectColumns(int[] columns);
}
