package io.github.noisecal.calibration.stats;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of {@link SampleSizePlanner#plan}: the number of trials that reaches a target precision, with what
 * it promises.
 *
 * @param expectedRate              the rate the plan assumes, in [0, 1]
 * @param target                    the precision asked for
 * @param confidenceLevel           the interval's confidence level
 * @param method                    the interval method the search evaluated
 * @param measure                   how precision is measured: half-width or the distance to the farther bound
 * @param criterion                 what the plan promises (see {@link PlanCriterion})
 * @param assurance                 the probability asked for under {@link PlanCriterion#ASSURANCE}; NaN otherwise
 * @param trials                    the smallest number of trials found that meets the criterion
 * @param achieved                  the interval at {@code trials} and the expected count {@code round(trials p)}
 * @param achievedAssurance         P(precision &lt;= target) at {@code trials}, exactly over
 *                                  X ~ Binomial(trials, p) (to within 1e-13)
 * @param expectedPrecision         the precision's expectation over X ~ Binomial(trials, p)
 * @param normalApproximationTrials {@code ceil(z² p(1-p) / h²)} (at least 1), the textbook answer, for comparison
 */
public record SampleSizePlan(double expectedRate, double target, double confidenceLevel, IntervalMethod method,
                             PrecisionMeasure measure, PlanCriterion criterion, double assurance, long trials,
                             RateEstimate achieved, double achievedAssurance, double expectedPrecision,
                             long normalApproximationTrials) {

    /** Fewer expected events (or non-events) than this leave an interval that says little more than "rare". */
    public static final double FEW_EVENTS = 5;

    public SampleSizePlan {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(achieved, "achieved");
        if (achieved.trials() != trials) {
            throw new IllegalArgumentException("achieved must be the interval at trials=" + trials + ", got one at "
                    + achieved.trials());
        }
    }

    /** Expected events: {@code trials * expectedRate}. */
    public double expectedEvents() {
        return trials * expectedRate;
    }

    /** Whether the plan expects fewer than {@value #FEW_EVENTS} events, or fewer than that many non-events. */
    public boolean expectsFewEvents() {
        return Math.min(expectedEvents(), trials * (1 - expectedRate)) < FEW_EVENTS;
    }

    /** The promise in words, e.g. "the wilson 95% interval at the expected count round(n p) has half-width &lt;= 0.01". */
    public String describeCriterion() {
        String interval = String.format(Locale.ROOT, "the %s %s%% interval", method.id(), percent(confidenceLevel));
        String precision = measure == PrecisionMeasure.HALF_WIDTH ? "half-width" : "distance from the estimate to"
                + " either bound";
        return switch (criterion) {
            case EXPECTED_COUNT -> interval + " at the expected count round(n·p) has " + precision + " <= " + target;
            case EXPECTED -> interval + " has an expected " + precision + " <= " + target
                    + " (averaged over the counts a calibration can see)";
            case ASSURANCE -> interval + " has " + precision + " <= " + target + " with probability >= "
                    + assurance + " (exact, over the counts a calibration can see)";
        };
    }

    private static String percent(double level) {
        return String.format(Locale.ROOT, "%.4g", level * 100).replaceAll("\\.?0+$", "");
    }
}
