package io.smem.bench.peers;

import java.util.Locale;

/**
 * One optimization problem in glmnet's convention: F(b, β) = (1/n) Σ ℓ(ỹ_i, b + x_iᵀβ) + λ [α‖β‖₁ + (1−α)/2 ‖β‖²],
 * raw features. With {@code biasPenalized} the intercept is penalized like a coefficient (the ridge term gets + b²/2):
 * the problem liblinear's dual SVM solver and Tribuo's liblinear wrapper solve, since neither can leave the bias out.
 * The objective is evaluated here, independently of every solver, with compensated summation.
 */
record Problem(String id, String description, boolean hinge, double alpha, double lambda, boolean biasPenalized) {

    /** F at (b, β); the same function for every solver. */
    double value(Dataset d, double[] beta, double b) {
        int n = d.n();
        int p = d.p();
        double sum = 0;
        double comp = 0;
        for (int i = 0; i < n; i++) {
            double[] xi = d.x()[i];
            double eta = b;
            for (int j = 0; j < p; j++) {
                eta += xi[j] * beta[j];
            }
            double t = d.y()[i] > 0.5 ? eta : -eta;
            double l = hinge ? Math.max(0.0, 1 - t) : logLoss(t);
            // Neumaier summation: n up to a few thousand, relative accuracy well below 1e-13.
            double s = sum + l;
            comp += Math.abs(sum) >= Math.abs(l) ? (sum - s) + l : (l - s) + sum;
            sum = s;
        }
        double l1 = 0;
        double l2 = 0;
        for (int j = 0; j < p; j++) {
            l1 += Math.abs(beta[j]);
            l2 += beta[j] * beta[j];
        }
        if (biasPenalized) {
            l1 += Math.abs(b);
            l2 += b * b;
        }
        return (sum + comp) / n + lambda * (alpha * l1 + 0.5 * (1 - alpha) * l2);
    }

    /** log(1 + exp(−t)), stable for every t. */
    static double logLoss(double t) {
        return t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
    }

    /** liblinear's C for this problem: C Σ ℓ + penalty  ⇔  (1/n) Σ ℓ + λ penalty with C = 1/(nλ). */
    double liblinearC(int n) {
        return 1.0 / (n * lambda);
    }

    String penaltyName() {
        if (alpha == 0) {
            return "ridge";
        }
        return alpha == 1 ? "lasso" : String.format(Locale.ROOT, "elastic net α=%.2g", alpha);
    }
}
