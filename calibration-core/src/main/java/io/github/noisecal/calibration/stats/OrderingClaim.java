package io.github.noisecal.calibration.stats;

import java.util.List;
import java.util.Objects;

/**
 * The intersection-union test of a strict ordering of timeout rates, e.g. "FAST &gt; BALANCED &gt; SLOW".
 *
 * <p>The ordering is claimed only when every adjacent one-sided test rejects at {@code alpha}; its p-value is the
 * largest adjacent one-sided p-value (Berger 1982: the level is alpha without a multiplicity correction). An
 * ordering is never claimed over a {@linkplain TierPairComparison#isDegenerate() degenerate} comparison, whatever
 * its p-value: the test's null hypothesis cannot hold by construction.
 *
 * @param testedOrdering  the ordering that was tested, tiers joined by {@code " > "}
 * @param comparisons     the adjacent comparisons, first tier against second, second against third, ...
 * @param alpha           the level of the test
 * @param pValue          the largest one-sided p-value among the comparisons
 * @param claimedOrdering {@code testedOrdering} when {@code pValue <= alpha} and no comparison is degenerate,
 *                        otherwise null
 */
public record OrderingClaim(String testedOrdering, List<TierPairComparison> comparisons, double alpha,
                            double pValue, String claimedOrdering) {

    public OrderingClaim {
        Objects.requireNonNull(testedOrdering, "testedOrdering");
        comparisons = List.copyOf(comparisons);
        boolean rejects = pValue <= alpha && comparisons.stream().noneMatch(TierPairComparison::isDegenerate);
        if (rejects != (claimedOrdering != null) || (claimedOrdering != null && !claimedOrdering.equals(testedOrdering))) {
            throw new IllegalArgumentException("claimedOrdering must be testedOrdering exactly when pValue=" + pValue
                    + " <= alpha=" + alpha + " and no comparison is degenerate, got " + claimedOrdering);
        }
    }

    /** Whether some comparison is degenerate by construction, so that no ordering can be claimed. */
    public boolean degenerate() {
        return comparisons.stream().anyMatch(TierPairComparison::isDegenerate);
    }

    /** log10 of {@link #pValue()}: the largest adjacent one-sided log10 p-value, finite where it underflows. */
    public double log10PValue() {
        return comparisons.stream().mapToDouble(TierPairComparison::log10PValueOneSided).max().orElse(0);
    }

    /** Whether the ordering is claimed. */
    public boolean claimed() {
        return claimedOrdering != null;
    }
}
