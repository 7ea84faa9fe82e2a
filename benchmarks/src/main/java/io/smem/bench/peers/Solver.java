package io.smem.bench.peers;

import java.util.List;

/**
 * A solver as the harness drives it: a sweep of settings from loose to tight, its library default, and its tightest
 * setting (for the reference optimum). Each setting fits once per call and returns the solution; nothing else
 * (data conversion, printing) happens inside a timed call.
 *
 * @param name      as printed in the tables
 * @param note      what problem it solves, if not exactly ours, and what its work column means
 * @param sweep     settings, loosest first
 * @param defaults  the library's default stopping rule at our λ (null: none)
 * @param tightest  the tightest setting, for the reference optimum (null: not a certifier)
 */
record Solver(String name, String note, List<Setting> sweep, Setting defaults, Setting tightest) {

    /** A fitted model: coefficients on the original scale, intercept, and a description of the work done. */
    record Solution(double[] beta, double b, String work) {
    }

    interface Fit {
        Solution fit() throws Exception;
    }

    interface Work {
        String describe() throws Exception;
    }

    /**
     * One setting.
     *
     * @param label what was set
     * @param fit   the timed call
     * @param work  an untimed, instrumented run describing iterations and data passes (null: the solution's own
     *              description)
     */
    record Setting(String label, Fit fit, Work work) {
        Setting(String label, Fit fit) {
            this(label, fit, null);
        }
    }
}
