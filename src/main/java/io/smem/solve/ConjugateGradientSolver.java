package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * Matrix-free M-step: Jacobi-preconditioned conjugate gradients on {@code U A U + E}, warm-started from the current
 * iterate, two data passes per CG iteration and no p × p storage. CG started at the current iterate decreases the
 * EM surrogate at every iteration, so stopping early is a generalized EM step and keeps the base EM monotone.
 */
public final class ConjugateGradientSolver implements MStepSolver {

    private final double relativeTolerance;
    private final int maxIterations;
    private final Pcg pcg = new Pcg();

    private double[] u = new double[0];
    private double[] e = new double[0];
    private double[] diagonal = new double[0];
    private double[] phi = new double[0];
    private double passes;

    /**
     * @param relativeTolerance stop when the residual has shrunk by this factor
     * @param maxIterations     cap on CG iterations per M-step
     */
    public ConjugateGradientSolver(double relativeTolerance, int maxIterations) {
        this.relativeTolerance = relativeTolerance;
        this.maxIterations = maxIterations;
    }

    public ConjugateGradientSolver() {
        this(1e-3, 200);
    }

    @Override
    public String name() {
        return "cg";
    }

    @Override
    public boolean isIterative() {
        return true;
    }

    @Override
    public double dataPasses() {
        return passes + pcg.passes();
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        ensureCapacity(m);
        z.weightedColumnSquares(c, diagonal);
        passes += 1;
        if (intercept) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += c[i];
            }
            diagonal[p] = total;
        }
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            e[j] = MStepSolver.identityPartOf(v[j]);
            diagonal[j] = u[j] * u[j] * diagonal[j] + e[j];
            if (!(diagonal[j] > 0)) {
                diagonal[j] = 1.0;
            }
            phi[j] = u[j] > 0 ? theta[j] / u[j] : 0.0;
        }
        double[] jacobi = diagonal;
        pcg.solve(z, intercept, c, u, e, r, phi, (in, out, size) -> {
            for (int j = 0; j < size; j++) {
                out[j] = in[j] / jacobi[j];
            }
        }, relativeTolerance, maxIterations);
        return MStepSolver.writeScaled(u, phi, theta, m);
    }

    private void ensureCapacity(int m) {
        if (u.length < m) {
            u = new double[m];
            e = new double[m];
            diagonal = new double[m];
            phi = new double[m];
        }
    }
}
