package io.smem.solve;

import io.smem.data.DesignMatrix;

/**
 * The M-step in its dual (Woodbury) form, for p ≫ n: an n × n system instead of a p × p one.
 *
 * <p>Split the coordinates into penalized ones P (finite prior variance v, including v = 0 for pinned ones) and free
 * ones F (v = +∞: the intercept, and a lasso support in a Newton step). With W = diag(√c) and V = diag(v_P), the
 * penalized block is inverted by the Woodbury identity through {@code M = I + W Z_P V Z_Pᵀ W} (n × n, eigenvalues
 * ≥ 1, so well conditioned whatever λ), and the free block by its Schur complement {@code S = Yᵀ M⁻¹ Y} with
 * Y = W Z_F (f × f). For a right-hand side r:
 * <pre>
 *   s = W Z_P V r_P,   u = M⁻¹ s,   S θ_F = r_F − Yᵀ u,
 *   θ_P = V (r_P − Z_Pᵀ W (u + M⁻¹Y θ_F)).
 * </pre>
 * Cost: the row Gram matrix Z V Zᵀ (O(n²p), or Σ_j nnz_j² for sparse columns; pinned columns are skipped), an n³/3
 * factorization, f solves with M, and two passes over the data per right-hand side. Exact, like Cholesky: the EM
 * stays monotone and Newton steps are unchanged. A zero prior variance gives an exact zero without any division.
 *
 * <p>The row Gram matrix Z V Zᵀ is held for every later solve whose prior variances are a multiple of it: for ridge
 * that is every step of every λ of a path, which then costs two data passes and an O(n³) factorization per step. A
 * full Newton step is then as cheap as a chord step would be, so this solver offers no held matrix for chord steps
 * ({@link #heldWeights} stays null: measured, chord steps' linear convergence took a 40-λ ridge path from 81 to 415
 * iterations). {@link #resolve} reuses the last factorization for a new right-hand side. No p × p matrix is ever
 * formed. A system with more free coordinates than rows (an unpenalized fit with p > n) goes to conjugate
 * gradients.
 */
public final class WoodburySolver implements MStepSolver {

    /** Relative diagonal loads tried, in order, when the Schur complement is numerically singular. */
    private static final double[] JITTER = {0, 1e-12, 1e-9, 1e-6};

    private double[] dual = new double[0];
    /**
     * The row Gram matrix Z diag(v) Zᵀ last formed, for {@link #heldDesign} and the variances in {@link #heldVariance}.
     * A ridge penalty's prior variances are all equal (1/λ), and an elastic net's Newton variances are equal on its
     * support, so the next solves — other weights, the next λ — need the same matrix times a scalar: the dual's
     * λ-independent sufficient statistic, formed once instead of at every step.
     */
    private double[] heldRowGram = new double[0];
    private double[] heldVariance = new double[0];
    private DesignMatrix heldDesign;
    private double[] penalized = new double[0];
    private double[] sqrtC = new double[0];
    private double[] s = new double[0];
    private double[] u = new double[0];
    private double[] scratchP = new double[0];
    /** Y = W Z_F and M⁻¹Y, column by column (each free coordinate's n entries contiguous). */
    private double[] y = new double[0];
    private double[] mInvY = new double[0];
    private double[] schur = new double[0];
    private double[] schurFactor = new double[0];
    private double[] thetaFree = new double[0];
    private int[] free = new int[0];
    private int freeCount;
    private double passes;
    /** The curvature weights c of the factorization held. */
    private double[] weights = new double[0];
    /** Conjugate gradients, for a system with more free coordinates than rows; {@link #iterative} after one. */
    private ConjugateGradientSolver fallback;
    private boolean iterative;
    /** The design, size and prior variances of the factorization held (null design: none). */
    private DesignMatrix factoredDesign;
    private boolean factoredIntercept;
    private double[] factoredVariance = new double[0];

    @Override
    public String name() {
        return "woodbury";
    }

    @Override
    public double dataPasses() {
        return passes + (fallback == null ? 0.0 : fallback.dataPasses());
    }

