package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * The outcome of {@link SampleSizePlanner#plan}: the number of trials that reaches a target precision.
 *
 * @param expectedRate              the rate the plan assumes, in [0, 1]
 * @param targetHalfWidth           the half-width asked for
 * @param confidenceLevel           the interval's confidence level
 * @param method                    the interval method the search evaluated
 * @param trials                    the smallest number of trials found whose interval at
 *                                  {@code successes = round(trials * expectedRate)} has half-width at most
 *                                  {@code targetHalfWidth}
 * @param achieved                  that interval
 * @param normalApproximationTrials {@code ceil(z² p(1-p) / h²)} (at least 1), the textbook answer, for comparison
 */
public record SampleSizePlan(double expectedRate, double targetHalfWidth, double confidenceLevel,
                             IntervalMethod method, long trials, RateEstimate achieved,
                             long normalApproximationTrials) {

    public SampleSizePlan {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(achieved, "achieved");
        if (achieved.trials() != trials) {
            throw new IllegalArgumentException("achieved must be the interval at trials=" + trials + ", got one at "
                    + achieved.trials());
        }
    }
}
