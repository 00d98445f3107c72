package io.github.noisecal.calibration.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.numbers.gamma.RegularizedBeta;

/**
 * Tests whether timeout rates differ between tiers, and whether they are strictly ordered.
 *
 * <p>Every test is one-sided towards "the first tier times out more often" and also reports the two-sided p-value.
 * Paired data (every sample run in every tier) should use McNemar's test; Fisher's exact test (mid-p) is for tiers
 * sampled independently. Both report the log10 of each p-value beside it, so p-values below the double range are
 * still reported exactly. Commons Math 3's {@code BinomialTest} is deliberately not used: its two-sided p-value can exceed 1
 * (MATH-1381).
 */
public final class TierComparisons {

    private TierComparisons() {
    }

    /**
     * McNemar's mid-p test from the discordant counts.
     *
     * @param onlyA samples that timed out in tier A but not in tier B, at least 0
     * @param onlyB samples that timed out in tier B but not in tier A, at least 0
     * @throws IllegalArgumentException if a count is negative
     */
    public static McNemarMidP mcNemarMidP(long onlyA, long onlyB) {
        if (onlyA < 0) {
            throw new IllegalArgumentException("onlyA must not be negative, got " + onlyA);
        }
        if (onlyB < 0) {
            throw new IllegalArgumentException("onlyB must not be negative, got " + onlyB);
        }
        long discordant = onlyA + onlyB;
        if (discordant == 0) {
            return new McNemarMidP(0, 0, 0, 1, 1, 0, 0);
        }
        double difference = onlyA - onlyB;
        double statistic = difference * difference / discordant;
        DiscreteTails.MidP greater = upperMidP(onlyA, discordant);
        // P(X < a) = P(X > b): X and n - X have the same law.
        DiscreteTails.MidP less = upperMidP(onlyB, discordant);
        // The two one-sided mid-p values add up to 1, so the doubled smaller one is at most 1 but for rounding.
        double twoSided = Math.min(1, 2 * Math.min(greater.value(), less.value()));
        double log10TwoSided = Math.min(0, Math.log10(2) + Math.min(greater.log10(), less.log10()));
        return new McNemarMidP(onlyA, onlyB, statistic, greater.value(), twoSided, greater.log10(), log10TwoSided);
    }

    /**
     * {@code P(X > k) + P(X = k)/2} for X ~ Binomial(n, 1/2) and {@code 0 <= k <= n}, {@code n >= 1}. The regularized
     * incomplete beta function is accurate to a few ulps down to about 1e-250 (checked against 50-digit values); below
     * that its intermediate results underflow (0.1 % off at 1e-279), so the deep tail is summed in logarithms.
     */
    private static DiscreteTails.MidP upperMidP(long k, long n) {
        double value;
        if (k == n) {
            value = 0.5 * Math.pow(0.5, n);
        } else {
            // P(X >= k+1) = I_{1/2}(k+1, n-k); the Beta(k+1, n-k) density at 1/2 is (n-k) P(X = k) / (1/2).
            double above = RegularizedBeta.value(0.5, k + 1.0, (double) (n - k));
            double atK = RegularizedBeta.derivative(0.5, k + 1.0, (double) (n - k)) * 0.5 / (n - k);
            value = Math.min(1, above + 0.5 * atK);
        }
        if (value >= 1e-200) {
            return new DiscreteTails.MidP(value, Math.log(value));
        }
        return DiscreteTails.binomialHalfUpperMidP(k, n);
    }

    /**
     * McNemar's mid-p test from per-sample outcomes: element {@code i} of each array says whether sample {@code i}
     * timed out in that tier.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static McNemarMidP mcNemarMidP(boolean[] timedOutA, boolean[] timedOutB) {
        Objects.requireNonNull(timedOutA, "timedOutA");
        Objects.requireNonNull(timedOutB, "timedOutB");
        if (timedOutA.length != timedOutB.length) {
            throw new IllegalArgumentException("timedOutA and timedOutB must have equal lengths (one entry per sample),"
                    + " got " + timedOutA.length + " and " + timedOutB.length);
        }
        long onlyA = 0;
        long onlyB = 0;
        for (int i = 0; i < timedOutA.length; i++) {
            if (timedOutA[i] && !timedOutB[i]) {
                onlyA++;
            } else if (timedOutB[i] && !timedOutA[i]) {
                onlyB++;
            }
        }
        return mcNemarMidP(onlyA, onlyB);
    }

    /**
     * Fisher's exact test with mid-p values for independent samples; see {@link FisherMidP}.
     *
     * @throws IllegalArgumentException if a sample count is below 1 or a timeout count outside [0, samples]
     */
    public static FisherMidP fisherMidP(long timeoutsA, long samplesA, long timeoutsB, long samplesB) {
        PValues.checkCounts("timeoutsA", timeoutsA, "samplesA", samplesA);
        PValues.checkCounts("timeoutsB", timeoutsB, "samplesB", samplesB);
        double difference = (double) timeoutsA / samplesA - (double) timeoutsB / samplesB;
        long population = Math.addExact(samplesA, samplesB);
        long marked = timeoutsA + timeoutsB;
        if (marked == 0 || marked == population) {
            return new FisherMidP(timeoutsA, samplesA, timeoutsB, samplesB, difference, 1, 1, 0, 0);
        }
        DiscreteTails.MidP greater = DiscreteTails.hypergeometricUpperMidP(timeoutsA, population, marked, samplesA);
        // The lower mid-p of A is the upper mid-p of B in the mirrored table.
        DiscreteTails.MidP less = DiscreteTails.hypergeometricUpperMidP(timeoutsB, population, marked, samplesB);
        double twoSided = Math.min(1, 2 * Math.min(greater.value(), less.value()));
        double log10TwoSided = Math.min(0, Math.log10(2) + Math.min(greater.log10(), less.log10()));
        return new FisherMidP(timeoutsA, samplesA, timeoutsB, samplesB, difference, greater.value(), twoSided,
                greater.log10(), log10TwoSided);
    }

