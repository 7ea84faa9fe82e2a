package io.smem.bench.paper;

/**
 * Full-batch Adam (Kingma and Ba 2015) on the benchmark's {@link LogisticObjective}, all parameters including the
 * unpenalized intercept: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − lr · m̂ / (√v̂ + ε) with the bias-corrected
 * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); β₁ = 0.9, β₂ = 0.999, ε = 1e-8. One gradient (two passes over the data) per
 * iteration. No schedule depends on the budget, so the first 100 iterations of a 500-iteration run are exactly a
 * 100-iteration run: one run records F at every checkpoint, with the wall time spent up to it (the objective
 * evaluations at the checkpoints are not timed).
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;
    /** The learning-rate grid of the protocol. */
    static final double[] LEARNING_RATES = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1};

    /**
     * @param f       F after checkpoints[k] iterations (+∞ if it diverged)
     * @param millis  wall time of the iterations up to checkpoints[k]
     * @param theta   the final iterate
     */
    record Run(double lr, int[] checkpoints, double[] f, double[] millis, double[] theta) {
    }

    private Adam() {
    }

    static Run run(LogisticObjective obj, double[] start, double lr, int[] checkpoints) {
        int m = obj.m;
        double[] theta = start.clone();
        double[] g = new double[m];
        double[] mom = new double[m];
        double[] vel = new double[m];
        double[] f = new double[checkpoints.length];
        double[] ms = new double[checkpoints.length];
        int last = checkpoints[checkpoints.length - 1];
        int next = 0;
        double b1t = 1;
        double b2t = 1;
        long elapsed = 0;
        boolean finite = true;
        for (int t = 1; t <= last; t++) {
            long t0 = System.nanoTime();
            if (finite) {
                obj.gradient(theta, g);
                b1t *= BETA1;
                b2t *= BETA2;
                for (int j = 0; j < m; j++) {
                    mom[j] = BETA1 * mom[j] + (1 - BETA1) * g[j];
                    vel[j] = BETA2 * vel[j] + (1 - BETA2) * g[j] * g[j];
                    double mh = mom[j] / (1 - b1t);
                    double vh = vel[j] / (1 - b2t);
                    theta[j] -= lr * mh / (Math.sqrt(vh) + EPS);
                }
            }
            elapsed += System.nanoTime() - t0;
            if (t == checkpoints[next]) {
                double fv = obj.value(theta);
                if (!Double.isFinite(fv)) {
                    finite = false;
                    fv = Double.POSITIVE_INFINITY;
                }
                f[next] = finite ? fv : Double.POSITIVE_INFINITY;
                ms[next] = elapsed / 1e6;
                next++;
            }
        }
        return new Run(lr, checkpoints.clone(), f, ms, theta);
    }

    /** Every learning rate of the grid; the best per checkpoint is chosen by the caller. */
    static Run[] grid(LogisticObjective obj, double[] start, int[] checkpoints) {
        Run[] runs = new Run[LEARNING_RATES.length];
        for (int k = 0; k < runs.length; k++) {
            runs[k] = run(obj, start, LEARNING_RATES[k], checkpoints);
        }
        return runs;
    }

    /** Index of the run with the lowest F at checkpoint c (ties: the first). */
    static int best(Run[] runs, int c) {
        int b = 0;
        for (int k = 1; k < runs.length; k++) {
            if (runs[k].f()[c] < runs[b].f()[c]) {
                b = k;
            }
        }
        return b;
    }
}
