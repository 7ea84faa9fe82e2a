package io.smem.loss;

/** Squared loss ½(y − η)²: its own majorizer (ω = 1), so one EM step is an exact ridge solve. */
public final class SquaredLoss implements Loss {

    public static final SquaredLoss INSTANCE = new SquaredLoss();

    private SquaredLoss() {
    }

    @Override public String name() { return "squared"; }
    @Override public boolean isSmooth() { return true; }
    @Override public boolean isClassification() { return false; }

    @Override
    public double value(double y, double eta) {
        double r = y - eta;
        return 0.5 * r * r;
    }

    @Override public double derivative(double y, double eta) { return eta - y; }
    @Override public double emCurvature(double y, double eta) { return 1.0; }
    @Override public double curvature(double y, double eta) { return 1.0; }
}
