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
 * @param nEvents      YAML {@code n_events}: samples that finished (uncensored durations), instant ends included
 * @param nCensored    YAML {@code n_censored}: wall-clock timeouts, known only to exceed their budget
 * @param censoredAtMs YAML {@code censored_at_ms}: the largest censoring time, null when nothing was censored
 * @param resolutionMs YAML {@code resolution_ms}: the step of the clock the durations were recorded with (e.g.
 *                     1000 for whole seconds), null for a continuous clock; the bootstrap records its replicates
 *                     the same way
 * @param instantEnds  YAML {@code instant_ends}: the runs that ended instantly, modelled apart from the families
 *                     (see {@link InstantEnds}); null when there were none
 * @param ksSampleSize YAML {@code ks_sample_size}: the runs the KS statistic and its p-value were computed on (a
 *                     seeded subsample for large tiers, see {@link FitOptions}); null when nothing was fitted
 * @param observed     YAML {@code observed}: the durations themselves, grouped, for answers from the data; null
 *                     only for a fit made without them
 * @param candidates   YAML {@code candidates}: every family keyed "exponential", "gamma", "lognormal",
 *                     "weibull" in that order, each fitted or not fitted with a reason
 */
public record DurationDistributionFit(String best, List<String> tieWith, int nEvents, int nCensored,
                                      Double censoredAtMs, Double resolutionMs, InstantEnds instantEnds,
                                      Integer ksSampleSize, ObservedDurations observed,
                                      Map<String, CandidateFit> candidates) {

    public DurationDistributionFit {
        tieWith = List.copyOf(Objects.requireNonNull(tieWith, "tieWith"));
        Objects.requireNonNull(candidates, "candidates");
        candidates = Collections.unmodifiableMap(new LinkedHashMap<>(candidates));
        if (best != null && !(candidates.get(best) instanceof CandidateFit.Fitted)) {
            throw new IllegalArgumentException("best family '" + best + "' is not among the fitted candidates");
        }
        if (observed != null && (observed.events() != nEvents || observed.censored() != nCensored)) {
            throw new IllegalArgumentException("the observed durations hold " + observed.events() + " finished runs and "
                    + observed.censored() + " timeouts, not " + nEvents + " and " + nCensored);
        }
        if (instantEnds != null && (instantEnds.count() > nEvents || instantEnds.samples() != nEvents + nCensored)) {
            throw new IllegalArgumentException("instant ends " + instantEnds + " do not fit " + nEvents
                    + " finished runs of " + (nEvents + nCensored));
        }
    }

    /** The best family's fit, empty when nothing was fitted. */
    public Optional<CandidateFit.Fitted> bestFit() {
        return best == null ? Optional.empty() : Optional.of((CandidateFit.Fitted) candidates.get(best));
    }

    /** The fitted candidates, in family order. */
    public List<CandidateFit.Fitted> fitted() {
        return candidates.values().stream().filter(CandidateFit.Fitted.class::isInstance)
                .map(CandidateFit.Fitted.class::cast).toList();
    }

    /**
     * The tier's whole duration model with family {@code family}: the fitted family for the runs that did not end
     * instantly, and the instant share.
     *
     * @throws IllegalArgumentException when that family was not fitted
     */
    public FittedDistribution model(String family) {
        if (!(candidates.get(family) instanceof CandidateFit.Fitted fitted)) {
            throw new IllegalArgumentException("family " + family + " was not fitted");
        }
        return FittedDistribution.of(family, fitted.parameters(), fitted.covariance(), instantEnds);
    }
}
