package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.DurationFitter;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.telemetry.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The calibrated noise model of one tier ({@code calibrated_models.<TIER>} in the model file).
 *
 * @param tier          the tier's name
 * @param timeoutS      the tier's wall-clock budget in seconds ({@code timeout_s})
 * @param nSamples      samples in the tier ({@code n_samples})
 * @param outcomeCounts samples per outcome code, every code of the taxonomy in its order ({@code outcome_counts})
 * @param timeoutRate   wall-clock timeouts ({@code timeout_rate}, {@code timeout_rate_ci})
 * @param failRate      every outcome that is neither a success nor a timeout ({@code fail_rate}, {@code fail_rate_ci})
 * @param successRate   successes ({@code success_rate}, {@code success_rate_ci})
 * @param outcomeRates  the rate of each outcome code ({@code outcome_rates})
 * @param durationMs    the duration summary, censoring-aware ({@code duration_ms})
 * @param durationDistribution the duration families fitted with timeouts right-censored at the budget
 *                      ({@code duration_distribution})
 * @param budgetCurve   the timeout rate at other budgets, observed up to this tier's budget and from the plausible
 *                      fitted families beyond ({@code budget_curve})
 */
public record TierCalibration(String tier, double timeoutS, long nSamples, Map<String, Long> outcomeCounts,
                              RateEstimate timeoutRate, RateEstimate failRate, RateEstimate successRate,
                              Map<String, RateEstimate> outcomeRates, DurationSummary durationMs,
                              DurationDistributionFit durationDistribution, BudgetCurve budgetCurve) {

    public TierCalibration {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(timeoutRate, "timeoutRate");
        Objects.requireNonNull(failRate, "failRate");
        Objects.requireNonNull(successRate, "successRate");
        Objects.requireNonNull(durationMs, "durationMs");
        Objects.requireNonNull(durationDistribution, "durationDistribution");
        Objects.requireNonNull(budgetCurve, "budgetCurve");
        outcomeCounts = Collections.unmodifiableMap(new LinkedHashMap<>(outcomeCounts));
        outcomeRates = Collections.unmodifiableMap(new LinkedHashMap<>(outcomeRates));
        long counted = outcomeCounts.values().stream().mapToLong(Long::longValue).sum();
        if (counted != nSamples) {
            throw new IllegalArgumentException("tier " + tier + ": outcome counts add up to " + counted
                    + ", not n_samples " + nSamples);
        }
    }

    /** Aggregates one tier's samples: rates with intervals, the duration summary, fits and the budget curve. */
    public static TierCalibration of(TierSamples samples, double confidenceLevel, IntervalMethod method,
                                     FitOptions fitOptions) {
        long n = samples.size();
        // Finished runs in ascending order, then timeouts in ascending order: every statistic below is
        // order-free, and each of them sorts again, which is nearly free on input that is already two sorted runs.
        double[] durations = new double[(int) n];
        boolean[] timeouts = new boolean[(int) n];
        int finished = 0;
        for (int i = 0; i < n; i++) {
            if (!samples.outcome(i).isTimeout()) {
                durations[finished++] = samples.durationMs(i);
            }
        }
        for (int i = 0, next = finished; i < n; i++) {
            if (samples.outcome(i).isTimeout()) {
                timeouts[next] = true;
                durations[next++] = samples.durationMs(i);
            }
        }
        java.util.Arrays.sort(durations, 0, finished);
        java.util.Arrays.sort(durations, finished, (int) n);
        double budgetMs = samples.tier().budget().toNanos() / 1e6;
        DurationDistributionFit fit = DurationFitter.fit(durations, timeouts, fitOptions);
        BudgetCurve curve = TimeoutBudgets.curve(new TimeoutBudgets.Evidence(samples.tier().name(),
                samples.tier().limits(), budgetMs, fit, confidenceLevel, method), TimeoutBudgets.defaultGrid(budgetMs));
        long[] counts = samples.outcomeCounts();
        long timeoutCount = 0;
        long failures = 0;
        long successes = 0;
        Map<String, Long> outcomeCounts = new LinkedHashMap<>();
        Map<String, RateEstimate> outcomeRates = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            long count = counts[outcome.ordinal()];
            outcomeCounts.put(outcome.code(), count);
            outcomeRates.put(outcome.code(), RateEstimate.of(count, n, confidenceLevel, method));
            if (outcome.isSuccess()) {
                successes += count;
            } else if (outcome.isTimeout()) {
                timeoutCount += count;
            } else {
                failures += count;
            }
        }
        return new TierCalibration(samples.tier().name(), samples.tier().timeoutSeconds(), n, outcomeCounts,
                RateEstimate.of(timeoutCount, n, confidenceLevel, method),
                RateEstimate.of(failures, n, confidenceLevel, method),
                RateEstimate.of(successes, n, confidenceLevel, method),
                outcomeRates, DurationSummary.of(durations, timeouts), fit, curve);
    }
}
