package io.smem.bench.paper;

import java.util.Arrays;
import java.util.Locale;

/** Small numeric and formatting helpers. */
final class Stats {

    /** F − F* below this is rounding: it is shown as this value and used as the floor in ratios. */
    static final double FLOOR = 1e-16;

    private Stats() {
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length;
        if (k == 0) {
            return Double.NaN;
        }
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }

    static double min(double[] v) {
        double r = Double.POSITIVE_INFINITY;
        for (double a : v) {
            r = Math.min(r, a);
        }
        return r;
    }

    static double max(double[] v) {
        double r = Double.NEGATIVE_INFINITY;
        for (double a : v) {
            r = Math.max(r, a);
        }
        return r;
    }

    static double floored(double subopt) {
        return Math.max(subopt, FLOOR);
    }

    /** Scientific with two significant digits; "≤1e-16" at the floor. */
    static String sci(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.1e", v);
    }

    static String subopt(double v) {
        if (!Double.isNaN(v) && v <= FLOOR) {
            return "≤1e-16";
        }
        return sci(v);
    }

    /** A ratio: plain below 1000, scientific above. */
    static String ratio(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v >= 1000 || v < 0.01) {
            return String.format(Locale.ROOT, "%.1e×", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2g×", v);
    }

    static String ms(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    static String lr(double v) {
        return String.format(Locale.ROOT, "%.0e", v).replace("e-0", "e-").replace("e+00", "");
    }
}
