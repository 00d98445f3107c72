package io.github.noisecal.calibration.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The duration families fitted to one tier's samples, with model selection by AIC.
 *
 * @param best         YAML {@code best}: key of the family with the lowest AIC, or null when none was fitted
 * @param tieWith      YAML {@code tie_with}: keys of the other fitted families with ΔAIC &lt; 2 (not
 *                     distinguishable from the best), in family order
 * @param nEvents      YAML {@code n_events}: samples that finished (uncensored durations)
 * @param nCensored    YAML {@code n_censored}: wall-clock timeouts, known only to exceed their budget
 * @param censoredAtMs YAML {@code censored_at_ms}: the largest censoring time, null when nothing was censored
 * @param candidates   YAML {@code candidates}: every family keyed "exponential", "gamma", "lognormal",
 *                     "weibull" in that order, each fitted or not fitted with a reason
 */
public record DurationDistributionFit(String best, List<String> tieWith, int nEvents, int nCensored,
                                      Double censoredAtMs, Map<String, CandidateFit> candidates) {

    public DurationDistributionFit {
        tieWith = List.copyOf(Objects.requireNonNull(tieWith, "tieWith"));
        Objects.requireNonNull(candidates, "candidates");
        candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
        if (best != null && !(candidates.get(best) instanceof CandidateFit.Fitted)) {
            throw new IllegalArgumentException("best family '" + best + "' is not among the fitted candidates");
        }
    }

    /** The best family's fit, empty when nothing was fitted. */
    public Optional<CandidateFit.Fitted> bestFit() {
        return best == null ? Optional.empty() : Optional.of((CandidateFit.Fitted) candidates.get(best));
    }
}
