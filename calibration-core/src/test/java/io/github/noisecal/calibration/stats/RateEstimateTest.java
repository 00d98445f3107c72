package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.exception.NotStrictlyPositiveException;
import org.apache.commons.math3.stat.interval.AgrestiCoullInterval;
import org.apache.commons.math3.stat.interval.ClopperPearsonInterval;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateEstimateTest {

    private static final double Z95 = 1.959963984540054;

    @Test
    void wilsonOf17In100MatchesTheTextbookInterval() {
        RateEstimate estimate = RateEstimate.wilson(17, 100, 0.95);
        assertAll(
                () -> assertEquals(0.109, estimate.lower(), 5e-4),
                () -> assertEquals(0.255, estimate.upper(), 5e-4),
                () -> assertEquals(0.17, estimate.rate()),
                () -> assertEquals(IntervalMethod.WILSON, estimate.method()),
                () -> assertEquals((estimate.upper() - estimate.lower()) / 2, estimate.halfWidth()));
    }

    /**
     * Golden values for 3 of 10 at 95% as published with R/scipy (reference notes, section 6: prop.test without and
     * with correction, binom.test, Beta(3.5, 7.5) quantiles); Agresti-Coull evaluated from its closed form.
     */
    @ParameterizedTest
    @CsvSource({
        "WILSON,          0.1077913, 0.6032219",
        "WILSON_CC,       0.0809478, 0.6463293",
        "CLOPPER_PEARSON, 0.0667395, 0.6524529",
        "JEFFREYS,        0.0926946, 0.6058183",
        "AGRESTI_COULL,   0.1033384, 0.6076747",
    })
    void threeOfTenMatchesPublishedValues(IntervalMethod method, double lower, double upper) {
        RateEstimate estimate = RateEstimate.of(3, 10, 0.95, method);
        assertEquals(lower, estimate.lower(), 5e-8);
        assertEquals(upper, estimate.upper(), 5e-8);
    }

    @Test
    void wilsonAtZeroAndAllSuccessesHasTheClosedForm() {
        long n = 40;
        double zeroUpper = Z95 * Z95 / (n + Z95 * Z95);
        RateEstimate none = RateEstimate.wilson(0, n, 0.95);
        RateEstimate all = RateEstimate.wilson(n, n, 0.95);
        assertAll(
                () -> assertEquals(0.0, none.lower()),
                () -> assertEquals(zeroUpper, none.upper(), 1e-15),
                () -> assertEquals(n / (n + Z95 * Z95), all.lower(), 1e-15),
                () -> assertEquals(1.0, all.upper()));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 7, 1000, 3_000_000_000L})
    void clopperPearsonAtZeroAndAllSuccessesKeepsTheOneSidedLevel(long n) {
        double halfAlpha = 0.025;
        RateEstimate none = RateEstimate.of(0, n, 0.95, IntervalMethod.CLOPPER_PEARSON);
        RateEstimate all = RateEstimate.of(n, n, 0.95, IntervalMethod.CLOPPER_PEARSON);
        double closedForm = 1 - Math.pow(halfAlpha, 1.0 / n);
        assertAll(
                () -> assertEquals(0.0, none.lower()),
                () -> assertEquals(closedForm, none.upper(), 1e-15 + 1e-12 * closedForm),
                () -> assertEquals(1 - closedForm, all.lower(), 1e-15),
                () -> assertEquals(1.0, all.upper()));
    }

    @Test
    void clopperPearsonWorksWhereCommonsMath3Throws() {
        // MATH-1401: Commons Math 3 builds an F distribution with 0 degrees of freedom at x = 0 and x = n.
        assertThrows(NotStrictlyPositiveException.class, () -> new ClopperPearsonInterval().createInterval(10, 0, 0.95));
        RateEstimate estimate = RateEstimate.of(0, 10, 0.95, IntervalMethod.CLOPPER_PEARSON);
        assertEquals(0.3084971078187608, estimate.upper(), 1e-15);
    }

    @Test
    void jeffreysSetsTheOpenEndToTheBoundaryAndKeepsTheOtherQuantile() {
        long n = 25;
        RateEstimate none = RateEstimate.of(0, n, 0.9, IntervalMethod.JEFFREYS);
        RateEstimate all = RateEstimate.of(n, n, 0.9, IntervalMethod.JEFFREYS);
        BetaDistribution posterior = BetaDistribution.of(0.5, n + 0.5);
        assertAll(
                () -> assertEquals(0.0, none.lower()),
                () -> assertEquals(posterior.inverseSurvivalProbability(0.05), none.upper(), 1e-13),
                () -> assertEquals(1 - posterior.inverseSurvivalProbability(0.05), all.lower(), 1e-13),
                () -> assertEquals(1.0, all.upper()));
    }

    @Test
    void jeffreysIsWidenedToContainTheRateBelowTheHalfLevel() {
        // At a 10% level the equal-tailed posterior interval of 1 in 1000 lies entirely above 0.001.
        double posteriorLower = BetaDistribution.of(1.5, 999.5).inverseCumulativeProbability(0.45);
        assertTrue(posteriorLower > 0.001, "premise: the raw posterior quantile is " + posteriorLower);
        RateEstimate estimate = RateEstimate.of(1, 1000, 0.1, IntervalMethod.JEFFREYS);
        assertEquals(0.001, estimate.lower());
        assertTrue(estimate.upper() > 0.001);
    }

    @Test
    void agrestiCoullIsClippedWhereCommonsMath3LeavesTheUnitInterval() {
        var raw = new AgrestiCoullInterval().createInterval(10, 0, 0.95);
        assertTrue(raw.getLowerBound() < 0, "premise: Commons Math 3 gives " + raw.getLowerBound());
        RateEstimate none = RateEstimate.of(0, 10, 0.95, IntervalMethod.AGRESTI_COULL);
        RateEstimate all = RateEstimate.of(10, 10, 0.95, IntervalMethod.AGRESTI_COULL);
        assertAll(
                () -> assertEquals(0.0, none.lower()),
                () -> assertEquals(raw.getUpperBound(), none.upper(), 1e-12),
                () -> assertEquals(1.0, all.upper()));
    }

    @Test
    void wilsonContinuityCorrectionAtZeroAndAllSuccesses() {
        long n = 10;
        double z2 = Z95 * Z95;
        // Newcombe's upper bound at x = 0: (z² + 1 + z sqrt(z² + 2 - 1/n)) / (2 (n + z²))
        double upperAtZero = (z2 + 1 + Z95 * Math.sqrt(z2 + 2 - 1.0 / n)) / (2 * (n + z2));
        RateEstimate none = RateEstimate.of(0, n, 0.95, IntervalMethod.WILSON_CC);
        RateEstimate all = RateEstimate.of(n, n, 0.95, IntervalMethod.WILSON_CC);
        assertAll(
                () -> assertEquals(0.0, none.lower()),
                () -> assertEquals(upperAtZero, none.upper(), 1e-15),
                () -> assertEquals(1 - upperAtZero, all.lower(), 1e-15),
                () -> assertEquals(1.0, all.upper()));
    }

    @ParameterizedTest
    @EnumSource(IntervalMethod.class)
    void trialsBeyondTheIntRangeWork(IntervalMethod method) {
        long n = 3_000_000_000L;
        RateEstimate estimate = RateEstimate.of(2_147_483_648L, n, 0.999, method);
        double rate = 2_147_483_648.0 / n;
        double sd = Math.sqrt(rate * (1 - rate) / n);
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability(0.0005);
        // At this n every method is the normal approximation to well within a tenth of a standard deviation.
        assertEquals(rate - z * sd, estimate.lower(), 0.1 * sd);
        assertEquals(rate + z * sd, estimate.upper(), 0.1 * sd);
    }

    @Test
    void halfWidthIsHalfTheDistanceBetweenTheBounds() {
        RateEstimate estimate = new RateEstimate(1, 4, 0.9, IntervalMethod.WILSON, 0.125, 0.625);
        assertEquals(0.25, estimate.halfWidth());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5, Long.MIN_VALUE})
    void rejectsTooFewTrials(long trials) {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> RateEstimate.of(0, trials, 0.95, IntervalMethod.WILSON));
        assertEquals("trials must be at least 1, got " + trials, thrown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 11, Long.MIN_VALUE})
    void rejectsSuccessesOutsideTheTrials(long successes) {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> RateEstimate.of(successes, 10, 0.95, IntervalMethod.CLOPPER_PEARSON));
        assertEquals("successes must lie in [0, trials=10], got " + successes, thrown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsConfidenceLevelsOutsideTheOpenUnitInterval(double level) {
        for (IntervalMethod method : IntervalMethod.values()) {
            var thrown = assertThrows(IllegalArgumentException.class, () -> RateEstimate.of(3, 10, level, method));
            assertEquals("confidenceLevel must lie in (0, 1), got " + level, thrown.getMessage());
        }
        var wilson = assertThrows(IllegalArgumentException.class, () -> RateEstimate.wilson(3, 10, level));
        assertTrue(wilson.getMessage().startsWith("confidenceLevel"));
    }

    @Test
    void rejectsAMissingMethod() {
        var thrown = assertThrows(NullPointerException.class, () -> RateEstimate.of(3, 10, 0.95, null));
        assertEquals("method", thrown.getMessage());
    }

    @Test
    void constructorRejectsBoundsThatDoNotBracketTheRate() {
        var lowerAboveRate = assertThrows(IllegalArgumentException.class,
                () -> new RateEstimate(1, 4, 0.9, IntervalMethod.WILSON, 0.3, 0.6));
        var upperAboveOne = assertThrows(IllegalArgumentException.class,
                () -> new RateEstimate(1, 4, 0.9, IntervalMethod.WILSON, 0.1, 1.5));
        var nanLower = assertThrows(IllegalArgumentException.class,
                () -> new RateEstimate(1, 4, 0.9, IntervalMethod.WILSON, Double.NaN, 0.6));
        assertAll(
                () -> assertEquals("lower must lie in [0, rate=0.25], got 0.3", lowerAboveRate.getMessage()),
                () -> assertEquals("upper must lie in [rate=0.25, 1], got 1.5", upperAboveOne.getMessage()),
                () -> assertEquals("lower must lie in [0, rate=0.25], got NaN", nanLower.getMessage()));
    }
}
