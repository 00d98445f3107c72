package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.fit.Workers;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.Degeneracy;
import io.github.noisecal.calibration.stats.InvertedPairs;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.TierComparisons;
import io.github.noisecal.calibration.stats.TierCounts;
import io.github.noisecal.calibration.stats.TierPairComparison;
import io.github.noisecal.telemetry.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A calibrated noise model: where it came from, and one model per tier in report order.
 *
 * @param metadata        {@code calibration_metadata}
 * @param tiers           {@code calibrated_models}, keyed by tier name
 * @param tierComparisons {@code tier_comparisons}: whether timeout rates fall as budgets grow, tested on adjacent
 *                        tiers (by budget) at level 1 - confidence; null for a single tier
 * @param invertedPairs   {@code inverted_pairs}: for adjacent paired tiers (by budget) that ran independently, the
 *                        runs that timed out at the larger budget but finished at the smaller, evidence of
 *                        run-to-run noise; empty when tiers are not paired
 */
public record CalibrationModel(CalibrationMetadata metadata, Map<String, TierCalibration> tiers,
                               OrderingClaim tierComparisons, List<InvertedPairs> invertedPairs) {
    public CalibrationModel {
        Objects.requireNonNull(metadata, "metadata");
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        invertedPairs = List.copyOf(invertedPairs);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one tier");
        }
        tiers.forEach((name, tier) -> {
            if (!name.equals(tier.tier())) {
                throw new IllegalArgumentException("tier model keyed " + name + " describes tier " + tier.tier());
            }
        });
        for (InvertedPairs pairs : invertedPairs) {
            for (String name : List.of(pairs.smallerTier(), pairs.largerTier())) {
                TierCalibration tier = tiers.get(name);
                if (tier == null || tier.nSamples() != pairs.pairs()) {
                    throw new IllegalArgumentException("inverted pairs " + pairs.smallerTier() + "/"
                            + pairs.largerTier() + ": " + name + " must be a tier of " + pairs.pairs() + " samples");
                }
            }
        }
    }

    /** The same model with other metadata, such as the environment joined in after aggregation. */
    public CalibrationModel withMetadata(CalibrationMetadata replacement) {
        return new CalibrationModel(replacement, tiers, tierComparisons, invertedPairs);
    }

    /** Aggregates the samples of one plan, whose tiers are paired by sample index. */
    public static CalibrationModel of(CalibrationMetadata metadata, List<TierSamples> samples) {
        return of(metadata, samples, true);
    }

    /**
     * Aggregates every tier's samples with the metadata's confidence level, interval method and fit options. Tiers,
     * and the goodness-of-fit replicates inside them, are tasks on one worker per core ({@link Workers}); each tier's
     * result is a pure function of its samples.
     *
     * @param paired whether sample i of every tier checked the same module: tiers are then compared with McNemar's
     *               test on the pairs, otherwise with Fisher's mid-p test
     */
    public static CalibrationModel of(CalibrationMetadata metadata, List<TierSamples> samples, boolean paired) {
        List<TierCalibration> aggregated = Workers.onEveryCore(executor -> {
            List<CompletableFuture<TierCalibration>> tiers = samples.stream()
                    .map(tierSamples -> CompletableFuture.supplyAsync(() -> TierCalibration.of(tierSamples,
                            metadata.confidenceLevel(), metadata.intervalMethod(), metadata.fitOptions(), executor),
                            executor).thenCompose(tier -> tier))
                    .toList();
            return CompletableFuture.allOf(tiers.toArray(CompletableFuture[]::new))
                    .thenApply(done -> tiers.stream().map(CompletableFuture::join).toList());
        });
        Map<String, TierCalibration> tiers = new LinkedHashMap<>();
        aggregated.forEach(tier -> tiers.put(tier.tier(), tier));
        List<TierSamples> byBudget = byBudget(samples);
        boolean pairedRuns = paired && byBudget.stream().allMatch(s -> s.size() == byBudget.get(0).size());
        return new CalibrationModel(metadata, tiers,
                compareTiers(byBudget, pairedRuns, metadata.tierRuns(), levelComplement(metadata.confidenceLevel())),
                pairedRuns ? invertedPairs(byBudget, metadata.tierRuns()) : List.of());
    }

    private static List<TierSamples> byBudget(List<TierSamples> samples) {
        List<TierSamples> byBudget = new ArrayList<>(samples);
        byBudget.sort(Comparator.comparing((TierSamples s) -> s.tier().budget()).thenComparing(s -> s.tier().name()));
        return byBudget;
    }

    /** 1 - level in decimal arithmetic, so that 0.95 gives alpha 0.05 and not 0.050000000000000044. */
    static double levelComplement(double confidenceLevel) {
        return java.math.BigDecimal.ONE.subtract(java.math.BigDecimal.valueOf(confidenceLevel)).doubleValue();
    }

    /**
     * Tests "shorter budget, more timeouts" along tiers sorted by budget; null for fewer than two tiers. Adjacent
     * tiers that took their records from the same runs are marked degenerate: no ordering is claimed on them.
     */
    static OrderingClaim compareTiers(List<TierSamples> byBudget, boolean paired, TierRuns tierRuns, double alpha) {
        if (byBudget.size() < 2) {
            return null;
        }
        List<String> names = byBudget.stream().map(s -> s.tier().name()).toList();
        OrderingClaim claim = paired
                ? TierComparisons.pairedOrdering(names, byBudget.stream().map(TierSamples::timeouts).toList(), alpha)
                : TierComparisons.unpairedOrdering(byBudget.stream()
                        .map(s -> new TierCounts(s.tier().name(), s.outcomeCounts()[Outcome.VERIFIER_TIMEOUT.ordinal()],
                                s.size()))
                        .toList(), alpha);
        List<TierPairComparison> comparisons = new ArrayList<>();
        boolean degenerate = false;
        for (int i = 0; i < claim.comparisons().size(); i++) {
            TierPairComparison comparison = claim.comparisons().get(i);
            if (tierRuns.shareRuns(byBudget.get(i).tier(), byBudget.get(i + 1).tier())) {
                comparison = comparison.degenerate(Degeneracy.SHARED_RUNS);
                degenerate = true;
            }
            comparisons.add(comparison);
        }
        return degenerate ? TierComparisons.ordering(comparisons, alpha) : claim;
    }

    /**
     * For adjacent tiers (by budget) that ran their own runs, the paired slots that timed out at the larger budget
     * but not at the smaller. Slot i of every tier is the same (module, draw, repeat).
     */
    static List<InvertedPairs> invertedPairs(List<TierSamples> byBudget, TierRuns tierRuns) {
        List<InvertedPairs> result = new ArrayList<>();
        for (int i = 0; i + 1 < byBudget.size(); i++) {
            TierSamples smaller = byBudget.get(i);
            TierSamples larger = byBudget.get(i + 1);
            if (tierRuns.shareRuns(smaller.tier(), larger.tier())) {
                continue;
            }
            long inverted = 0;
            java.util.Set<String> modules = new java.util.HashSet<>();
            for (int slot = 0; slot < smaller.size(); slot++) {
                if (larger.outcome(slot).isTimeout() && !smaller.outcome(slot).isTimeout()) {
                    inverted++;
                    modules.add(larger.moduleName(slot));
                }
            }
            result.add(new InvertedPairs(smaller.tier().name(), larger.tier().name(), smaller.size(), inverted,
                    modules.size()));
        }
        return result;
    }

    /**
     * What every tier's runs and fit say, with its verifier limits from the metadata: the evidence budget questions
     * are answered from ({@link TimeoutBudgets}), in tier order.
     */
    public List<TimeoutBudgets.Evidence> budgetEvidence() {
        return budgetEvidence(metadata.confidenceLevel());
    }

    /** As {@link #budgetEvidence()}, with intervals at {@code confidence} instead of the model's level. */
    public List<TimeoutBudgets.Evidence> budgetEvidence(double confidence) {
        List<TimeoutBudgets.Evidence> evidence = new ArrayList<>();
        for (TierCalibration tier : tiers.values()) {
            Map<String, String> limits = metadata.tiers().stream().filter(t -> t.name().equals(tier.tier()))
                    .findFirst().map(io.github.noisecal.telemetry.Tier::limits).orElse(Map.of());
            evidence.add(new TimeoutBudgets.Evidence(tier.tier(), limits, tier.timeoutS() * 1000,
                    tier.durationDistribution(), confidence, metadata.intervalMethod()));
        }
        return evidence;
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
