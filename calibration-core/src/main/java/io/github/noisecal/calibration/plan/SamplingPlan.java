package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.internal.SeedMixer;
import io.github.noisecal.telemetry.Tier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a calibration checks, and in which order. It is a pure function of its components, whatever the number of
 * workers that later execute it.
 *
 * <ul>
 *   <li><b>Paired tiers.</b> Sample {@code i} of every tier checks the same module with the same sample seed: the
 *       modules are a seeded permutation of the list, cycled, so {@code samplesPerTier} equal to the list's length
 *       uses each module once.</li>
 *   <li><b>Interleaved execution.</b> Execution runs sample index by sample index; within one index the tiers come
 *       in a seeded random order. Paired samples thus run close together in time, so drifting machine load cannot
 *       masquerade as a tier difference.</li>
 * </ul>
 *
 * @param tiers          distinct tiers, in report order
 * @param samplesPerTier samples per tier, at least 1
 * @param seed           master seed
 * @param modules        the module list, non-empty
 */
public record SamplingPlan(List<Tier> tiers, long samplesPerTier, long seed, List<String> modules) {
    private static final long MODULE_STREAM = 1;
    private static final long SAMPLE_SEED_STREAM = 2;
    private static final long ORDER_STREAM = 3;
    /** Keeps a plan's arrays indexable by int. */
    public static final long MAX_SAMPLES_PER_TIER = Integer.MAX_VALUE - 8;

    public SamplingPlan {
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(modules, "modules");
        tiers = List.copyOf(tiers);
        modules = List.copyOf(modules);
        if (tiers.isEmpty()) {
            throw new InvalidInputException("a sampling plan needs at least one tier");
        }
        var names = new HashSet<String>();
        for (Tier tier : tiers) {
            if (!names.add(tier.name())) {
                throw new InvalidInputException("tier " + tier.name() + " is listed twice");
            }
        }
        if (samplesPerTier < 1 || samplesPerTier > MAX_SAMPLES_PER_TIER) {
            throw new InvalidInputException("samples per tier must lie in [1, " + MAX_SAMPLES_PER_TIER + "], got "
                    + samplesPerTier);
        }
        if (modules.isEmpty()) {
            throw new InvalidInputException("a sampling plan needs at least one module");
        }
        modules.forEach(ModuleList::requireValid);
    }

    /** All samples of all tiers. */
    public long totalSamples() {
        return samplesPerTier * tiers.size();
    }

    /**
     * The module sample {@code sampleIndex} checks, in every tier. This computes the permutation afresh; code that
     * asks for many samples keeps {@link #modulePermutation()} instead.
     */
    public String moduleFor(long sampleIndex) {
        return moduleFor(sampleIndex, modulePermutation());
    }

    /** The module of {@code sampleIndex} under a permutation obtained from {@link #modulePermutation()}. */
    public String moduleFor(long sampleIndex, int[] permutation) {
        return modules.get(permutation[(int) (sampleIndex % modules.size())]);
    }

    /** The seed of sample {@code sampleIndex}, shared by every tier so simulated outcomes are paired. */
    public long sampleSeed(long sampleIndex) {
        return SeedMixer.mix(seed, SAMPLE_SEED_STREAM, sampleIndex);
    }

    /** Which tier runs at execution position {@code position} in [0, totalSamples()). */
    public int tierIndexAt(long position) {
        int tierCount = tiers.size();
        long sampleIndex = position / tierCount;
        int slot = (int) (position % tierCount);
        return tierOrder(sampleIndex)[slot];
    }

    /** The sample index at execution position {@code position}. */
    public long sampleIndexAt(long position) {
        return position / tiers.size();
    }

    /** The seeded order in which the tiers of sample {@code sampleIndex} run. */
    public int[] tierOrder(long sampleIndex) {
        return shuffle(tiers.size(), SeedMixer.mix(seed, ORDER_STREAM, sampleIndex));
    }

    /** A fresh copy of the seeded permutation: position k of the cycled sequence checks {@code modules.get(p[k])}. */
    public int[] modulePermutation() {
        return shuffle(modules.size(), SeedMixer.mix(seed, MODULE_STREAM, 0));
    }

    private static int[] shuffle(int size, long state) {
        int[] permutation = new int[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            state = SeedMixer.mix(state + i);
            int j = SeedMixer.below(state, i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        return permutation;
    }

    /** SHA-256 of the module list, one name per line, as recorded in model metadata. */
    public String modulesSha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String module : modules) {
                digest.update(module.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
