package io.smem.path;

import io.smem.fit.FitResult;

/**
 * One point of a regularization path.
 *
 * @param lambda            λ
 * @param fit               the fit at λ (coefficients on the original scale, objective, iterations, converged, …)
 * @param df                degrees of freedom: non-zero coefficients for lasso-type and bridge penalties, the effective
 *                          degrees of freedom tr((A + D)⁻¹A) for ridge (intercepts excluded)
 * @param deviance          training deviance (twice the weighted mean loss)
 * @param cvMean            mean held-out deviance over the folds (NaN without cross-validation)
 * @param cvSe              its standard error
 * @param cvMisclassification mean held-out misclassification rate (NaN without CV or for regression)
 * @param aic               Akaike's criterion (NaN where the loss has no likelihood)
 * @param bic               Bayesian criterion
 * @param ebic              extended BIC
 */
public record PathPoint(double lambda, FitResult fit, double df, double deviance, double cvMean, double cvSe,
                        double cvMisclassification, double aic, double bic, double ebic) {

    PathPoint withCv(double mean, double se, double misclassification) {
        return new PathPoint(lambda, fit, df, deviance, mean, se, misclassification, aic, bic, ebic);
    }
}
