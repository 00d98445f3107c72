package io.github.noisecal.calibration.fit;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Steele, Lea and Flood's SplitMix64 generator: tiny, fast, statistically sound for simulation and, unlike
 * java.util.Random, usable by the commons-statistics samplers. Each bootstrap replicate gets its own
 * generator seeded from (seed, family, replicate), so results do not depend on evaluation order.
 */
final class SplitMix64 implements UniformRandomProvider {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** Seed for one replicate of one family's bootstrap. */
    static SplitMix64 forReplicate(long seed, DistributionFamily family, int replicate) {
        return new SplitMix64(mix(seed) ^ mix(((long) family.ordinal() << 32) + replicate + GOLDEN_GAMMA));
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
