package io.smem.penalty;

/**
 * A separable penalty P(β) = Σ_j p(β_j) with a normal scale-mixture form. Its E-step gives each coefficient a
 * conditional prior variance v_j = 1/d_j with d_j = λ p′(β_j)/β_j: the M-step then solves
 * (XᵀΩX + diag(1/v)) β = rhs. Supplying the variance rather than d_j is what lets the lasso-type M-step avoid dividing
 * by |β_j| (Figueiredo 2003): v_j is finite everywhere and 0 at β_j = 0.
 *
 * <p>All quantities are per coordinate and in the working (standardized) scale.
 */
public sealed interface Penalty permits ElasticNet, Bridge {

    /** {@code ridge}, {@code lasso}, {@code elasticnet} or {@code bridge}. */
    String name();

    /** p(β_j), without the factor λ. */
    double value(double beta);

    /** The E-step: v_j = 1/d_j ≥ 0, or +∞ when λ = 0 (nothing is penalized). */
    double priorVariance(double beta, double lambda);

    /** p′(β_j) for β_j ≠ 0, without λ. */
    double gradient(double beta);

    /** p″(β_j) for β_j ≠ 0, without λ (negative for a non-convex bridge). */
    double hessian(double beta);

    /**
     * Half-width of the subdifferential of p at 0, without λ: 1 for the lasso, α for the elastic net, 0 for smooth
     * penalties, +∞ for a bridge with q &lt; 1. Coordinate j may be exactly zero at a stationary point iff
     * |∂_j loss| ≤ λ·zeroBound().
     */
    double zeroBound();

    /**
     * True if the penalty's local quadratic (gradient and {@link #hessian}) is a good model away from zero, so the
     * Newton trial step may use it (signs of L1 terms held fixed). False for the bridge, whose curvature is unbounded
     * at 0: its Newton trial keeps the EM majorizer for the penalty, which is valid for every q in (0, 2).
     */
    default boolean hasLocalQuadratic() {
        return true;
    }

    /** True if the penalty produces exact zeros (zeroBound() &gt; 0): these fits run the support/KKT step. */
    default boolean sparsifies() {
        return zeroBound() > 0;
    }

    static Penalty ridge() {
        return new ElasticNet(0.0, "ridge");
    }

    static Penalty lasso() {
        return new ElasticNet(1.0, "lasso");
    }

    static Penalty elasticNet(double alpha) {
        return new ElasticNet(alpha, "elasticnet");
    }

    static Penalty bridge(double q) {
        return new Bridge(q);
    }
}