    /**
     * The intersection-union test of the ordering given by the comparisons, which must form a chain
     * (each comparison's {@code tierB} is the next one's {@code tierA}). A degenerate comparison keeps the ordering
     * from being claimed, and its p-value is not the ordering's: with every comparison degenerate there is none.
     *
     * @param adjacent comparisons of adjacent tiers, in order; at least one
     * @param alpha    level, in (0, 1)
     * @throws IllegalArgumentException if the list is empty, not a chain, or alpha is out of range
     */
    public static OrderingClaim ordering(List<TierPairComparison> adjacent, double alpha) {
        Objects.requireNonNull(adjacent, "adjacent");
        checkAlpha(alpha);
        if (adjacent.isEmpty()) {
            throw new IllegalArgumentException("adjacent must hold at least one comparison");
        }
        StringBuilder ordering = new StringBuilder(adjacent.get(0).tierA());
        Double pValue = null;
        for (int i = 0; i < adjacent.size(); i++) {
            TierPairComparison comparison = adjacent.get(i);
            if (i > 0 && !adjacent.get(i - 1).tierB().equals(comparison.tierA())) {
                throw new IllegalArgumentException("adjacent comparisons must form a chain: comparison " + i
                        + " starts at " + comparison.tierA() + " but the previous one ends at "
                        + adjacent.get(i - 1).tierB());
            }
            ordering.append(" > ").append(comparison.tierB());
            if (!comparison.isDegenerate()) {
                // A degenerate comparison's p-value tests nothing: it is not the ordering's.
                pValue = pValue == null ? comparison.test().pValueOneSided()
                        : Math.max(pValue, comparison.test().pValueOneSided());
            }
        }
        String tested = ordering.toString();
        boolean claimable = adjacent.stream().noneMatch(TierPairComparison::isDegenerate);
        return new OrderingClaim(tested, adjacent, alpha, pValue,
                claimable && pValue != null && pValue <= alpha ? tested : null);
    }

    /**
     * Tests "{@code tiers[0] > tiers[1] > ...}" on paired samples with McNemar's mid-p test for each adjacent pair.
     *
     * @param tiers            tier names in the claimed order (highest timeout rate first); at least two
     * @param timedOutBySample for each tier, whether sample {@code i} timed out; all of equal length
     * @param alpha            level, in (0, 1)
     * @throws IllegalArgumentException if fewer than two tiers, the lists differ in size, or alpha is out of range
     */
    public static OrderingClaim pairedOrdering(List<String> tiers, List<boolean[]> timedOutBySample, double alpha) {
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(timedOutBySample, "timedOutBySample");
        checkAlpha(alpha);
        if (tiers.size() < 2) {
            throw new IllegalArgumentException("tiers must name at least two tiers, got " + tiers);
        }
        if (timedOutBySample.size() != tiers.size()) {
            throw new IllegalArgumentException("timedOutBySample must hold one array per tier: " + tiers.size()
                    + " tiers but " + timedOutBySample.size() + " arrays");
        }
        List<TierPairComparison> adjacent = new ArrayList<>();
        for (int i = 0; i + 1 < tiers.size(); i++) {
            McNemarMidP test = mcNemarMidP(timedOutBySample.get(i), timedOutBySample.get(i + 1));
            adjacent.add(new TierPairComparison(tiers.get(i), tiers.get(i + 1), test));
        }
        return ordering(adjacent, alpha);
    }

    /**
     * Tests "{@code tiers[0] > tiers[1] > ...}" on independently sampled tiers with Fisher's mid-p test for each
     * adjacent pair.
     *
     * @param tiers tiers in the claimed order (highest timeout rate first); at least two
     * @param alpha level, in (0, 1)
     * @throws IllegalArgumentException if fewer than two tiers or alpha is out of range
     */
    public static OrderingClaim unpairedOrdering(List<TierCounts> tiers, double alpha) {
        Objects.requireNonNull(tiers, "tiers");
        checkAlpha(alpha);
        if (tiers.size() < 2) {
            throw new IllegalArgumentException("tiers must hold at least two tiers, got " + tiers);
        }
        List<TierPairComparison> adjacent = new ArrayList<>();
        for (int i = 0; i + 1 < tiers.size(); i++) {
            TierCounts a = tiers.get(i);
            TierCounts b = tiers.get(i + 1);
            FisherMidP test = fisherMidP(a.timeouts(), a.samples(), b.timeouts(), b.samples());
            adjacent.add(new TierPairComparison(a.tier(), b.tier(), test));
        }
        return ordering(adjacent, alpha);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
    }
}
