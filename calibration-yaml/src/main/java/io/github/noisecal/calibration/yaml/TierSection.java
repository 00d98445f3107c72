package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.DurationSummary;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import io.github.noisecal.telemetry.Outcome;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code calibrated_models.<TIER>}: one tier's noise model. A rate is stored as its value and interval; its count
 * is not stored twice but taken from {@code outcome_counts}, which the stored value must agree with. Every
 * {@code *_ci} is over the population of proofs the module list samples; {@code *_ci_runs} over exactly these runs.
 */
final class TierSection {
    private static final String TIMEOUT_S = "timeout_s";
    private static final String N_SAMPLES = "n_samples";
    private static final String TIMEOUT_RATE = "timeout_rate";
    private static final String TIMEOUT_RATE_CI = "timeout_rate_ci";
    private static final String FAIL_RATE = "fail_rate";
    private static final String FAIL_RATE_CI = "fail_rate_ci";
    private static final String SUCCESS_RATE = "success_rate";
    private static final String SUCCESS_RATE_CI = "success_rate_ci";
    private static final String RUNS_SUFFIX = "_runs";
    private static final String OUTCOME_COUNTS = "outcome_counts";
    private static final String OUTCOME_RATES = "outcome_rates";
    private static final String DURATION_MS = "duration_ms";
    private static final List<String> FIELDS = List.of(TIMEOUT_S, N_SAMPLES, TIMEOUT_RATE, TIMEOUT_RATE_CI,
            TIMEOUT_RATE_CI + RUNS_SUFFIX, FAIL_RATE, FAIL_RATE_CI, FAIL_RATE_CI + RUNS_SUFFIX, SUCCESS_RATE,
            SUCCESS_RATE_CI, SUCCESS_RATE_CI + RUNS_SUFFIX, OUTCOME_COUNTS, OUTCOME_RATES, ModulesSection.KEY,
            RepeatabilitySection.KEY, DURATION_MS, DurationDistributionSection.KEY, BudgetCurveSection.KEY);

    private static final String RATE = "rate";
    private static final String CI = "ci";
    private static final List<String> OUTCOME_RATE_FIELDS = List.of(RATE, CI);

    private static final String MIN = "min";
    private static final String P50 = "p50";
    private static final String P90 = "p90";
    private static final String P99 = "p99";
    private static final String MAX = "max";
    private static final String RESTRICTED_MEAN = "restricted_mean";
    private static final String RESTRICTED_TO = "restricted_to";
    private static final String TIMEOUTS = "timeouts";
    private static final List<String> DURATION_FIELDS = List.of(MIN, P50, P90, P99, MAX, RESTRICTED_MEAN,
            RESTRICTED_TO, TIMEOUTS);

    private static final List<String> OUTCOME_CODES = Arrays.stream(Outcome.values()).map(Outcome::code).toList();

    private TierSection() {
    }

