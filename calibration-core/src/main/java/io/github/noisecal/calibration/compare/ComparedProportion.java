package io.github.noisecal.calibration.compare;

import io.github.noisecal.calibration.stats.RateClustering;

/**
 * One side of a comparison of rates: events out of trials, and the design effect that says how much less
 * information the trials carry than as many independent ones.
 *
 * <p>The design effect is 1 for independent samples (every module ran once). When modules repeat, runs of one
 * module are correlated and the effective sample size is {@code trials / designEffect} (Kish); the Wilson interval
 * at the effective counts is then the cluster-aware interval this comparison uses. A model's tier records the design
 * effect of each of its rates ({@link RateClustering}, {@code modules} in the model file): {@link #of(RateClustering)}.
 *
 * @param events       samples with the event (e.g. wall-clock timeouts), in [0, trials]
 * @param trials       samples, at least 1
 * @param designEffect variance inflation from clustering, at least 1
 */
public record ComparedProportion(long events, long trials, double designEffect) {

    public ComparedProportion {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        }
        if (events < 0 || events > trials) {
            throw new IllegalArgumentException("events must lie in [0, trials=" + trials + "], got " + events);
        }
        if (!(designEffect >= 1) || Double.isInfinite(designEffect)) {
            throw new IllegalArgumentException("designEffect must be finite and at least 1, got " + designEffect);
        }
    }

    /** Independent samples: design effect 1. */
    public static ComparedProportion of(long events, long trials) {
        return new ComparedProportion(events, trials, 1);
    }

    /**
     * The counts of one rate of a calibrated tier with the design effect the model estimated for it: 1 when every
     * module ran once, larger the more runs of one module agree with each other.
     */
    public static ComparedProportion of(RateClustering clustering) {
        return new ComparedProportion(clustering.runs().successes(), clustering.runs().trials(),
                clustering.designEffect());
    }

    /** The point estimate {@code events / trials}. */
    public double rate() {
        return (double) events / trials;
    }

    /** {@code trials / designEffect}: the number of independent samples these trials are worth. */
    public double effectiveTrials() {
        return trials / designEffect;
    }
}
