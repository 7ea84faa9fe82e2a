package io.smem.solve;

/**
 * Secant pairs gathered against a held Gram matrix: s = θ' − θ and y = ∇L(θ') − ∇L(θ) between successive points
 * where a chord step evaluated the data gradient. They carry what the held matrix misses of the current curvature
 * (y ≈ H s), they do not depend on λ (only the data term enters), so on a path the pair from one λ's last point to
 * the next λ's start is valid, and they cost no data pass (the chord step's right-hand side gives ∇L with the held
 * matrix). A pair is valid for one set of pinned coefficients (lasso zeros); recording under another set starts
 * afresh.
 *
 * <p>The solver that holds the matrix owns its pairs and drops them when it forms a new matrix.
 */
public final class SecantPairs {

    /** Pairs kept for a held matrix (more measured no better: the curvature seen by older steps is stale). */
    public static final int DEPTH = 5;

    private final int depth;
    private double[][] s = new double[0][];
    private double[][] y = new double[0][];
    private double[] lastTheta = new double[0];
    private double[] lastGradient = new double[0];
    private boolean[] pinned = new boolean[0];
    private int m;
    private int count;
    private int next;
    private boolean hasLast;

    public SecantPairs(int depth) {
        this.depth = depth;
    }

    /** A new held matrix: forget everything. */
    public void reset() {
        count = 0;
        next = 0;
        hasLast = false;
    }

    /** Drops the pairs (not the last point, from which the next pair starts). */
    public void clearPairs() {
        count = 0;
        next = 0;
    }

    public int size() {
        return count;
    }

    /** The i-th pair's step (i &lt; size()); the order does not matter to a least-squares fit. */
    public double[] s(int i) {
        return s[i];
    }

    public double[] y(int i) {
        return y[i];
    }

    /**
     * Records the data gradient at theta (both of length m); {@code variance} are the prior variances of the chord
     * step there, whose zeros are the pinned coefficients. Adds the pair with the last point if the pinned set is the
     * same and theta moved; otherwise the pairs start afresh from here.
     */
    public void record(double[] theta, double[] gradient, double[] variance, int size) {
        if (size != m) {
            m = size;
            s = new double[depth][m];
            y = new double[depth][m];
            lastTheta = new double[m];
            lastGradient = new double[m];
            pinned = new boolean[m];
            count = 0;
            next = 0;
            hasLast = false;
        }
        boolean samePinned = hasLast;
        for (int j = 0; j < m && samePinned; j++) {
            samePinned = pinned[j] == (variance[j] == 0);
        }
        if (!samePinned) {
            count = 0;
            next = 0;
        } else {
            double moved = 0;
            for (int j = 0; j < m; j++) {
                moved = Math.max(moved, Math.abs(theta[j] - lastTheta[j]));
            }
            if (moved > 0) {
                for (int j = 0; j < m; j++) {
                    s[next][j] = theta[j] - lastTheta[j];
                    y[next][j] = gradient[j] - lastGradient[j];
                }
                next = (next + 1) % depth;
                count = Math.min(count + 1, depth);
            }
        }
        System.arraycopy(theta, 0, lastTheta, 0, m);
        System.arraycopy(gradient, 0, lastGradient, 0, m);
        for (int j = 0; j < m; j++) {
            pinned[j] = variance[j] == 0;
        }
        hasLast = true;
    }
}
