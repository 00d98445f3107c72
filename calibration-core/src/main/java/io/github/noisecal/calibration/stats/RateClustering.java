package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * How clustering by module bears on one rate of a tier: the interval over exactly these runs, and the numbers that
 * widen it into the interval over the population of proofs the module list samples.
 *
 * @param runs                the rate with the interval method's interval over these runs, as if every run were an
 *                            independent proof ({@code *_rate_ci_runs})
 * @param icc                 the estimated intra-module correlation (the moment estimator, clamped to [-1, 1]); null
 *                            when the runs cannot show it: every module ran once, a single module ran, or every run
 *                            had the same outcome
 * @param designEffect        how many times the variance of the rate exceeds the variance of as many independent runs
 *                            ({@code 1 + (n̄ - 1) ICC}, with n̄ the run-weighted mean runs per module), at least 1;
 *                            when the ICC cannot be estimated from runs that repeat modules, the worst case n̄
 * @param effectiveSampleSize {@code runs.trials() / designEffect}: as many independent runs as the tier is worth
 */
public record RateClustering(RateEstimate runs, Double icc, double designEffect, double effectiveSampleSize) {

    public RateClustering {
        Objects.requireNonNull(runs, "runs");
        if (icc != null && !(icc >= -1 && icc <= 1)) {
            throw new IllegalArgumentException("icc must lie in [-1, 1], got " + icc);
        }
        if (!(designEffect >= 1) || Double.isInfinite(designEffect)) {
            throw new IllegalArgumentException("designEffect must be finite and at least 1, got " + designEffect);
        }
        if (effectiveSampleSize != runs.trials() / designEffect) {
            throw new IllegalArgumentException("effectiveSampleSize must be trials / designEffect = "
                    + runs.trials() / designEffect + ", got " + effectiveSampleSize);
        }
    }

    /** The clustering of a rate whose every module ran once: no clustering at all. */
    public static RateClustering unclustered(RateEstimate runs) {
        return new RateClustering(runs, null, 1, runs.trials());
    }
}
