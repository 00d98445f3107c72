package io.github.noisecal.calibration.stats;

import java.util.Locale;

/** How the precision of a rate interval is measured when planning for it. */
public enum PrecisionMeasure {
    /** Half the interval's width, {@code (upper - lower) / 2}. */
    HALF_WIDTH,
    /**
     * The distance from the estimate to the farther bound, {@code max(rate - lower, upper - rate)}: what "within
     * ±h" means near a rate of 0, where an interval [0, 0.0199] has half-width 0.01 but reaches 0.0199 above the
     * estimate 0.
     */
    MAX_DISTANCE;

    /** The measure of one interval. */
    public double of(RateEstimate estimate) {
        return this == HALF_WIDTH ? estimate.halfWidth()
                : Math.max(estimate.rate() - estimate.lower(), estimate.upper() - estimate.rate());
    }

    /** The id on the command line and in output: {@code half-width}, {@code max-distance}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
