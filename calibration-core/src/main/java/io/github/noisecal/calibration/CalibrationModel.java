package io.github.noisecal.calibration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A calibrated noise model: where it came from, and one model per tier in report order.
 *
 * @param metadata {@code calibration_metadata}
 * @param tiers    {@code calibrated_models}, keyed by tier name
 */
public record CalibrationModel(CalibrationMetadata metadata, Map<String, TierCalibration> tiers) {
    public CalibrationModel {
        Objects.requireNonNull(metadata, "metadata");
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one tier");
        }
        tiers.forEach((name, tier) -> {
            if (!name.equals(tier.tier())) {
                throw new IllegalArgumentException("tier model keyed " + name + " describes tier " + tier.tier());
            }
        });
    }

    /**
     * Aggregates every tier's samples with the metadata's confidence level, interval method and fit options. Tiers
     * are aggregated in parallel; each tier's result is a pure function of its samples.
     */
    public static CalibrationModel of(CalibrationMetadata metadata, java.util.List<TierSamples> samples) {
        java.util.List<TierCalibration> aggregated = samples.parallelStream()
                .map(tierSamples -> TierCalibration.of(tierSamples, metadata.confidenceLevel(),
                        metadata.intervalMethod(), metadata.fitOptions()))
                .toList();
        Map<String, TierCalibration> tiers = new LinkedHashMap<>();
        aggregated.forEach(tier -> tiers.put(tier.tier(), tier));
        return new CalibrationModel(metadata, tiers);
    }

    /** The tier's model; an unknown name throws, listing the model's tiers. */
    public TierCalibration tier(String name) {
        TierCalibration tier = tiers.get(name);
        if (tier == null) {
            throw new IllegalArgumentException("the model has no tier " + name + "; it has " + tiers.keySet());
        }
        return tier;
    }
}
