package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class SampleSizePlannerProperties {

    private static boolean qualifies(long n, double rate, double halfWidth, double level, IntervalMethod method) {
        return RateEstimate.of(Math.round(n * rate), n, level, method).halfWidth() <= halfWidth;
    }

    @Property(tries = 200)
    void planReachesTheTargetAndOneTrialFewerDoesNot(
            @ForAll @DoubleRange(min = 0.001, max = 0.999) @Scale(4) double rate,
            @ForAll @DoubleRange(min = 0.003, max = 0.2) @Scale(4) double halfWidth,
            @ForAll @DoubleRange(min = 0.8, max = 0.999) @Scale(4) double level,
            @ForAll IntervalMethod method) {
        SampleSizePlan plan = SampleSizePlanner.plan(rate, halfWidth, level, method);
        long n = plan.trials();
        assertEquals(n, plan.achieved().trials());
        assertEquals(Math.round(n * rate), plan.achieved().successes());
        assertTrue(plan.achieved().halfWidth() <= halfWidth, () -> plan.toString());
        assertTrue(n == 1 || !qualifies(n - 1, rate, halfWidth, level, method), () -> "n-1 qualifies: " + plan);
    }

    /** Where the whole range below the plan can be checked, the plan is the smallest qualifying n, saw-teeth and all. */
    @Property(tries = 100)
    void noSmallerTrialCountQualifies(
            @ForAll @DoubleRange(min = 0.005, max = 0.995) @Scale(4) double rate,
            @ForAll @DoubleRange(min = 0.02, max = 0.2) @Scale(4) double halfWidth,
            @ForAll @DoubleRange(min = 0.8, max = 0.99) @Scale(3) double level,
            @ForAll IntervalMethod method) {
        SampleSizePlan plan = SampleSizePlanner.plan(rate, halfWidth, level, method);
        for (long n = 1; n < Math.min(plan.trials(), 20_000); n++) {
            assertFalse(qualifies(n, rate, halfWidth, level, method), "n=" + n + " qualifies below " + plan);
        }
    }

    @Property(tries = 200)
    void planIsCloseToTheNormalApproximationAwayFromTheEdges(
            @ForAll @DoubleRange(min = 0.1, max = 0.9) @Scale(3) double rate,
            @ForAll @DoubleRange(min = 0.002, max = 0.02) @Scale(4) double halfWidth) {
        SampleSizePlan plan = SampleSizePlanner.plan(rate, halfWidth, 0.95, IntervalMethod.WILSON);
        double ratio = (double) plan.trials() / plan.normalApproximationTrials();
        assertTrue(ratio > 0.98 && ratio < 1.02, () -> plan.toString());
    }

    /** Every criterion's plan meets it, and one trial fewer does not. */
    @Property(tries = 40)
    void everyCriterionIsMetAtThePlanAndMissedOneTrialBelow(
            @ForAll @DoubleRange(min = 0.01, max = 0.99) @Scale(3) double rate,
            @ForAll @DoubleRange(min = 0.01, max = 0.1) @Scale(3) double target,
            @ForAll @DoubleRange(min = 0.5, max = 0.95) @Scale(2) double assurance,
            @ForAll PlanCriterion criterion, @ForAll PrecisionMeasure measure) {
        SampleSizePlan plan = SampleSizePlanner.plan(rate, target, 0.95, IntervalMethod.WILSON, measure, criterion,
                assurance);
        assertTrue(met(plan, plan.achievedAssurance(), plan.expectedPrecision()), plan::toString);
        if (plan.trials() > 1) {
            long n = plan.trials() - 1;
            RateEstimate atCount = RateEstimate.of(Math.round(n * rate), n, 0.95, IntervalMethod.WILSON);
            double[] distribution = distribution(n, rate, target, measure);
            boolean metBelow = switch (criterion) {
                case EXPECTED_COUNT -> measure.of(atCount) <= target;
                case EXPECTED -> distribution[1] <= target;
                case ASSURANCE -> distribution[0] >= assurance;
            };
            assertFalse(metBelow, () -> "n-1 meets it: " + plan);
        }
    }

    private static boolean met(SampleSizePlan plan, double assurance, double expected) {
        return switch (plan.criterion()) {
            case EXPECTED_COUNT -> plan.measure().of(plan.achieved()) <= plan.target();
            case EXPECTED -> expected <= plan.target();
            case ASSURANCE -> assurance >= plan.assurance();
        };
    }

    /** {P(precision <= target), E[precision]} by summing over every count. */
    private static double[] distribution(long n, double rate, double target, PrecisionMeasure measure) {
        org.apache.commons.statistics.distribution.BinomialDistribution binomial =
                org.apache.commons.statistics.distribution.BinomialDistribution.of((int) n, rate);
        double meeting = 0;
        double expected = 0;
        for (int x = 0; x <= n; x++) {
            double precision = measure.of(RateEstimate.of(x, n, 0.95, IntervalMethod.WILSON));
            expected += binomial.probability(x) * precision;
            if (precision <= target) {
                meeting += binomial.probability(x);
            }
        }
        return new double[] {meeting, expected};
    }
}
