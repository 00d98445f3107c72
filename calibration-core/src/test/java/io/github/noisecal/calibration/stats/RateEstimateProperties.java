package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/** Laws every interval method obeys. */
class RateEstimateProperties {

    /** Observed counts with a confidence level; {@code successes <= trials}. */
    record Counts(long successes, long trials, double level) {
    }

    @Provide
    Arbitrary<Counts> counts() {
        return counts(1, 1_000_000);
    }

    @Provide
    Arbitrary<Counts> hugeCounts() {
        return counts(1L << 31, 3_000_000_000L);
    }

    @Provide
    Arbitrary<Counts> smallCounts() {
        return counts(1, 400);
    }

    private static Arbitrary<Counts> counts(long minTrials, long maxTrials) {
        Arbitrary<Long> trials = Arbitraries.longs().between(minTrials, maxTrials)
                .withDistribution(RandomDistribution.biased());
        Arbitrary<Double> levels = Arbitraries.doubles().between(0.5, 0.999).ofScale(6);
        return Combinators.combine(trials, levels).flatAs((n, level) -> Arbitraries.longs().between(0, n)
                .map(k -> new Counts(k, n, level)));
    }

    private static RateEstimate estimate(Counts counts, IntervalMethod method) {
        return RateEstimate.of(counts.successes(), counts.trials(), counts.level(), method);
    }

    private static void assertBracketsTheRate(RateEstimate estimate) {
        double rate = estimate.rate();
        assertTrue(0 <= estimate.lower() && estimate.lower() <= rate && rate <= estimate.upper()
                && estimate.upper() <= 1, () -> "bounds out of order: " + estimate);
    }

    @Property
    void boundsLieInTheUnitIntervalAndContainTheRate(@ForAll("counts") Counts counts,
                                                     @ForAll IntervalMethod method) {
        assertBracketsTheRate(estimate(counts, method));
    }

    @Property(tries = 300)
    void boundsContainTheRateBeyondTheIntRange(@ForAll("hugeCounts") Counts counts, @ForAll IntervalMethod method) {
        assertBracketsTheRate(estimate(counts, method));
    }

    @Property(tries = 300)
    void boundsContainTheRateAtAnyConfidenceLevel(@ForAll("smallCounts") Counts counts,
                                                  @ForAll @DoubleRange(min = 1e-6, max = 0.999999) @Scale(8) double level,
                                                  @ForAll IntervalMethod method) {
        assertBracketsTheRate(RateEstimate.of(counts.successes(), counts.trials(), level, method));
    }

    @Property
    void swappingSuccessesAndFailuresReflectsTheInterval(@ForAll("counts") Counts counts,
                                                         @ForAll IntervalMethod method) {
        RateEstimate direct = estimate(counts, method);
        RateEstimate swapped = RateEstimate.of(counts.trials() - counts.successes(), counts.trials(),
                counts.level(), method);
        assertEquals(direct.lower(), 1 - swapped.upper(), 1e-15);
        assertEquals(direct.upper(), 1 - swapped.lower(), 1e-15);
    }

    @Property
    void doublingTheTrialsAtTheSameRateNarrowsTheInterval(@ForAll("counts") Counts counts,
                                                          @ForAll IntervalMethod method) {
        RateEstimate base = estimate(counts, method);
        RateEstimate doubled = RateEstimate.of(2 * counts.successes(), 2 * counts.trials(), counts.level(), method);
        assertTrue(doubled.halfWidth() < base.halfWidth(), () -> base + " vs " + doubled);
    }

    @Property
    void higherConfidenceGivesAContainingInterval(@ForAll("counts") Counts counts,
                                                  @ForAll @DoubleRange(min = 0.001, max = 0.4) @Scale(4) double increase,
                                                  @ForAll IntervalMethod method) {
        double higher = counts.level() + increase * (1 - counts.level());
        RateEstimate narrow = estimate(counts, method);
        RateEstimate wide = RateEstimate.of(counts.successes(), counts.trials(), higher, method);
        assertTrue(wide.lower() <= narrow.lower() && narrow.upper() <= wide.upper(), () -> narrow + " vs " + wide);
    }

    @Property
    void oneMoreSuccessMovesBothBoundsUp(@ForAll("counts") Counts counts, @ForAll IntervalMethod method) {
        long k = Math.min(counts.successes(), counts.trials() - 1);
        RateEstimate fewer = RateEstimate.of(k, counts.trials(), counts.level(), method);
        RateEstimate more = RateEstimate.of(k + 1, counts.trials(), counts.level(), method);
        assertTrue(fewer.lower() <= more.lower() && fewer.upper() <= more.upper(), () -> fewer + " vs " + more);
    }

    @Property
    void wilsonAgreesWithCommonsMath3(@ForAll("counts") Counts counts) {
        // Commons Math 3 takes (trials, successes): the order is reversed on purpose here.
        ConfidenceInterval reference = new WilsonScoreInterval()
                .createInterval((int) counts.trials(), (int) counts.successes(), counts.level());
        RateEstimate estimate = RateEstimate.wilson(counts.successes(), counts.trials(), counts.level());
        // Commons Math 3 misses 0 and 1 by about 1e-16 at the extremes; our boundary values are exact.
        assertEquals(Math.max(0, reference.getLowerBound()), estimate.lower(), 1e-13);
        assertEquals(Math.min(1, reference.getUpperBound()), estimate.upper(), 1e-13);
    }
}
