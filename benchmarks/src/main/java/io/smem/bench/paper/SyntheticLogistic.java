package io.smem.bench.paper;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The ill-conditioned logistic problems of the project protocol (spec §7): X = U diag(s) Vᵀ with U (n × p, orthonormal
 * columns) and V (p × p, orthogonal) Haar-random, s log-spaced from 1 down to 1/κ, n = 10p; β* ~ N(0, I) scaled so that
 * the population standard deviation of Xβ* is 2; y_i ~ Bernoulli(σ(x_iᵀβ*)). There is no true intercept (the fitted
 * models still carry an unpenalized one).
 *
 * <p>The random draws depend on (p, seed) only, not on κ: the three condition numbers of one seed share U, V, the
 * direction of β* and the uniforms behind y, so differences across κ come from the spectrum alone.
 *
 * <p>Orthogonal factors come from commons-math3's Householder QR of a Gaussian matrix G = QR, with the columns of Q
 * multiplied by sign(R_jj) (which makes Q Haar-distributed). For the tall n × p factor the thin Q is G R⁻¹ (forming
 * commons-math3's full n × n Q would cost O(n²p)); G is well conditioned (n = 10p), so G R⁻¹ is orthonormal to
 * rounding, which {@link #orthogonalityError} checks.
 */
final class SyntheticLogistic {

    /**
     * One problem.
     *
     * @param x        the design, row-major n × p
     * @param y        labels 0/1
     * @param betaStar the true coefficients
     * @param s        the singular values of X
     * @param orthogonalityError max |UᵀU − I| and |VᵀV − I| entries
     */
    record Problem(int n, int p, double kappa, long seed, double[] x, double[] y, double[] betaStar, double[] s,
                   double orthogonalityError) {

        double positiveShare() {
            double k = 0;
            for (double v : y) {
                k += v;
            }
            return k / n;
        }
    }

    /** U, V, the raw β direction and the uniforms of one (p, seed): shared by every κ. */
    record Factors(int n, int p, long seed, double[] u, double[] vt, double[] g, double[] uniforms,
                   double orthogonalityError) {
    }

    private SyntheticLogistic() {
    }

    static Factors factors(int p, long seed) {
        int n = 10 * p;
        RandomGenerator rng = new Well19937c(new int[] {0x5eed, (int) seed, p, 7});
        double[][] gu = gaussian(rng, n, p);
        double[][] gv = gaussian(rng, p, p);
        double[] g = new double[p];
        for (int j = 0; j < p; j++) {
            g[j] = rng.nextGaussian();
        }
        double[] uniforms = new double[n];
        for (int i = 0; i < n; i++) {
            uniforms[i] = rng.nextDouble();
        }
        double[] u = thinOrthonormal(gu);
        double[][] v = squareOrthogonal(gv);
        // Vᵀ row-major: row j of Vᵀ is column j of V.
        double[] vt = new double[p * p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                vt[j * p + k] = v[k][j];
            }
        }
        double err = Math.max(orthogonalityError(u, n, p), orthogonalityError(vt, p, p));
        return new Factors(n, p, seed, u, vt, g, uniforms, err);
    }

    static Problem problem(Factors f, double kappa) {
        int n = f.n();
        int p = f.p();
        double[] s = new double[p];
        for (int j = 0; j < p; j++) {
            s[j] = p == 1 ? 1.0 : Math.pow(kappa, -(double) j / (p - 1));
        }
        // X = U diag(s) Vᵀ: row i is Σ_j U_ij s_j (row j of Vᵀ).
        double[] x = new double[n * p];
        double[] vt = f.vt();
        double[] u = f.u();
        for (int i = 0; i < n; i++) {
            int row = i * p;
            for (int j = 0; j < p; j++) {
                double c = u[row + j] * s[j];
                int vr = j * p;
                for (int k = 0; k < p; k++) {
                    x[row + k] += c * vt[vr + k];
                }
            }
        }
        double[] eta = new double[n];
        multiply(x, n, p, f.g(), eta);
        double sd = populationSd(eta);
        double scale = 2.0 / sd;
        double[] beta = new double[p];
        for (int j = 0; j < p; j++) {
            beta[j] = f.g()[j] * scale;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double prob = 1.0 / (1.0 + Math.exp(-eta[i] * scale));
            y[i] = f.uniforms()[i] < prob ? 1.0 : 0.0;
        }
        return new Problem(n, p, kappa, f.seed(), x, y, beta, s, f.orthogonalityError());
    }

    static double populationSd(double[] v) {
        double mean = 0;
        for (double a : v) {
            mean += a;
        }
        mean /= v.length;
        double ss = 0;
        for (double a : v) {
            ss += (a - mean) * (a - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    static void multiply(double[] x, int n, int p, double[] beta, double[] out) {
        for (int i = 0; i < n; i++) {
            double acc = 0;
            int row = i * p;
            for (int j = 0; j < p; j++) {
                acc += x[row + j] * beta[j];
            }
            out[i] = acc;
        }
    }

    private static double[][] gaussian(RandomGenerator rng, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = rng.nextGaussian();
            }
        }
        return a;
    }

    /** Thin Q (row-major n × p) of G = QR with sign(diag R) folded in: Q = G (DR)⁻¹, D = diag(sign R_jj). */
    private static double[] thinOrthonormal(double[][] g) {
        int n = g.length;
        int p = g[0].length;
        RealMatrix r = new QRDecomposition(new Array2DRowRealMatrix(g, false)).getR();
        double[][] rr = new double[p][p];
        for (int a = 0; a < p; a++) {
            double sign = r.getEntry(a, a) < 0 ? -1.0 : 1.0;
            for (int b = a; b < p; b++) {
                rr[a][b] = sign * r.getEntry(a, b);
            }
        }
        // Row i of Q solves q (DR) = g_i, i.e. (DR)ᵀ qᵀ = g_iᵀ: forward substitution with the lower triangle (DR)ᵀ.
        double[] q = new double[n * p];
        for (int i = 0; i < n; i++) {
            double[] gi = g[i];
            int row = i * p;
            for (int b = 0; b < p; b++) {
                double acc = gi[b];
                for (int a = 0; a < b; a++) {
                    acc -= rr[a][b] * q[row + a];
                }
                q[row + b] = acc / rr[b][b];
            }
        }
        return q;
    }

    /** Q of a square Gaussian matrix with sign(diag R) folded in (Haar-distributed). */
    private static double[][] squareOrthogonal(double[][] g) {
        int p = g.length;
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(g, false));
        double[][] q = qr.getQ().getData();
        RealMatrix r = qr.getR();
        for (int b = 0; b < p; b++) {
            if (r.getEntry(b, b) < 0) {
                for (int a = 0; a < p; a++) {
                    q[a][b] = -q[a][b];
                }
            }
        }
        return q;
    }

    /** max |QᵀQ − I| for a row-major rows × cols matrix Q. */
    static double orthogonalityError(double[] q, int rows, int cols) {
        double[] gram = new double[cols * cols];
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int a = 0; a < cols; a++) {
                double qa = q[row + a];
                int ga = a * cols;
                for (int b = a; b < cols; b++) {
                    gram[ga + b] += qa * q[row + b];
                }
            }
        }
        double err = 0;
        for (int a = 0; a < cols; a++) {
            for (int b = a; b < cols; b++) {
                err = Math.max(err, Math.abs(gram[a * cols + b] - (a == b ? 1 : 0)));
            }
        }
        return err;
    }
}
