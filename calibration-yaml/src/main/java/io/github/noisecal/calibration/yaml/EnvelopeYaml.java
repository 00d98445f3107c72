package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads acceptance criteria for {@code noisecal validate}. Every key is optional and falls back to the origin
 * plan's value ({@link AcceptanceEnvelope#originDefaults()}); {@code timeout_rate} replaces the default ranges as a
 * whole when given (tiers it leaves out are reported as not checked). Every criterion can be relaxed until it
 * always passes: {@code min_samples_per_tier: 1}, {@code min_distinct_modules: 1}, a range {@code [0, 1]},
 * {@code max_internal_error_rate: 1}, {@code delta_aic} thresholds below 0, {@code ks_p_value} thresholds 0,
 * {@code tier_ordering: none}. A bad value is reported with the file, the line and the key.
 *
 * <pre>
 * min_samples_per_tier: 10000
 * min_distinct_modules: 30        # fewer modules: a conditional pass (the rates hold for those modules)
 * max_internal_error_rate: 0.01
 * timeout_rate: {FAST: [0.15, 0.25], BALANCED: [0.08, 0.12], SLOW: [0.03, 0.07]}
 * delta_aic: {pass_above: 10, conditional_above: 5}
 * ks_p_value: {pass_at: 0.05, conditional_at: 0.01}
 * tier_ordering: claimed          # or estimates (ordered point estimates pass), none (not checked)
 * </pre>
 */
public final class EnvelopeYaml {
    private static final String MIN_SAMPLES = "min_samples_per_tier";
    private static final String MIN_DISTINCT_MODULES = "min_distinct_modules";
    private static final String MAX_INTERNAL_ERRORS = "max_internal_error_rate";
    private static final String TIMEOUT_RATE = "timeout_rate";
    private static final String DELTA_AIC = "delta_aic";
    private static final String KS_P_VALUE = "ks_p_value";
    private static final String TIER_ORDERING = "tier_ordering";
    private static final String PASS_ABOVE = "pass_above";
    private static final String CONDITIONAL_ABOVE = "conditional_above";
    private static final String PASS_AT = "pass_at";
    private static final String CONDITIONAL_AT = "conditional_at";

    private EnvelopeYaml() {
    }

    /** Reads an envelope file; every problem is an {@link InvalidInputException} naming the file and field. */
    public static AcceptanceEnvelope read(Path file) {
        String source = "envelope " + file;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, source);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** An envelope is a few lines; a megabyte is no envelope, and is not read into memory whole. */
    private static final int MAX_CHARS = 1 << 20;

    private static String readAll(Reader reader, String source) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
            text.append(buffer, 0, read);
            if (text.length() > MAX_CHARS) {
                throw new InvalidInputException(source + ": larger than " + MAX_CHARS + " characters, too large for"
                        + " an envelope of acceptance criteria");
            }
        }
        return text.toString();
    }

    private static AcceptanceEnvelope.TierOrdering fromId(YamlMapping yaml, String id) {
        try {
            return AcceptanceEnvelope.TierOrdering.fromId(id);
        } catch (InvalidInputException e) {
            throw yaml.invalid(TIER_ORDERING, e.getMessage().replaceFirst("^tier_ordering ", ""));
        }
    }

    static AcceptanceEnvelope read(Reader reader, String source) {
        String text;
        try {
            text = readAll(reader, source);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(source + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot be read: " + e.getMessage(), e);
        }
        Object loaded = SafeYaml.load(new StringReader(text), source);
        if (loaded == null) {
            return AcceptanceEnvelope.originDefaults();
        }
        // An envelope is a few hand-written lines: worth a second pass to name the line of a bad value.
        YamlMapping yaml = YamlMapping.document(loaded, source, SafeYaml.keyLines(text));
        yaml.rejectUnknownKeys("field", List.of(MIN_SAMPLES, MIN_DISTINCT_MODULES, MAX_INTERNAL_ERRORS, TIMEOUT_RATE,
                DELTA_AIC, KS_P_VALUE, TIER_ORDERING));
        AcceptanceEnvelope defaults = AcceptanceEnvelope.originDefaults();
        long minSamples = yaml.keys().contains(MIN_SAMPLES) ? yaml.integer(MIN_SAMPLES, 1, Long.MAX_VALUE)
                : defaults.minSamplesPerTier();
        long minModules = yaml.keys().contains(MIN_DISTINCT_MODULES)
                ? yaml.integer(MIN_DISTINCT_MODULES, 1, Long.MAX_VALUE) : defaults.minDistinctModules();
        double maxErrors = yaml.keys().contains(MAX_INTERNAL_ERRORS) ? yaml.probability(MAX_INTERNAL_ERRORS)
                : defaults.maxInternalErrorRate();
        Map<String, AcceptanceEnvelope.Range> ranges = defaults.timeoutRateRanges();
        if (yaml.keys().contains(TIMEOUT_RATE)) {
            YamlMapping rates = yaml.mapping(TIMEOUT_RATE);
            ranges = new LinkedHashMap<>();
            for (String tier : rates.keys()) {
                Interval interval = rates.interval(tier);
                ranges.put(tier, rates.build(tier, () -> new AcceptanceEnvelope.Range(interval.lower(), interval.upper())));
            }
        }
        double passDeltaAic = defaults.passDeltaAic();
        double conditionalDeltaAic = defaults.conditionalDeltaAic();
        if (yaml.keys().contains(DELTA_AIC)) {
            YamlMapping aic = yaml.mapping(DELTA_AIC);
            aic.rejectUnknownKeys("field", List.of(PASS_ABOVE, CONDITIONAL_ABOVE));
            passDeltaAic = aic.keys().contains(PASS_ABOVE) ? aic.number(PASS_ABOVE) : passDeltaAic;
            conditionalDeltaAic = aic.keys().contains(CONDITIONAL_ABOVE) ? aic.number(CONDITIONAL_ABOVE)
                    : conditionalDeltaAic;
        }
        double passKs = defaults.minKsPValue();
        double conditionalKs = defaults.conditionalKsPValue();
        if (yaml.keys().contains(KS_P_VALUE)) {
            YamlMapping ks = yaml.mapping(KS_P_VALUE);
            ks.rejectUnknownKeys("field", List.of(PASS_AT, CONDITIONAL_AT));
            passKs = ks.keys().contains(PASS_AT) ? ks.probability(PASS_AT) : passKs;
            conditionalKs = ks.keys().contains(CONDITIONAL_AT) ? ks.probability(CONDITIONAL_AT) : conditionalKs;
        }
        AcceptanceEnvelope.TierOrdering ordering = yaml.keys().contains(TIER_ORDERING)
                ? fromId(yaml, yaml.string(TIER_ORDERING))
                : defaults.tierOrdering();
        Map<String, AcceptanceEnvelope.Range> finalRanges = ranges;
        double finalPassAic = passDeltaAic;
        double finalConditionalAic = conditionalDeltaAic;
        double finalPassKs = passKs;
        double finalConditionalKs = conditionalKs;
        try {
            return new AcceptanceEnvelope(minSamples, finalRanges, maxErrors, finalPassAic, finalConditionalAic,
                    finalPassKs, finalConditionalKs, ordering, minModules);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage(), e);
        }
    }
}
