package io.github.noisecal.calibration.stats;

import java.util.Objects;
import org.apache.commons.numbers.gamma.InverseErfc;

/**
 * How many trials give a rate interval of a target half-width, found by evaluating the chosen interval method
 * rather than trusting the normal approximation.
 *
 * <p>The half-width at {@code n} trials is that of the interval at {@code x = round(n p)} successes. It is not
 * monotone in {@code n}: within a run of {@code n} with the same {@code x} it shrinks, and it jumps up whenever
 * {@code x} steps, so near the target it saw-tooths with period about {@code 1/min(p, 1-p)}. The search therefore
 * <ol>
 *   <li>starts from the normal approximation {@code n0 = ceil(z² p(1-p) / h²)},</li>
 *   <li>doubles upwards (or halves downwards) until it brackets a change from failing to qualifying,</li>
 *   <li>bisects that bracket to an {@code n} that qualifies while {@code n - 1} does not, and</li>
 *   <li>scans downwards from there, one {@code n} at a time, and keeps the smallest qualifying {@code n}; it stops
 *       after {@code 2 ceil(1/min(p, 1-p)) + 2} consecutive failures (two whole saw-teeth and a margin; all the
 *       way down to 1 when p is 0 or 1).</li>
 * </ol>
 * The answer is the smallest qualifying {@code n} unless qualifying values hide below that window, which the
 * overall decrease of the half-width makes implausible. The scan costs up to about {@code 2/min(p, 1-p)} interval
 * evaluations, which matters only for Clopper-Pearson and Jeffreys at rates far below 10^-4.
 */
public final class SampleSizePlanner {

    /** Plans needing more trials than this (about 1.1·10^12) are refused as unrealistic. */
    public static final long MAX_TRIALS = 1L << 40;

    private SampleSizePlanner() {
    }

    /**
     * The smallest number of trials whose interval at {@code round(n * expectedRate)} successes has half-width at
     * most {@code halfWidth}; see the class comment for the search rule.
     *
     * @param expectedRate    the rate to plan for, in [0, 1]; 0 and 1 plan for a run without events
     * @param halfWidth       the target half-width, in (0, 0.5]
     * @param confidenceLevel in (0, 1)
     * @param method          the interval method the plan will be evaluated with
     * @throws IllegalArgumentException if an argument is out of range, or the plan needs more than
     *                                  {@link #MAX_TRIALS} trials
     */
    public static SampleSizePlan plan(double expectedRate, double halfWidth, double confidenceLevel,
                                      IntervalMethod method) {
        long normal = normalApproximationTrials(expectedRate, halfWidth, confidenceLevel);
        Objects.requireNonNull(method, "method");
        Criterion criterion = new Criterion(expectedRate, halfWidth, confidenceLevel, method);

        long failing = 0; // 0 stands for "no failing n known"; n = 0 has no interval at all
        long qualifying = Math.min(normal, MAX_TRIALS);
        while (!criterion.isMetAt(qualifying)) {
            if (qualifying == MAX_TRIALS) {
                throw new IllegalArgumentException("halfWidth " + halfWidth + " at expectedRate " + expectedRate
                        + " and confidenceLevel " + confidenceLevel + " needs more than " + MAX_TRIALS + " trials");
            }
            failing = qualifying;
            qualifying = Math.min(2 * qualifying, MAX_TRIALS);
        }
        if (failing == 0) {
            long candidate = qualifying / 2;
            while (candidate >= 1 && criterion.isMetAt(candidate)) {
                qualifying = candidate;
                candidate /= 2;
            }
            failing = candidate;
        }
        while (qualifying - failing > 1) {
            long middle = failing + (qualifying - failing) / 2;
            if (criterion.isMetAt(middle)) {
                qualifying = middle;
            } else {
                failing = middle;
            }
        }

        double minority = Math.min(expectedRate, 1 - expectedRate);
        double window = 2 * Math.ceil(1 / minority) + 2; // infinite when there are no events at all
        long smallest = qualifying;
        long failuresInARow = 0;
        for (long n = qualifying - 1; n >= 1 && failuresInARow < window; n--) {
            if (criterion.isMetAt(n)) {
                smallest = n;
                failuresInARow = 0;
            } else {
                failuresInARow++;
            }
        }
        return new SampleSizePlan(expectedRate, halfWidth, confidenceLevel, method, smallest,
                criterion.intervalAt(smallest), normal);
    }

    /**
     * The normal-approximation sample size {@code ceil(z² p(1-p) / h²)}, at least 1, where z is the two-sided
     * normal quantile of the confidence level.
     *
     * @throws IllegalArgumentException if an argument is out of range (as for {@link #plan})
     */
    public static long normalApproximationTrials(double expectedRate, double halfWidth, double confidenceLevel) {
        if (!(expectedRate >= 0 && expectedRate <= 1)) {
            throw new IllegalArgumentException("expectedRate must lie in [0, 1], got " + expectedRate);
        }
        if (!(halfWidth > 0 && halfWidth <= 0.5)) {
            throw new IllegalArgumentException("halfWidth must lie in (0, 0.5], got " + halfWidth);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), got " + confidenceLevel);
        }
        double z = Math.sqrt(2) * InverseErfc.value(1 - confidenceLevel);
        double trials = Math.ceil(z * z * expectedRate * (1 - expectedRate) / (halfWidth * halfWidth));
        return (long) Math.max(1, Math.min(trials, Long.MAX_VALUE));
    }

    /** Whether n trials reach the target half-width. */
    private record Criterion(double expectedRate, double halfWidth, double confidenceLevel, IntervalMethod method) {

        RateEstimate intervalAt(long trials) {
            return RateEstimate.of(Math.round(trials * expectedRate), trials, confidenceLevel, method);
        }

        boolean isMetAt(long trials) {
            return intervalAt(trials).halfWidth() <= halfWidth;
        }
    }
}
