package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

class TierComparisonsProperties {

    @Property
    void mcNemarPValuesAreProbabilities(@ForAll @LongRange(max = 1_000_000_000L) long onlyA,
                                        @ForAll @LongRange(max = 1_000_000_000L) long onlyB) {
        McNemarMidP test = TierComparisons.mcNemarMidP(onlyA, onlyB);
        assertTrue(test.pValueOneSided() >= 0 && test.pValueOneSided() <= 1, test::toString);
        assertTrue(test.pValueTwoSided() >= 0 && test.pValueTwoSided() <= 1, test::toString);
        assertTrue(test.pValueTwoSided() >= test.pValueOneSided() || test.pValueOneSided() > 0.5, test::toString);
    }

    @Property
    void swappingTheTiersMirrorsTheOneSidedAndKeepsTheTwoSided(@ForAll @LongRange(max = 100_000) long onlyA,
                                                               @ForAll @LongRange(max = 100_000) long onlyB) {
        McNemarMidP forward = TierComparisons.mcNemarMidP(onlyA, onlyB);
        McNemarMidP backward = TierComparisons.mcNemarMidP(onlyB, onlyA);
        assertEquals(forward.pValueTwoSided(), backward.pValueTwoSided());
        assertEquals(forward.statistic(), backward.statistic());
        if (onlyA + onlyB > 0) {
            assertEquals(1, forward.pValueOneSided() + backward.pValueOneSided(), 1e-13);
        }
    }

    @Property
    void moreTimeoutsInTierAOnlyNeverWeakenTheEvidence(@ForAll @LongRange(max = 5_000) long onlyA,
                                                       @ForAll @LongRange(max = 5_000) long onlyB) {
        double before = TierComparisons.mcNemarMidP(onlyA, onlyB).pValueOneSided();
        double after = TierComparisons.mcNemarMidP(onlyA + 1, onlyB).pValueOneSided();
        // exact in arithmetic; near p = 1 the computed values may tie up to one rounding step
        assertTrue(after <= before + 1e-15, before + " -> " + after);
    }

    /** The mid-p from exact binomial coefficients, {@code (sum_{j > a} C(n, j) + C(n, a)/2) / 2^n}. */
    @Property
    void mcNemarMatchesExactRationalArithmetic(@ForAll @IntRange(max = 80) int onlyA,
                                               @ForAll @IntRange(max = 80) int onlyB) {
        int n = onlyA + onlyB;
        BigInteger above = BigInteger.ZERO;
        BigInteger coefficient = BigInteger.ONE; // C(n, j), j counting up
        BigInteger atA = BigInteger.ZERO;
        for (int j = 0; j <= n; j++) {
            if (j == onlyA) {
                atA = coefficient;
            } else if (j > onlyA) {
                above = above.add(coefficient);
            }
            coefficient = coefficient.multiply(BigInteger.valueOf(n - j)).divide(BigInteger.valueOf(j + 1));
        }
        double expected = n == 0 ? 1 : new BigDecimal(above.shiftLeft(1).add(atA))
                .divide(new BigDecimal(BigInteger.ONE.shiftLeft(n + 1)), MathContext.DECIMAL64).doubleValue();
        assertEquals(expected, TierComparisons.mcNemarMidP(onlyA, onlyB).pValueOneSided(), 1e-14);
    }

    @Property
    void concordantSamplesDoNotChangeTheTest(@ForAll @Size(max = 200) List<Boolean> a,
                                             @ForAll @Size(max = 200) List<Boolean> b,
                                             @ForAll @IntRange(max = 50) int both,
                                             @ForAll @IntRange(max = 50) int neither) {
        int n = Math.min(a.size(), b.size());
        boolean[] tierA = new boolean[n];
        boolean[] tierB = new boolean[n];
        for (int i = 0; i < n; i++) {
            tierA[i] = a.get(i);
            tierB[i] = b.get(i);
        }
        boolean[] paddedA = new boolean[n + both + neither];
        boolean[] paddedB = new boolean[n + both + neither];
        System.arraycopy(tierA, 0, paddedA, both + neither, n);
        System.arraycopy(tierB, 0, paddedB, both + neither, n);
        for (int i = 0; i < both; i++) {
            paddedA[i] = true;
            paddedB[i] = true;
        }
        assertEquals(TierComparisons.mcNemarMidP(tierA, tierB), TierComparisons.mcNemarMidP(paddedA, paddedB));
    }

