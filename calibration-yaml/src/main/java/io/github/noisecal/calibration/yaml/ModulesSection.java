package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.stats.RateClustering;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calibrated_models.<TIER>.modules}: the modules behind a tier's runs and, per rate, the intra-module
 * correlation, design effect and effective sample size that widen {@code *_rate_ci_runs} into {@code *_rate_ci}.
 */
final class ModulesSection {
    static final String KEY = "modules";

    private static final String DISTINCT = "distinct";
    private static final String RUNS_PER_MODULE = "runs_per_module";
    private static final String TIMEOUT_RATE = "timeout_rate";
    private static final String FAIL_RATE = "fail_rate";
    private static final String SUCCESS_RATE = "success_rate";
    private static final List<String> FIELDS = List.of(DISTINCT, RUNS_PER_MODULE, TIMEOUT_RATE, FAIL_RATE,
            SUCCESS_RATE);

    private static final String MEAN = "mean";
    private static final String MIN = "min";
    private static final String MAX = "max";
    private static final List<String> RUNS_FIELDS = List.of(MEAN, MIN, MAX);

    private static final String ICC = "icc";
    private static final String DESIGN_EFFECT = "design_effect";
    private static final String EFFECTIVE_N = "effective_n";
    private static final List<String> CLUSTERING_FIELDS = List.of(ICC, DESIGN_EFFECT, EFFECTIVE_N);

    private ModulesSection() {
    }

    static Map<String, Object> write(TierModules modules) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(DISTINCT, modules.distinct());
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put(MEAN, modules.meanRuns());
        runs.put(MIN, modules.minRuns());
        runs.put(MAX, modules.maxRuns());
        yaml.put(RUNS_PER_MODULE, new Flow(runs));
        yaml.put(TIMEOUT_RATE, clustering(modules.timeout()));
        yaml.put(FAIL_RATE, clustering(modules.fail()));
        yaml.put(SUCCESS_RATE, clustering(modules.success()));
        return yaml;
    }

    private static Flow clustering(RateClustering clustering) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(ICC, clustering.icc());
        yaml.put(DESIGN_EFFECT, clustering.designEffect());
        yaml.put(EFFECTIVE_N, clustering.effectiveSampleSize());
        return new Flow(yaml);
    }

    /** Reads the section of a tier of {@code n} samples whose intervals over the runs were read already. */
    static TierModules read(YamlMapping yaml, long n, RateEstimate timeoutRuns, RateEstimate failRuns,
                            RateEstimate successRuns) {
        yaml.rejectUnknownKeys("field", FIELDS);
        long distinct = yaml.integer(DISTINCT, 1, n);
        YamlMapping runs = yaml.mapping(RUNS_PER_MODULE);
        runs.rejectUnknownKeys("field", RUNS_FIELDS);
        double mean = runs.number(MEAN);
        if (mean != (double) n / distinct) {
            throw runs.invalid(MEAN, mean + ", but n_samples / distinct = " + n + "/" + distinct + " = "
                    + (double) n / distinct);
        }
        long min = runs.integer(MIN, 1, n);
        long max = runs.integer(MAX, 1, n);
        RateClustering timeout = clustering(yaml.mapping(TIMEOUT_RATE), timeoutRuns, distinct);
        RateClustering fail = clustering(yaml.mapping(FAIL_RATE), failRuns, distinct);
        RateClustering success = clustering(yaml.mapping(SUCCESS_RATE), successRuns, distinct);
        return runs.build(MIN, () -> new TierModules(distinct, mean, min, max, timeout, fail, success));
    }

    private static RateClustering clustering(YamlMapping yaml, RateEstimate runs, long distinct) {
        yaml.rejectUnknownKeys("field", CLUSTERING_FIELDS);
        Double icc = yaml.nullableNumber(ICC);
        if (icc != null && !(icc >= -1 && icc <= 1)) {
            throw yaml.invalid(ICC, "must lie in [-1, 1], got " + icc);
        }
        if (icc != null && (distinct == 1 || distinct == runs.trials())) {
            throw yaml.invalid(ICC, icc + ", but " + (distinct == 1 ? "a single module" : "every module ran once")
                    + ": no correlation can be estimated, expected null");
        }
        double designEffect = yaml.number(DESIGN_EFFECT);
        if (!(designEffect >= 1)) {
            throw yaml.invalid(DESIGN_EFFECT, "must be at least 1, got " + designEffect);
        }
        if (distinct == runs.trials() && designEffect != 1) {
            throw yaml.invalid(DESIGN_EFFECT, designEffect + ", but every module ran once: expected 1.0");
        }
        double effective = yaml.number(EFFECTIVE_N);
        double expected = runs.trials() / designEffect;
        if (effective != expected) {
            throw yaml.invalid(EFFECTIVE_N, effective + ", but n_samples / design_effect = " + expected);
        }
        return new RateClustering(runs, icc, designEffect, effective);
    }
}
