package io.github.noisecal.calibration.stats;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The intersection-union test of a strict ordering of timeout rates, e.g. "FAST &gt; BALANCED &gt; SLOW".
 *
 * <p>The ordering is claimed only when every adjacent one-sided test rejects at {@code alpha}; its p-value is the
 * largest adjacent one-sided p-value (Berger 1982: the level is alpha without a multiplicity correction). An
 * ordering is never claimed over a {@linkplain TierPairComparison#isDegenerate() degenerate} comparison, whatever
 * its p-value: the test's null hypothesis cannot hold by construction, so its p-value says nothing and is left out
 * of the ordering's. When every comparison is degenerate there is no p-value at all, and {@link #noPValueReason()}
 * says why.
 *
 * @param testedOrdering  the ordering that was tested, tiers joined by {@code " > "}
 * @param comparisons     the adjacent comparisons, first tier against second, second against third, ...
 * @param alpha           the level of the test
 * @param pValue          the largest one-sided p-value among the comparisons that are not degenerate; null when every
 *                        comparison is
 * @param claimedOrdering {@code testedOrdering} when {@code pValue <= alpha} and no comparison is degenerate,
 *                        otherwise null
 */
public record OrderingClaim(String testedOrdering, List<TierPairComparison> comparisons, double alpha,
                            Double pValue, String claimedOrdering) {

    public OrderingClaim {
        Objects.requireNonNull(testedOrdering, "testedOrdering");
        comparisons = List.copyOf(comparisons);
        boolean allDegenerate = comparisons.stream().allMatch(TierPairComparison::isDegenerate);
        if ((pValue == null) != allDegenerate) {
            throw new IllegalArgumentException("pValue must be null exactly when every comparison is degenerate, got "
                    + pValue);
        }
        boolean rejects = pValue != null && pValue <= alpha
                && comparisons.stream().noneMatch(TierPairComparison::isDegenerate);
        if (rejects != (claimedOrdering != null) || (claimedOrdering != null && !claimedOrdering.equals(testedOrdering))) {
            throw new IllegalArgumentException("claimedOrdering must be testedOrdering exactly when pValue=" + pValue
                    + " <= alpha=" + alpha + " and no comparison is degenerate, got " + claimedOrdering);
        }
    }

    /** Whether some comparison is degenerate by construction, so that no ordering can be claimed. */
    public boolean degenerate() {
        return comparisons.stream().anyMatch(TierPairComparison::isDegenerate);
    }

    /** The comparisons that test something: those that are not degenerate, in order. */
    public List<TierPairComparison> tested() {
        return comparisons.stream().filter(c -> !c.isDegenerate()).toList();
    }

    /**
     * log10 of {@link #pValue()}: the largest one-sided log10 p-value among the comparisons that are not degenerate,
     * finite where the p-value underflows; null when every comparison is degenerate.
     */
    public Double log10PValue() {
        List<TierPairComparison> tested = tested();
        return tested.isEmpty() ? null
                : tested.stream().mapToDouble(TierPairComparison::log10PValueOneSided).max().orElseThrow();
    }

    /**
     * Why there is no p-value, e.g. "shared runs: the ordering holds by construction"; null when there is one.
     */
    public String noPValueReason() {
        if (pValue != null) {
            return null;
        }
        return comparisons.stream().map(c -> c.degeneracy().reason()).distinct().collect(Collectors.joining("; "));
    }

    /** Whether the ordering is claimed. */
    public boolean claimed() {
        return claimedOrdering != null;
    }
}
