package io.github.noisecal.calibration.fit;

/**
 * Runs that ended instantly — crashes at start-up, a verifier that refused at once — modelled apart from the
 * duration families. They are a point mass near 0 that no family of the four can fit without distorting its body:
 * 5 % of runs ending at about 0 ms moved the lognormal's ΔAIC by more than 1,000 and its S(10 s) from 0.80 to 0.68.
 * So the duration model is a hurdle model: with probability {@code share()} a run ends instantly, otherwise its
 * duration follows the fitted family conditioned to exceed {@code truncationMs}, fitted by the left-truncated
 * censored likelihood to the runs that did not end instantly. S(b) = (1 - share) S_F(b) / S_F(truncation).
 *
 * <p>Why not fit each outcome apart instead: instant ends are a property of the duration, not of the outcome (a
 * parse error is as quick as a crash, and a crash can come late), and a per-outcome fit would split every family's
 * data into smaller, unequal parts. The hurdle is exact for any threshold: the share below it is estimated
 * directly, and the family describes only the durations above it.
 *
 * @param count        YAML {@code instant_ends.count}: finished runs recorded shorter than {@code belowMs}
 * @param belowMs      YAML {@code instant_ends.below_ms}: the threshold, 1/1000 of the median finished duration
 *                     but at least one step of the recording clock, rounded up to the clock's steps
 * @param truncationMs where the families' part is truncated: {@code belowMs} less half a clock step (a recorded
 *                     value of {@code belowMs} or more means the run lasted at least that long), {@code belowMs}
 *                     for a continuous clock
 * @param samples      all the tier's samples, the share's denominator
 */
public record InstantEnds(long count, double belowMs, double truncationMs, long samples) {

    /** The threshold as a fraction of the median finished duration. */
    public static final double MEDIAN_FRACTION = 1e-3;

    public InstantEnds {
        if (count < 0 || count > samples) {
            throw new IllegalArgumentException("instant ends must lie in [0, samples=" + samples + "], got " + count);
        }
        if (!(belowMs > 0) || !(truncationMs > 0 && truncationMs <= belowMs)) {
            throw new IllegalArgumentException("instant ends need 0 < truncation " + truncationMs + " <= threshold "
                    + belowMs);
        }
    }

    /** The estimated probability that a run ends instantly: {@code count / samples}. */
    public double share() {
        return (double) count / samples;
    }
}
