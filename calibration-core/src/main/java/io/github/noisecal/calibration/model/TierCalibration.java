package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.ModuleGroups;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.DurationFitter;
import io.github.noisecal.calibration.fit.DurationSort;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.fit.ObservedDurations;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.fit.Workers;
import io.github.noisecal.telemetry.Outcome;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The calibrated noise model of one tier ({@code calibrated_models.<TIER>} in the model file).
 *
 * <p>Every interval is over the population of proofs the module list samples, accounting for runs that repeat a
 * module (see {@link ClusteredRate}); the intervals over exactly these runs are in {@link #modules()}. When every
 * module ran once the two are the same.
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
 * @param modules       the modules behind the runs, the intervals over these runs and the design effects
 *                      ({@code modules}, {@code *_rate_ci_runs})
 * @param repeatability verdict flips among the modules that ran at least twice ({@code repeatability}); null when
 *                      none did
 */
public record TierCalibration(String tier, double timeoutS, long nSamples, Map<String, Long> outcomeCounts,
                              RateEstimate timeoutRate, RateEstimate failRate, RateEstimate successRate,
                              Map<String, RateEstimate> outcomeRates, DurationSummary durationMs,
                              DurationDistributionFit durationDistribution, BudgetCurve budgetCurve,
                              TierModules modules, Repeatability repeatability) {

    public TierCalibration {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(timeoutRate, "timeoutRate");
        Objects.requireNonNull(failRate, "failRate");
        Objects.requireNonNull(successRate, "successRate");
        Objects.requireNonNull(durationMs, "durationMs");
        Objects.requireNonNull(durationDistribution, "durationDistribution");
        Objects.requireNonNull(budgetCurve, "budgetCurve");
        Objects.requireNonNull(modules, "modules");
        outcomeCounts = Collections.unmodifiableMap(new LinkedHashMap<>(outcomeCounts));
        outcomeRates = Collections.unmodifiableMap(new LinkedHashMap<>(outcomeRates));
        long counted = outcomeCounts.values().stream().mapToLong(Long::longValue).sum();
        if (counted != nSamples) {
            throw new IllegalArgumentException("tier " + tier + ": outcome counts add up to " + counted
                    + ", not n_samples " + nSamples);
        }
        boolean singletons = modules.distinct() == nSamples;
        requireConsistent(tier, "timeout", timeoutRate, modules.timeout().runs(), nSamples, singletons);
        requireConsistent(tier, "fail", failRate, modules.fail().runs(), nSamples, singletons);
        requireConsistent(tier, "success", successRate, modules.success().runs(), nSamples, singletons);
        ObservedDurations.ByModule byModule = durationDistribution.observed() == null ? null
                : durationDistribution.observed().byModule();
        if (byModule != null && byModule.modules() != modules.distinct()) {
            throw new IllegalArgumentException("tier " + tier + ": the observed durations come from "
                    + byModule.modules() + " modules, not the tier's " + modules.distinct());
        }
        if ((repeatability != null) != (modules.maxRuns() >= 2)) {
            throw new IllegalArgumentException("tier " + tier + ": repeatability must be given exactly when a module"
                    + " ran twice or more (the most runs of a module: " + modules.maxRuns() + ")");
        }
        if (repeatability != null && (repeatability.modules() > modules.distinct()
                || (modules.minRuns() >= 2 && repeatability.modules() != modules.distinct()))) {
            throw new IllegalArgumentException("tier " + tier + ": " + repeatability.modules() + " modules ran twice"
                    + " or more, which does not fit " + modules.distinct() + " modules of " + modules.minRuns()
                    + " to " + modules.maxRuns() + " runs");
        }
    }

    /**
     * The interval over the population and the one over the runs count the same events, the first holds the second
     * (runs that repeat modules are never more precise than independent runs), and they are one when every module
     * ran once.
     */
    private static void requireConsistent(String tier, String name, RateEstimate population, RateEstimate runs,
                                          long nSamples, boolean singletons) {
        if (population.trials() != nSamples || runs.trials() != nSamples
                || population.successes() != runs.successes()) {
            throw new IllegalArgumentException("tier " + tier + ": the " + name + " rate over the population ("
                    + population.successes() + "/" + population.trials() + ") and over the runs ("
                    + runs.successes() + "/" + runs.trials() + ") must count the same " + nSamples + " samples");
        }
        if (!(population.lower() <= runs.lower() && runs.upper() <= population.upper())
                || (singletons && !population.equals(runs))) {
            throw new IllegalArgumentException("tier " + tier + ": the " + name + " rate's interval over the"
                    + " population [" + population.lower() + ", " + population.upper() + "] must hold the one over"
                    + " the runs [" + runs.lower() + ", " + runs.upper() + "], and equal it when every module ran once");
        }
    }

    /** Aggregates one tier's samples: rates with intervals, the duration summary, fits and the budget curve. */
    public static TierCalibration of(TierSamples samples, double confidenceLevel, IntervalMethod method,
                                     FitOptions fitOptions) {
        return Workers.onEveryCore(executor -> of(samples, confidenceLevel, method, fitOptions, executor));
    }

    /**
     * As {@link #of(TierSamples, double, IntervalMethod, FitOptions)}: the work on the samples runs in the calling
     * thread, the goodness-of-fit bootstraps as tasks on {@code executor} (see {@link DurationFitter}).
     */
    public static CompletableFuture<TierCalibration> of(TierSamples samples, double confidenceLevel,
                                                        IntervalMethod method, FitOptions fitOptions,
                                                        Executor executor) {
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
        DurationSort.sort(durations, 0, finished);
        DurationSort.sort(durations, finished, (int) n);
        double budgetMs = samples.tier().budget().toNanos() / 1e6;
        // The observations keep each run's module, so that answers from them are clustered as the rates below are:
        // grouped from the sorted durations, their modules from the slots.
        ObservedDurations observed = ObservedDurations.of(durations, timeouts).withModulesOf(samples.durationsMs(),
                samples.timeouts(), samples.moduleIndexes(), samples.modules().size());
        CompletableFuture<DurationDistributionFit> fitting = DurationFitter.fit(durations, timeouts, observed,
                fitOptions, executor);
        // While the bootstraps run: everything that does not need the fit.
        long[] counts = samples.outcomeCounts();
        ModuleGroups groups = samples.byModule();
        Map<String, Long> outcomeCounts = new LinkedHashMap<>();
        Map<String, RateEstimate> outcomeRates = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            outcomeCounts.put(outcome.code(), counts[outcome.ordinal()]);
            outcomeRates.put(outcome.code(),
                    ClusteredRate.of(groups, outcome::equals, confidenceLevel, method).population());
        }
        ClusteredRate timeoutRate = ClusteredRate.of(groups, Outcome::isTimeout, confidenceLevel, method);
        ClusteredRate failRate = ClusteredRate.of(groups, Outcome::isFailure, confidenceLevel, method);
        ClusteredRate successRate = ClusteredRate.of(groups, Outcome::isSuccess, confidenceLevel, method);
        TierModules modules = new TierModules(groups.modules(), groups.meanRuns(), groups.minRuns(),
                groups.maxRuns(), timeoutRate.clustering(), failRate.clustering(), successRate.clustering());
        DurationSummary summary = DurationSummary.of(durations, timeouts);
        Repeatability repeatability = Repeatability.of(groups, confidenceLevel, method);
        return fitting.thenApply(fit -> {
            BudgetCurve curve = TimeoutBudgets.curve(new TimeoutBudgets.Evidence(samples.tier().name(),
                    samples.tier().limits(), budgetMs, fit, confidenceLevel, method),
                    TimeoutBudgets.defaultGrid(budgetMs));
            return new TierCalibration(samples.tier().name(), samples.tier().timeoutSeconds(), n, outcomeCounts,
                    timeoutRate.population(), failRate.population(), successRate.population(), outcomeRates,
                    summary, fit, curve, modules, repeatability);
        });
    }
}
