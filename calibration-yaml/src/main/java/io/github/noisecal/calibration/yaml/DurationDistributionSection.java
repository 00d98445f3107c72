package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calibrated_models.<TIER>.duration_distribution}: the duration families fitted to one tier's samples, its
 * timeouts censored. Every family has an entry under {@code candidates}: its fit, or {@code not_fitted} and why.
 */
final class DurationDistributionSection {
    static final String KEY = "duration_distribution";

    private static final String BEST = "best";
    private static final String TIE_WITH = "tie_with";
    private static final String N_EVENTS = "n_events";
    private static final String N_CENSORED = "n_censored";
    private static final String CENSORED_AT_MS = "censored_at_ms";
    private static final String CANDIDATES = "candidates";
    private static final List<String> FIELDS = List.of(BEST, TIE_WITH, N_EVENTS, N_CENSORED, CENSORED_AT_MS,
            CANDIDATES);

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
    private static final String COVARIANCE = "covariance";
    private static final List<String> FITTED_FIELDS = List.of(PARAMETERS, LOG_LIKELIHOOD, AIC, AICC, BIC, DELTA_AIC,
            WEIGHT, KS_STATISTIC, KS_P_VALUE, COVARIANCE);

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
        Map<String, Object> candidates = new LinkedHashMap<>();
        fit.candidates().forEach((family, candidate) -> candidates.put(family, writeCandidate(candidate)));
        yaml.put(CANDIDATES, candidates);
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
        yaml.put(KS_P_VALUE, fitted.ksPValue());
        yaml.put(COVARIANCE, new Flow(fitted.covariance()));
        return yaml;
    }

    /**
     * Reads the fit of a tier of {@code nSamples} samples, {@code timeouts} of them timeouts: the fit censors
     * exactly the timeouts, and counts every other sample as an event.
     */
    static DurationDistributionFit read(YamlMapping yaml, long nSamples, long timeouts) {
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
        return yaml.build(BEST, () -> new DurationDistributionFit(best, tieWith, nEvents, nCensored, censoredAtMs,
                candidates));
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
        Double ksPValue = yaml.nullableProbability(KS_P_VALUE);
        List<List<Double>> covariance = yaml.squareMatrix(COVARIANCE, family.parameterCount());
        return candidates.build(family.key(), () -> {
            // Only a fit a model can be rebuilt from is read: parameters in range, a covariance matrix.
            FittedDistribution.of(family.key(), parameters, covariance);
            return new CandidateFit.Fitted(family, parameters, logLikelihood, aic, aicc, bic, deltaAic, weight,
                    ksStatistic, ksPValue, covariance);
        });
    }
}
