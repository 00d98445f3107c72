package io.github.noisecal.calibration.stats;

import java.util.Objects;

/**
 * Timeouts of one tier sampled independently of the other tiers, the input of the unpaired ordering test.
 *
 * @param tier     the tier's name
 * @param timeouts samples that timed out, in [0, samples]
 * @param samples  samples run, at least 1
 */
public record TierCounts(String tier, long timeouts, long samples) {

    public TierCounts {
        Objects.requireNonNull(tier, "tier");
        PValues.checkCounts("timeouts", timeouts, "samples", samples);
    }
}
