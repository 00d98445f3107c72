package io.github.noisecal.calibration.fit;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.Locale;

/**
 * A parametric-bootstrap p-value with its Monte Carlo error: {@code exceedances} of {@code replicates} refitted
 * replicates were at least as far from their model as the data, so p = (1 + exceedances) / (1 + replicates).
 *
 * <p>That p-value estimates the probability q that a replicate is as far as the data; with 200 replicates near
 * q = 0.05 its standard deviation is 0.015, so a decision at 0.05 would be Monte Carlo luck. A decision is
 * therefore taken only when the 99 % Clopper-Pearson interval for q from the counts lies wholly on one side of the
 * level; otherwise it is {@link Decision#UNDECIDED}. The fitter adds replicates until the decisions at the default
 * levels are clear or its limit is reached ({@link FitOptions}). With no exceedance at all the p-value is at the
 * bootstrap's floor 1/(1 + replicates) and only bounds the truth from above: it is printed as
 * {@code < 1/(B+1)}.
 *
 * @param exceedances YAML {@code ks_exceedances}: replicates at least as far as the data
 * @param replicates  YAML {@code ks_replicates}: replicates that could be refitted, at least 1
 */
public record BootstrapPValue(long exceedances, long replicates) {

    /** Confidence of the Monte Carlo interval behind every decision. */
    public static final double MONTE_CARLO_CONFIDENCE = 0.99;

    public BootstrapPValue {
        if (replicates < 1 || exceedances < 0 || exceedances > replicates) {
            throw new IllegalArgumentException("a bootstrap p-value needs 0 <= exceedances <= replicates and at least"
                    + " one replicate, got " + exceedances + " of " + replicates);
        }
    }

    /** The decision at a level. */
    public enum Decision {
        /** The p-value is at or above the level beyond Monte Carlo error: the test does not reject. */
        NOT_REJECTED,
        /** The p-value is below the level beyond Monte Carlo error: the test rejects. */
        REJECTED,
        /** The Monte Carlo interval straddles the level. */
        UNDECIDED
    }

    /** (1 + exceedances) / (1 + replicates). */
    public double value() {
        return (1.0 + exceedances) / (1.0 + replicates);
    }

    /** Whether no replicate was as far as the data: {@link #value()} is then only an upper bound. */
    public boolean atFloor() {
        return exceedances == 0;
    }

    /** The 99 % Monte Carlo interval for the probability the p-value estimates. */
    public RateEstimate monteCarloInterval() {
        return RateEstimate.of(exceedances, replicates, MONTE_CARLO_CONFIDENCE, IntervalMethod.CLOPPER_PEARSON);
    }

    /** The test's decision at {@code level} (0 never rejects). */
    public Decision decide(double level) {
        if (level <= 0) {
            return Decision.NOT_REJECTED;
        }
        RateEstimate interval = monteCarloInterval();
        if (interval.lower() >= level) {
            return Decision.NOT_REJECTED;
        }
        if (interval.upper() < level) {
            return Decision.REJECTED;
        }
        return Decision.UNDECIDED;
    }

    /**
     * For reading: {@code 0.123 (99% Monte Carlo interval [0.09, 0.16], 400 replicates)}, or at the floor
     * {@code < 0.00498 (no replicate of 200 as far)}.
     */
    public String describe() {
        if (atFloor()) {
            return String.format(Locale.ROOT, "< %.3g (no replicate of %d as far)", value(), replicates);
        }
        RateEstimate interval = monteCarloInterval();
        return String.format(Locale.ROOT, "%.3g (99%% Monte Carlo interval [%.3g, %.3g], %d replicates)", value(),
                interval.lower(), interval.upper(), replicates);
    }
}
