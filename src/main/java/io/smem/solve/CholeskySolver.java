package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * Exact M-step: forms the (p+1)² weighted Gram matrix once per step and factors {@code U A U + E} by Cholesky.
 * Cost O(np²) for the Gram matrix plus O(p³/6) for the factorization; the right choice whenever p is moderate.
 */
public final class CholeskySolver implements MStepSolver {

    /** Relative diagonal loads tried, in order, when the system is numerically singular. */
    private static final double[] JITTER = {0, 1e-12, 1e-9, 1e-6};

    private double[] gram = new double[0];
    private double[] augmented = new double[0];
    private double[] system = new double[0];
    private double[] colSums = new double[0];
    private double[] u = new double[0];
    private double[] rhs = new double[0];
    private double passes;
    /** Size and prior variances of the factorization held in {@code system} (m = 0: none). */
    private int factoredSize;
    private double[] factoredVariance = new double[0];

    @Override
    public String name() {
        return "cholesky";
    }

    @Override
    public double dataPasses() {
        return passes;
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        ensureCapacity(p, m);
        Gram.augmented(z, intercept, c, gram, colSums, augmented, 0, m);
        passes += Math.max(1.0, p / 2.0) + (intercept ? 1 : 0);
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
        }
        // If the system is numerically singular (collinear columns in an unpenalized fit), retry with a small load
        // on the diagonal: a larger curvature still majorizes, so the step stays monotone.
        boolean factored = false;
        for (int attempt = 0; attempt < JITTER.length && !factored; attempt++) {
            double largest = assemble(m, v);
            if (attempt > 0) {
                for (int j = 0; j < m; j++) {
                    system[j * m + j] += JITTER[attempt] * largest;
                }
            }
            factored = Cholesky.factorLowerInPlace(system, m);
        }
        factoredSize = 0;
        if (!factored) {
            return false;
        }
        if (!backSolve(m, r, theta)) {
            return false;
        }
        factoredSize = m;
        if (factoredVariance.length < m) {
            factoredVariance = new double[m];
        }
        System.arraycopy(v, 0, factoredVariance, 0, m);
        return true;
    }

    @Override
    public boolean resolve(double[] r, double[] v, double[] theta) {
        int m = factoredSize;
        if (m == 0) {
            return false;
        }
        for (int j = 0; j < m; j++) {
            if (Double.compare(v[j], factoredVariance[j]) != 0) {
                return false;
            }
        }
        return backSolve(m, r, theta);
    }

    /** θ = U (LLᵀ)⁻¹ U r with the factor in {@code system}. */
    private boolean backSolve(int m, double[] r, double[] theta) {
        for (int j = 0; j < m; j++) {
            rhs[j] = u[j] * r[j];
        }
        Cholesky.solveInPlace(system, m, rhs);
        for (int j = 0; j < m; j++) {
            rhs[j] *= u[j];
            if (!Double.isFinite(rhs[j])) {
                return false;
            }
        }
        System.arraycopy(rhs, 0, theta, 0, m);
        return true;
    }

    /** Writes the lower triangle of U A U + E into {@code system}; returns its largest diagonal entry. */
    private double assemble(int m, double[] v) {
        double largest = 0;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k <= j; k++) {
                system[j * m + k] = u[j] * augmented[j * m + k] * u[k];
            }
            system[j * m + j] += MStepSolver.identityPartOf(v[j]);
            largest = Math.max(largest, system[j * m + j]);
        }
        return largest;
    }

    private void ensureCapacity(int p, int m) {
        if (gram.length < p * p) {
            gram = new double[p * p];
            colSums = new double[p];
        }
        if (system.length < m * m) {
            system = new double[m * m];
            augmented = new double[m * m];
            u = new double[m];
            rhs = new double[m];
        }
    }
}
