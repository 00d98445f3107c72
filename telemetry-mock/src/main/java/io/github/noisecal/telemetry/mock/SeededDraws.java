package io.github.noisecal.telemetry.mock;

/**
 * Counter-based draws from 64-bit seeds: every value is a pure function of its seed, so the mock's records never
 * depend on threads, call order or how many workers run.
 */
final class SeededDraws {
    private SeededDraws() {
    }

    /** The SplitMix64 finalizer: a bijection on 64 bits in which every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The top 53 bits as a double in [0, 1). */
    static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A standard normal from 64 bits: Box-Muller on the two 32-bit halves (exact enough for a simulator). */
    static double normal(long bits) {
        double u1 = ((bits >>> 32) + 1) * 0x1.0p-32;
        double u2 = (bits & 0xFFFFFFFFL) * 0x1.0p-32;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
