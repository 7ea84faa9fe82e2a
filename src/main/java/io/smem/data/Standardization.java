package io.smem.data;

import java.util.Arrays;

/**
 * Column centers and scales: the working design is {@code Z = (X − 1 cᵀ) diag(1/s)}. glmnet's convention: weighted
 * means and weighted population standard deviations (divide by W, not W − 1). Centering is used whenever the model
 * has an intercept (it changes nothing but conditioning); scaling only when standardization is on. A constant column
 * gets scale 1 instead of a division by zero, and is marked {@code constant}: with an intercept its coefficient is
 * held at exactly zero (the intercept carries it).
 */
public record Standardization(double[] center, double[] scale, boolean[] constant) {

    /** Centers and scales with no column marked constant. */
    public Standardization(double[] center, double[] scale) {
        this(center, scale, new boolean[center.length]);
    }

    /** No centering, unit scales. */
    public static Standardization identity(int p) {
        double[] ones = new double[p];
        Arrays.fill(ones, 1.0);
        return new Standardization(new double[p], ones);
    }

    /** Weighted column moments of {@code x}; {@code weights} may be null for unit weights. */
    public static Standardization of(DesignMatrix x, double[] weights, boolean center, boolean scale) {
        int n = x.rows();
        int p = x.cols();
        double[] w = weights;
        if (w == null) {
            w = new double[n];
            Arrays.fill(w, 1.0);
        }
        double total = 0;
        for (double wi : w) {
            total += wi;
        }
        double[] mean = new double[p];
        x.transposeMultiply(w, mean);
        for (int j = 0; j < p; j++) {
            mean[j] /= total;
        }
        double[] sd = new double[p];
        boolean[] constant = new boolean[p];
        double[] squares = new double[p];
        x.weightedColumnSquares(w, squares);
        boolean[] exactlyConstant = center ? constantColumns(x, w) : new boolean[p];
        for (int j = 0; j < p; j++) {
            double var = squares[j] / total - mean[j] * mean[j];
            double s = var > 0 ? Math.sqrt(var) : 0.0;
            // Relative guard: a column constant up to round-off is constant. The moments alone cannot tell:
            // E[x²] − E[x]² of a truly constant column is a rounding error whose size depends on the summation order.
            constant[j] = center && (exactlyConstant[j] || !(s > 1e-12 * Math.max(1.0, Math.abs(mean[j]))));
            sd[j] = scale && !constant[j] && s > 0 ? s : 1.0;
        }
        return new Standardization(center ? mean : new double[p], sd, constant);
    }

    /** Columns whose rows of positive weight all hold the same value (implicit zeros of sparse rows included). */
    static boolean[] constantColumns(DesignMatrix x, double[] w) {
        if (x instanceof CsrMatrix csr) {
            return csr.constantColumns(w);
        }
        int n = x.rows();
        int p = x.cols();
        boolean[] constant = new boolean[p];
        Arrays.fill(constant, true);
        double[] first = null;
        for (int i = 0; i < n; i++) {
            if (!(w[i] > 0)) {
                continue;
            }
            if (first == null) {
                first = new double[p];
                for (int j = 0; j < p; j++) {
                    first[j] = x.get(i, j);
                }
                continue;
            }
            for (int j = 0; j < p; j++) {
                if (constant[j] && x.get(i, j) != first[j]) {
                    constant[j] = false;
                }
            }
        }
        return constant;
    }

    public boolean isIdentity() {
        for (int j = 0; j < center.length; j++) {
            if (center[j] != 0 || scale[j] != 1) {
                return false;
            }
        }
        return true;
    }

    /** The working design for {@code x}: a standardized copy for dense data, a lazy view for sparse data. */
    public DesignMatrix apply(DesignMatrix x) {
        if (isIdentity()) {
            return x;
        }
        if (x instanceof DenseMatrix dense) {
            return dense.standardized(center, scale);
        }
        return new StandardizedView(x, this);
    }

    /**
     * Maps working-scale coefficients γ and intercept b to the original scale in place: β_j = γ_j / s_j and
     * β₀ = b − Σ_j c_j β_j. Returns the original-scale intercept.
     */
    public double toOriginal(double[] coef, int offset, double intercept) {
        double b = intercept;
        for (int j = 0; j < center.length; j++) {
            double beta = coef[offset + j] / scale[j];
            coef[offset + j] = beta;
            b -= center[j] * beta;
        }
        return b;
    }

    /** The inverse of {@link #toOriginal}: original-scale β to working-scale γ in place; returns the working intercept. */
    public double toWorking(double[] coef, int offset, double intercept) {
        double b = intercept;
        for (int j = 0; j < center.length; j++) {
            b += center[j] * coef[offset + j];
            coef[offset + j] *= scale[j];
        }
        return b;
    }
}
