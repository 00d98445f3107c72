package io.github.noisecal.calibration.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The verdicts: their meaning, and their error rates across a family of comparisons, by seeded simulation. */
class RateComparisonTest {

    private static final ComparisonOptions OPTIONS = ComparisonOptions.defaults();

    private static RateComparison one(ComparedRate rate, long baseline, long candidate, long n) {
        return RateComparison.decide(List.of(new RateComparison.Request("FAST", rate,
                ComparedProportion.of(baseline, n), ComparedProportion.of(candidate, n))), OPTIONS).get(0);
    }

    @Test
    void moreTimeoutsAreWorseAndMoreSuccessesBetter() {
        assertEquals(ComparisonVerdict.WORSE, one(ComparedRate.TIMEOUT, 200, 300, 1000).verdict());
        assertEquals(ComparisonVerdict.BETTER, one(ComparedRate.TIMEOUT, 300, 200, 1000).verdict());
        assertEquals(ComparisonVerdict.BETTER, one(ComparedRate.SUCCESS, 600, 700, 1000).verdict());
        assertEquals(ComparisonVerdict.WORSE, one(ComparedRate.FAIL, 100, 160, 1000).verdict());
        assertEquals(ComparisonVerdict.SAME, one(ComparedRate.TIMEOUT, 2000, 2000, 10_000).verdict());
        assertEquals(ComparisonVerdict.INCONCLUSIVE, one(ComparedRate.TIMEOUT, 20, 20, 100).verdict(),
                "100 samples can show neither a change nor its absence");
    }

    @Test
    void theCorrectionMakesEachVerdictHarderThanAlone() {
        // p about 0.02 alone: worse on its own, not among nine comparisons of which the others show nothing.
        RateComparison alone = one(ComparedRate.TIMEOUT, 200, 245, 1000);
        assertTrue(alone.pValue() < 0.05 && alone.pValue() > 0.01, "p = " + alone.pValue());
        assertEquals(ComparisonVerdict.WORSE, alone.verdict());
        List<RateComparison.Request> family = new ArrayList<>();
        family.add(new RateComparison.Request("FAST", ComparedRate.TIMEOUT, ComparedProportion.of(200, 1000),
                ComparedProportion.of(245, 1000)));
        for (int i = 0; i < 8; i++) {
            family.add(new RateComparison.Request("T" + i, ComparedRate.FAIL, ComparedProportion.of(100, 1000),
                    ComparedProportion.of(100, 1000)));
        }
        RateComparison corrected = RateComparison.decide(family, OPTIONS).get(0);
        assertEquals(alone.pValue(), corrected.pValue());
        assertEquals(Math.min(1, 9 * alone.pValue()), corrected.adjustedPValue(), 1e-12);
        assertEquals(ComparisonVerdict.INCONCLUSIVE, corrected.verdict());
    }

    /**
     * Nine comparisons (three tiers x three rates) of two calibrations with the same true rates: the chance that
     * any of them says worse or better is the family-wise error, at most alpha = 0.05 with Holm's correction.
     * 1,000 seeded replicates: Monte Carlo sd about 0.007 at 0.05.
     */
    @Test
    void familyWiseErrorOfAFalseChangeStaysWithinAlpha() {
        SplittableRandom random = new SplittableRandom(11);
        double[] timeout = {0.2, 0.1, 0.05};
        double[] fail = {0.1, 0.05, 0.02};
        int n = 500;
        int replicates = 1000;
        int falseChange = 0;
        int falseChangeUncorrected = 0;
        for (int r = 0; r < replicates; r++) {
            List<RateComparison.Request> requests = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long[] a = multinomial(random, n, timeout[t], fail[t]);
                long[] b = multinomial(random, n, timeout[t], fail[t]);
                String tier = "T" + t;
                requests.add(new RateComparison.Request(tier, ComparedRate.TIMEOUT, ComparedProportion.of(a[0], n),
                        ComparedProportion.of(b[0], n)));
                requests.add(new RateComparison.Request(tier, ComparedRate.FAIL, ComparedProportion.of(a[1], n),
                        ComparedProportion.of(b[1], n)));
                requests.add(new RateComparison.Request(tier, ComparedRate.SUCCESS,
                        ComparedProportion.of(n - a[0] - a[1], n), ComparedProportion.of(n - b[0] - b[1], n)));
            }
            List<RateComparison> verdicts = RateComparison.decide(requests, OPTIONS);
            if (verdicts.stream().anyMatch(v -> v.verdict() == ComparisonVerdict.WORSE
                    || v.verdict() == ComparisonVerdict.BETTER)) {
                falseChange++;
            }
            if (verdicts.stream().anyMatch(v -> v.pValue() <= 0.05)) {
                falseChangeUncorrected++;
            }
        }
        double familyWise = falseChange / (double) replicates;
        assertTrue(familyWise <= 0.065, "family-wise error " + familyWise);
        assertTrue(falseChangeUncorrected / (double) replicates > 0.15,
                "without the correction nine tests err far more often: " + falseChangeUncorrected);
    }

    /** The change the CLI test uses (FAST timeouts 0.2 to 0.3) is found essentially always at 2,000 samples. */
    @Test
    void aTenPointChangeIsFoundAtCalibrationSizes() {
        SplittableRandom random = new SplittableRandom(5);
        int found = 0;
        for (int r = 0; r < 200; r++) {
            long a = NewcombeIntervalTest.binomial(random, 2000, 0.2);
            long b = NewcombeIntervalTest.binomial(random, 2000, 0.3);
            List<RateComparison.Request> requests = new ArrayList<>();
            requests.add(new RateComparison.Request("FAST", ComparedRate.TIMEOUT, ComparedProportion.of(a, 2000),
                    ComparedProportion.of(b, 2000)));
            for (int i = 0; i < 8; i++) {
                requests.add(new RateComparison.Request("X" + i, ComparedRate.FAIL, ComparedProportion.of(1, 2),
                        ComparedProportion.of(1, 2)));
            }
            if (RateComparison.decide(requests, OPTIONS).get(0).verdict() == ComparisonVerdict.WORSE) {
                found++;
            }
        }
        assertEquals(200, found);
    }

    /**
     * A true difference exactly at the margin is not "same": the chance of saying so is at most alpha (the two
     * one-sided tests have level alpha at the margin's boundary). 400 seeded replicates at 10,000 samples.
     */
    @Test
    void aDifferenceAtTheMarginIsRarelyCalledSame() {
        SplittableRandom random = new SplittableRandom(23);
        int same = 0;
        int replicates = 400;
        for (int r = 0; r < replicates; r++) {
            long a = NewcombeIntervalTest.binomial(random, 10_000, 0.20);
            long b = NewcombeIntervalTest.binomial(random, 10_000, 0.22);
            if (one(ComparedRate.TIMEOUT, a, b, 10_000).verdict() == ComparisonVerdict.SAME) {
                same++;
            }
        }
        assertTrue(same / (double) replicates <= 0.07, "false same " + same + " of " + replicates);
    }

    private static long[] multinomial(SplittableRandom random, int n, double timeout, double fail) {
        long[] counts = new long[2];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            if (u < timeout) {
                counts[0]++;
            } else if (u < timeout + fail) {
                counts[1]++;
            }
        }
        return counts;
    }
}
