package io.smem.reference;

/**
 * Result of one of the {@link References} solvers.
 *
 * <p>{@code coefficients} has one row per model row: a single row for the binary and squared-loss models,
 * {@code K} rows for the multinomial model. {@code intercepts} has the same number of entries; they are all
 * {@code 0.0} when the model was fitted without an intercept. For the multinomial model the intercepts sum to zero
 * across the classes (glmnet's symmetric convention).</p>
 */
public final class ReferenceSolution {

    /** The objective F at ({@code intercepts}, {@code coefficients}), evaluated by {@link References#objective}. */
    public final double objective;
    /** One intercept per model row (all zeros without an intercept). */
    public final double[] intercepts;
    /** One coefficient vector per model row. */
    public final double[][] coefficients;
    /**
     * Dual variables where the solver has them: for {@link References#hingeRidge} the SVM box multipliers
     * {@code 0 <= a_i <= w_i} with {@code beta = sum_i a_i ytilde_i x_i / (lambda W)}; {@code null} otherwise.
     */
    public final double[] dual;
    /**
     * The solver's own optimality certificate: the final gradient norm (Newton solvers), the final KKT violation
     * (elastic net), the primal-dual gap (hinge ridge), or {@code NaN} (hinge lasso LP, which is checked by tests).
     */
    public final double certificate;

    public ReferenceSolution(double objective, double[] intercepts, double[][] coefficients, double[] dual,
                             double certificate) {
        this.objective = objective;
        this.intercepts = intercepts;
        this.coefficients = coefficients;
        this.dual = dual;
        this.certificate = certificate;
    }

    /** The intercept of the first (for binary and squared losses: the only) model row. */
    public double intercept() {
        return intercepts[0];
    }

    /** The coefficients of the first (for binary and squared losses: the only) model row. */
    public double[] beta() {
        return coefficients[0];
    }
}
