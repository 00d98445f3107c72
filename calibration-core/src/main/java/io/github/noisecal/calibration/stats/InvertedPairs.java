package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * Paired runs of two tiers adjacent by budget that timed out at the larger budget but finished at the smaller one.
 * A longer budget cannot make the same run time out, so each such pair is two runs of one module behaving
 * differently: evidence of run-to-run noise, not of a tier effect. (Tiers that share runs cannot have any, and are
 * not reported.)
 *
 * @param smallerTier the tier with the smaller budget
 * @param largerTier  the tier with the larger budget
 * @param pairs       paired runs, at least 1
 * @param inverted    pairs that timed out in {@code largerTier} but not in {@code smallerTier}, in [0, pairs]
 * @param modules     distinct modules among the inverted pairs, in [0, inverted]
 */
public record InvertedPairs(String smallerTier, String largerTier, long pairs, long inverted, long modules) {

    public InvertedPairs {
        Objects.requireNonNull(smallerTier, "smallerTier");
        Objects.requireNonNull(largerTier, "largerTier");
        if (pairs < 1) {
            throw new IllegalArgumentException("pairs must be at least 1, got " + pairs);
        }
        if (inverted < 0 || inverted > pairs) {
            throw new IllegalArgumentException("inverted must lie in [0, pairs=" + pairs + "], got " + inverted);
        }
        if (modules < 0 || modules > inverted || (inverted > 0 && modules == 0)) {
            throw new IllegalArgumentException("modules must lie in [1, inverted=" + inverted + "] (0 without "
                    + "inverted pairs), got " + modules);
        }
    }

    /** The inverted pairs' share of all pairs. */
    public double share() {
        return (double) inverted / pairs;
    }
}
