package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.TierComparisons;
import io.github.noisecal.calibration.stats.TierCounts;
import io.github.noisecal.telemetry.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A calibrated noise model: where it came from, and one model per tier in report order.
 *
 * @param metadata        {@code calibration_metadata}
 * @param tiers           {@code calibrated_models}, keyed by tier name
 * @param tierComparisons {@code tier_comparisons}: whether timeout rates fall as budgets grow, tested on adjacent
 *                        tiers (by budget) at level 1 - confidence; null for a single tier
 */
public record CalibrationModel(CalibrationMetadata metadata, Map<String, TierCalibration> tiers,
                               OrderingClaim tierComparisons) {
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

    /** Aggregates the samples of one plan, whose tiers are paired by sample index. */
    public static CalibrationModel of(CalibrationMetadata metadata, List<TierSamples> samples) {
        return of(metadata, samples, true);
    }

    /**
     * Aggregates every tier's samples with the metadata's confidence level, interval method and fit options. Tiers
     * are aggregated in parallel; each tier's result is a pure function of its samples.
     *
     * @param paired whether sample i of every tier checked the same module: tiers are then compared with McNemar's
     *               test on the pairs, otherwise with Fisher's mid-p test
     */
    public static CalibrationModel of(CalibrationMetadata metadata, List<TierSamples> samples, boolean paired) {
        java.util.List<TierCalibration> aggregated = samples.parallelStream()
                .map(tierSamples -> TierCalibration.of(tierSamples, metadata.confidenceLevel(),
                        metadata.intervalMethod(), metadata.fitOptions()))
                .toList();
        Map<String, TierCalibration> tiers = new LinkedHashMap<>();
        aggregated.forEach(tier -> tiers.put(tier.tier(), tier));
        return new CalibrationModel(metadata, tiers, compareTiers(samples, paired, levelComplement(metadata.confidenceLevel())));
    }

    /** 1 - level in decimal arithmetic, so that 0.95 gives alpha 0.05 and not 0.050000000000000044. */
    static double levelComplement(double confidenceLevel) {
        return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(confidenceLevel)).doubleValue();
    }

    /** Tests "shorter budget, more timeouts" along the tiers sorted by budget; null for fewer than two tiers. */
    static OrderingClaim compareTiers(List<TierSamples> samples, boolean paired, double alpha) {
        if (samples.size() < 2) {
            return null;
        }
        List<TierSamples> byBudget = new ArrayList<>(samples);
        byBudget.sort(Comparator.comparing((TierSamples s) -> s.tier().budget()).thenComparing(s -> s.tier().name()));
        List<String> names = byBudget.stream().map(s -> s.tier().name()).toList();
        boolean equalSizes = byBudget.stream().allMatch(s -> s.size() == byBudget.get(0).size());
        if (paired && equalSizes) {
            return TierComparisons.pairedOrdering(names, byBudget.stream().map(TierSamples::timeouts).toList(), alpha);
        }
        return TierComparisons.unpairedOrdering(byBudget.stream()
                .map(s -> new TierCounts(s.tier().name(), s.outcomeCounts()[Outcome.VERIFIER_TIMEOUT.ordinal()],
                        s.size()))
                .toList(), alpha);
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
