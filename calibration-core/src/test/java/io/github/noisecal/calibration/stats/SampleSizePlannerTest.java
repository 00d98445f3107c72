package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampleSizePlannerTest {

    private static final double Z95 = 1.959963984540054;

    @Test
    void wilsonPlanForTenPercentAtOnePointIsTheNormalApproximationPlusThree() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.1, 0.01, 0.95, IntervalMethod.WILSON);
        // normal approximation: 1.96² * 0.1 * 0.9 / 0.01² = 3457.4 -> 3458; at 3458 trials x = 346 (rate 0.10006)
        // the Wilson half-width is still 0.0100059, and 3461 is the first n where it drops below 0.01.
        RateEstimate atPlan = RateEstimate.wilson(346, 3461, 0.95);
        assertAll(
                () -> assertEquals(3458, plan.normalApproximationTrials()),
                () -> assertEquals(3461, plan.trials()),
                () -> assertEquals(atPlan, plan.achieved()),
                () -> assertTrue(plan.achieved().halfWidth() <= 0.01),
                () -> assertTrue(RateEstimate.wilson(346, 3460, 0.95).halfWidth() > 0.01),
                () -> assertTrue(RateEstimate.wilson(346, 3458, 0.95).halfWidth() > 0.01));
    }

    @Test
    void zeroRatePlanIsTheWilsonBoundAtZeroEvents() {
        // Wilson at x = 0 has half-width z²/(2(n + z²)) <= h  <=>  n >= z²(1/(2h) - 1) = 92.2 for h = 0.02
        SampleSizePlan plan = SampleSizePlanner.plan(0, 0.02, 0.95, IntervalMethod.WILSON);
        assertAll(
                () -> assertEquals((long) Math.ceil(Z95 * Z95 * (1 / 0.04 - 1)), plan.trials()),
                () -> assertEquals(93, plan.trials()),
                () -> assertEquals(0, plan.achieved().successes()),
                () -> assertEquals(1, plan.normalApproximationTrials()));
    }

    @Test
    void conservativeMethodsNeedMoreTrials() {
        long wilson = SampleSizePlanner.plan(0.02, 0.005, 0.95, IntervalMethod.WILSON).trials();
        long clopperPearson = SampleSizePlanner.plan(0.02, 0.005, 0.95, IntervalMethod.CLOPPER_PEARSON).trials();
        assertTrue(clopperPearson > wilson, clopperPearson + " vs " + wilson);
    }

    @Test
    void planRecordsItsInputs() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.3, 0.05, 0.9, IntervalMethod.JEFFREYS);
        assertAll(
                () -> assertEquals(0.3, plan.expectedRate()),
                () -> assertEquals(0.05, plan.target()),
                () -> assertEquals(0.9, plan.confidenceLevel()),
                () -> assertEquals(IntervalMethod.JEFFREYS, plan.method()),
                () -> assertEquals(IntervalMethod.JEFFREYS, plan.achieved().method()),
                () -> assertEquals(Math.round(plan.trials() * 0.3), plan.achieved().successes()));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.1, Double.NaN})
    void rejectsExpectedRatesOutsideTheUnitInterval(double rate) {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> SampleSizePlanner.plan(rate, 0.01, 0.95, IntervalMethod.WILSON));
        assertEquals("expectedRate must lie in [0, 1], got " + rate, thrown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.01, 0.6, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsHalfWidthsOutsideTheReachableRange(double halfWidth) {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> SampleSizePlanner.plan(0.1, halfWidth, 0.95, IntervalMethod.WILSON));
        assertEquals("target precision must lie in (0, 0.5], got " + halfWidth, thrown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, Double.NaN})
    void rejectsConfidenceLevelsOutsideTheOpenUnitInterval(double level) {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> SampleSizePlanner.plan(0.1, 0.01, level, IntervalMethod.WILSON));
        assertEquals("confidenceLevel must lie in (0, 1), got " + level, thrown.getMessage());
    }

    @Test
    void rejectsAMissingMethod() {
        var thrown = assertThrows(NullPointerException.class, () -> SampleSizePlanner.plan(0.1, 0.01, 0.95, null));
        assertEquals("method", thrown.getMessage());
    }

    @Test
    void refusesPlansBeyondTheTrialLimit() {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> SampleSizePlanner.plan(0.5, 1e-9, 0.95, IntervalMethod.WILSON));
        assertEquals("precision 1.0E-9 at expectedRate 0.5 and confidenceLevel 0.95 needs more than "
                + SampleSizePlanner.MAX_TRIALS + " trials", thrown.getMessage());
    }

    @Test
    void budgetCountsVerifierTimeForBothTierRunStrategies() {
        // 3461 runs per tier; FAST 15 s, BALANCED 20.5 s, SLOW 30 s; shared: one group run at SLOW's budget.
        ComputeBudget budget = new ComputeBudget(3461, List.of(Duration.ofSeconds(15), Duration.ofMillis(20_500),
                Duration.ofSeconds(30)), List.of(Duration.ofSeconds(30)), 4);
        assertAll(
                () -> assertEquals(10_383, budget.independentRuns()),
                () -> assertEquals(3_461, budget.sharedRuns()),
                () -> assertEquals(3461 * 65.5 / 3600, budget.independentVerifierHours(), 1e-12),
                () -> assertEquals(3461 * 30.0 / 3600, budget.sharedVerifierHours(), 1e-12),
                () -> assertEquals(3461 * 30.0 / 3600 / 4, budget.wallClockHours(budget.sharedVerifierHours()),
                        1e-12),
                () -> assertEquals(ComputeBudget.uniform(10, 3, 1, Duration.ofSeconds(2), 1),
                        new ComputeBudget(10, List.of(Duration.ofSeconds(2), Duration.ofSeconds(2),
                                Duration.ofSeconds(2)), List.of(Duration.ofSeconds(2)), 1)));
    }

    @Test
    void budgetRejectsBadInputsByName() {
        Duration second = Duration.ofSeconds(1);
        assertAll(
                () -> assertEquals("runsPerTier must be at least 1, got 0", assertThrows(
                        IllegalArgumentException.class, () -> ComputeBudget.uniform(0, 3, 1, second, 1)).getMessage()),
                () -> assertEquals("a plan needs at least one tier and at most one shared group per tier, got 0 tiers"
                        + " and 1 groups", assertThrows(IllegalArgumentException.class,
                        () -> ComputeBudget.uniform(10, 0, 1, second, 1)).getMessage()),
                () -> assertEquals("mean run durations must be positive, got PT0S", assertThrows(
                        IllegalArgumentException.class, () -> ComputeBudget.uniform(10, 3, 1, Duration.ZERO, 1))
                        .getMessage()),
                () -> assertEquals("mean run durations must be positive, got PT-1S", assertThrows(
                        IllegalArgumentException.class, () -> ComputeBudget.uniform(10, 3, 3, second.negated(), 1))
                        .getMessage()),
                () -> assertEquals("workers must be at least 1, got 0", assertThrows(
                        IllegalArgumentException.class, () -> ComputeBudget.uniform(10, 3, 1, second, 0))
                        .getMessage()),
                () -> assertEquals("runsPerTier=" + Long.MAX_VALUE + " times 3 tiers overflows a long",
                        assertThrows(IllegalArgumentException.class,
                                () -> ComputeBudget.uniform(Long.MAX_VALUE, 3, 1, second, 1)).getMessage()));
    }

    /** The textbook plan meets its half-width at the expected count only: about half the time. */
    @Test
    void theExpectedCountPlanIsACoinFlip() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.1, 0.01, 0.95, IntervalMethod.WILSON);
        assertEquals(PlanCriterion.EXPECTED_COUNT, plan.criterion());
        assertTrue(plan.achievedAssurance() > 0.35 && plan.achievedAssurance() < 0.65, plan::toString);
        assertTrue(plan.describeCriterion().contains("at the expected count round(n·p) has half-width <= 0.01"),
                plan.describeCriterion());
    }

    @Test
    void anAssurancePlanMeetsItsProbabilityAndOneTrialFewerDoesNot() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.1, 0.01, 0.95, IntervalMethod.WILSON,
                PrecisionMeasure.HALF_WIDTH, PlanCriterion.ASSURANCE, 0.9);
        long n = plan.trials();
        assertAll(
                () -> assertTrue(plan.achievedAssurance() >= 0.9, plan::toString),
                () -> assertTrue(bruteForceAssurance(n - 1, 0.1, 0.01) < 0.9, "n-1 meets it too"),
                () -> assertEquals(bruteForceAssurance(n, 0.1, 0.01), plan.achievedAssurance(), 1e-12),
                () -> assertTrue(n > 3461, "more than the coin-flip plan: " + n),
                () -> assertTrue(plan.describeCriterion().contains("with probability >= 0.9"),
                        plan.describeCriterion()));
    }

    /** A seeded simulation of calibrations run at the assurance plan: the share meeting the target is its promise. */
    @Test
    void simulatedCalibrationsAtTheAssurancePlanMeetTheTargetAsPromised() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.05, 0.02, 0.95, IntervalMethod.WILSON,
                PrecisionMeasure.HALF_WIDTH, PlanCriterion.ASSURANCE, 0.8);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int met = 0;
        int replicates = 4000;
        for (int r = 0; r < replicates; r++) {
            long events = 0;
            for (long i = 0; i < plan.trials(); i++) {
                if (random.nextDouble() < 0.05) {
                    events++;
                }
            }
            if (RateEstimate.wilson(events, plan.trials(), 0.95).halfWidth() <= 0.02) {
                met++;
            }
        }
        double share = (double) met / replicates;
        // 4000 replicates: the share's standard error is at most 0.0079; allow four of them around the exact value.
        assertEquals(plan.achievedAssurance(), share, 0.032, plan::toString);
        assertTrue(plan.achievedAssurance() >= 0.8);
    }

    @Test
    void anExpectedPrecisionPlanAveragesOverTheCounts() {
        SampleSizePlan plan = SampleSizePlanner.plan(0.2, 0.02, 0.95, IntervalMethod.CLOPPER_PEARSON,
                PrecisionMeasure.HALF_WIDTH, PlanCriterion.EXPECTED, Double.NaN);
        assertTrue(plan.expectedPrecision() <= 0.02, plan::toString);
        SampleSizePlan oneFewer = SampleSizePlanner.plan(0.2, plan.expectedPrecision() - 1e-12, 0.95,
                IntervalMethod.CLOPPER_PEARSON, PrecisionMeasure.HALF_WIDTH, PlanCriterion.EXPECTED, Double.NaN);
        assertTrue(oneFewer.trials() > plan.trials() - 1);
        assertTrue(Double.isNaN(plan.assurance()));
    }

    /** Near p = 0 a half-width of 0.01 allows [0, 0.0199]; the distance to the farther bound does not. */
    @Test
    void theDistanceToTheFartherBoundIsWhatAUserMeansNearZero() {
        SampleSizePlan halfWidth = SampleSizePlanner.plan(0, 0.01, 0.95, IntervalMethod.WILSON);
        SampleSizePlan distance = SampleSizePlanner.plan(0, 0.01, 0.95, IntervalMethod.WILSON,
                PrecisionMeasure.MAX_DISTANCE, PlanCriterion.EXPECTED_COUNT, Double.NaN);
        assertAll(
                () -> assertTrue(halfWidth.achieved().upper() > 0.019, halfWidth::toString),
                () -> assertTrue(distance.achieved().upper() <= 0.01, distance::toString),
                () -> assertTrue(RateEstimate.wilson(0, distance.trials() - 1, 0.95).upper() > 0.01),
                () -> assertTrue(distance.describeCriterion().contains("distance from the estimate to either bound")));
    }

    @Test
    void aPlanExpectingHardlyAnyEventsSaysSo() {
        // At p = 0.01, H = 0.05 the plan is a few dozen samples and expects a third of an event.
        SampleSizePlan plan = SampleSizePlanner.plan(0.01, 0.05, 0.95, IntervalMethod.WILSON);
        assertTrue(plan.expectedEvents() < 1, plan::toString);
        assertTrue(plan.expectsFewEvents());
        assertFalse(SampleSizePlanner.plan(0.1, 0.01, 0.95, IntervalMethod.WILSON).expectsFewEvents());
    }

    @Test
    void assuranceOutsideTheOpenUnitIntervalIsRejected() {
        for (double assurance : new double[] {0, 1, 1.2, Double.NaN}) {
            assertEquals("assurance must lie in (0, 1), got " + assurance, assertThrows(IllegalArgumentException.class,
                    () -> SampleSizePlanner.plan(0.1, 0.01, 0.95, IntervalMethod.WILSON, PrecisionMeasure.HALF_WIDTH,
                            PlanCriterion.ASSURANCE, assurance)).getMessage());
        }
    }

    @Test
    void modulesUnderClusteringGrowWithTheDesignEffect() {
        ModulePlan plan = SampleSizePlanner.modules(3461, 0.3, 3);
        assertAll(
                () -> assertEquals(1.6, plan.designEffect(), 1e-12),
                () -> assertEquals(1846, plan.modules()), // ceil(3461 * 1.6 / 3) = ceil(1845.87)
                () -> assertEquals(5538, plan.runsPerTier()),
                () -> assertTrue(plan.effectiveSampleSize() >= 3461),
                () -> assertEquals(3461 * 0.3, plan.moduleFloor(), 1e-9),
                () -> assertEquals(3461, SampleSizePlanner.modules(3461, 0.7, 1).modules(), "one run each: no effect"),
                () -> assertEquals(3461, SampleSizePlanner.modules(3461, 0, 5).runsPerTier() - 4, "no correlation"));
        for (double icc : new double[] {-0.1, 1, Double.NaN}) {
            assertEquals("icc must lie in [0, 1), got " + icc, assertThrows(IllegalArgumentException.class,
                    () -> SampleSizePlanner.modules(100, icc, 2)).getMessage());
        }
        assertEquals("repeats must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> SampleSizePlanner.modules(100, 0.1, 0)).getMessage());
    }

    private static double bruteForceAssurance(long n, double p, double halfWidth) {
        org.apache.commons.statistics.distribution.BinomialDistribution binomial =
                org.apache.commons.statistics.distribution.BinomialDistribution.of((int) n, p);
        double sum = 0;
        for (int x = 0; x <= n; x++) {
            if (RateEstimate.wilson(x, n, 0.95).halfWidth() <= halfWidth) {
                sum += binomial.probability(x);
            }
        }
        return sum;
    }
}
