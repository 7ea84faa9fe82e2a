package io.smem.fit;

/**
 * The raw outcome of one EM run on the working (standardized) scale: one coefficient row per model row, each
 * {@code p} coefficients followed by the intercept when there is one.
 */
record EmRun(double[][] theta, double objective, int iterations, boolean converged, String message,
             double kktResidual, String solver, String acceleration, double[] trace, double dataPasses) {
}
