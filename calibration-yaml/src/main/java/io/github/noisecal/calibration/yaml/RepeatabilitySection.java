package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.stats.MeanEstimate;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calibrated_models.<TIER>.repeatability}: verdict flips among the modules that ran at least twice in the
 * tier; null when none did. Counts are stored once and shares checked against them.
 */
final class RepeatabilitySection {
    static final String KEY = "repeatability";

    private static final String MODULES = "modules";
    private static final String FLIP_RATE = "flip_rate";
    private static final String FLAKY_MODULE_SHARE = "flaky_module_share";
    private static final String OUTCOME_FLIP_RATE = "outcome_flip_rate";
    private static final String OUTCOME_FLAKY_MODULE_SHARE = "outcome_flaky_module_share";
    private static final String STABILITY = "stability";
    private static final List<String> FIELDS = List.of(MODULES, FLIP_RATE, FLAKY_MODULE_SHARE, OUTCOME_FLIP_RATE,
            OUTCOME_FLAKY_MODULE_SHARE, STABILITY);

    private static final String RATE = "rate";
    private static final String CI = "ci";
    private static final List<String> MEAN_FIELDS = List.of(RATE, CI);
    private static final List<String> SHARE_FIELDS = List.of(MODULES, RATE, CI);

    private static final String ALWAYS_VERIFIED = "always_verified";
    private static final String ALWAYS_TIMEOUT = "always_timeout";
    private static final String ALWAYS_FAILING = "always_failing";
    private static final String MIXED = "mixed";
    private static final List<String> STABILITY_FIELDS = List.of(ALWAYS_VERIFIED, ALWAYS_TIMEOUT, ALWAYS_FAILING,
            MIXED);

    private RepeatabilitySection() {
    }

    /** The section, or null when no module ran twice. */
    static Map<String, Object> write(Repeatability repeatability) {
        if (repeatability == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(MODULES, repeatability.modules());
        yaml.put(FLIP_RATE, mean(repeatability.flipRate()));
        yaml.put(FLAKY_MODULE_SHARE, share(repeatability.flakyModuleShare()));
        yaml.put(OUTCOME_FLIP_RATE, mean(repeatability.outcomeFlipRate()));
        yaml.put(OUTCOME_FLAKY_MODULE_SHARE, share(repeatability.outcomeFlakyModuleShare()));
        Map<String, Object> stability = new LinkedHashMap<>();
        stability.put(ALWAYS_VERIFIED, repeatability.alwaysVerified());
        stability.put(ALWAYS_TIMEOUT, repeatability.alwaysTimingOut());
        stability.put(ALWAYS_FAILING, repeatability.alwaysFailing());
        stability.put(MIXED, repeatability.mixed());
        yaml.put(STABILITY, new Flow(stability));
        return yaml;
    }

    private static Flow mean(MeanEstimate estimate) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(RATE, estimate.mean());
        yaml.put(CI, new Flow(List.of(estimate.lower(), estimate.upper())));
        return new Flow(yaml);
    }

    private static Flow share(RateEstimate estimate) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(MODULES, estimate.successes());
        yaml.put(RATE, estimate.rate());
        yaml.put(CI, new Flow(List.of(estimate.lower(), estimate.upper())));
        return new Flow(yaml);
    }

    /** Reads the section of a tier whose runs came from {@code distinct} modules. */
    static Repeatability read(YamlMapping yaml, long distinct, CalibrationMetadata metadata) {
        yaml.rejectUnknownKeys("field", FIELDS);
        long modules = yaml.integer(MODULES, 1, distinct);
        MeanEstimate flipRate = mean(yaml.mapping(FLIP_RATE), modules, metadata);
        RateEstimate flaky = share(yaml.mapping(FLAKY_MODULE_SHARE), modules, metadata);
        MeanEstimate outcomeFlipRate = mean(yaml.mapping(OUTCOME_FLIP_RATE), modules, metadata);
        RateEstimate outcomeFlaky = share(yaml.mapping(OUTCOME_FLAKY_MODULE_SHARE), modules, metadata);
        YamlMapping stability = yaml.mapping(STABILITY);
        stability.rejectUnknownKeys("field", STABILITY_FIELDS);
        long alwaysVerified = stability.integer(ALWAYS_VERIFIED, 0, modules);
        long alwaysTimeout = stability.integer(ALWAYS_TIMEOUT, 0, modules);
        long alwaysFailing = stability.integer(ALWAYS_FAILING, 0, modules);
        long mixed = stability.integer(MIXED, 0, modules);
        return yaml.build(STABILITY, () -> new Repeatability(modules, flipRate, flaky, outcomeFlipRate, outcomeFlaky,
                alwaysVerified, alwaysTimeout, alwaysFailing, mixed));
    }

    private static MeanEstimate mean(YamlMapping yaml, long modules, CalibrationMetadata metadata) {
        yaml.rejectUnknownKeys("field", MEAN_FIELDS);
        double rate = yaml.probability(RATE);
        Interval ci = ci(yaml, rate);
        return new MeanEstimate(rate, modules, metadata.confidenceLevel(), metadata.intervalMethod(), ci.lower(),
                ci.upper());
    }

    private static RateEstimate share(YamlMapping yaml, long modules, CalibrationMetadata metadata) {
        yaml.rejectUnknownKeys("field", SHARE_FIELDS);
        long count = yaml.integer(MODULES, 0, modules);
        double rate = yaml.number(RATE);
        double expected = (double) count / modules;
        if (rate != expected) {
            throw yaml.invalid(RATE, rate + ", but " + count + " of " + modules + " modules = " + expected);
        }
        Interval ci = ci(yaml, rate);
        return new RateEstimate(count, modules, metadata.confidenceLevel(), metadata.intervalMethod(), ci.lower(),
                ci.upper());
    }

    private static Interval ci(YamlMapping yaml, double rate) {
        Interval ci = yaml.interval(CI);
        if (!(ci.lower() >= 0 && ci.upper() <= 1)) {
            throw yaml.invalid(CI, "[" + ci.lower() + ", " + ci.upper() + "] must lie within [0, 1]");
        }
        if (!ci.contains(rate)) {
            throw yaml.invalid(CI, "[" + ci.lower() + ", " + ci.upper() + "] does not contain the rate " + rate);
        }
        return ci;
    }
}
