package io.smem.path;

import java.util.Locale;

/** How the penalty λ is chosen from a path. */
public enum SelectionRule {
    /** Minimum mean held-out deviance over K-fold cross-validation (the default). */
    CV_MIN,
    /** The largest λ whose mean CV deviance is within one standard error of the minimum (glmnet's lambda.1se). */
    CV_1SE,
    /** Akaike's information criterion: deviance + 2·df. */
    AIC,
    /** Bayesian information criterion: deviance + log(n)·df. */
    BIC,
    /** Extended BIC (Chen and Chen 2008): BIC + 2γ·log C(p, df), γ = 0.5. */
    EBIC;

    public boolean usesCrossValidation() {
        return this == CV_MIN || this == CV_1SE;
    }

    /** The command-line spelling: {@code cv-min}, {@code cv-1se}, {@code aic}, {@code bic}, {@code ebic}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SelectionRule fromCli(String s) {
        for (SelectionRule r : values()) {
            if (r.cliName().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown selection rule '" + s + "' (cv-min, cv-1se, aic, bic, ebic)");
    }
}
