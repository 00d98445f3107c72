package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TierComparisonsTest {

    @Test
    void threeDiscordantAllOneWay() {
        // X ~ Bin(3, 1/2): P(X > 3) = 0, P(X = 3) = 1/8, so mid-p = 0 + 1/16; two-sided 2/16.
        McNemarMidP test = TierComparisons.mcNemarMidP(3, 0);
        assertAll(
                () -> assertEquals(1.0 / 16, test.pValueOneSided(), 1e-15),
                () -> assertEquals(2.0 / 16, test.pValueTwoSided(), 1e-15),
                () -> assertEquals(3.0, test.statistic(), 1e-15),
                () -> assertEquals(3, test.discordant()),
                () -> assertEquals("mcnemar_mid_p", test.name()));
    }

    @Test
    void fiveAgainstOne() {
        // X ~ Bin(6, 1/2): P(X > 5) = 1/64, P(X = 5) = 6/64 -> 1/64 + 3/64 = 4/64.
        // Other side: P(X > 1) = 57/64, P(X = 1) = 6/64 -> 60/64. Two-sided: 2 * 4/64. Chi-square (5-1)²/6.
        McNemarMidP test = TierComparisons.mcNemarMidP(5, 1);
        McNemarMidP reversed = TierComparisons.mcNemarMidP(1, 5);
        assertAll(
                () -> assertEquals(4.0 / 64, test.pValueOneSided(), 1e-15),
                () -> assertEquals(60.0 / 64, reversed.pValueOneSided(), 1e-15),
                () -> assertEquals(8.0 / 64, test.pValueTwoSided(), 1e-15),
                () -> assertEquals(8.0 / 64, reversed.pValueTwoSided(), 1e-15),
                () -> assertEquals(16.0 / 6, test.statistic(), 1e-15));
    }

    @Test
    void thirtyAgainstTenMatchesTheBinomialLaw() {
        // scipy: binom.sf(30, 40, .5) + binom.pmf(30, 40, .5) / 2 = 0.0007252455070556598
        McNemarMidP test = TierComparisons.mcNemarMidP(30, 10);
        assertEquals(0.0007252455070556598, test.pValueOneSided(), 1e-17);
        assertEquals(2 * 0.0007252455070556598, test.pValueTwoSided(), 2e-17);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 7, 500})
    void equalDiscordantCountsGiveTwoSidedOneUnlikeCommonsMath3(long count) {
        McNemarMidP test = TierComparisons.mcNemarMidP(count, count);
        assertEquals(1.0, test.pValueTwoSided(), 1e-15);
        assertEquals(0.5, test.pValueOneSided(), 1e-15);
        // MATH-1381: Commons Math 3 double-counts the middle term, the reason it is not used.
        double commonsMath3 = new BinomialTest().binomialTest((int) (2 * count), (int) count, 0.5,
                AlternativeHypothesis.TWO_SIDED);
        assertTrue(commonsMath3 > 1, "Commons Math 3 gives " + commonsMath3);
    }

    @Test
    void noDiscordantSamplesIsNoEvidence() {
        McNemarMidP test = TierComparisons.mcNemarMidP(0, 0);
        assertAll(
                () -> assertEquals(1.0, test.pValueOneSided()),
                () -> assertEquals(1.0, test.pValueTwoSided()),
                () -> assertEquals(0.0, test.statistic()),
                () -> assertEquals(0, test.discordant()));
    }

    @Test
    void countsBeyondTheIntRangeWork() {
        McNemarMidP balanced = TierComparisons.mcNemarMidP(3_000_000_000L, 3_000_000_000L);
        McNemarMidP shifted = TierComparisons.mcNemarMidP(3_000_100_000L, 3_000_000_000L);
        // At this size the mid-p is the normal tail at z = (b - c) / sqrt(b + c) = 1.291 to well within 1e-6;
        // the incomplete beta function itself is only good to about 1e-7 here.
        double z = 100_000 / Math.sqrt(6_000_100_000.0);
        assertAll(
                () -> assertEquals(0.5, balanced.pValueOneSided(), 1e-6),
                () -> assertEquals(1.0, balanced.pValueTwoSided(), 1e-6),
                () -> assertEquals(new NormalDistribution().cumulativeProbability(-z), shifted.pValueOneSided(), 1e-6));
    }

    @Test
    void booleanArraysCountTheDiscordantSamples() {
        boolean[] fast = {true, true, true, false, true, false, false};
        boolean[] balanced = {true, false, false, false, false, true, false};
        // sample: 0 both, 1-2 FAST only, 3 neither, 4 FAST only, 5 BALANCED only, 6 neither
        McNemarMidP test = TierComparisons.mcNemarMidP(fast, balanced);
        assertEquals(TierComparisons.mcNemarMidP(3, 1), test);
    }

    @Test
    void booleanArraysMustHaveEqualLengths() {
        var thrown = assertThrows(IllegalArgumentException.class,
                () -> TierComparisons.mcNemarMidP(new boolean[3], new boolean[4]));
        assertEquals("timedOutA and timedOutB must have equal lengths (one entry per sample), got 3 and 4",
                thrown.getMessage());
    }

    @Test
    void negativeDiscordantCountsAreRejected() {
        assertAll(
                () -> assertEquals("onlyA must not be negative, got -1", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.mcNemarMidP(-1, 0)).getMessage()),
                () -> assertEquals("onlyB must not be negative, got -2", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.mcNemarMidP(0, -2)).getMessage()),
                () -> assertEquals("timedOutB", assertThrows(NullPointerException.class,
                        () -> TierComparisons.mcNemarMidP(new boolean[1], null)).getMessage()));
    }

    @Test
    void fisherMidPMatchesExactRationalValues() {
        // Exact fractions (Python math.comb): 30/100 vs 15/100 upper mid-p 0.005871855758041199, two-sided twice it.
        FisherMidP test = TierComparisons.fisherMidP(30, 100, 15, 100);
        assertAll(
                () -> assertEquals(0.15, test.statistic(), 1e-15),
                () -> assertEquals(0.005871855758041199, test.pValueOneSided(), 1e-15),
                () -> assertEquals(0.011743711516082398, test.pValueTwoSided(), 1e-15),
                () -> assertEquals(Math.log10(test.pValueOneSided()), test.log10PValueOneSided(), 1e-12),
                () -> assertEquals("fisher_mid_p", test.name()));
    }

    /** The case: the z-test claimed 3/100 against 0/100 at p = 0.040; the exact test says 0.123. */
    @Test
    void threeAgainstNoTimeoutsIsNotEvidenceAtFivePercent() {
        // P(X = 3) = 100·99·98 / (200·199·198) = 0.1231155..., P(X > 3) = 0: mid-p is half of it.
        FisherMidP test = TierComparisons.fisherMidP(3, 100, 0, 100);
        assertAll(
                () -> assertEquals(0.06155778894472362, test.pValueOneSided(), 1e-15),
                () -> assertEquals(0.12311557788944724, test.pValueTwoSided(), 1e-15),
                () -> assertTrue(test.pValueOneSided() > 0.05));
    }

    @Test
    void fisherWithoutVariationIsNoEvidence() {
        FisherMidP none = TierComparisons.fisherMidP(0, 10, 0, 20);
        FisherMidP all = TierComparisons.fisherMidP(10, 10, 20, 20);
        assertAll(
                () -> assertEquals(0.0, none.statistic()),
                () -> assertEquals(1.0, none.pValueOneSided()),
                () -> assertEquals(0.0, none.log10PValueOneSided()),
                () -> assertEquals(1.0, all.pValueTwoSided()));
    }

    @Test
    void fisherRejectsImpossibleCounts() {
        assertAll(
                () -> assertEquals("samplesA must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.fisherMidP(0, 0, 1, 2)).getMessage()),
                () -> assertEquals("timeoutsB must lie in [0, samplesB=2], got 3", assertThrows(
                        IllegalArgumentException.class, () -> TierComparisons.fisherMidP(0, 5, 3, 2))
                        .getMessage()),
                () -> assertEquals("timeoutsA must lie in [0, samplesA=5], got -1", assertThrows(
                        IllegalArgumentException.class, () -> TierComparisons.fisherMidP(-1, 5, 1, 2))
                        .getMessage()));
    }

    /** p-values below the double range keep an exact log10 (mpmath at 30 digits: -(10^6 + 1) log10 2). */
    @Test
    void underflowingPValuesKeepTheirLog10() {
        McNemarMidP allOneWay = TierComparisons.mcNemarMidP(1_000_000, 0);
        assertAll(
                () -> assertEquals(0.0, allOneWay.pValueOneSided()),
                () -> assertEquals(-301030.29669397685, allOneWay.log10PValueOneSided(), 1e-6),
                () -> assertEquals(-301030.29669397685 + Math.log10(2), allOneWay.log10PValueTwoSided(), 1e-6),
                () -> assertEquals("< 1e-300 (log10 p = -3.010e+05)",
                        PValues.format(allOneWay.pValueOneSided(), allOneWay.log10PValueOneSided())),
                () -> assertEquals("0.0625", PValues.format(0.0625, Math.log10(0.0625))));
        FisherMidP unpaired = TierComparisons.fisherMidP(5_000, 5_000, 0, 5_000);
        // P(X = 5000) for X ~ Hypergeometric(10000, 5000, 5000) is 1/C(10000, 5000); half of it is the mid-p.
        double expected = -(DiscreteTails.lnChoose(10_000, 5_000) + Math.log(2)) / Math.log(10);
        assertEquals(0.0, unpaired.pValueOneSided());
        assertEquals(expected, unpaired.log10PValueOneSided(), 1e-9 * Math.abs(expected));
        assertEquals(-3008.5, expected, 0.01);
    }

    /** Samples where tier A times out in {@code onlyA} more and tier B in {@code onlyB} more, plus concordant ones. */
    private static boolean[][] pair(int onlyA, int onlyB, int both, int neither) {
        int n = onlyA + onlyB + both + neither;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            a[i] = i < onlyA || i >= onlyA + onlyB && i < onlyA + onlyB + both;
            b[i] = i >= onlyA && i < onlyA + onlyB + both;
        }
        return new boolean[][] {a, b};
    }

    @Test
    void orderingIsClaimedWhenEveryAdjacentTestRejects() {
        // FAST vs BALANCED: 12 vs 1 discordant (samples 0-11 vs 12); BALANCED vs SLOW: 11 vs 1 (12-22 vs 23).
        boolean[] fast = new boolean[40];
        boolean[] balanced = new boolean[40];
        boolean[] slow = new boolean[40];
        for (int i = 0; i < 12; i++) {
            fast[i] = true; // FAST only
        }
        balanced[12] = true; // BALANCED only (vs FAST), and BALANCED only vs SLOW
        for (int i = 13; i < 23; i++) {
            fast[i] = true;
            balanced[i] = true; // both FAST and BALANCED, not SLOW: discordant BALANCED vs SLOW
        }
        slow[23] = true; // SLOW only
        OrderingClaim claim = TierComparisons.pairedOrdering(List.of("FAST", "BALANCED", "SLOW"),
                List.of(fast, balanced, slow), 0.05);
        McNemarMidP first = TierComparisons.mcNemarMidP(12, 1);
        McNemarMidP second = TierComparisons.mcNemarMidP(11, 1);
        assertAll(
                () -> assertEquals(first, claim.comparisons().get(0).test()),
                () -> assertEquals(second, claim.comparisons().get(1).test()),
                () -> assertEquals("BALANCED", claim.comparisons().get(1).tierA()),
                () -> assertEquals("mcnemar_mid_p", claim.comparisons().get(0).testName()),
                () -> assertEquals(first.statistic(), claim.comparisons().get(0).statistic()),
                () -> assertEquals(first.pValueOneSided(), claim.comparisons().get(0).pValueOneSided()),
                () -> assertEquals(first.pValueTwoSided(), claim.comparisons().get(0).pValueTwoSided()),
                () -> assertEquals(Math.max(first.pValueOneSided(), second.pValueOneSided()), claim.pValue()),
                () -> assertTrue(claim.claimed()),
                () -> assertEquals("FAST > BALANCED > SLOW", claim.claimedOrdering()),
                () -> assertEquals("FAST > BALANCED > SLOW", claim.testedOrdering()),
                () -> assertEquals(0.05, claim.alpha()));
    }

    @Test
    void orderingIsNotClaimedWhenOneAdjacentTestFails() {
        boolean[][] fastBalanced = pair(12, 1, 5, 22);
        boolean[] slow = fastBalanced[1].clone(); // SLOW identical to BALANCED: no evidence for that step
        OrderingClaim claim = TierComparisons.pairedOrdering(List.of("FAST", "BALANCED", "SLOW"),
                List.of(fastBalanced[0], fastBalanced[1], slow), 0.05);
        assertAll(
                () -> assertTrue(claim.comparisons().get(0).test().pValueOneSided() < 0.05),
                () -> assertEquals(1.0, claim.pValue()),
                () -> assertFalse(claim.claimed()),
                () -> assertNull(claim.claimedOrdering()),
                () -> assertEquals("FAST > BALANCED > SLOW", claim.testedOrdering()));
    }

    @Test
    void unpairedOrderingUsesFishersTest() {
        OrderingClaim claim = TierComparisons.unpairedOrdering(List.of(
                new TierCounts("FAST", 30, 100), new TierCounts("BALANCED", 15, 100), new TierCounts("SLOW", 4, 100)),
                0.01);
        FisherMidP first = TierComparisons.fisherMidP(30, 100, 15, 100);
        FisherMidP second = TierComparisons.fisherMidP(15, 100, 4, 100);
        assertAll(
                () -> assertEquals(first, claim.comparisons().get(0).test()),
                () -> assertEquals(second, claim.comparisons().get(1).test()),
                () -> assertEquals("fisher_mid_p", claim.comparisons().get(1).testName()),
                () -> assertEquals(Math.max(first.log10PValueOneSided(), second.log10PValueOneSided()),
                        claim.log10PValue()),
                () -> assertEquals(Math.max(first.pValueOneSided(), second.pValueOneSided()), claim.pValue()),
                () -> assertEquals("FAST > BALANCED > SLOW", claim.claimedOrdering()));
    }

    @Test
    void aDegenerateComparisonNeverSupportsAClaim() {
        McNemarMidP strong = TierComparisons.mcNemarMidP(40, 0);
        TierPairComparison first = new TierPairComparison("FAST", "BALANCED", strong);
        TierPairComparison second = new TierPairComparison("BALANCED", "SLOW", strong);
        OrderingClaim independent = TierComparisons.ordering(List.of(first, second), 0.05);
        OrderingClaim shared = TierComparisons.ordering(List.of(first, second.degenerate(Degeneracy.SHARED_RUNS)),
                0.05);
        assertAll(
                () -> assertEquals("FAST > BALANCED > SLOW", independent.claimedOrdering()),
                () -> assertEquals(independent.pValue(), shared.pValue(), "the test itself is unchanged"),
                () -> assertNull(shared.claimedOrdering()),
                () -> assertTrue(shared.degenerate()),
                () -> assertEquals(Degeneracy.SHARED_RUNS, shared.comparisons().get(1).degeneracy()),
                () -> assertEquals("claimedOrdering must be testedOrdering exactly when pValue=" + shared.pValue()
                        + " <= alpha=0.05 and no comparison is degenerate, got FAST > BALANCED > SLOW",
                        assertThrows(IllegalArgumentException.class, () -> new OrderingClaim(shared.testedOrdering(),
                                shared.comparisons(), 0.05, shared.pValue(), shared.testedOrdering())).getMessage()),
                () -> assertEquals(Degeneracy.SHARED_RUNS, Degeneracy.fromId("shared_runs")),
                () -> assertNull(shared.noPValueReason()),
                () -> assertEquals("unknown degeneracy 'shared'; expected shared_runs", assertThrows(
                        IllegalArgumentException.class, () -> Degeneracy.fromId("shared")).getMessage()));
    }

    /**
     * A degenerate comparison's p-value is not the ordering's: the ordering's comes from the others, and with every
     * comparison degenerate there is none, only the reason.
     */
    @Test
    void degenerateComparisonsGiveNoPValue() {
        TierPairComparison weak = new TierPairComparison("FAST", "BALANCED", TierComparisons.mcNemarMidP(3, 2));
        TierPairComparison strong = new TierPairComparison("BALANCED", "SLOW", TierComparisons.mcNemarMidP(40, 0));
        OrderingClaim mixed = TierComparisons.ordering(List.of(weak.degenerate(Degeneracy.SHARED_RUNS), strong), 0.05);
        OrderingClaim none = TierComparisons.ordering(List.of(weak.degenerate(Degeneracy.SHARED_RUNS),
                strong.degenerate(Degeneracy.SHARED_RUNS)), 0.05);
        assertAll(
                () -> assertEquals(strong.pValueOneSided(), mixed.pValue()),
                () -> assertEquals(strong.log10PValueOneSided(), mixed.log10PValue()),
                () -> assertEquals(List.of(strong), mixed.tested()),
                () -> assertNull(mixed.claimedOrdering()),
                () -> assertNull(none.pValue()),
                () -> assertNull(none.log10PValue()),
                () -> assertEquals("shared runs: the ordering holds by construction", none.noPValueReason()),
                () -> assertEquals("pValue must be null exactly when every comparison is degenerate, got 1.0E-4",
                        assertThrows(IllegalArgumentException.class, () -> new OrderingClaim(none.testedOrdering(),
                                none.comparisons(), 0.05, 1e-4, null)).getMessage()));
    }

    @Test
    void orderingRejectsMalformedInput() {
        McNemarMidP test = TierComparisons.mcNemarMidP(3, 0);
        List<TierPairComparison> broken = List.of(new TierPairComparison("FAST", "BALANCED", test),
                new TierPairComparison("SLOW", "GLACIAL", test));
        boolean[] three = new boolean[3];
        assertAll(
                () -> assertEquals("adjacent comparisons must form a chain: comparison 1 starts at SLOW but the"
                        + " previous one ends at BALANCED", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.ordering(broken, 0.05)).getMessage()),
                () -> assertEquals("adjacent must hold at least one comparison", assertThrows(
                        IllegalArgumentException.class, () -> TierComparisons.ordering(List.of(), 0.05))
                        .getMessage()),
                () -> assertEquals("alpha must lie in (0, 1), got NaN", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.ordering(broken.subList(0, 1), Double.NaN)).getMessage()),
                () -> assertEquals("alpha must lie in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                        () -> TierComparisons.pairedOrdering(List.of("A", "B"), List.of(three, three), 1))
                        .getMessage()),
                () -> assertEquals("tiers must name at least two tiers, got [FAST]", assertThrows(
                        IllegalArgumentException.class,
                        () -> TierComparisons.pairedOrdering(List.of("FAST"), List.of(three), 0.05)).getMessage()),
                () -> assertEquals("timedOutBySample must hold one array per tier: 2 tiers but 1 arrays",
                        assertThrows(IllegalArgumentException.class, () -> TierComparisons.pairedOrdering(
                                List.of("A", "B"), List.of(three), 0.05)).getMessage()),
                () -> assertEquals("tiers must hold at least two tiers, got []", assertThrows(
                        IllegalArgumentException.class, () -> TierComparisons.unpairedOrdering(List.of(), 0.05))
                        .getMessage()),
                () -> assertEquals("timeouts must lie in [0, samples=3], got 4", assertThrows(
                        IllegalArgumentException.class, () -> new TierCounts("FAST", 4, 3)).getMessage()));
    }
}