    /** True after a solve handed to conjugate gradients (more free coordinates than rows): EmFitter damps Newton. */
    @Override
    public boolean isIterative() {
        return iterative;
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        if ((long) n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the woodbury solver needs an n x n matrix; " + n
                    + " rows are too many for it (use cg)");
        }
        factoredDesign = null;
        ensureCapacity(n, p, m);
        if (countFree(v, m) > n) {
            // More free coordinates than observations (an unpenalized fit with p > n, a lasso support beyond n): the
            // Schur complement would be f × f and singular. Conjugate gradients take that system, as AUTO would.
            iterative = true;
            if (fallback == null) {
                fallback = new ConjugateGradientSolver();
            }
            return fallback.solve(z, intercept, c, r, v, theta);
        }
        iterative = false;
        System.arraycopy(c, 0, weights, 0, n);
        double ratio = heldDesign == z ? proportionToHeld(v, p) : Double.NaN;
        split(v, m);
        if (Double.isNaN(ratio)) {
            z.rowGram(penalized, heldRowGram);
            passes += Math.max(1.0, n / 2.0);
            heldDesign = z;
            System.arraycopy(penalized, 0, heldVariance, 0, p);
            ratio = 1.0;
        }
        return factorAndApply(z, intercept, ratio, r, v, theta);
    }

    @Override
    public boolean resolve(double[] r, double[] v, double[] theta) {
        if (factoredDesign == null || iterative) {
            return false;
        }
        int n = factoredDesign.rows();
        int p = factoredDesign.cols();
        int m = factoredIntercept ? p + 1 : p;
        for (int j = 0; j < m; j++) {
            if (Double.compare(v[j], factoredVariance[j]) != 0) {
                return false;
            }
        }
        return apply(factoredDesign, n, p, m, r, theta);
    }

    private static int countFree(double[] v, int m) {
        int f = 0;
        for (int j = 0; j < m; j++) {
            f += v[j] == Double.POSITIVE_INFINITY ? 1 : 0;
        }
        return f;
    }

    /** The free coordinates into {@link #free}, the penalized variances (0 for free ones) into {@link #penalized}. */
    private void split(double[] v, int m) {
        freeCount = 0;
        for (int j = 0; j < m; j++) {
            boolean isFree = v[j] == Double.POSITIVE_INFINITY;
            if (isFree) {
                free[freeCount++] = j;
            }
            penalized[j] = isFree ? 0.0 : v[j];
        }
    }

    /**
     * M = I + W (κ·held row Gram + intercept variance) W with the weights of this solve, its factor, the Schur complement,
     * and θ for r; remembers the factorization for {@link #resolve}.
     */
    private boolean factorAndApply(DesignMatrix z, boolean intercept, double ratio, double[] r, double[] v,
                                   double[] theta) {
        int n = z.rows();
        int p = z.cols();
        int m = intercept ? p + 1 : p;
        ensureFreeCapacity(n, freeCount);
        for (int i = 0; i < n; i++) {
            sqrtC[i] = Math.sqrt(weights[i]);
        }
        // A penalized intercept (not used by the fitters, but allowed by the contract) is a column of ones.
        double interceptVariance = m > p ? penalized[p] : 0.0;
        for (int i = 0; i < n; i++) {
            double wi = sqrtC[i];
            int row = i * n;
            for (int k = 0; k <= i; k++) {
                dual[row + k] = (ratio * heldRowGram[row + k] + interceptVariance) * wi * sqrtC[k];
            }
            dual[row + i] += 1.0;
        }
        if (!Cholesky.factorLowerInPlace(dual, n)) {
            return false; // I + a positive semidefinite matrix: only non-finite input gets here
        }
        if (!factorSchur(z, n, p) || !apply(z, n, p, m, r, theta)) {
            return false;
        }
        factoredDesign = z;
        factoredIntercept = intercept;
        System.arraycopy(v, 0, factoredVariance, 0, m);
        return true;
    }

    /**
     * κ if the prior variances v (+∞ read as 0: free) are κ times those of the held row Gram matrix — the same zeros,
     * every ratio equal to within 1e-13 — NaN otherwise. The tolerance only absorbs the rounding of 1/(λh) for
     * different λ.
     */
    private double proportionToHeld(double[] v, int p) {
        double ratio = Double.NaN;
        for (int j = 0; j < p; j++) {
            double held = heldVariance[j];
            double now = v[j] == Double.POSITIVE_INFINITY ? 0.0 : v[j];
            if ((held == 0) != (now == 0)) {
                return Double.NaN;
            }
            if (held == 0) {
                continue;
            }
            double r = now / held;
            if (Double.isNaN(ratio)) {
                ratio = r;
            } else if (Math.abs(r - ratio) > 1e-13 * ratio) {
                return Double.NaN;
            }
        }
        return Double.isNaN(ratio) ? 1.0 : ratio;
    }

    /** Y = W Z_F, M⁻¹Y, and the Cholesky factor of S = Yᵀ M⁻¹ Y (with a diagonal load if it is singular). */
    private boolean factorSchur(DesignMatrix z, int n, int p) {
        int f = freeCount;
        for (int q = 0; q < f; q++) {
            int j = free[q];
            int col = q * n;
            for (int i = 0; i < n; i++) {
                y[col + i] = sqrtC[i] * (j == p ? 1.0 : z.get(i, j));
            }
            System.arraycopy(y, col, u, 0, n);
            Cholesky.solveInPlace(dual, n, u);
            System.arraycopy(u, 0, mInvY, col, n);
        }
        if (f > 0 && free[0] < p) {
            passes += 1; // free feature columns read from the data (the intercept's column of ones is not)
        }
        double largest = 0;
        for (int a = 0; a < f; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                for (int i = 0, ya = a * n, mb = b * n; i < n; i++) {
                    sum += y[ya + i] * mInvY[mb + i];
                }
                schur[a * f + b] = sum;
            }
            largest = Math.max(largest, schur[a * f + a]);
        }
        // Collinear free columns (an unpenalized fit with more support than the data determines): a small load
        // on the diagonal, as CholeskySolver does; a larger curvature still majorizes, so EM stays monotone.
        for (double jitter : JITTER) {
            System.arraycopy(schur, 0, schurFactor, 0, f * f);
            for (int a = 0; a < f; a++) {
                schurFactor[a * f + a] += jitter * largest;
            }
            if (Cholesky.factorLowerInPlace(schurFactor, f)) {
                return true;
            }
        }
        return false;
    }

    /** θ for right-hand side r with the factorizations held (see the class comment). */
    private boolean apply(DesignMatrix z, int n, int p, int m, double[] r, double[] theta) {
        int f = freeCount;
        for (int j = 0; j < m; j++) {
            scratchP[j] = penalized[j] * r[j];
        }
        z.multiply(scratchP, m > p ? scratchP[p] : 0.0, s);
        for (int i = 0; i < n; i++) {
            s[i] *= sqrtC[i];
        }
        System.arraycopy(s, 0, u, 0, n);
        Cholesky.solveInPlace(dual, n, u);
        for (int q = 0; q < f; q++) {
            double dot = 0;
            for (int i = 0, col = q * n; i < n; i++) {
                dot += y[col + i] * u[i];
            }
            thetaFree[q] = r[free[q]] - dot;
        }
        Cholesky.solveInPlace(schurFactor, f, thetaFree);
        for (int q = 0; q < f; q++) {
            double tq = thetaFree[q];
            for (int i = 0, col = q * n; i < n; i++) {
                u[i] += mInvY[col + i] * tq;
            }
        }
        for (int i = 0; i < n; i++) {
            s[i] = sqrtC[i] * u[i];
        }
        z.transposeMultiply(s, scratchP);
        passes += 2;
        if (m > p) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += s[i];
            }
            scratchP[p] = sum;
        }
        for (int j = 0; j < m; j++) {
            scratchP[j] = penalized[j] * (r[j] - scratchP[j]);
            if (!Double.isFinite(scratchP[j])) {
                return false;
            }
        }
        for (int q = 0; q < f; q++) {
            if (!Double.isFinite(thetaFree[q])) {
                return false;
            }
        }
        System.arraycopy(scratchP, 0, theta, 0, m);
        for (int q = 0; q < f; q++) {
            theta[free[q]] = thetaFree[q];
        }
        return true;
    }

    private void ensureCapacity(int n, int p, int m) {
        if (dual.length < n * n) {
            dual = new double[n * n];
            heldRowGram = new double[n * n];
            heldDesign = null;
        }
        if (sqrtC.length < n) {
            sqrtC = new double[n];
            weights = new double[n];
            s = new double[n];
            u = new double[n];
        }
        if (penalized.length < m) {
            penalized = new double[m];
            scratchP = new double[m];
            heldVariance = new double[m];
            heldDesign = null;
        }
        if (free.length < m) {
            free = new int[m];
            factoredVariance = new double[m];
        }
    }

    /** Y, M⁻¹Y and S grow with the free coordinates actually seen (usually just the intercept). */
    private void ensureFreeCapacity(int n, int f) {
        if (thetaFree.length < f) {
            thetaFree = new double[f];
        }
        if (y.length < n * f) {
            y = new double[n * f];
            mInvY = new double[n * f];
        }
        if (schur.length < f * f) {
            schur = new double[f * f];
            schurFactor = new double[f * f];
        }
    }
}
