package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.DurationSummary;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.stats.MeanEstimate;
import io.github.noisecal.calibration.stats.RateClustering;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fixed, realistic model (the golden file's content), and ways to change a model's parts. */
final class TestModels {
    /** The predefined tiers, and QUICK: a budget so short that every sample times out and nothing is fitted. */
    static final List<Tier> TIERS = List.of(Tier.FAST.withLimit(Tier.LIMIT_MAX_HEARTBEATS, "200000"),
            Tier.BALANCED, Tier.SLOW, new Tier("QUICK", Duration.ofSeconds(2)));

    /** Five modules, each drawn once and run four times: 20 samples per tier. */
    private static final List<String> MODULES = List.of("Mathlib.Algebra.Group.Basic", "Mathlib.Data.Nat.Basic",
            "Mathlib.Logic.Basic", "Mathlib.Order.Basic", "Mathlib.Topology.Basic");
    private static final int REPEATS = 4;

    /** Built once: its duration fits run a bootstrap. */
    private static final CalibrationModel GOLDEN = buildGolden();

    private TestModels() {
    }

    static CalibrationModel golden() {
        return GOLDEN;
    }

    private static CalibrationModel buildGolden() {
        CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION, "0.1.0-SNAPSHOT",
                Instant.parse("2026-11-27T21:00:00Z"), "mock", "noisecal-mock 0.1.0", 42L, 20, TIERS, 4, 0.95,
                IntervalMethod.WILSON, 20, MODULES.size(),
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "3f2a9c41d07be115", REPEATS,
                TierRuns.INDEPENDENT, new EnvironmentFingerprint("GNU/Linux Debian 12",
                "Intel(R) Xeon(R) CPU @ 2.20GHz", 2, 8_340_000_000L, "17.0.15"),
                new io.github.noisecal.calibration.model.Provenance(2, 0.75, 1,
                        List.of(new io.github.noisecal.calibration.model.ShardSource("journals/shard-0.jsonl",
                                new io.github.noisecal.calibration.plan.Shard(0, 2), 40, List.of(
                                        new io.github.noisecal.calibration.model.RunSession(
                                                Instant.parse("2026-11-27T20:00:00Z"), "0.1.0-SNAPSHOT",
                                                "noisecal-mock 0.1.0", 2, 2, 0.5, null)))),
                        false, 0, false));
        return CalibrationModel.of(metadata, goldenSamples());
    }

    /** The golden model's samples, one entry per tier of {@link #TIERS}. */
    static List<TierSamples> goldenSamples() {
        return List.of(samples(TIERS.get(0), 4), samples(TIERS.get(1), 7), samples(TIERS.get(2), 19),
                samples(TIERS.get(3), 1));
    }

    /**
     * Twenty samples, slot i being module i / 4's repeat i % 4; about one in {@code timeoutEvery} times out, a few
     * fail, the rest verify, so that some modules flip.
     */
    private static TierSamples samples(Tier tier, int timeoutEvery) {
        Outcome[] outcomes = new Outcome[20];
        double[] durations = new double[20];
        int[] moduleOf = new int[20];
        for (int i = 0; i < outcomes.length; i++) {
            moduleOf[i] = i / REPEATS;
            if (i % timeoutEvery == timeoutEvery - 1) {
                outcomes[i] = Outcome.VERIFIER_TIMEOUT;
                durations[i] = tier.timeoutSeconds() * 1000 + 12.5;
            } else {
                outcomes[i] = i % 9 == 4 ? Outcome.PROOF_INVALID : i % 13 == 5 ? Outcome.BUDGET_EXHAUSTED
                        : Outcome.VERIFIED;
                durations[i] = 900 + 137.25 * i;
            }
        }
        return TierSamples.of(tier, outcomes, durations, moduleOf, MODULES, REPEATS);
    }

    /**
     * The model with {@code method} in its metadata and every estimate, keeping the bounds: the file format stores
     * bounds and does not recompute them, so this covers every method name cheaply.
     */
    static CalibrationModel withIntervalMethod(CalibrationModel model, IntervalMethod method) {
        CalibrationMetadata m = model.metadata();
        CalibrationMetadata metadata = new CalibrationMetadata(m.schemaVersion(), m.toolVersion(), m.createdAt(),
                m.backend(), m.verifierVersion(), m.seed(), m.samplesPerTier(), m.tiers(), m.workers(),
                m.confidenceLevel(), method, m.bootstrapReplicates(), m.moduleCount(), m.modulesSha256(),
                m.planId(), m.repeats(), m.tierRuns(), m.environment(), m.provenance());
        Map<String, TierCalibration> tiers = new LinkedHashMap<>();
        model.tiers().forEach((name, t) -> {
            Map<String, RateEstimate> outcomeRates = new LinkedHashMap<>();
            t.outcomeRates().forEach((code, rate) -> outcomeRates.put(code, withMethod(rate, method)));
            TierModules m2 = t.modules();
            TierModules modules = new TierModules(m2.distinct(), m2.meanRuns(), m2.minRuns(), m2.maxRuns(),
                    withMethod(m2.timeout(), method), withMethod(m2.fail(), method), withMethod(m2.success(), method));
            tiers.put(name, new TierCalibration(t.tier(), t.timeoutS(), t.nSamples(), t.outcomeCounts(),
                    withMethod(t.timeoutRate(), method), withMethod(t.failRate(), method),
                    withMethod(t.successRate(), method), outcomeRates, t.durationMs(), t.durationDistribution(),
                    t.budgetCurve(), modules, withMethod(t.repeatability(), method)));
        });
        return new CalibrationModel(metadata, tiers, model.tierComparisons(), model.invertedPairs());
    }

    private static RateClustering withMethod(RateClustering clustering, IntervalMethod method) {
        return new RateClustering(withMethod(clustering.runs(), method), clustering.icc(), clustering.designEffect(),
                clustering.effectiveSampleSize());
    }

    private static Repeatability withMethod(Repeatability r, IntervalMethod method) {
        if (r == null) {
            return null;
        }
        return new Repeatability(r.modules(), withMethod(r.flipRate(), method), withMethod(r.flakyModuleShare(), method),
                withMethod(r.outcomeFlipRate(), method), withMethod(r.outcomeFlakyModuleShare(), method),
                r.alwaysVerified(), r.alwaysTimingOut(), r.alwaysFailing(), r.mixed());
    }

    private static MeanEstimate withMethod(MeanEstimate mean, IntervalMethod method) {
        return new MeanEstimate(mean.mean(), mean.modules(), mean.confidenceLevel(), method, mean.lower(),
                mean.upper());
    }

    private static RateEstimate withMethod(RateEstimate rate, IntervalMethod method) {
        return new RateEstimate(rate.successes(), rate.trials(), rate.confidenceLevel(), method, rate.lower(),
                rate.upper());
    }

    /** The model with tier {@code replacement.tier()} replaced. */
    static CalibrationModel withTier(CalibrationModel model, TierCalibration replacement) {
        Map<String, TierCalibration> tiers = new LinkedHashMap<>(model.tiers());
        tiers.put(replacement.tier(), replacement);
        return new CalibrationModel(model.metadata(), tiers, model.tierComparisons(), model.invertedPairs());
    }

    /**
     * The golden model's tier FAST alone (a quarter of the text to write and read), with every duration statistic
     * set to {@code value}.
     */
    static CalibrationModel goldenFastWithDurations(double value) {
        TierCalibration t = golden().tier("FAST");
        TierCalibration withDurations = new TierCalibration(t.tier(), t.timeoutS(), t.nSamples(), t.outcomeCounts(),
                t.timeoutRate(), t.failRate(), t.successRate(), t.outcomeRates(),
                new DurationSummary(value, value, value, value, value, value, value, t.durationMs().timeouts()),
                t.durationDistribution(), t.budgetCurve(), t.modules(), t.repeatability());
        return new CalibrationModel(golden().metadata(), Map.of(t.tier(), withDurations), null, List.of());
    }

    /** The tier with another duration fit. */
    static TierCalibration withDurationDistribution(TierCalibration t, DurationDistributionFit fit) {
        return new TierCalibration(t.tier(), t.timeoutS(), t.nSamples(), t.outcomeCounts(), t.timeoutRate(),
                t.failRate(), t.successRate(), t.outcomeRates(), t.durationMs(), fit, t.budgetCurve(), t.modules(),
                t.repeatability());
    }

    /** The tier with another timeout rate estimate, over the population and over the runs alike. */
    static TierCalibration withTimeoutRate(TierCalibration t, RateEstimate timeoutRate) {
        TierModules m = t.modules();
        RateClustering timeout = new RateClustering(timeoutRate, m.timeout().icc(), m.timeout().designEffect(),
                m.timeout().effectiveSampleSize());
        TierModules modules = new TierModules(m.distinct(), m.meanRuns(), m.minRuns(), m.maxRuns(), timeout, m.fail(),
                m.success());
        return new TierCalibration(t.tier(), t.timeoutS(), t.nSamples(), t.outcomeCounts(), timeoutRate, t.failRate(),
                t.successRate(), t.outcomeRates(), t.durationMs(), t.durationDistribution(), t.budgetCurve(), modules,
                t.repeatability());
    }
}
