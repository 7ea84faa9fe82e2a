package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * M-step by Cholesky: forms the (p+1)² weighted Gram matrix and factors {@code U A U + E}: O(np²) for the Gram matrix
 * plus O(p³/6) for the factorization, the right choice whenever p is moderate.
 *
 * <p>Near convergence the weights barely change from one step to the next (spec §4), so a new system is first solved
 * by conjugate gradients preconditioned with the previous factorization: a few O(np) iterations instead of a new
 * O(np²) Gram matrix. Only if that does not converge within {@link #REUSE_ITERATIONS} iterations is the matrix formed
 * and factored again. The result is the exact solution up to {@link #REUSE_TOLERANCE} in relative residual.
 */
public final class CholeskySolver implements MStepSolver {

    /** Relative diagonal loads tried, in order, when the system is numerically singular. */
    private static final double[] JITTER = {0, 1e-12, 1e-9, 1e-6};
    /** CG iterations allowed with the previous factorization as preconditioner before refactoring. */
    static final int REUSE_ITERATIONS = 6;
    /** Relative residual at which a preconditioned solve counts as exact. */
    static final double REUSE_TOLERANCE = 1e-10;
    /** Secant pairs kept for the held matrix. */
    static final int SECANT_DEPTH = 5;
    /** Below this p a new Gram matrix costs fewer passes than the preconditioned iterations would. */
    static final int REUSE_MIN_COLUMNS = 32;

    private double[] gram = new double[0];
    private double[] augmented = new double[0];
    private double[] system = new double[0];
    private double[] colSums = new double[0];
    private double[] u = new double[0];
    private double[] rhs = new double[0];
    private double passes;
    private final Pcg pcg = new Pcg();
    private boolean reuseAllowed = true;
    /** The weights and design whose Gram matrix {@code augmented} holds. */
    private double[] gramWeights = new double[0];
    private DesignMatrix gramDesign;
    private boolean gramIntercept;
    private int gramSize;
    private double[] identity = new double[0];
    private double[] phi = new double[0];
    /** Size and prior variances of the factorization held in {@code system} (m = 0: none). */
    private int factoredSize;
    private double[] factoredVariance = new double[0];
    /** Secant pairs against the held Gram matrix: chord steps correct it with them. */
    private final SecantPairs secantPairs = new SecantPairs(SECANT_DEPTH);
    /** A multinomial model's joint Hessian on {@code jointDesign}, size {@code jointSize}² (none: null). */
    private double[] jointHessian;
    private DesignMatrix jointDesign;
    private int jointSize;

    @Override
    public String name() {
        return "cholesky";
    }

    @Override
    public void allowReuse(boolean allowed) {
        reuseAllowed = allowed;
    }

    @Override
    public double dataPasses() {
        return passes + pcg.passes();
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        ensureCapacity(p, m);
        if (reuseAllowed && p >= REUSE_MIN_COLUMNS && solveWithPreviousFactor(z, intercept, c, r, v, theta, m)) {
            return true;
        }
        if (!sameWeights(z, intercept, c)) {
            Gram.augmented(z, intercept, c, gram, colSums, augmented, 0, m);
            passes += Math.max(1.0, p / 2.0) + (intercept ? 1 : 0);
            rememberWeights(z, intercept, c);
            secantPairs.reset();
        }
        gramSize = m;
        return factorAndSolve(m, r, v, theta);
    }

    @Override
    public double[] heldWeights(DesignMatrix z, boolean intercept) {
        return gramDesign == z && gramIntercept == intercept && gramSize == (intercept ? z.cols() + 1 : z.cols())
                ? gramWeights : null;
    }

    @Override
    public boolean solveHeld(double[] r, double[] v, double[] theta) {
        return gramDesign != null && factorAndSolve(gramSize, r, v, theta);
    }

    @Override
    public void holdJointHessian(DesignMatrix z, double[] hessian, int size) {
        if (jointHessian == null || jointHessian.length != size * size) {
            jointHessian = new double[size * size];
        }
        System.arraycopy(hessian, 0, jointHessian, 0, size * size);
        jointDesign = z;
        jointSize = size;
    }

    @Override
    public double[] heldJointHessian(DesignMatrix z, int size) {
        return jointDesign == z && jointSize == size ? jointHessian : null;
    }

    @Override
    public SecantPairs secantPairs() {
        return secantPairs;
    }

    @Override
    public boolean heldProduct(double[] x, double[] out) {
        int m = gramSize;
        if (gramDesign == null || m == 0) {
            return false;
        }
        for (int a = 0; a < m; a++) {
            double sum = 0;
            for (int b = 0; b < m; b++) {
                sum += augmented[a * m + b] * x[b];
            }
            out[a] = sum;
        }
        return true;
    }

    /** Factors U A U + E with the Gram matrix in {@code augmented}, solves, and remembers the factorization. */
    private boolean factorAndSolve(int m, double[] r, double[] v, double[] theta) {
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

    /**
     * CG on the new system preconditioned by the factorization of the previous one; requires the same pinned and
     * unpenalized coordinates. The factor stays the old one (it is still the matrix {@link #resolve} reuses).
     */
    private boolean solveWithPreviousFactor(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v,
                                            double[] theta, int m) {
        if (factoredSize != m) {
            return false;
        }
        for (int j = 0; j < m; j++) {
            boolean pinned = v[j] == 0;
            boolean free = v[j] == Double.POSITIVE_INFINITY;
            if (pinned != (factoredVariance[j] == 0) || free != (factoredVariance[j] == Double.POSITIVE_INFINITY)) {
                return false;
            }
        }
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            identity[j] = MStepSolver.identityPartOf(v[j]);
            phi[j] = u[j] > 0 ? theta[j] / u[j] : 0.0;
        }
        boolean ok = pcg.solve(z, intercept, c, u, identity, r, phi, (in, out, size) -> {
            System.arraycopy(in, 0, out, 0, size);
            Cholesky.solveInPlace(system, size, out);
        }, REUSE_TOLERANCE, REUSE_ITERATIONS);
        if (!ok) {
            return false;
        }
        for (int j = 0; j < m; j++) {
            double th = u[j] * phi[j];
            if (!Double.isFinite(th)) {
                return false;
            }
            rhs[j] = th;
        }
        System.arraycopy(rhs, 0, theta, 0, m);
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

    /**
     * True if {@code augmented} already holds the Gram matrix for these weights: with the squared loss the weights
     * never change, so XᵀWX is formed once per data set, shared by every iteration and every λ of a path.
     */
    private boolean sameWeights(DesignMatrix z, boolean intercept, double[] c) {
        if (gramDesign != z || gramIntercept != intercept || gramWeights.length != z.rows()) {
            return false;
        }
        return java.util.Arrays.equals(gramWeights, 0, z.rows(), c, 0, z.rows());
    }

    private void rememberWeights(DesignMatrix z, boolean intercept, double[] c) {
        if (gramWeights.length != z.rows()) {
            gramWeights = new double[z.rows()];
        }
        System.arraycopy(c, 0, gramWeights, 0, z.rows());
        gramDesign = z;
        gramIntercept = intercept;
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
            gramDesign = null;
            identity = new double[m];
            phi = new double[m];
            u = new double[m];
            rhs = new double[m];
        }
    }
}
