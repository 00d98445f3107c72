package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.stats.InvertedPairs;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code inverted_pairs}: for adjacent paired tiers that ran independently, the runs that timed out at the larger
 * budget but finished at the smaller, one entry per line; {@code []} when tiers are not paired.
 */
final class InvertedPairsSection {
    static final String KEY = "inverted_pairs";

    private static final String SMALLER = "smaller";
    private static final String LARGER = "larger";
    private static final String PAIRS = "pairs";
    private static final String INVERTED = "inverted";
    private static final String MODULES = "modules";
    private static final List<String> FIELDS = List.of(SMALLER, LARGER, PAIRS, INVERTED, MODULES);

    private InvertedPairsSection() {
    }

    static List<Object> write(List<InvertedPairs> invertedPairs) {
        List<Object> yaml = new ArrayList<>();
        for (InvertedPairs pairs : invertedPairs) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put(SMALLER, pairs.smallerTier());
            item.put(LARGER, pairs.largerTier());
            item.put(PAIRS, pairs.pairs());
            item.put(INVERTED, pairs.inverted());
            item.put(MODULES, pairs.modules());
            yaml.add(new Flow(item));
        }
        return yaml;
    }

    /** Reads the list under {@link #KEY} of {@code document}, for the model's tiers. */
    static List<InvertedPairs> read(YamlMapping document, Map<String, TierCalibration> tiers,
                                    CalibrationMetadata metadata) {
        List<InvertedPairs> result = new ArrayList<>();
        for (YamlMapping item : document.mappings(KEY)) {
            item.rejectUnknownKeys("field", FIELDS);
            TierCalibration smaller = tier(item, SMALLER, tiers);
            TierCalibration larger = tier(item, LARGER, tiers);
            if (!(smaller.timeoutS() <= larger.timeoutS())) {
                throw item.invalid(LARGER, larger.tier() + "'s budget " + larger.timeoutS() + " s is smaller than "
                        + smaller.tier() + "'s " + smaller.timeoutS() + " s");
            }
            Tier smallerTier = planned(metadata, smaller.tier());
            Tier largerTier = planned(metadata, larger.tier());
            if (smallerTier != null && largerTier != null && metadata.tierRuns().shareRuns(smallerTier, largerTier)) {
                throw item.invalid(LARGER, smaller.tier() + " and " + larger.tier() + " shared runs, so no run can"
                        + " time out at the larger budget only");
            }
            long pairs = item.integer(PAIRS, 1, Long.MAX_VALUE);
            if (pairs != smaller.nSamples() || pairs != larger.nSamples()) {
                throw item.invalid(PAIRS, pairs + ", but the tiers have " + smaller.nSamples() + " and "
                        + larger.nSamples() + " samples");
            }
            long inverted = item.integer(INVERTED, 0, pairs);
            long modules = item.integer(MODULES, 0, inverted);
            result.add(item.build(MODULES, () -> new InvertedPairs(smaller.tier(), larger.tier(), pairs, inverted,
                    modules)));
        }
        return result;
    }

    private static TierCalibration tier(YamlMapping item, String key, Map<String, TierCalibration> tiers) {
        String name = item.string(key);
        TierCalibration tier = tiers.get(name);
        if (tier == null) {
            throw item.invalid(key, YamlMapping.describe(name) + " is not a tier of calibrated_models "
                    + tiers.keySet());
        }
        return tier;
    }

    private static Tier planned(CalibrationMetadata metadata, String name) {
        return metadata.tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
