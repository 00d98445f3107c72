package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.stats.Degeneracy;
import io.github.noisecal.calibration.stats.FisherMidP;
import io.github.noisecal.calibration.stats.McNemarMidP;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.PairTest;
import io.github.noisecal.calibration.stats.TierComparisons;
import io.github.noisecal.calibration.stats.TierPairComparison;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tier_comparisons}: the test of "shorter budget, more timeouts" along the tiers, one adjacent comparison per
 * line. On reading, every p-value is recomputed from the stored counts and must match: a comparison cannot be
 * edited into a claim its counts do not support. A comparison of tiers that shared runs is marked
 * {@code degenerate: shared_runs} and supports no claim; its p-value is not the ordering's {@code p_value}, which is
 * null when every comparison is degenerate, with {@code no_p_value} saying why. Every p-value has its log10 beside it
 * ({@code log10_p_value...}), which stays finite where the p-value underflows to 0.
 */
final class TierComparisonsSection {
    static final String KEY = "tier_comparisons";

    private static final String TESTED = "tested_ordering";
    private static final String CLAIMED = "claimed_ordering";
    private static final String ALPHA = "alpha";
    private static final String P_VALUE = "p_value";
    private static final String LOG10_P_VALUE = "log10_p_value";
    private static final String NO_P_VALUE = "no_p_value";
    private static final String COMPARISONS = "comparisons";
    private static final List<String> FIELDS = List.of(TESTED, CLAIMED, ALPHA, P_VALUE, LOG10_P_VALUE, NO_P_VALUE,
            COMPARISONS);

    private static final String TIER_A = "tier_a";
    private static final String TIER_B = "tier_b";
    private static final String TEST = "test";
    private static final String ONLY_A = "only_a";
    private static final String ONLY_B = "only_b";
    private static final String TIMEOUTS_A = "timeouts_a";
    private static final String SAMPLES_A = "samples_a";
    private static final String TIMEOUTS_B = "timeouts_b";
    private static final String SAMPLES_B = "samples_b";
    private static final String STATISTIC = "statistic";
    private static final String ONE_SIDED = "p_value_one_sided";
    private static final String TWO_SIDED = "p_value_two_sided";
    private static final String DEGENERATE = "degenerate";
    private static final String LOG10_ONE_SIDED = "log10_p_value_one_sided";
    private static final String LOG10_TWO_SIDED = "log10_p_value_two_sided";
    private static final List<String> MCNEMAR_FIELDS = List.of(TIER_A, TIER_B, TEST, ONLY_A, ONLY_B, STATISTIC,
            ONE_SIDED, TWO_SIDED, LOG10_ONE_SIDED, LOG10_TWO_SIDED, DEGENERATE);
    private static final List<String> FISHER_FIELDS = List.of(TIER_A, TIER_B, TEST, TIMEOUTS_A, SAMPLES_A,
            TIMEOUTS_B, SAMPLES_B, STATISTIC, ONE_SIDED, TWO_SIDED, LOG10_ONE_SIDED, LOG10_TWO_SIDED, DEGENERATE);

    private TierComparisonsSection() {
    }

