package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One family's outcome in a {@link DurationDistributionFit}: either {@link Fitted} or {@link NotFitted}
 * with a reason. The family itself is the key of {@link DurationDistributionFit#candidates()} in the model
 * file and is not written again inside the entry.
 */
public sealed interface CandidateFit permits CandidateFit.Fitted, CandidateFit.NotFitted {

    /** The family this entry is about (the map key, not a YAML field). */
    DistributionFamily family();

    /**
     * A maximum-likelihood fit with its selection criteria and goodness of fit.
     *
     * @param family        the candidates-map key; not written as a field
     * @param parameters    YAML {@code parameters}: the family's parameters by name in fixed order
     *                      (exponential {@code mean_ms}; gamma {@code shape}, {@code scale_ms}; lognormal
     *                      {@code mu}, {@code sigma} of ln ms; weibull {@code shape}, {@code scale_ms})
     * @param logLikelihood YAML {@code log_likelihood}: maximised censored log-likelihood, Σ ln f (per ms)
     *                      over events + Σ ln S over timeouts; with instant ends set apart
     *                      ({@link DurationDistributionFit#instantEnds()}) the hurdle model's: the family's
     *                      likelihood left-truncated at the threshold, plus the binomial likelihood of the instant
     *                      share
     * @param aic           YAML {@code aic}: 2k - 2·logLikelihood, k counting the instant share as a parameter
     * @param aicc          YAML {@code aicc}: aic + 2k(k+1)/(n-k-1) with n = all samples; null when n &lt;= k+1
     * @param bic           YAML {@code bic}: k·ln n - 2·logLikelihood
     * @param deltaAic      YAML {@code delta_aic}: aic minus the smallest aic among the fitted families
     * @param weight        YAML {@code weight}: Akaike weight exp(-Δ/2) / Σ exp(-Δ/2) over fitted families
     * @param ksStatistic   YAML {@code ks_statistic}: sup distance between the fitted cdf and the
     *                      Kaplan-Meier cdf (the empirical cdf when nothing is censored), on both sides of
     *                      each jump, on the sample the bootstrap tests
     *                      ({@link DurationDistributionFit#ksSampleSize()} runs)
     * @param ksBootstrap   YAML {@code ks_p_value}, {@code ks_replicates}, {@code ks_exceedances}: the
     *                      parametric-bootstrap p-value with refitting, on the same sample as the statistic; null
     *                      when the bootstrap was skipped (0 replicates) or no replicate could be refitted
     * @param covariance    YAML {@code covariance}: inverse observed information of the censored likelihood,
     *                      rows and columns in parameter order
     */
    record Fitted(DistributionFamily family, Map<String, Double> parameters, double logLikelihood, double aic,
                  Double aicc, double bic, double deltaAic, double weight, double ksStatistic,
                  BootstrapPValue ksBootstrap, List<List<Double>> covariance) implements CandidateFit {

        public Fitted {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(covariance, "covariance");
            Map<String, Double> ordered = new LinkedHashMap<>();
            for (String name : family.parameterNames()) {
                Double value = parameters.get(name);
                if (value == null) {
                    throw new IllegalArgumentException(family.key() + " parameters lack " + name + ": " + parameters);
                }
                ordered.put(name, value);
            }
            if (parameters.size() != ordered.size()) {
                throw new IllegalArgumentException(family.key() + " parameters must be exactly "
                        + family.parameterNames() + ", got " + parameters.keySet());
            }
            parameters = Collections.unmodifiableMap(ordered);
            List<List<Double>> rows = new ArrayList<>();
            for (List<Double> row : covariance) {
                rows.add(List.copyOf(row));
            }
            covariance = List.copyOf(rows);
        }

        /** The bootstrap p-value, or null without a bootstrap. */
        public Double ksPValue() {
            return ksBootstrap == null ? null : ksBootstrap.value();
        }

        /**
         * The fitted family alone, for its density, cdf and bands. When the tier's instant ends were set apart it
         * describes the runs that did not end instantly; the tier's whole duration model, instant ends included,
         * is {@link DurationDistributionFit#model(String)}.
         */
        public FittedDistribution distribution() {
            return FittedDistribution.of(family.key(), parameters, covariance);
        }
    }

    /**
     * A family that could not be fitted.
     *
     * @param family the candidates-map key; not written as a field
     * @param reason YAML {@code not_fitted}: why, in words (e.g. "fewer than 2 events")
     */
    record NotFitted(DistributionFamily family, String reason) implements CandidateFit {

        public NotFitted {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
