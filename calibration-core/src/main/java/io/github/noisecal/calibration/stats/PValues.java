package io.github.noisecal.calibration.stats;

import java.util.Locale;

/**
 * How p-values are checked and printed. A p-value below the double range is not 0: every test keeps its
 * log10 beside it, and prints it as {@code < 1e-300} with that log10, never as {@code 0.0}.
 */
public final class PValues {

    /** Below this a p-value is printed as {@code < 1e-300}; doubles lose precision further down. */
    public static final double PRINT_FLOOR = 1e-300;

    private PValues() {
    }

    /**
     * A p-value for reading: three significant digits, or {@code < 1e-300 (log10 p = -3.01e+06)} below the
     * floor.
     */
    public static String format(double pValue, double log10PValue) {
        if (pValue < PRINT_FLOOR) {
            return String.format(Locale.ROOT, "< 1e-300 (log10 p = %.4g)", log10PValue);
        }
        return String.format(Locale.ROOT, "%.3g", pValue);
    }

    /** log10 of a p-value computed in natural logs; the double itself may have underflowed to 0. */
    static double log10(double pValue, double lnPValue) {
        return pValue >= 1e-280 ? Math.log10(pValue) : lnPValue / Math.log(10);
    }

    static void check(String name, double pValue, double log10PValue) {
        if (!(pValue >= 0 && pValue <= 1)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1], got " + pValue);
        }
        if (!(log10PValue <= 0) || Double.isInfinite(log10PValue)) {
            throw new IllegalArgumentException("log10 of " + name + " must be finite and at most 0, got "
                    + log10PValue);
        }
    }

    static void checkCounts(String timeoutsName, long timeouts, String samplesName, long samples) {
        if (samples < 1) {
            throw new IllegalArgumentException(samplesName + " must be at least 1, got " + samples);
        }
        if (timeouts < 0 || timeouts > samples) {
            throw new IllegalArgumentException(timeoutsName + " must lie in [0, " + samplesName + "=" + samples
                    + "], got " + timeouts);
        }
    }
}
