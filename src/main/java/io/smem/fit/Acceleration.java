package io.smem.fit;

import java.util.Locale;

/** How successive EM steps are combined. */
public enum Acceleration {
    /** The base EM: one M-step per iteration; the objective never increases. */
    NONE,
    /** Nesterov extrapolation v = β_t + t/(t+3)(β_t − β_{t−1}), E-step at v (spec §4); not monotone. */
    NESTEROV,
    /** Nesterov with an objective-based restart (O'Donoghue and Candès 2015): monotone. */
    RESTART,
    /** SQUAREM (Varadhan and Roland 2008), scheme S3 with a monotone fallback; three M-steps per iteration. */
    SQUAREM,
    /**
     * EM-safeguarded Newton: each iteration first tries the M-step with the loss's exact curvature in place of the
     * scale-mixture weight (and the penalty's local curvature, signs held fixed for L1 terms); if that step does not
     * lower the objective, the plain EM step is taken instead. Monotone; for smooth losses only.
     */
    NEWTON,
    /** NEWTON for smooth losses, RESTART otherwise. */
    AUTO;

    /** The command-line spelling. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Acceleration fromCli(String s) {
        for (Acceleration a : values()) {
            if (a.cliName().equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown acceleration '" + s + "' (none, nesterov, restart, squarem, newton, auto)");
    }
}
