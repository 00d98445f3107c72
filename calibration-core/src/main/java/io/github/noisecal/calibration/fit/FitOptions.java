package io.github.noisecal.calibration.fit;

/**
 * How {@link DurationFitter} runs the goodness-of-fit bootstrap.
 *
 * @param bootstrapReplicates parametric-bootstrap replicates per family for the KS p-value (each one
 *                            simulated with the sample's censoring and refitted); 0 skips the bootstrap and
 *                            leaves {@code ksPValue} null
 * @param seed                seed of the bootstrap; equal seeds give identical results
 */
public record FitOptions(int bootstrapReplicates, long seed) {

    /** 200 replicates: p-values resolve steps of 0.005, enough to tell 0.01 from 0.05. */
    public static final int DEFAULT_BOOTSTRAP_REPLICATES = 200;
    public static final long DEFAULT_SEED = 0x6E6F697365L;

    public FitOptions {
        if (bootstrapReplicates < 0) {
            throw new IllegalArgumentException("bootstrapReplicates must be >= 0, got " + bootstrapReplicates);
        }
    }

    /** 200 bootstrap replicates with the default seed. */
    public static FitOptions defaults() {
        return new FitOptions(DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_SEED);
    }

    public FitOptions withBootstrapReplicates(int replicates) {
        return new FitOptions(replicates, seed);
    }

    public FitOptions withSeed(long newSeed) {
        return new FitOptions(bootstrapReplicates, newSeed);
    }
}
