package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.TierCalibration;
import java.io.Reader;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML text of a calibrated model (schema version {@value CalibrationMetadata#SCHEMA_VERSION}): block style,
 * {@code calibration_metadata} then {@code calibrated_models} with one entry per tier. Reading gives back exactly
 * the model that was written, and rejects anything else with a message naming the field.
 *
 * <p>Files are written and read through the {@code yaml} {@link io.github.noisecal.calibration.format.ModelFormat}; this
 * class is the text mapping beneath it.
 */
public final class ModelYaml {
    private static final String CALIBRATED_MODELS = "calibrated_models";
    private static final List<String> SECTIONS =
            List.of(MetadataSection.KEY, CALIBRATED_MODELS, TierComparisonsSection.KEY, InvertedPairsSection.KEY);

    private ModelYaml() {
    }

    /**
     * The model as YAML text.
     *
     * @throws IllegalArgumentException when the schema cannot hold the model as it is, so that reading the text
     *                                  would fail or give a different model (for example a rate estimate whose
     *                                  confidence level is not the metadata's)
     */
    public static String write(CalibrationModel model) {
        SafeYaml.Dumped dumped = SafeYaml.dumpParts(tree(model));
        requireReadsBackAs(model, dumped);
        return dumped.text();
    }

    /**
     * The model as the file's tree of maps, lists, strings, numbers, booleans and nulls, in the file's key order:
     * what other serialisations of the same schema (such as the CLI's JSON output) are made from.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> document(CalibrationModel model) {
        return (Map<String, Object>) plain(tree(model));
    }

    /** The tree as it is dumped: some collections wrapped in {@link SafeYaml.Flow} to be written on one line. */
    private static Map<String, Object> tree(CalibrationModel model) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(MetadataSection.KEY, MetadataSection.write(model.metadata()));
        Map<String, Object> tiers = new LinkedHashMap<>();
        model.tiers().forEach((name, tier) -> tiers.put(name, TierSection.write(tier)));
        document.put(CALIBRATED_MODELS, tiers);
        document.put(TierComparisonsSection.KEY, TierComparisonsSection.write(model.tierComparisons()));
        document.put(InvertedPairsSection.KEY, InvertedPairsSection.write(model.invertedPairs()));
        return document;
    }

    /** {@code node} with every {@link SafeYaml.Flow} replaced by the collection it wraps. */
    private static Object plain(Object node) {
        if (node instanceof SafeYaml.Flow flow) {
            return plain(flow.collection());
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, plain(value)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(ModelYaml::plain).toList();
        }
        return node;
    }

    /**
     * Reads a model from YAML text.
     *
     * @param source names the text in messages, such as the file name
     * @throws InvalidInputException naming the source and the field (or the line, for text that is not YAML) when
     *                               the text is not a valid model
     */
    public static CalibrationModel read(Reader reader, String source) {
        return fromTree(SafeYaml.load(reader, source), source);
    }

    private static CalibrationModel fromTree(Object loaded, String source) {
        if (loaded == null) {
            throw new InvalidInputException(source + ": empty, expected a calibrated model");
        }
        YamlMapping document = YamlMapping.document(loaded, source);
        CalibrationMetadata metadata = MetadataSection.read(document.mapping(MetadataSection.KEY));
        document.rejectUnknownKeys("section", SECTIONS);
        YamlMapping models = document.mapping(CALIBRATED_MODELS);
        Map<String, TierCalibration> tiers = new LinkedHashMap<>();
        for (String name : models.keys()) {
            tiers.put(name, TierSection.read(name, models.mapping(name), metadata));
        }
        if (tiers.isEmpty()) {
            throw document.invalid(CALIBRATED_MODELS, "expected at least one tier");
        }
        YamlMapping comparisons = document.nullableMapping(TierComparisonsSection.KEY);
        return new CalibrationModel(metadata, tiers,
                comparisons == null ? null : TierComparisonsSection.read(comparisons, tiers.keySet(), metadata),
                InvertedPairsSection.read(document, tiers, metadata));
    }

    /**
     * A written file must read back as the model it was written from; checking here keeps that promise for models
     * built by hand, whose parts the schema stores only once (rates keep their counts in outcome_counts, and their
     * confidence level and method in the metadata). The long number lists are not parsed again: they are written
     * number by number with toString(), which Double and Long parse back exactly (ModelYamlTest checks that the
     * whole text loads as the same tree).
     */
    private static void requireReadsBackAs(CalibrationModel model, SafeYaml.Dumped dumped) {
        CalibrationModel readBack;
        try {
            String source = "the written text";
            readBack = fromTree(dumped.graft(SafeYaml.load(new StringReader(dumped.skeleton()), source)), source);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("the model cannot be written as YAML: " + e.getMessage(), e);
        }
        if (!readBack.metadata().equals(model.metadata())) {
            throw new IllegalArgumentException("the model cannot be written as YAML without changing its metadata:"
                    + " tier names must be distinct, and budgets shorter than 52 days to be kept to the nanosecond");
        }
        if (!readBack.invertedPairs().equals(model.invertedPairs())) {
            throw new IllegalArgumentException("the model cannot be written as YAML without changing its inverted"
                    + " pairs");
        }
        if (!java.util.Objects.equals(readBack.tierComparisons(), model.tierComparisons())) {
            throw new IllegalArgumentException("the model cannot be written as YAML without changing its tier "
                    + "comparisons: they must be what their counts give");
        }
        model.tiers().forEach((name, tier) -> {
            if (!readBack.tier(name).equals(tier)) {
                throw new IllegalArgumentException("the model cannot be written as YAML without changing tier " + name
                        + ": its rate estimates must count its n_samples at the metadata's confidence level and"
                        + " interval method");
            }
        });
    }
}
