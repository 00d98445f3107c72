package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model's intervals are intervals for ({@code calibration_metadata.estimand} in the model file), stated in
 * the file so that its reader need not know noisecal's definitions. It follows from the interval method alone.
 *
 * @param rateOver    the population the rate is a rate of
 * @param clusteredBy the record field whose equal values mark runs that are not independent; null when every run is
 *                    taken as independent
 * @param method      how the interval is computed
 */
public record Estimand(String rateOver, String clusteredBy, String method) {
    /**
     * The headline intervals: {@code *_rate_ci}, {@code outcome_rates} and the budget answers from the runs, over the
     * population of proofs the module list samples ({@link ClusteredRate}).
     */
    public static final String RATE_CI = "rate_ci";
    /** The intervals over exactly these runs: {@code *_rate_ci_runs}. */
    public static final String RATE_CI_RUNS = "rate_ci_runs";

    public Estimand {
        Objects.requireNonNull(rateOver, "rateOver");
        Objects.requireNonNull(method, "method");
    }

    /** The estimands of a model whose intervals use {@code method}, keyed {@link #RATE_CI}, {@link #RATE_CI_RUNS}. */
    public static Map<String, Estimand> of(IntervalMethod method) {
        Objects.requireNonNull(method, "method");
        Map<String, Estimand> estimands = new LinkedHashMap<>();
        estimands.put(RATE_CI, new Estimand("the population of proofs the module list samples", "module_name",
                method.id() + " on Korn-Graubard effective counts (cluster-robust design effect by module)"));
        estimands.put(RATE_CI_RUNS, new Estimand("these runs, each taken as an independent proof", null, method.id()));
        return java.util.Collections.unmodifiableMap(estimands);
    }
}
