package io.smem.penalty;

/**
 * The bridge |β|^q, 0 &lt; q &lt; 2: an exponential-power prior, a normal scale mixture for q ≤ 2 (West 1987).
 * E-step: d = λq|β|^{q−2}, so v = |β|^{2−q} / (λq), which is 0 at β = 0: zero is absorbing, as for the lasso.
 */
public record Bridge(double q) implements Penalty {

    public Bridge {
        if (!(q > 0 && q < 2)) {
            throw new IllegalArgumentException("bridge exponent q must be in (0, 2), got " + q);
        }
    }

    @Override public String name() { return "bridge"; }

    @Override
    public double value(double beta) {
        return Math.pow(Math.abs(beta), q);
    }

    @Override
    public double priorVariance(double beta, double lambda) {
        if (lambda == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.pow(Math.abs(beta), 2 - q) / (lambda * q);
    }

    @Override
    public double gradient(double beta) {
        return q * Math.signum(beta) * Math.pow(Math.abs(beta), q - 1);
    }

    @Override
    public double hessian(double beta) {
        return q * (q - 1) * Math.pow(Math.abs(beta), q - 2);
    }

    @Override
    public double zeroBound() {
        if (q < 1) {
            return Double.POSITIVE_INFINITY;
        }
        return q == 1 ? 1.0 : 0.0;
    }

    @Override
    public boolean hasLocalQuadratic() {
        return false;
    }

}
