package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.fit.BootstrapPValue;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.fit.InstantEnds;
import io.github.noisecal.calibration.fit.ObservedDurations;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calibrated_models.<TIER>.duration_distribution}: the duration families fitted to one tier's samples, its
 * timeouts censored. Every family has an entry under {@code candidates}: its fit, or {@code not_fitted} and why.
 * {@code observed} keeps the durations themselves, grouped, so that budget questions inside the observed range are
 * answered from the runs; {@code instant_ends} the runs set apart as a point mass.
 */
final class DurationDistributionSection {
    static final String KEY = "duration_distribution";

    private static final String BEST = "best";
    private static final String TIE_WITH = "tie_with";
    private static final String N_EVENTS = "n_events";
    private static final String N_CENSORED = "n_censored";
    private static final String CENSORED_AT_MS = "censored_at_ms";
    private static final String RESOLUTION_MS = "resolution_ms";
    private static final String INSTANT_ENDS = "instant_ends";
    private static final String KS_SAMPLE_SIZE = "ks_sample_size";
    private static final String OBSERVED = "observed";
    private static final String CANDIDATES = "candidates";
    private static final List<String> FIELDS = List.of(BEST, TIE_WITH, N_EVENTS, N_CENSORED, CENSORED_AT_MS,
            RESOLUTION_MS, INSTANT_ENDS, KS_SAMPLE_SIZE, OBSERVED, CANDIDATES);

    private static final String COUNT = "count";
    private static final String BELOW_MS = "below_ms";
    private static final List<String> INSTANT_FIELDS = List.of(COUNT, BELOW_MS);

    private static final String BINNED_MS = "binned_ms";
    private static final String CENSORED = "censored";
    private static final String EARLIEST_CENSORED_MS = "earliest_censored_ms";
    private static final String EVENT_MS = "event_ms";
    private static final String EVENT_COUNTS = "event_counts";
    private static final String MODULES = "modules";
    private static final List<String> OBSERVED_FIELDS = List.of(BINNED_MS, CENSORED, EARLIEST_CENSORED_MS, EVENT_MS,
            EVENT_COUNTS, MODULES);
    private static final String RUNS_SQUARED = "runs_squared";
    private static final String CENSORED_SQUARED = "censored_squared";
    private static final String CENSORED_CROSS = "censored_cross";
    private static final String EXCEEDING_SQUARED = "exceeding_squared";
    private static final String EXCEEDING_CROSS = "exceeding_cross";
    private static final List<String> MODULES_FIELDS = List.of(COUNT, RUNS_SQUARED, CENSORED_SQUARED, CENSORED_CROSS,
            EXCEEDING_SQUARED, EXCEEDING_CROSS);

    private static final String NOT_FITTED = "not_fitted";
    private static final List<String> NOT_FITTED_FIELDS = List.of(NOT_FITTED);

    private static final String PARAMETERS = "parameters";
    private static final String LOG_LIKELIHOOD = "log_likelihood";
    private static final String AIC = "aic";
    private static final String AICC = "aicc";
    private static final String BIC = "bic";
    private static final String DELTA_AIC = "delta_aic";
    private static final String WEIGHT = "weight";
    private static final String KS_STATISTIC = "ks_statistic";
    private static final String KS_P_VALUE = "ks_p_value";
    private static final String KS_REPLICATES = "ks_replicates";
    private static final String KS_EXCEEDANCES = "ks_exceedances";
    private static final String COVARIANCE = "covariance";
    private static final List<String> FITTED_FIELDS = List.of(PARAMETERS, LOG_LIKELIHOOD, AIC, AICC, BIC, DELTA_AIC,
            WEIGHT, KS_STATISTIC, KS_P_VALUE, KS_REPLICATES, KS_EXCEEDANCES, COVARIANCE);

    private static final List<String> FAMILY_KEYS = Arrays.stream(DistributionFamily.values())
            .map(DistributionFamily::key).toList();

    private DurationDistributionSection() {
    }