    /** The section, or null for a model without comparisons. */
    static Map<String, Object> write(OrderingClaim claim) {
        if (claim == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(TESTED, claim.testedOrdering());
        yaml.put(CLAIMED, claim.claimedOrdering());
        yaml.put(ALPHA, claim.alpha());
        yaml.put(P_VALUE, claim.pValue());
        yaml.put(LOG10_P_VALUE, claim.log10PValue());
        yaml.put(NO_P_VALUE, claim.noPValueReason());
        List<Object> comparisons = new ArrayList<>();
        for (TierPairComparison comparison : claim.comparisons()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(TIER_A, comparison.tierA());
            item.put(TIER_B, comparison.tierB());
            item.put(TEST, comparison.test().name());
            if (comparison.test() instanceof McNemarMidP mcNemar) {
                item.put(ONLY_A, mcNemar.onlyA());
                item.put(ONLY_B, mcNemar.onlyB());
            } else if (comparison.test() instanceof FisherMidP fisher) {
                item.put(TIMEOUTS_A, fisher.timeoutsA());
                item.put(SAMPLES_A, fisher.samplesA());
                item.put(TIMEOUTS_B, fisher.timeoutsB());
                item.put(SAMPLES_B, fisher.samplesB());
            }
            item.put(STATISTIC, comparison.test().statistic());
            item.put(ONE_SIDED, comparison.test().pValueOneSided());
            item.put(TWO_SIDED, comparison.test().pValueTwoSided());
            item.put(LOG10_ONE_SIDED, comparison.test().log10PValueOneSided());
            item.put(LOG10_TWO_SIDED, comparison.test().log10PValueTwoSided());
            item.put(DEGENERATE, comparison.isDegenerate() ? comparison.degeneracy().id() : null);
            comparisons.add(new Flow(item));
        }
        yaml.put(COMPARISONS, comparisons);
        return yaml;
    }

    /**
     * Reads the section of a model whose tiers are {@code tiers}, run as {@code metadata} says (which tiers shared
     * runs decides which comparisons are degenerate).
     */
    static OrderingClaim read(YamlMapping yaml, Set<String> tiers, CalibrationMetadata metadata) {
        yaml.rejectUnknownKeys("field", FIELDS);
        double alpha = yaml.number(ALPHA);
        if (!(alpha > 0 && alpha < 1)) {
            throw yaml.invalid(ALPHA, "must lie in (0, 1), got " + alpha);
        }
        List<TierPairComparison> comparisons = new ArrayList<>();
        for (YamlMapping item : yaml.mappings(COMPARISONS)) {
            comparisons.add(readComparison(item, tiers, metadata));
        }
        if (comparisons.isEmpty()) {
            throw yaml.invalid(COMPARISONS, "expected at least one comparison");
        }
        OrderingClaim recomputed;
        try {
            recomputed = TierComparisons.ordering(comparisons, alpha);
        } catch (IllegalArgumentException e) {
            throw yaml.invalid(COMPARISONS, e.getMessage());
        }
        requireEqual(yaml, TESTED, yaml.string(TESTED), recomputed.testedOrdering());
        requireEqual(yaml, CLAIMED, yaml.nullableString(CLAIMED), recomputed.claimedOrdering());
        requireEqual(yaml, P_VALUE, yaml.nullableNumber(P_VALUE), recomputed.pValue());
        requireEqual(yaml, LOG10_P_VALUE, yaml.nullableNumber(LOG10_P_VALUE), recomputed.log10PValue());
        // Written since degenerate comparisons stopped counting; a file without it says nothing else.
        if (yaml.keys().contains(NO_P_VALUE)) {
            requireEqual(yaml, NO_P_VALUE, yaml.nullableString(NO_P_VALUE), recomputed.noPValueReason());
        }
        return recomputed;
    }

    private static TierPairComparison readComparison(YamlMapping item, Set<String> tiers,
                                                     CalibrationMetadata metadata) {
        String tierA = tier(item, TIER_A, tiers);
        String tierB = tier(item, TIER_B, tiers);
        String test = item.string(TEST);
        PairTest recomputed;
        if (McNemarMidP.NAME.equals(test)) {
            item.rejectUnknownKeys("field", MCNEMAR_FIELDS);
            recomputed = TierComparisons.mcNemarMidP(item.integer(ONLY_A, 0, Long.MAX_VALUE),
                    item.integer(ONLY_B, 0, Long.MAX_VALUE));
        } else if (FisherMidP.NAME.equals(test)) {
            item.rejectUnknownKeys("field", FISHER_FIELDS);
            long samplesA = item.integer(SAMPLES_A, 1, Long.MAX_VALUE);
            long samplesB = item.integer(SAMPLES_B, 1, Long.MAX_VALUE - samplesA);
            recomputed = TierComparisons.fisherMidP(item.integer(TIMEOUTS_A, 0, samplesA), samplesA,
                    item.integer(TIMEOUTS_B, 0, samplesB), samplesB);
        } else {
            throw item.invalid(TEST, "unknown test " + YamlMapping.describe(test) + "; expected "
                    + McNemarMidP.NAME + " or " + FisherMidP.NAME);
        }
        requireEqual(item, STATISTIC, item.number(STATISTIC), recomputed.statistic());
        requireEqual(item, ONE_SIDED, item.number(ONE_SIDED), recomputed.pValueOneSided());
        requireEqual(item, TWO_SIDED, item.number(TWO_SIDED), recomputed.pValueTwoSided());
        requireEqual(item, LOG10_ONE_SIDED, item.number(LOG10_ONE_SIDED), recomputed.log10PValueOneSided());
        requireEqual(item, LOG10_TWO_SIDED, item.number(LOG10_TWO_SIDED), recomputed.log10PValueTwoSided());
        String degenerate = item.nullableString(DEGENERATE);
        Tier a = planned(metadata, tierA);
        Tier b = planned(metadata, tierB);
        String expected = a != null && b != null && metadata.tierRuns().shareRuns(a, b) ? Degeneracy.SHARED_RUNS.id()
                : null;
        if (!java.util.Objects.equals(degenerate, expected)) {
            throw item.invalid(DEGENERATE, YamlMapping.describe(degenerate) + ", but " + tierA + " and " + tierB
                    + (expected == null ? " ran independently: expected null"
                    : " shared runs (tier_runs: shared, identical limits): expected " + expected));
        }
        return new TierPairComparison(tierA, tierB, recomputed, expected == null ? null : Degeneracy.SHARED_RUNS);
    }

    private static Tier planned(CalibrationMetadata metadata, String name) {
        return metadata.tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private static String tier(YamlMapping item, String key, Set<String> tiers) {
        String name = item.string(key);
        if (!tiers.contains(name)) {
            throw item.invalid(key, YamlMapping.describe(name) + " is not a tier of calibrated_models " + tiers);
        }
        return name;
    }

    private static void requireEqual(YamlMapping yaml, String key, Object stored, Object recomputed) {
        if (!java.util.Objects.equals(stored, recomputed)) {
            throw yaml.invalid(key, YamlMapping.describe(stored) + " does not match " + YamlMapping.describe(recomputed)
                    + " recomputed from the counts");
        }
    }
}