    static Map<String, Object> write(TierCalibration tier) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(TIMEOUT_S, tier.timeoutS());
        yaml.put(N_SAMPLES, tier.nSamples());
        yaml.put(TIMEOUT_RATE, tier.timeoutRate().rate());
        yaml.put(TIMEOUT_RATE_CI, ci(tier.timeoutRate()));
        yaml.put(TIMEOUT_RATE_CI + RUNS_SUFFIX, ci(tier.modules().timeout().runs()));
        yaml.put(FAIL_RATE, tier.failRate().rate());
        yaml.put(FAIL_RATE_CI, ci(tier.failRate()));
        yaml.put(FAIL_RATE_CI + RUNS_SUFFIX, ci(tier.modules().fail().runs()));
        yaml.put(SUCCESS_RATE, tier.successRate().rate());
        yaml.put(SUCCESS_RATE_CI, ci(tier.successRate()));
        yaml.put(SUCCESS_RATE_CI + RUNS_SUFFIX, ci(tier.modules().success().runs()));
        yaml.put(OUTCOME_COUNTS, new LinkedHashMap<>(tier.outcomeCounts()));
        Map<String, Object> outcomeRates = new LinkedHashMap<>();
        tier.outcomeRates().forEach((code, estimate) -> {
            Map<String, Object> rate = new LinkedHashMap<>();
            rate.put(RATE, estimate.rate());
            rate.put(CI, ci(estimate));
            outcomeRates.put(code, new Flow(rate));
        });
        yaml.put(OUTCOME_RATES, outcomeRates);
        yaml.put(ModulesSection.KEY, ModulesSection.write(tier.modules()));
        yaml.put(RepeatabilitySection.KEY, RepeatabilitySection.write(tier.repeatability()));
        yaml.put(DURATION_MS, writeDurations(tier.durationMs()));
        yaml.put(DurationDistributionSection.KEY, DurationDistributionSection.write(tier.durationDistribution()));
        yaml.put(BudgetCurveSection.KEY, BudgetCurveSection.write(tier.budgetCurve()));
        return yaml;
    }

    /** Kaplan-Meier quantiles are null where they lie beyond {@code restricted_to}; see {@link DurationSummary}. */
    private static Map<String, Object> writeDurations(DurationSummary durations) {
        Map<String, Object> durationMs = new LinkedHashMap<>();
        durationMs.put(MIN, durations.min());
        durationMs.put(P50, durations.p50());
        durationMs.put(P90, durations.p90());
        durationMs.put(P99, durations.p99());
        durationMs.put(MAX, durations.max());
        durationMs.put(RESTRICTED_MEAN, durations.restrictedMean());
        durationMs.put(RESTRICTED_TO, durations.restrictedTo());
        durationMs.put(TIMEOUTS, durations.timeouts());
        return durationMs;
    }

    static Flow ci(RateEstimate estimate) {
        return new Flow(List.of(estimate.lower(), estimate.upper()));
    }

    /** Reads the tier {@code name}; its rates take the confidence level and interval method of {@code metadata}. */
    static TierCalibration read(String name, YamlMapping yaml, CalibrationMetadata metadata) {
        yaml.rejectUnknownKeys("field", FIELDS);
        double timeoutS = yaml.number(TIMEOUT_S);
        if (!(timeoutS > 0)) {
            throw yaml.invalid(TIMEOUT_S, "must be positive, got " + timeoutS);
        }
        long n = yaml.integer(N_SAMPLES, 1, Long.MAX_VALUE);
        // Counts first: every stored rate is checked against them.
        Map<Outcome, Long> counts = readOutcomeCounts(yaml, n);
        Rates rates = new Rates(n, metadata);
        long timeouts = sum(counts, Outcome::isTimeout);
        long failures = sum(counts, Outcome::isFailure);
        long successes = sum(counts, Outcome::isSuccess);
        RateEstimate timeoutRate = rates.read(yaml, TIMEOUT_RATE, TIMEOUT_RATE_CI, timeouts);
        RateEstimate timeoutRateRuns = rates.readInterval(yaml, TIMEOUT_RATE_CI + RUNS_SUFFIX, timeouts);
        RateEstimate failRate = rates.read(yaml, FAIL_RATE, FAIL_RATE_CI, failures);
        RateEstimate failRateRuns = rates.readInterval(yaml, FAIL_RATE_CI + RUNS_SUFFIX, failures);
        RateEstimate successRate = rates.read(yaml, SUCCESS_RATE, SUCCESS_RATE_CI, successes);
        RateEstimate successRateRuns = rates.readInterval(yaml, SUCCESS_RATE_CI + RUNS_SUFFIX, successes);
        YamlMapping outcomeRatesYaml = yaml.mapping(OUTCOME_RATES);
        outcomeRatesYaml.rejectUnknownKeys("outcome code", OUTCOME_CODES);
        Map<String, Long> outcomeCounts = new LinkedHashMap<>();
        Map<String, RateEstimate> outcomeRates = new LinkedHashMap<>();
        for (Map.Entry<Outcome, Long> count : counts.entrySet()) {
            String code = count.getKey().code();
            YamlMapping rate = outcomeRatesYaml.mapping(code);
            rate.rejectUnknownKeys("field", OUTCOME_RATE_FIELDS);
            outcomeCounts.put(code, count.getValue());
            outcomeRates.put(code, rates.read(rate, RATE, CI, count.getValue()));
        }
        requireWithin(yaml, TIMEOUT_RATE_CI, timeoutRate, timeoutRateRuns);
        requireWithin(yaml, FAIL_RATE_CI, failRate, failRateRuns);
        requireWithin(yaml, SUCCESS_RATE_CI, successRate, successRateRuns);
        TierModules modules = ModulesSection.read(yaml.mapping(ModulesSection.KEY), n, timeoutRateRuns, failRateRuns,
                successRateRuns);
        YamlMapping repeatabilityYaml = yaml.nullableMapping(RepeatabilitySection.KEY);
        Repeatability repeatability = repeatabilityYaml == null ? null
                : RepeatabilitySection.read(repeatabilityYaml, modules.distinct(), metadata);
        DurationSummary durationMs = readDurations(yaml.mapping(DURATION_MS), timeouts);
        DurationDistributionFit durationDistribution = DurationDistributionSection.read(
                yaml.mapping(DurationDistributionSection.KEY), n, timeouts, modules.distinct());
        BudgetCurve budgetCurve = BudgetCurveSection.read(yaml.mapping(BudgetCurveSection.KEY),
                durationDistribution);
        if (repeatability == null && modules.maxRuns() >= 2) {
            throw yaml.invalid(RepeatabilitySection.KEY, "null, but a module ran " + modules.maxRuns() + " times");
        }
        return yaml.build(ModulesSection.KEY, () -> new TierCalibration(name, timeoutS, n, outcomeCounts, timeoutRate,
                failRate, successRate, outcomeRates, durationMs, durationDistribution, budgetCurve, modules,
                repeatability));
    }

    /** The interval over the population must hold the interval over the runs: clustering never adds precision. */
    private static void requireWithin(YamlMapping yaml, String ciKey, RateEstimate population, RateEstimate runs) {
        if (!(population.lower() <= runs.lower() && runs.upper() <= population.upper())) {
            throw yaml.invalid(ciKey, "[" + population.lower() + ", " + population.upper() + "] must hold " + ciKey
                    + RUNS_SUFFIX + " [" + runs.lower() + ", " + runs.upper() + "]: runs that repeat modules are"
                    + " never more precise than independent runs");
        }
    }

    /** Every outcome code's count, in the taxonomy's order; together they must make up the tier's samples. */
    private static Map<Outcome, Long> readOutcomeCounts(YamlMapping tier, long n) {
        YamlMapping yaml = tier.mapping(OUTCOME_COUNTS);
        yaml.rejectUnknownKeys("outcome code", OUTCOME_CODES);
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        // Counted down from n so that no sum of counts can overflow.
        long uncounted = n;
        for (Outcome outcome : Outcome.values()) {
            long count = yaml.integer(outcome.code(), 0, n);
            if (count > uncounted) {
                throw tier.invalid(N_SAMPLES, n + ", but " + OUTCOME_COUNTS + " add up to more");
            }
            uncounted -= count;
            counts.put(outcome, count);
        }
        if (uncounted != 0) {
            throw tier.invalid(N_SAMPLES, n + ", but " + OUTCOME_COUNTS + " add up to " + (n - uncounted));
        }
        return counts;
    }

    private static long sum(Map<Outcome, Long> counts, Predicate<Outcome> category) {
        return counts.entrySet().stream().filter(e -> category.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private static DurationSummary readDurations(YamlMapping yaml, long timeouts) {
        yaml.rejectUnknownKeys("field", DURATION_FIELDS);
        double min = duration(yaml, MIN, yaml.number(MIN));
        Double p50 = yaml.nullableNumber(P50);
        Double p90 = yaml.nullableNumber(P90);
        Double p99 = yaml.nullableNumber(P99);
        double max = duration(yaml, MAX, yaml.number(MAX));
        double restrictedMean = duration(yaml, RESTRICTED_MEAN, yaml.number(RESTRICTED_MEAN));
        double restrictedTo = duration(yaml, RESTRICTED_TO, yaml.number(RESTRICTED_TO));
        double previous = min;
        for (String key : List.of(P50, P90, P99)) {
            Double quantile = yaml.nullableNumber(key);
            if (quantile == null) {
                previous = Double.POSITIVE_INFINITY;
            } else if (!(quantile >= previous && quantile <= max)) {
                throw yaml.invalid(key, quantile + " must lie between the quantile before it (or min) and max "
                        + max + "; null means beyond restricted_to");
            } else {
                previous = quantile;
            }
        }
        long stored = yaml.integer(TIMEOUTS, 0, Long.MAX_VALUE);
        if (stored != timeouts) {
            throw yaml.invalid(TIMEOUTS, stored + ", but outcome_counts count " + timeouts + " timeouts");
        }
        return new DurationSummary(min, p50, p90, p99, max, restrictedMean, restrictedTo, stored);
    }

    private static double duration(YamlMapping yaml, String key, double value) {
        if (value < 0) {
            throw yaml.invalid(key, "durations cannot be negative, got " + value);
        }
        return value;
    }

    /** Reads the rates of one tier: {@code trials} samples, at the metadata's confidence level and method. */
    private record Rates(long trials, CalibrationMetadata metadata) {

        /** The rate stored under {@code rateKey} and its interval under {@code ciKey}, of {@code count} events. */
        RateEstimate read(YamlMapping yaml, String rateKey, String ciKey, long count) {
            double rate = yaml.number(rateKey);
            double expected = (double) count / trials;
            if (rate != expected) {
                throw yaml.invalid(rateKey, rate + ", but " + OUTCOME_COUNTS + " give " + count + "/" + trials
                        + " = " + expected);
            }
            return readInterval(yaml, ciKey, count);
        }

        /** An interval under {@code ciKey} for the rate of {@code count} events stored elsewhere. */
        RateEstimate readInterval(YamlMapping yaml, String ciKey, long count) {
            double rate = (double) count / trials;
            Interval ci = yaml.interval(ciKey);
            if (!(ci.lower() >= 0 && ci.upper() <= 1)) {
                throw yaml.invalid(ciKey, "[" + ci.lower() + ", " + ci.upper() + "] must lie within [0, 1]");
            }
            if (!ci.contains(rate)) {
                throw yaml.invalid(ciKey, "[" + ci.lower() + ", " + ci.upper() + "] does not contain the rate " + rate);
            }
            return new RateEstimate(count, trials, metadata.confidenceLevel(), metadata.intervalMethod(),
                    ci.lower(), ci.upper());
        }
    }
}
