package io.smem.loss;

/**
 * A per-observation loss ℓ(y, η) of the linear predictor η, as the EM sees it. Every loss here has a
 * variance-mean scale-mixture representation; its E-step is summarised by one number per observation, the
 * {@linkplain #emCurvature EM curvature} ω: the quadratic {@code ℓ(y,η₀) + ℓ′(y,η₀)(η−η₀) + ½ω(η−η₀)²} majorizes ℓ
 * everywhere and touches it at η₀, which is what makes the base EM monotone.
 *
 * <p>Binary losses take {@code y ∈ {0, 1}} (1 = the positive class); the squared loss takes any real y.
 */
public interface Loss {

    /** The name used on the command line and in results: {@code logistic}, {@code hinge} or {@code squared}. */
    String name();

    /** ℓ(y, η). */
    double value(double y, double eta);

    /** dℓ/dη at η; for a kink, the element of the subdifferential that the EM majorizer's slope approaches. */
    double derivative(double y, double eta);

    /**
     * The element of the (sub)differential of ℓ at η that the EM certifies: for a smooth loss the derivative; for a
     * kink, the slope at η of the majorizer built in the previous E-step (curvature {@code previousOmega}), clamped
     * into [0, 1] in units of the kink's jump. At an EM fixed point this is a true subgradient, which is what lets
     * the KKT residual certify hinge fits too.
     */
    default double subgradient(double y, double eta, double previousOmega) {
        return derivative(y, eta);
    }

    /** The curvature ω(η) of the scale-mixture majorizer at η (the E-step: Pólya–Gamma mean, 1/|1−ỹη|, …). */
    double emCurvature(double y, double eta);

    /** True if ℓ is twice differentiable in η, so that {@link #curvature} can drive a Newton trial step. */
    boolean isSmooth();

    /** d²ℓ/dη² (only for smooth losses). */
    double curvature(double y, double eta);

    /** True for classification losses (labels 0/1), false for regression. */
    boolean isClassification();

    static Loss byName(String name) {
        return switch (name) {
            case "logistic" -> LogisticLoss.INSTANCE;
            case "hinge" -> HingeLoss.INSTANCE;
            case "squared" -> SquaredLoss.INSTANCE;
            default -> throw new IllegalArgumentException("unknown loss '" + name + "' (logistic, hinge, squared)");
        };
    }
}
