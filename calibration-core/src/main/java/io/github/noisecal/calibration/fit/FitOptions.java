package io.github.noisecal.calibration.fit;

/**
 * How {@link DurationFitter} runs the goodness-of-fit bootstrap.
 *
 * @param bootstrapReplicates parametric-bootstrap replicates per family for the KS p-value (each one
 *                            simulated with the sample's censoring and refitted), in one batch; while the
 *                            Monte Carlo interval of a p-value straddles 0.01 or 0.05 (and some replicate was as
 *                            far as the data) further batches follow, up to {@value #SEQUENTIAL_FACTOR} times as many
 *                            in all. 0 skips the bootstrap and leaves the
 *                            p-value null
 * @param seed                seed of the bootstrap; equal seeds give identical results
 * @param bootstrapSampleLimit largest sample the bootstrap runs on: a larger tier is fitted on all its durations,
 *                            but its KS p-value comes from the same test on a seeded subsample of this size. With
 *                            10^5 or more samples a goodness-of-fit test rejects every parametric family for
 *                            deviations of no practical size, and refitting 200 replicates of 10^6 would take
 *                            minutes; the subsample keeps the p-value meaningful and its cost bounded.
 */
public record FitOptions(int bootstrapReplicates, long seed, int bootstrapSampleLimit) {

    /** 200 replicates per batch: p-values far from 0.01 and 0.05 are decided by the first batch. */
    public static final int DEFAULT_BOOTSTRAP_REPLICATES = 200;
    /** The most batches a p-value near a decision level gets. */
    public static final int SEQUENTIAL_FACTOR = 8;
    /** The goodness-of-fit level a family passes at (the origin's acceptance threshold). */
    public static final double GOODNESS_OF_FIT_PASS_AT = 0.05;
    /** The level below which a family fails (between the two: a conditional pass). */
    public static final double GOODNESS_OF_FIT_CONDITIONAL_AT = 0.01;
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

    /** The most replicates one p-value may take: {@value #SEQUENTIAL_FACTOR} batches. */
    public int maxBootstrapReplicates() {
        return (int) Math.min(Integer.MAX_VALUE, (long) bootstrapReplicates * SEQUENTIAL_FACTOR);
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
