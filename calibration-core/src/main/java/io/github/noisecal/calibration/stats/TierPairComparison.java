package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * One adjacent pair of an ordering claim: does {@code tierA} time out more often than {@code tierB}?
 *
 * @param tierA      the tier claimed to have the higher timeout rate
 * @param tierB      the tier claimed to have the lower timeout rate
 * @param test       the test and its result
 * @param degeneracy why the test cannot tell a tier effect from noise by construction of the samples, or null when
 *                   it can; a degenerate comparison never supports an ordering claim
 */
public record TierPairComparison(String tierA, String tierB, PairTest test, Degeneracy degeneracy) {

    public TierPairComparison {
        Objects.requireNonNull(tierA, "tierA");
        Objects.requireNonNull(tierB, "tierB");
        Objects.requireNonNull(test, "test");
    }

    /** A comparison of tiers that ran their samples independently. */
    public TierPairComparison(String tierA, String tierB, PairTest test) {
        this(tierA, tierB, test, null);
    }

    /** The same comparison marked degenerate. */
    public TierPairComparison degenerate(Degeneracy why) {
        return new TierPairComparison(tierA, tierB, test, Objects.requireNonNull(why, "why"));
    }

    /** Whether the comparison is degenerate by construction. */
    public boolean isDegenerate() {
        return degeneracy != null;
    }

    /** The test's report name, {@value McNemarMidP#NAME} or {@value FisherMidP#NAME}. */
    public String testName() {
        return test.name();
    }

    /** The test statistic (McNemar chi-square, or the rate difference for Fisher's test). */
    public double statistic() {
        return test.statistic();
    }

    /** p-value for "tierA's timeout rate &gt; tierB's". */
    public double pValueOneSided() {
        return test.pValueOneSided();
    }

    /** p-value for "the timeout rates differ". */
    public double pValueTwoSided() {
        return test.pValueTwoSided();
    }

    /** log10 of {@link #pValueOneSided()}, finite where it underflows. */
    public double log10PValueOneSided() {
        return test.log10PValueOneSided();
    }
}
