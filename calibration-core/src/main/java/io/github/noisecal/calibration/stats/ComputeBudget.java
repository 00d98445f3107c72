package io.github.noisecal.calibration.stats;

import java.time.Duration;
import java.util.Objects;

/**
 * The compute a sampling plan implies when every tier is sampled {@code samplesPerTier} times.
 * The wall-clock figure assumes the workers are kept busy all the time, so it is a lower bound.
 *
 * @param samplesPerTier     samples per tier, at least 1
 * @param tiers              number of tiers, at least 1
 * @param meanSampleDuration mean wall time of one sample on one worker, positive
 * @param workers            samples run in parallel, at least 1
 */
public record ComputeBudget(long samplesPerTier, int tiers, Duration meanSampleDuration, int workers) {

    private static final double SECONDS_PER_HOUR = 3600;

    public ComputeBudget {
        if (samplesPerTier < 1) {
            throw new IllegalArgumentException("samplesPerTier must be at least 1, got " + samplesPerTier);
        }
        if (tiers < 1) {
            throw new IllegalArgumentException("tiers must be at least 1, got " + tiers);
        }
        Objects.requireNonNull(meanSampleDuration, "meanSampleDuration");
        if (meanSampleDuration.isNegative() || meanSampleDuration.isZero()) {
            throw new IllegalArgumentException("meanSampleDuration must be positive, got " + meanSampleDuration);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        try {
            Math.multiplyExact(samplesPerTier, tiers);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("samplesPerTier=" + samplesPerTier + " times tiers=" + tiers
                    + " overflows a long", overflow);
        }
    }

    /** {@code samplesPerTier * tiers}. */
    public long totalSamples() {
        return samplesPerTier * tiers;
    }

    /** Worker time: {@code totalSamples * meanSampleDuration}, in hours. */
    public double cpuHours() {
        double meanSeconds = meanSampleDuration.getSeconds() + meanSampleDuration.getNano() / 1e9;
        return totalSamples() * meanSeconds / SECONDS_PER_HOUR;
    }

    /** {@link #cpuHours()} spread over the workers. */
    public double wallClockHours() {
        return cpuHours() / workers;
    }
}
