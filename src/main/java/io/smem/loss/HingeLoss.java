package io.smem.loss;

/**
 * Hinge loss max(0, 1 − ỹη) with the Polson–Scott (2011) scale-mixture E-step. With u = 1 − ỹη and any a > 0,
 * max(0, u) ≤ u/2 + u²/(4a) + a/4 with equality at |u| = a; taking a = |u₀| gives ω = 1/(2|u₀|). The kink is guarded
 * by a floor on a, which keeps ω finite; the bound stays a valid majorizer for any a, so monotonicity survives.
 */
public final class HingeLoss implements Loss {

    public static final HingeLoss INSTANCE = new HingeLoss();

    /** Floor on |1 − ỹη| in the E-step: caps ω at 1/(2·KINK_FLOOR). */
    public static final double KINK_FLOOR = 1e-9;

    private HingeLoss() {
    }

    @Override public String name() { return "hinge"; }
    @Override public boolean isSmooth() { return false; }
    @Override public boolean isClassification() { return true; }

    @Override
    public double value(double y, double eta) {
        double u = 1 - (y > 0.5 ? eta : -eta);
        return u > 0 ? u : 0.0;
    }

    @Override
    public double derivative(double y, double eta) {
        // Slope of the majorizer at its touching point: −ỹ (½ + u/(2a)), which is −ỹ, 0, or in between at the kink.
        double t = y > 0.5 ? 1.0 : -1.0;
        double u = 1 - t * eta;
        double a = Math.max(Math.abs(u), KINK_FLOOR);
        return -t * (0.5 + 0.5 * u / a);
    }

    @Override
    public double subgradient(double y, double eta, double previousOmega) {
        double t = y > 0.5 ? 1.0 : -1.0;
        double u = 1 - t * eta;
        double a = 0.5 / previousOmega;
        double s = 0.5 + 0.5 * u / a;
        return -t * Math.min(1.0, Math.max(0.0, s));
    }

    @Override
    public double emCurvature(double y, double eta) {
        double u = 1 - (y > 0.5 ? eta : -eta);
        return 0.5 / Math.max(Math.abs(u), KINK_FLOOR);
    }

    @Override
    public double curvature(double y, double eta) {
        throw new UnsupportedOperationException("the hinge loss has no second derivative");
    }
}
