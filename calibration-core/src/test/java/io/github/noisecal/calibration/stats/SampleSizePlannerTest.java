package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
                () -> assertEquals(0.05, plan.targetHalfWidth()),
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
        assertEquals("halfWidth must lie in (0, 0.5], got " + halfWidth, thrown.getMessage());
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
        assertEquals("halfWidth 1.0E-9 at expectedRate 0.5 and confidenceLevel 0.95 needs more than "
                + SampleSizePlanner.MAX_TRIALS + " trials", thrown.getMessage());
    }

    @Test
    void budgetMultipliesSamplesTiersAndMeanDuration() {
        ComputeBudget budget = new ComputeBudget(3461, 3, Duration.ofMillis(20_500), 4);
        // 3461 * 3 = 10383 samples; 10383 * 20.5 s = 212851.5 s = 59.125416... h; over 4 workers 14.78135... h
        assertAll(
                () -> assertEquals(10_383, budget.totalSamples()),
                () -> assertEquals(212_851.5 / 3600, budget.cpuHours(), 1e-12),
                () -> assertEquals(212_851.5 / 3600 / 4, budget.wallClockHours(), 1e-12));
    }

    @Test
    void budgetRejectsBadInputsByName() {
        Duration second = Duration.ofSeconds(1);
        assertAll(
                () -> assertEquals("samplesPerTier must be at least 1, got 0", assertThrows(
                        IllegalArgumentException.class, () -> new ComputeBudget(0, 3, second, 1)).getMessage()),
                () -> assertEquals("tiers must be at least 1, got 0", assertThrows(
                        IllegalArgumentException.class, () -> new ComputeBudget(10, 0, second, 1)).getMessage()),
                () -> assertEquals("meanSampleDuration must be positive, got PT0S", assertThrows(
                        IllegalArgumentException.class, () -> new ComputeBudget(10, 3, Duration.ZERO, 1))
                        .getMessage()),
                () -> assertEquals("meanSampleDuration must be positive, got PT-1S", assertThrows(
                        IllegalArgumentException.class, () -> new ComputeBudget(10, 3, second.negated(), 1))
                        .getMessage()),
                () -> assertEquals("meanSampleDuration", assertThrows(
                        NullPointerException.class, () -> new ComputeBudget(10, 3, null, 1)).getMessage()),
                () -> assertEquals("workers must be at least 1, got 0", assertThrows(
                        IllegalArgumentException.class, () -> new ComputeBudget(10, 3, second, 0)).getMessage()),
                () -> assertEquals("samplesPerTier=" + Long.MAX_VALUE + " times tiers=3 overflows a long",
                        assertThrows(IllegalArgumentException.class,
                                () -> new ComputeBudget(Long.MAX_VALUE, 3, second, 1)).getMessage()));
    }
}
