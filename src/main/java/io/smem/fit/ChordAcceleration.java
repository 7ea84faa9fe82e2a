package io.smem.fit;

import io.smem.solve.Cholesky;

/**
 * Anderson acceleration (type II, Walker and Ni 2011) of a run of chord steps; the engine uses it for the multinomial
 * joint chord steps (binary ones use secant pairs of the data gradient, {@code EmFitter.secantCorrection}). A chord
 * step is the fixed-point map θ ↦ θ − M⁻¹∇F(θ) with a held matrix M (an earlier Newton step's Hessian, on a path often
 * the neighbouring λ's); it contracts linearly, the slower the further the curvature has moved since M was formed. The differences of
 * successive steps carry what M misses of the current curvature (they are secant pairs), and the extrapolated point
 * θ + r − (ΔΘ + ΔR)γ, with γ the least-squares fit of the current step r by the step differences ΔR, uses them: for
 * a quadratic objective this is GMRES on the chord iteration. It costs no data pass (the m-vectors only), so an
 * accelerated chord step costs what a plain one does; the caller keeps it only if the objective decreases.
 *
 * <p>The history describes one local problem: it must be reset when the held matrix, the penalty's sign pattern or
 * the set of pinned coefficients changes.
 */
final class ChordAcceleration {

    /** Relative Tikhonov load on the least-squares normal equations: the step differences become collinear as the
     * iteration converges. */
    private static final double RIDGE = 1e-10;

    private final int m;
    private final int depth;
    private final double[][] dTheta;
    private final double[][] dStep;
    private final double[] lastTheta;
    private final double[] lastStep;
    private final double[] normal;
    private final double[] gamma;
    private int count;
    private int next;
    private boolean hasLast;

    ChordAcceleration(int m, int depth) {
        this.m = m;
        this.depth = depth;
        this.dTheta = new double[depth][m];
        this.dStep = new double[depth][m];
        this.lastTheta = new double[m];
        this.lastStep = new double[m];
        this.normal = new double[depth * depth];
        this.gamma = new double[depth];
    }

    /** Forgets the history: the next step is a plain chord step. */
    void reset() {
        count = 0;
        next = 0;
        hasLast = false;
    }

    /** Number of step differences held. */
    int size() {
        return count;
    }

    /**
     * Records the chord step from {@code theta} to {@code plain} and writes the point to try into {@code out}: the
     * extrapolated one if there is a history, else {@code plain}. Returns true if {@code out} is extrapolated.
     */
    boolean extrapolate(double[] theta, double[] plain, double[] out) {
        if (hasLast) {
            double[] dt = dTheta[next];
            double[] ds = dStep[next];
            for (int j = 0; j < m; j++) {
                dt[j] = theta[j] - lastTheta[j];
                ds[j] = (plain[j] - theta[j]) - lastStep[j];
            }
            next = (next + 1) % depth;
            count = Math.min(count + 1, depth);
        }
        for (int j = 0; j < m; j++) {
            lastTheta[j] = theta[j];
            lastStep[j] = plain[j] - theta[j];
        }
        hasLast = true;
        System.arraycopy(plain, 0, out, 0, m);
        if (count == 0) {
            return false;
        }
        int k = count;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                normal[a * k + b] = dot(dStep[a], dStep[b]);
            }
            gamma[a] = dot(dStep[a], lastStep);
        }
        if (!Cholesky.solveRidgedInPlace(normal, k, RIDGE, gamma)) {
            return false;
        }
        for (int a = 0; a < k; a++) {
            double g = gamma[a];
            double[] dt = dTheta[a];
            double[] ds = dStep[a];
            for (int j = 0; j < m; j++) {
                out[j] -= g * (dt[j] + ds[j]);
            }
        }
        for (int j = 0; j < m; j++) {
            if (!Double.isFinite(out[j])) {
                System.arraycopy(plain, 0, out, 0, m);
                return false;
            }
        }
        return true;
    }

    private double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