    @Property
    void fisherMirrorsWhenTheTiersSwap(@ForAll @LongRange(min = 1, max = 100_000) long samplesA,
                                       @ForAll @LongRange(min = 1, max = 100_000) long samplesB,
                                       @ForAll @DoubleRange(max = 1) double rateA,
                                       @ForAll @DoubleRange(max = 1) double rateB) {
        long timeoutsA = Math.round(rateA * samplesA);
        long timeoutsB = Math.round(rateB * samplesB);
        FisherMidP forward = TierComparisons.fisherMidP(timeoutsA, samplesA, timeoutsB, samplesB);
        FisherMidP backward = TierComparisons.fisherMidP(timeoutsB, samplesB, timeoutsA, samplesA);
        assertEquals(-forward.statistic(), backward.statistic(), 1e-15);
        assertEquals(forward.pValueTwoSided(), backward.pValueTwoSided(), 1e-9);
        assertTrue(forward.pValueOneSided() >= 0 && forward.pValueOneSided() <= 1);
        assertTrue(forward.pValueTwoSided() >= 0 && forward.pValueTwoSided() <= 1);
        long marked = timeoutsA + timeoutsB;
        if (marked > 0 && marked < samplesA + samplesB) {
            assertEquals(1, forward.pValueOneSided() + backward.pValueOneSided(), 1e-9);
        }
        if (forward.pValueOneSided() > 1e-280) {
            assertEquals(Math.log10(forward.pValueOneSided()), forward.log10PValueOneSided(), 1e-9);
        }
    }

    /** The mid-p from exact binomial coefficients of the hypergeometric law. */
    @Property
    void fisherMatchesExactRationalArithmetic(@ForAll @IntRange(min = 1, max = 60) int samplesA,
                                              @ForAll @IntRange(min = 1, max = 60) int samplesB,
                                              @ForAll @IntRange(max = 60) int timeoutsA,
                                              @ForAll @IntRange(max = 60) int timeoutsB) {
        int a = Math.min(timeoutsA, samplesA);
        int b = Math.min(timeoutsB, samplesB);
        int population = samplesA + samplesB;
        int marked = a + b;
        double expected = 1;
        if (marked > 0 && marked < population) {
            BigInteger above = BigInteger.ZERO;
            for (int x = a + 1; x <= Math.min(marked, samplesA); x++) {
                above = above.add(choose(marked, x).multiply(choose(population - marked, samplesA - x)));
            }
            BigInteger at = choose(marked, a).multiply(choose(population - marked, samplesA - a));
            expected = new BigDecimal(above.shiftLeft(1).add(at)).divide(
                    new BigDecimal(choose(population, samplesA).shiftLeft(1)), MathContext.DECIMAL64).doubleValue();
        }
        FisherMidP test = TierComparisons.fisherMidP(a, samplesA, b, samplesB);
        assertEquals(expected, test.pValueOneSided(), 1e-13);
    }

    /** The log10 of McNemar's mid-p is the log of the exact binomial value, also far below the double range. */
    @Property(tries = 60)
    void mcNemarLog10IsExactEvenWhereThePValueUnderflows(@ForAll @IntRange(min = 1, max = 2500) int onlyA,
                                                         @ForAll @IntRange(max = 60) int onlyB) {
        int n = onlyA + onlyB;
        BigInteger above = BigInteger.ZERO;
        for (int j = onlyA + 1; j <= n; j++) {
            above = above.add(choose(n, j));
        }
        BigInteger numerator = above.shiftLeft(1).add(choose(n, onlyA));
        int shift = Math.max(0, numerator.bitLength() - 60);
        double log10Numerator = Math.log10(numerator.shiftRight(shift).doubleValue()) + shift * Math.log10(2);
        double expected = log10Numerator - (n + 1) * Math.log10(2);
        assertEquals(expected, TierComparisons.mcNemarMidP(onlyA, onlyB).log10PValueOneSided(),
                1e-9 * Math.max(1, Math.abs(expected)));
    }

    private static BigInteger choose(int n, int k) {
        BigInteger result = BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            result = result.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }

    /** The ordering is claimed exactly when every adjacent one-sided test rejects, at the largest p-value. */
    @Property
    void orderingIsTheIntersectionOfTheAdjacentTests(@ForAll @Size(min = 1, max = 5) List<@LongRange(max = 40) Long> a,
                                                     @ForAll @Size(min = 5, max = 5) List<@LongRange(max = 40) Long> b,
                                                     @ForAll @DoubleRange(min = 0.001, max = 0.2) @Scale(3) double alpha) {
        List<TierPairComparison> adjacent = new ArrayList<>();
        boolean allReject = true;
        double largest = 0;
        for (int i = 0; i < a.size(); i++) {
            McNemarMidP test = TierComparisons.mcNemarMidP(a.get(i), b.get(i));
            adjacent.add(new TierPairComparison("T" + i, "T" + (i + 1), test));
            allReject &= test.pValueOneSided() <= alpha;
            largest = Math.max(largest, test.pValueOneSided());
        }
        OrderingClaim claim = TierComparisons.ordering(adjacent, alpha);
        assertEquals(allReject, claim.claimed());
        assertEquals(largest, claim.pValue());
        assertEquals(allReject ? claim.testedOrdering() : null, claim.claimedOrdering());
    }
}
