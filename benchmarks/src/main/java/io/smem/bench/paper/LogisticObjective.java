package io.smem.bench.paper;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The benchmark's own implementation of the objective, independent of the engine (glmnet's convention, spec §2, unit
 * weights):
 *
 * <pre>F(β, β₀) = (1/n) Σ_i log(1 + exp(−ỹ_i (β₀ + x_iᵀβ))) + λ P(β),   P = ½‖β‖² (ridge) or ‖β‖₁ (lasso),</pre>
 *
 * with the intercept unpenalized. Parameters are θ = (β_1..β_p, β₀): the intercept last, as in the engine's working
 * state. Sums over rows are split into fixed chunks of {@link #CHUNK} rows (run in parallel for large problems) and
 * combined in a fixed order, so every value is deterministic; the loss sum is compensated (Kahan), so differences
 * F − F* are meaningful down to about 1e-16.
 */
final class LogisticObjective {

    enum Pen { RIDGE, LASSO }

    static final int CHUNK = 256;
    /** Below this many multiply-adds per pass the chunks run on the calling thread. */
    private static final long PARALLEL_MIN = 400_000L;

    final int n;
    final int p;
    final int m;
    final double[] x;
    final double[] y;
    final double lambda;
    final Pen pen;
    private final int chunks;
    private final boolean parallel;
    /** Column-major copy of [X 1] for the Hessian (built on first use). */
    private double[] columns;

    LogisticObjective(double[] x, double[] y, int n, int p, double lambda, Pen pen) {
        this.x = x;
        this.y = y;
        this.n = n;
        this.p = p;
        this.m = p + 1;
        this.lambda = lambda;
        this.pen = pen;
        this.chunks = (n + CHUNK - 1) / CHUNK;
        this.parallel = (long) n * p >= PARALLEL_MIN;
    }

    LogisticObjective withLambda(double l, Pen pn) {
        LogisticObjective o = new LogisticObjective(x, y, n, p, l, pn);
        o.columns = columns;
        return o;
    }

    /** log(1 + exp(−ỹη)), ỹ = 2y − 1, accurate in both tails. */
    static double loss(double yi, double eta) {
        double mrg = yi > 0.5 ? eta : -eta;
        return mrg > 0 ? Math.log1p(Math.exp(-mrg)) : -mrg + Math.log1p(Math.exp(mrg));
    }

    static double sigmoid(double eta) {
        if (eta >= 0) {
            return 1.0 / (1.0 + Math.exp(-eta));
        }
        double e = Math.exp(eta);
        return e / (1.0 + e);
    }

    double penalty(double[] theta) {
        double s = 0;
        if (pen == Pen.RIDGE) {
            for (int j = 0; j < p; j++) {
                s += theta[j] * theta[j];
            }
            return 0.5 * s;
        }
        for (int j = 0; j < p; j++) {
            s += Math.abs(theta[j]);
        }
        return s;
    }

    private void forChunks(java.util.function.IntConsumer body) {
        if (parallel) {
            IntStream.range(0, chunks).parallel().forEach(body);
        } else {
            for (int c = 0; c < chunks; c++) {
                body.accept(c);
            }
        }
    }

    /** β₀ + x_iᵀβ, with four partial sums (the JIT does not vectorize a plain reduction). */
    private double eta(double[] theta, int i) {
        int row = i * p;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            s0 += x[row + j] * theta[j];
            s1 += x[row + j + 1] * theta[j + 1];
            s2 += x[row + j + 2] * theta[j + 2];
            s3 += x[row + j + 3] * theta[j + 3];
        }
        for (; j < p; j++) {
            s0 += x[row + j] * theta[j];
        }
        return theta[p] + ((s0 + s1) + (s2 + s3));
    }

    /** F(θ). */
    double value(double[] theta) {
        double[] partSum = new double[chunks];
        double[] partComp = new double[chunks];
        forChunks(c -> {
            double sum = 0;
            double comp = 0;
            for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                double term = loss(y[i], eta(theta, i)) - comp;
                double t = sum + term;
                comp = (t - sum) - term;
                sum = t;
            }
            partSum[c] = sum;
            partComp[c] = comp;
        });
        return combine(partSum, partComp) / n + lambda * penalty(theta);
    }

    private static double combine(double[] sums, double[] comps) {
        double sum = 0;
        double comp = 0;
        for (int c = 0; c < sums.length; c++) {
            double term = sums[c] - comps[c] - comp;
            double t = sum + term;
            comp = (t - sum) - term;
            sum = t;
        }
        return sum;
    }

    /**
     * The gradient of F at θ into {@code grad} (for the lasso the subgradient with 0 at β_j = 0, which is what a
     * first-order method such as Adam uses). Two passes over the data.
     */
    void gradient(double[] theta, double[] grad) {
        double[][] part = new double[chunks][m];
        forChunks(c -> {
            double[] g = part[c];
            for (int i = c * CHUNK, end = Math.min(n, i + CHUNK); i < end; i++) {
                double r = sigmoid(eta(theta, i)) - y[i];
                int row = i * p;
                for (int j = 0; j < p; j++) {
                    g[j] += r * x[row + j];
                }
                g[p] += r;
            }
        });
        Arrays.fill(grad, 0);
        for (double[] g : part) {
            for (int j = 0; j < m; j++) {
                grad[j] += g[j];
            }
        }
        for (int j = 0; j < m; j++) {
            grad[j] /= n;
        }
        for (int j = 0; j < p; j++) {
            grad[j] += lambda * (pen == Pen.RIDGE ? theta[j] : Math.signum(theta[j]));
        }
    }

    /**
     * The Hessian of the ridge objective at θ, row-major m × m: (1/n) [X 1]ᵀ D [X 1] + λ diag(1, …, 1, 0),
     * D = diag(σ(1 − σ)).
     */
    double[] hessian(double[] theta) {
        if (pen != Pen.RIDGE) {
            throw new IllegalStateException("the Hessian is for the ridge objective");
        }
        if (columns == null) {
            columns = new double[m * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    columns[j * n + i] = x[i * p + j];
                }
                columns[p * n + i] = 1.0;
            }
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            double s = sigmoid(eta(theta, i));
            d[i] = s * (1 - s);
        }
        double[] h = new double[m * m];
        double[] cols = columns;
        IntStream.range(0, m).parallel().forEach(a -> {
            double[] da = new double[n];
            int oa = a * n;
            for (int i = 0; i < n; i++) {
                da[i] = d[i] * cols[oa + i];
            }
            for (int b = a; b < m; b++) {
                int ob = b * n;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += da[i] * cols[ob + i];
                    s1 += da[i + 1] * cols[ob + i + 1];
                    s2 += da[i + 2] * cols[ob + i + 2];
                    s3 += da[i + 3] * cols[ob + i + 3];
                }
                for (; i < n; i++) {
                    s0 += da[i] * cols[ob + i];
                }
                double v = (s0 + s1 + s2 + s3) / n;
                h[a * m + b] = v;
                h[b * m + a] = v;
            }
        });
        for (int j = 0; j < p; j++) {
            h[j * m + j] += lambda;
        }
        return h;
    }

    /** θ of the intercept-only model: β = 0, β₀ = logit(ȳ) (the engine's starting point too). */
    double[] nullModel() {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double[] theta = new double[m];
        theta[p] = Math.log(mean / (1 - mean));
        return theta;
    }

    /** Number of multiply-adds of one pass over the data (n·p). */
    long passSize() {
        return (long) n * p;
    }
}
