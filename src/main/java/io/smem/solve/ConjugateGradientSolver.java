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

    private double[] t = new double[0];
    private double[] u = new double[0];
    private double[] e = new double[0];
    private double[] precond = new double[0];
    private double[] phi = new double[0];
    private double[] res = new double[0];
    private double[] zvec = new double[0];
    private double[] dir = new double[0];
    private double[] adir = new double[0];
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
    public double dataPasses() {
        return passes;
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        ensureCapacity(n, m);
        z.weightedColumnSquares(c, precond);
        passes += 1;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += c[i];
        }
        if (intercept) {
            precond[p] = total;
        }
        double rnorm2 = 0;
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            e[j] = MStepSolver.identityPartOf(v[j]);
            precond[j] = u[j] * u[j] * precond[j] + e[j];
            if (!(precond[j] > 0)) {
                precond[j] = 1.0;
            }
            phi[j] = u[j] > 0 ? theta[j] / u[j] : 0.0;
        }
        apply(z, intercept, c, phi, adir);
        for (int j = 0; j < m; j++) {
            res[j] = u[j] * r[j] - adir[j];
            rnorm2 += res[j] * res[j];
        }
        double stop = relativeTolerance * relativeTolerance * rnorm2;
        double rz = 0;
        for (int j = 0; j < m; j++) {
            zvec[j] = res[j] / precond[j];
            dir[j] = zvec[j];
            rz += res[j] * zvec[j];
        }
        for (int it = 0; it < maxIterations && rnorm2 > stop && rnorm2 > 0; it++) {
            apply(z, intercept, c, dir, adir);
            double dad = 0;
            for (int j = 0; j < m; j++) {
                dad += dir[j] * adir[j];
            }
            if (!(dad > 0)) {
                break;
            }
            double step = rz / dad;
            rnorm2 = 0;
            double rzNew = 0;
            for (int j = 0; j < m; j++) {
                phi[j] += step * dir[j];
                res[j] -= step * adir[j];
                rnorm2 += res[j] * res[j];
                zvec[j] = res[j] / precond[j];
                rzNew += res[j] * zvec[j];
            }
            double beta = rzNew / rz;
            rz = rzNew;
            for (int j = 0; j < m; j++) {
                dir[j] = zvec[j] + beta * dir[j];
            }
        }
        for (int j = 0; j < m; j++) {
            double th = u[j] * phi[j];
            if (!Double.isFinite(th)) {
                return false;
            }
        }
        for (int j = 0; j < m; j++) {
            theta[j] = u[j] * phi[j];
        }
        return true;
    }

    /** out = (U Zₐᵀ C Zₐ U + E) x. */
    private void apply(DesignMatrix z, boolean intercept, double[] c, double[] x, double[] out) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        for (int j = 0; j < m; j++) {
            out[j] = u[j] * x[j]; // scratch: U x
        }
        z.multiply(out, intercept ? out[p] : 0.0, t);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            t[i] *= c[i];
            sum += t[i];
        }
        z.transposeMultiply(t, out);
        passes += 2;
        if (intercept) {
            out[p] = sum;
        }
        for (int j = 0; j < m; j++) {
            out[j] = u[j] * out[j] + e[j] * x[j];
        }
    }

    private void ensureCapacity(int n, int m) {
        if (t.length < n) {
            t = new double[n];
        }
        if (u.length < m) {
            u = new double[m];
            e = new double[m];
            precond = new double[m];
            phi = new double[m];
            res = new double[m];
            zvec = new double[m];
            dir = new double[m];
            adir = new double[m];
        }
    }
}
