package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * Preconditioned conjugate gradients on the scaled M-step system {@code (U Zₐᵀ C Zₐ U + E) φ = U r}, with two data
 * passes per iteration and a pluggable preconditioner. Started from the current iterate, every CG iterate lowers
 * the quadratic surrogate, so stopping early is a generalized EM step.
 */
final class Pcg {

    /** Applies the inverse of a preconditioner: {@code out = P⁻¹ in}. */
    interface Preconditioner {
        void apply(double[] in, double[] out, int m);
    }

    private double[] t = new double[0];
    private double[] res = new double[0];
    private double[] zvec = new double[0];
    private double[] dir = new double[0];
    private double[] adir = new double[0];
    private double passes;

    double passes() {
        return passes;
    }

    /**
     * Runs at most {@code maxIterations} iterations from φ (in/out) until the residual has shrunk by
     * {@code relativeTolerance}. Returns true if it got there.
     */
    boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] u, double[] e, double[] r, double[] phi,
                  Preconditioner pre, double relativeTolerance, int maxIterations) {
        int n = z.rows();
        int m = intercept ? z.cols() + 1 : z.cols();
        ensureCapacity(n, m);
        apply(z, intercept, c, u, e, phi, adir);
        double rnorm2 = 0;
        double bnorm2 = 0;
        for (int j = 0; j < m; j++) {
            double b = u[j] * r[j];
            res[j] = b - adir[j];
            rnorm2 += res[j] * res[j];
            bnorm2 += b * b;
        }
        double stop = relativeTolerance * relativeTolerance * Math.max(rnorm2, 1e-30 * bnorm2);
        if (rnorm2 <= stop || rnorm2 == 0) {
            return true;
        }
        pre.apply(res, zvec, m);
        double rz = 0;
        for (int j = 0; j < m; j++) {
            dir[j] = zvec[j];
            rz += res[j] * zvec[j];
        }
        for (int it = 0; it < maxIterations; it++) {
            apply(z, intercept, c, u, e, dir, adir);
            double dad = 0;
            for (int j = 0; j < m; j++) {
                dad += dir[j] * adir[j];
            }
            if (!(dad > 0) || !(rz > 0)) {
                return false;
            }
            double step = rz / dad;
            rnorm2 = 0;
            for (int j = 0; j < m; j++) {
                phi[j] += step * dir[j];
                res[j] -= step * adir[j];
                rnorm2 += res[j] * res[j];
            }
            if (rnorm2 <= stop) {
                return true;
            }
            pre.apply(res, zvec, m);
            double rzNew = 0;
            for (int j = 0; j < m; j++) {
                rzNew += res[j] * zvec[j];
            }
            double beta = rzNew / rz;
            rz = rzNew;
            for (int j = 0; j < m; j++) {
                dir[j] = zvec[j] + beta * dir[j];
            }
        }
        return false;
    }

    /** out = (U Zₐᵀ C Zₐ U + E) x. */
    private void apply(DesignMatrix z, boolean intercept, double[] c, double[] u, double[] e, double[] x,
                       double[] out) {
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
        if (res.length < m) {
            res = new double[m];
            zvec = new double[m];
            dir = new double[m];
            adir = new double[m];
        }
    }
}
