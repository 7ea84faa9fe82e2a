package io.smem.loss;

/**
 * Logistic loss log(1 + exp(−ỹη)) with its Pólya–Gamma E-step: ω(η) = E[PG(1, η)] = tanh(η/2) / (2η). Note
 * ω(η)·η − (σ(η) − y) = y − ½ = κ, so the EM's right-hand side Xᵀκ never changes (Polson, Scott and Windle 2013).
 */
public final class LogisticLoss implements Loss {

    public static final LogisticLoss INSTANCE = new LogisticLoss();

    private LogisticLoss() {
    }

    @Override public String name() { return "logistic"; }
    @Override public boolean isSmooth() { return true; }
    @Override public boolean isClassification() { return true; }

    @Override
    public double value(double y, double eta) {
        // log(1 + exp(−ỹη)) with ỹ = 2y − 1, stable for large |η|.
        double m = y > 0.5 ? -eta : eta;
        return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    }

    @Override
    public double derivative(double y, double eta) {
        return sigmoid(eta) - y;
    }

    @Override
    public double emCurvature(double y, double eta) {
        return polyaGammaMean(eta);
    }

    @Override
    public double curvature(double y, double eta) {
        double s = sigmoid(eta);
        return s * (1 - s);
    }

    /** σ(η) = 1 / (1 + e^{−η}), accurate in both tails. */
    public static double sigmoid(double eta) {
        if (eta >= 0) {
            return 1.0 / (1.0 + Math.exp(-eta));
        }
        double e = Math.exp(eta);
        return e / (1.0 + e);
    }

    /**
     * log Σ_k exp(η_ki) over the rows of a multinomial model's predictors, without overflow: the softmax's
     * normalizer, shared by the engine's gradient and the held-out deviance.
     */
    public static double logSumExp(double[][] eta, int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] e : eta) {
            max = Math.max(max, e[i]);
        }
        double s = 0;
        for (double[] e : eta) {
            s += Math.exp(e[i] - max);
        }
        return max + Math.log(s);
    }

    /** tanh(η/2) / (2η), with its Taylor series 1/4 − η²/48 + η⁴/480 near 0 where the quotient cancels. */
    public static double polyaGammaMean(double eta) {
        double a = Math.abs(eta);
        if (a < 1e-3) {
            double e2 = eta * eta;
            return 0.25 - e2 / 48.0 + e2 * e2 / 480.0;
        }
        return Math.tanh(a / 2) / (2 * a);
    }
}
