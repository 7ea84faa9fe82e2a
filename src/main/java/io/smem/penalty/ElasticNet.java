package io.smem.penalty;

/**
 * α|β| + (1 − α)β²/2: ridge at α = 0, lasso at α = 1 (glmnet's parametrization). E-step: d = λα/|β| + λ(1 − α), so
 * v = |β| / (λα + λ(1 − α)|β|).
 */
public record ElasticNet(double alpha, String name) implements Penalty {

    public ElasticNet {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
    }

    @Override
    public double value(double beta) {
        return alpha * Math.abs(beta) + 0.5 * (1 - alpha) * beta * beta;
    }

    @Override
    public double priorVariance(double beta, double lambda) {
        if (lambda == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (alpha == 0) {
            return 1.0 / lambda;
        }
        double a = Math.abs(beta);
        return a / (lambda * (alpha + (1 - alpha) * a));
    }

    @Override
    public double gradient(double beta) {
        return alpha * Math.signum(beta) + (1 - alpha) * beta;
    }

    @Override
    public double hessian(double beta) {
        return 1 - alpha;
    }

    @Override
    public double zeroBound() {
        return alpha;
    }

}