    static Map<String, Object> write(DurationDistributionFit fit) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(BEST, fit.best());
        yaml.put(TIE_WITH, new Flow(fit.tieWith()));
        yaml.put(N_EVENTS, fit.nEvents());
        yaml.put(N_CENSORED, fit.nCensored());
        yaml.put(CENSORED_AT_MS, fit.censoredAtMs());
        yaml.put(RESOLUTION_MS, fit.resolutionMs());
        yaml.put(INSTANT_ENDS, writeInstantEnds(fit.instantEnds()));
        yaml.put(KS_SAMPLE_SIZE, fit.ksSampleSize());
        yaml.put(OBSERVED, writeObserved(fit.observed()));
        Map<String, Object> candidates = new LinkedHashMap<>();
        fit.candidates().forEach((family, candidate) -> candidates.put(family, writeCandidate(candidate)));
        yaml.put(CANDIDATES, candidates);
        return yaml;
    }

    private static Flow writeInstantEnds(InstantEnds instantEnds) {
        if (instantEnds == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(COUNT, instantEnds.count());
        yaml.put(BELOW_MS, instantEnds.belowMs());
        return new Flow(yaml);
    }

    private static Map<String, Object> writeObserved(ObservedDurations observed) {
        if (observed == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(BINNED_MS, observed.binMs());
        yaml.put(CENSORED, observed.censored());
        yaml.put(EARLIEST_CENSORED_MS, observed.censored() == 0 ? null : observed.earliestCensoredMs());
        yaml.put(EVENT_MS, new Flow(Arrays.stream(observed.eventTimesMs()).boxed().toList()));
        yaml.put(EVENT_COUNTS, new Flow(Arrays.stream(observed.eventCounts()).boxed().toList()));
        yaml.put(MODULES, writeModules(observed.byModule()));
        return yaml;
    }

    private static Map<String, Object> writeCandidate(CandidateFit candidate) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (candidate instanceof CandidateFit.NotFitted notFitted) {
            yaml.put(NOT_FITTED, notFitted.reason());
            return yaml;
        }
        CandidateFit.Fitted fitted = (CandidateFit.Fitted) candidate;
        yaml.put(PARAMETERS, new Flow(fitted.parameters()));
        yaml.put(LOG_LIKELIHOOD, fitted.logLikelihood());
        yaml.put(AIC, fitted.aic());
        yaml.put(AICC, fitted.aicc());
        yaml.put(BIC, fitted.bic());
        yaml.put(DELTA_AIC, fitted.deltaAic());
        yaml.put(WEIGHT, fitted.weight());
        yaml.put(KS_STATISTIC, fitted.ksStatistic());
        BootstrapPValue ks = fitted.ksBootstrap();
        yaml.put(KS_P_VALUE, fitted.ksPValue());
        yaml.put(KS_REPLICATES, ks == null ? null : ks.replicates());
        yaml.put(KS_EXCEEDANCES, ks == null ? null : ks.exceedances());
        yaml.put(COVARIANCE, new Flow(fitted.covariance()));
        return yaml;
    }

    /**
     * {@code observed.modules}: which module each run came from, as far as answers clustered by module need it.
     * Only the count when every module ran once; null when the observations do not know.
     */
    private static Map<String, Object> writeModules(ObservedDurations.ByModule modules) {
        if (modules == null) {
            return null;
        }
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(COUNT, modules.modules());
        if (!modules.allSingletons()) {
            yaml.put(RUNS_SQUARED, modules.runsSquared());
            yaml.put(CENSORED_SQUARED, modules.censoredSquared());
            yaml.put(CENSORED_CROSS, modules.censoredCross());
            yaml.put(EXCEEDING_SQUARED, new Flow(Arrays.stream(modules.exceedingSquared()).boxed().toList()));
            yaml.put(EXCEEDING_CROSS, new Flow(Arrays.stream(modules.exceedingCross()).boxed().toList()));
        }
        return yaml;
    }

    /**
     * Reads the fit of a tier of {@code nSamples} samples, {@code timeouts} of them timeouts: the fit censors
     * exactly the timeouts, and counts every other sample as an event. {@code distinctModules} is the tier's.
     */
    static DurationDistributionFit read(YamlMapping yaml, long nSamples, long timeouts, long distinctModules) {
        yaml.rejectUnknownKeys("field", FIELDS);
        String best = yaml.nullableString(BEST);
        if (best != null) {
            // The file keeps the family's name; this only checks that it names one.
            yaml.build(BEST, () -> DistributionFamily.fromKey(best));
        }
        List<String> tieWith = yaml.strings(TIE_WITH);
        int nEvents = (int) yaml.integer(N_EVENTS, 0, Integer.MAX_VALUE);
        if (nEvents != nSamples - timeouts) {
            throw yaml.invalid(N_EVENTS, nEvents + ", but the tier's " + nSamples + " samples less its " + timeouts
                    + " timeouts leave " + (nSamples - timeouts));
        }
        int nCensored = (int) yaml.integer(N_CENSORED, 0, Integer.MAX_VALUE);
        if (nCensored != timeouts) {
            throw yaml.invalid(N_CENSORED, nCensored + ", but outcome_counts count " + timeouts + " timeouts");
        }
        Double censoredAtMs = readCensoredAt(yaml, nCensored);
        Double resolutionMs = yaml.nullableNumber(RESOLUTION_MS);
        if (resolutionMs != null && !(resolutionMs > 0)) {
            throw yaml.invalid(RESOLUTION_MS, "must be positive (null for a continuous clock), got " + resolutionMs);
        }
        InstantEnds instantEnds = readInstantEnds(yaml, nEvents, nSamples, resolutionMs);
        Long ksSampleSize = yaml.nullableInteger(KS_SAMPLE_SIZE, 1, nSamples);
        ObservedDurations observed = readObserved(yaml, nEvents, nCensored, distinctModules);
        YamlMapping candidatesYaml = yaml.mapping(CANDIDATES);
        candidatesYaml.rejectUnknownKeys("family", FAMILY_KEYS);
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        for (DistributionFamily family : DistributionFamily.values()) {
            candidates.put(family.key(), readCandidate(candidatesYaml, family));
        }
        if (best == null) {
            List<String> fitted = candidates.entrySet().stream()
                    .filter(entry -> entry.getValue() instanceof CandidateFit.Fitted).map(Map.Entry::getKey).toList();
            if (!fitted.isEmpty()) {
                throw yaml.invalid(BEST, "null, but the fitted candidates are " + String.join(", ", fitted));
            }
        }
        checkTies(yaml, tieWith, best, candidates);
        if ((best == null) != (ksSampleSize == null)) {
            throw yaml.invalid(KS_SAMPLE_SIZE, "must be given exactly when a family was fitted, got "
                    + YamlMapping.describe(ksSampleSize));
        }
        Integer ks = ksSampleSize == null ? null : ksSampleSize.intValue();
        return yaml.build(BEST, () -> new DurationDistributionFit(best, tieWith, nEvents, nCensored, censoredAtMs,
                resolutionMs, instantEnds, ks, observed, candidates));
    }

    /** Instant ends: truncation at the threshold less half a clock step (the threshold for a continuous clock). */
    private static InstantEnds readInstantEnds(YamlMapping tier, int nEvents, long nSamples, Double resolutionMs) {
        YamlMapping yaml = tier.nullableMapping(INSTANT_ENDS);
        if (yaml == null) {
            return null;
        }
        yaml.rejectUnknownKeys("field", INSTANT_FIELDS);
        long count = yaml.integer(COUNT, 1, nEvents);
        double below = yaml.number(BELOW_MS);
        double truncation = resolutionMs == null ? below : below - resolutionMs / 2;
        if (!(truncation > 0)) {
            throw yaml.invalid(BELOW_MS, below + " must exceed half the resolution " + resolutionMs);
        }
        return yaml.build(BELOW_MS, () -> new InstantEnds(count, below, truncation, nSamples));
    }

    private static ObservedDurations readObserved(YamlMapping tier, int nEvents, int nCensored, long distinctModules) {
        YamlMapping yaml = tier.nullableMapping(OBSERVED);
        if (yaml == null) {
            return null;
        }
        yaml.rejectUnknownKeys("field", OBSERVED_FIELDS);
        Double binned = yaml.nullableNumber(BINNED_MS);
        long censored = yaml.integer(CENSORED, 0, Integer.MAX_VALUE);
        if (censored != nCensored) {
            throw yaml.invalid(CENSORED, censored + ", but n_censored is " + nCensored);
        }
        Double earliest = yaml.nullableNumber(EARLIEST_CENSORED_MS);
        double[] times = yaml.numbers(EVENT_MS);
        long[] counts = yaml.integers(EVENT_COUNTS, 1, Integer.MAX_VALUE);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total != nEvents) {
            throw yaml.invalid(EVENT_COUNTS, "add up to " + total + ", but n_events is " + nEvents);
        }
        ObservedDurations durations = yaml.build(EVENT_MS, () -> ObservedDurations.fromGroups(times, counts, censored,
                earliest, binned));
        ObservedDurations.ByModule modules;
        if (!yaml.keys().contains(MODULES)) {
            // Written before the observations kept their modules: when every module ran once there is nothing to
            // know; otherwise answers from these runs can only be over the runs, and say so.
            modules = distinctModules == durations.size() ? ObservedDurations.ByModule.singletons(durations.size(),
                    censored) : null;
        } else {
            modules = readModules(yaml.nullableMapping(MODULES), durations.size(), censored, distinctModules);
        }
        return modules == null ? durations : yaml.build(MODULES, () -> durations.withModules(modules));
    }

    private static ObservedDurations.ByModule readModules(YamlMapping yaml, long runs, long censored,
                                                          long distinctModules) {
        if (yaml == null) {
            return null;
        }
        yaml.rejectUnknownKeys("field", MODULES_FIELDS);
        long count = yaml.integer(COUNT, 1, runs);
        if (count != distinctModules) {
            throw yaml.invalid(COUNT, count + ", but the tier's modules.distinct is " + distinctModules);
        }
        if (count == runs) {
            for (String key : MODULES_FIELDS.subList(1, MODULES_FIELDS.size())) {
                if (yaml.keys().contains(key)) {
                    throw yaml.invalid(key, "is kept only when a module ran more than once; each of these " + runs
                            + " runs is a module of its own");
                }
            }
            return ObservedDurations.ByModule.singletons(runs, censored);
        }
        long runsSquared = yaml.integer(RUNS_SQUARED, runs, Long.MAX_VALUE);
        long censoredSquared = yaml.integer(CENSORED_SQUARED, censored, Long.MAX_VALUE);
        long censoredCross = yaml.integer(CENSORED_CROSS, censoredSquared, Long.MAX_VALUE);
        long[] squared = yaml.integers(EXCEEDING_SQUARED, 0, Long.MAX_VALUE);
        long[] cross = yaml.integers(EXCEEDING_CROSS, 0, Long.MAX_VALUE);
        return new ObservedDurations.ByModule(count, runsSquared, censoredSquared, censoredCross, squared, cross);
    }

    /** The largest censoring time: there is one exactly when something was censored. */
    private static Double readCensoredAt(YamlMapping yaml, int nCensored) {
        Double censoredAtMs = yaml.nullableNumber(CENSORED_AT_MS);
        if (nCensored == 0 && censoredAtMs != null) {
            throw yaml.invalid(CENSORED_AT_MS, "must be null when n_censored is 0, got " + censoredAtMs);
        }
        if (nCensored > 0 && censoredAtMs == null) {
            throw yaml.invalid(CENSORED_AT_MS, "null, but n_censored is " + nCensored);
        }
        if (censoredAtMs != null && censoredAtMs < 0) {
            throw yaml.invalid(CENSORED_AT_MS, "durations cannot be negative, got " + censoredAtMs);
        }
        return censoredAtMs;
    }

    /** Ties are other fitted families, each named once. */
    private static void checkTies(YamlMapping yaml, List<String> tieWith, String best,
                                  Map<String, CandidateFit> candidates) {
        for (int i = 0; i < tieWith.size(); i++) {
            String family = tieWith.get(i);
            String item = TIE_WITH + "[" + i + "]";
            if (!(candidates.get(family) instanceof CandidateFit.Fitted)) {
                throw yaml.invalid(item, YamlMapping.describe(family) + " is not a fitted candidate");
            }
            if (family.equals(best)) {
                throw yaml.invalid(item, YamlMapping.describe(family) + " is the best family, not a tie with it");
            }
            if (tieWith.subList(0, i).contains(family)) {
                throw yaml.invalid(item, YamlMapping.describe(family) + " is listed twice");
            }
        }
    }

    private static CandidateFit readCandidate(YamlMapping candidates, DistributionFamily family) {
        YamlMapping yaml = candidates.mapping(family.key());
        if (yaml.keys().contains(NOT_FITTED)) {
            yaml.rejectUnknownKeys("field of a family not fitted", NOT_FITTED_FIELDS);
            return new CandidateFit.NotFitted(family, yaml.string(NOT_FITTED));
        }
        yaml.rejectUnknownKeys("field", FITTED_FIELDS);
        YamlMapping parametersYaml = yaml.mapping(PARAMETERS);
        parametersYaml.rejectUnknownKeys(family.key() + " parameter", family.parameterNames());
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (String name : family.parameterNames()) {
            parameters.put(name, parametersYaml.number(name));
        }
        double logLikelihood = yaml.number(LOG_LIKELIHOOD);
        double aic = yaml.number(AIC);
        Double aicc = yaml.nullableNumber(AICC);
        double bic = yaml.number(BIC);
        double deltaAic = yaml.number(DELTA_AIC);
        if (deltaAic < 0) {
            throw yaml.invalid(DELTA_AIC, "cannot be negative, got " + deltaAic);
        }
        double weight = yaml.probability(WEIGHT);
        double ksStatistic = yaml.probability(KS_STATISTIC);
        BootstrapPValue ks = readBootstrap(yaml);
        List<List<Double>> covariance = yaml.squareMatrix(COVARIANCE, family.parameterCount());
        return candidates.build(family.key(), () -> {
            // Only a fit a model can be rebuilt from is read: parameters in range, a covariance matrix.
            FittedDistribution.of(family.key(), parameters, covariance);
            return new CandidateFit.Fitted(family, parameters, logLikelihood, aic, aicc, bic, deltaAic, weight,
                    ksStatistic, ks, covariance);
        });
    }

    /** The p-value follows from its counts, (1 + exceedances) / (1 + replicates); all three are null without one. */
    private static BootstrapPValue readBootstrap(YamlMapping yaml) {
        Double pValue = yaml.nullableProbability(KS_P_VALUE);
        Long replicates = yaml.nullableInteger(KS_REPLICATES, 1, Integer.MAX_VALUE);
        Long exceedances = yaml.nullableInteger(KS_EXCEEDANCES, 0, replicates == null ? 0 : replicates);
        if (pValue == null && replicates == null && exceedances == null) {
            return null;
        }
        if (pValue == null || replicates == null || exceedances == null) {
            throw yaml.invalid(KS_P_VALUE, "ks_p_value, ks_replicates and ks_exceedances are all given or all null");
        }
        BootstrapPValue ks = new BootstrapPValue(exceedances, replicates);
        if (ks.value() != pValue) {
            throw yaml.invalid(KS_P_VALUE, pValue + ", but " + exceedances + " exceedances in " + replicates
                    + " replicates give " + ks.value());
        }
        return ks;
    }
}
