package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.fit.KaplanMeier;
import java.util.Objects;

/**
 * Summary of the wall-clock durations of one tier's samples, in ms, honest about timeouts: a timeout's duration is
 * only known to exceed its budget, so every statistic comes from the Kaplan-Meier curve Ŝ, which treats timeouts as
 * right-censored.
 *
 * <p>A quantile q is the smallest finished duration t with Ŝ(t) &lt;= 1 - q (for complete data, the order
 * statistic ⌈nq⌉); it is null — printed {@code > restricted_to} in the CLI summary — when more than 1 - q of the runs
 * outlasted every finished one, e.g. p90 of a tier where 15 % of runs timed out. The mean of censored durations does not exist
 * without a model; the restricted mean ∫₀^τ Ŝ(t) dt, the mean of min(duration, τ) up to the longest recorded
 * duration τ, does, and is labelled as such (without timeouts it is the plain mean).
 *
 * @param min            YAML {@code min}: the shortest recorded duration
 * @param p50            YAML {@code p50}: the Kaplan-Meier median, or null when it lies beyond {@code restrictedTo}
 * @param p90            YAML {@code p90}: likewise the 0.9 quantile
 * @param p99            YAML {@code p99}: likewise the 0.99 quantile
 * @param max            YAML {@code max}: the longest recorded duration (a timeout's is when it was killed)
 * @param restrictedMean YAML {@code restricted_mean}: the mean of min(duration, restrictedTo)
 * @param restrictedTo   YAML {@code restricted_to}: τ, the longest recorded duration
 * @param timeouts       YAML {@code timeouts}: the censored runs behind every null quantile
 */
public record DurationSummary(double min, Double p50, Double p90, Double p99, double max, double restrictedMean,
                              double restrictedTo, long timeouts) {

    public DurationSummary {
        if (timeouts < 0) {
            throw new IllegalArgumentException("timeouts must not be negative, got " + timeouts);
        }
    }

    /** The summary of finished runs only. */
    public static DurationSummary of(double[] durationsMs) {
        return of(durationsMs, new boolean[durationsMs.length]);
    }

    /**
     * The summary of durations where {@code censored[i]} marks a timeout killed at {@code durationsMs[i]}.
     *
     * @throws IllegalArgumentException when there are no durations, the arrays differ in length or a duration is
     *                                  negative or not finite
     */
    public static DurationSummary of(double[] durationsMs, boolean[] censored) {
        Objects.requireNonNull(durationsMs, "durationsMs");
        if (durationsMs.length == 0) {
            throw new IllegalArgumentException("durationsMs must not be empty");
        }
        KaplanMeier km = KaplanMeier.estimate(durationsMs, censored);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long timeouts = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            min = Math.min(min, durationsMs[i]);
            max = Math.max(max, durationsMs[i]);
            if (censored[i]) {
                timeouts++;
            }
        }
        return new DurationSummary(min, quantile(km, 0.5), quantile(km, 0.9), quantile(km, 0.99), max,
                restrictedMean(km, max), max, timeouts);
    }

    /** The smallest event time with Ŝ(t) <= 1 - q, or null when Ŝ stays above it. */
    static Double quantile(KaplanMeier km, double q) {
        // A small tolerance keeps 1 - q exact for q = 0.9, 0.99 (0.1 and 0.01 are not exact doubles).
        double level = 1 - q + 1e-12;
        for (int j = 0; j < km.size(); j++) {
            if (km.survivalAt(j) <= level) {
                return km.timeAt(j);
            }
        }
        return null;
    }

    /** ∫₀^τ Ŝ(t) dt of the step function. */
    static double restrictedMean(KaplanMeier km, double tau) {
        double area = 0;
        double previousTime = 0;
        double survival = 1;
        for (int j = 0; j < km.size() && km.timeAt(j) <= tau; j++) {
            area += survival * (km.timeAt(j) - previousTime);
            previousTime = km.timeAt(j);
            survival = km.survivalAt(j);
        }
        return area + survival * (tau - previousTime);
    }
}
