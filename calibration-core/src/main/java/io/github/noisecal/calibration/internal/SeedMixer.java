package io.github.noisecal.calibration.internal;

/**
 * Counter-based randomness: every value is a pure function of its inputs, so plans do not depend on the order in
 * which threads ask for them.
 */
public final class SeedMixer {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedMixer() {
    }

    /** The SplitMix64 finalizer: a bijective mix of 64 bits with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value for ({@code seed}, {@code stream}, {@code index}); distinct streams give independent values. */
    public static long mix(long seed, long stream, long index) {
        return mix(mix(seed + stream * GOLDEN_GAMMA) + (index + 1) * GOLDEN_GAMMA);
    }

    /** A uniform integer in [0, bound) from a mixed value (Lemire's multiply-shift; bias below 2^-32 for small bounds). */
    public static int below(long mixed, int bound) {
        return (int) Math.multiplyHigh(mixed >>> 1, (long) bound << 1);
    }
}
