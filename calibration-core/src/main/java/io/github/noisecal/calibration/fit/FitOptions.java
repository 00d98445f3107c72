package io.github.noisecal.calibration.fit;

/**
 * How {@link DurationFitter} runs the goodness-of-fit bootstrap.
 *
 * @param bootstrapReplicates parametric-bootstrap replicates per family for the KS p-value (each one
 *                            simulated with the sample's censoring and refitted); 0 skips the bootstrap and
 *                            leaves {@code ksPValue} null
 * @param seed                seed of the bootstrap; equal seeds give identical results
 * @param bootstrapSampleLimit largest sample the bootstrap runs on: a larger tier is fitted on all its durations,
 *                            but its KS p-value comes from the same test on a seeded subsample of this size. With
 *                            10^5 or more samples a goodness-of-fit test rejects every parametric family for
 *                            deviations of no practical size, and refitting 200 replicates of 10^6 would take
 *                            minutes; the subsample keeps the p-value meaningful and its cost bounded.
 */
public record FitOptions(int bootstrapReplicates, long seed, int bootstrapSampleLimit) {

    /** 200 replicates: p-values resolve steps of 0.005, enough to tell 0.01 from 0.05. */
    public static final int DEFAULT_BOOTSTRAP_REPLICATES = 200;
    public static final long DEFAULT_SEED = 0x6E6F697365L;
    public static final int DEFAULT_BOOTSTRAP_SAMPLE_LIMIT = 10_000;

    public FitOptions {
        if (bootstrapReplicates < 0) {
            throw new IllegalArgumentException("bootstrapReplicates must be >= 0, got " + bootstrapReplicates);
        }
        if (bootstrapSampleLimit < 10) {
            throw new IllegalArgumentException("bootstrapSampleLimit must be >= 10, got " + bootstrapSampleLimit);
        }
    }

    /** 200 bootstrap replicates with the default seed. */
    public static FitOptions defaults() {
        return new FitOptions(DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_SEED, DEFAULT_BOOTSTRAP_SAMPLE_LIMIT);
    }

    public FitOptions withBootstrapReplicates(int replicates) {
        return new FitOptions(replicates, seed, bootstrapSampleLimit);
    }

    public FitOptions withSeed(long newSeed) {
        return new FitOptions(bootstrapReplicates, newSeed, bootstrapSampleLimit);
    }

    public FitOptions withBootstrapSampleLimit(int limit) {
        return new FitOptions(bootstrapReplicates, seed, limit);
    }
}
