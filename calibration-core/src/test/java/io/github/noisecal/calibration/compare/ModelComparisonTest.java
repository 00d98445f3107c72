package io.github.noisecal.calibration.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.Provenance;
import io.github.noisecal.calibration.model.TelemetryRefit;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two mock calibrations compared: a deliberately changed one, an identical one, and what differs around them. */
class ModelComparisonTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final EnvironmentFingerprint MACHINE =
            new EnvironmentFingerprint("Linux 6.1", "Test CPU", 2, 1L << 34, "17.0.15");

    private static Calibration.Builder mock(Map<String, String> options, long n) {
        return Calibration.builder().backend("mock", BackendConfig.of(options)).samplesPerTier(n).seed(42)
                .workers(2).bootstrapReplicates(0).clock(FIXED).environment(() -> MACHINE);
    }

    @Test
    void aHigherTimeoutRateIsWorseAndTheRestIsNot() {
        // The origin profile's tier rates: one tier's timeout rate changes, the others' cannot.
        CalibrationModel baseline = mock(Map.of("profile", "origin"), 3000).run();
        CalibrationModel candidate = mock(Map.of("profile", "origin", "rate.FAST.verifier_timeout", "0.3"), 3000).run();
        ModelComparison comparison = ModelComparison.of(baseline, candidate,
                new ComparisonOptions(0.95, 0.02, 0.05));
        assertEquals(List.of("FAST", "BALANCED", "SLOW"), comparison.commonTiers());
        assertEquals(9, comparison.rates().size());
        RateComparison fastTimeouts = find(comparison, "FAST", ComparedRate.TIMEOUT);
        assertEquals(ComparisonVerdict.WORSE, fastTimeouts.verdict());
        assertTrue(fastTimeouts.difference().lower() > 0.05, fastTimeouts.toString());
        assertEquals(ComparisonVerdict.WORSE, find(comparison, "FAST", ComparedRate.SUCCESS).verdict(),
                "the extra timeouts come out of the successes");
        assertTrue(comparison.anyWorse());
        // The same seed gives the same latent draws: the untouched tiers are identical, never worse.
        for (String tier : List.of("BALANCED", "SLOW")) {
            for (ComparedRate rate : ComparedRate.values()) {
                assertEquals(0, find(comparison, tier, rate).difference().estimate(), 0);
                assertTrue(find(comparison, tier, rate).verdict() != ComparisonVerdict.WORSE);
            }
        }
        // The backend option is in the plan's identity, not in the metadata: only the plan ids tell, and say what.
        assertEquals(List.of("plan_id"), comparison.metadataDifferences().stream().map(MetadataDifference::field)
                .toList());
        assertTrue(comparison.warnings().stream().anyMatch(w -> w.endsWith("although every part of the plan the "
                + "models record agrees (seed, tiers with budgets and limits, samples, repeats, tier runs, modules, "
                + "backend): the backend's settings (--backend-option) differ; the models do not record them")),
                comparison.warnings().toString());
        DurationComparison fast = comparison.durations().get(0);
        assertEquals("FAST", fast.tier());
        assertTrue(fast.baseline().medianMs() > 0 && fast.candidate().medianMs() > 0);
        assertEquals(0.05, fast.baseline().budget().targetRate());
    }

    @Test
    void anIdenticalCalibrationIsTheSameEverywhere() {
        CalibrationModel model = mock(Map.of(), 10_000).run();
        ModelComparison comparison = ModelComparison.of(model, model, ComparisonOptions.defaults());
        assertTrue(comparison.allSame(), comparison.rates().toString());
        assertFalse(comparison.anyWorse());
        assertTrue(comparison.warnings().isEmpty(), comparison.warnings().toString());
    }

    @Test
    void metadataThatCouldExplainAChangeIsListed() {
        CalibrationModel baseline = mock(Map.of(), 200).run();
        CalibrationModel candidate = mock(Map.of(), 200).workers(1)
                .modules(List.of("A.B", "A.C", "A.D"))
                .environment(() -> new EnvironmentFingerprint("Linux 6.1", "Other CPU", 8, 1L << 35, "17.0.15"))
                .tiers(List.of(new Tier("FAST", java.time.Duration.ofSeconds(45), Map.of("threads", "2")),
                        Tier.BALANCED))
                .run();
        ModelComparison comparison = ModelComparison.of(baseline, candidate, ComparisonOptions.defaults());
        assertEquals(List.of("FAST", "BALANCED"), comparison.commonTiers());
        assertEquals(List.of("SLOW"), comparison.baselineOnlyTiers());
        List<String> fields = comparison.metadataDifferences().stream().map(MetadataDifference::field).toList();
        assertTrue(fields.containsAll(List.of("environment.cpu_model", "environment.logical_cores",
                "environment.total_memory_bytes", "workers", "tiers.FAST.budget_s", "tiers.FAST.limits",
                "modules.count", "modules.sha256")), fields.toString());
        assertFalse(fields.contains("tiers.BALANCED.budget_s"));
        MetadataDifference cores = comparison.metadataDifferences().stream()
                .filter(d -> d.field().equals("environment.logical_cores")).findFirst().orElseThrow();
        assertEquals("2", cores.baseline());
        assertEquals("8", cores.candidate());
        assertTrue(comparison.warnings().stream().anyMatch(w -> w.contains("different module lists")));
        assertTrue(comparison.warnings().stream().anyMatch(w -> w.contains("tier FAST ran at 30.0 s in the "
                + "baseline and 45.0 s")), comparison.warnings().toString());
    }

    @Test
    void sharedTierRunsAndAnotherIntervalMethodAreCalledOutAsChangingWhatTheIntervalsMean() {
        CalibrationModel baseline = mock(Map.of(), 200).run();
        CalibrationModel candidate = mock(Map.of(), 200).tierRuns(TierRuns.SHARED)
                .intervalMethod(IntervalMethod.CLOPPER_PEARSON).run();
        ModelComparison comparison = ModelComparison.of(baseline, candidate, ComparisonOptions.defaults());
        assertEquals(List.of(
                        new MetadataDifference("interval_method", "wilson", "clopper_pearson", MetadataAspect.INTERVALS,
                                ModelComparison.INTERVAL_METHOD_MEANING),
                        new MetadataDifference("tier_runs", "independent", "shared", MetadataAspect.INTERVALS,
                                ModelComparison.TIER_RUNS_MEANING)),
                comparison.intervalMeaningDifferences());
        assertTrue(comparison.metadataDifferences().stream().anyMatch(d -> d.field().equals("plan_id")
                && d.aspect() == MetadataAspect.PLAN), "tier runs are part of the plan");
        Map<MetadataAspect, List<String>> unchanged = comparison.unchangedMetadata();
        assertEquals(List.of("confidence_level", "repeats"), unchanged.get(MetadataAspect.INTERVALS));
        assertFalse(unchanged.get(MetadataAspect.PLAN).contains("plan_id"));
        assertTrue(unchanged.get(MetadataAspect.PLAN).containsAll(List.of("seed", "tiers.*.budget_s",
                "tiers.*.limits", "samples_per_tier", "modules.sha256")), unchanged.toString());
        assertFalse(comparison.warnings().stream().anyMatch(w -> w.contains("--backend-option")),
                "tier_runs explains the plan ids");
    }

    @Test
    void repeatsAndTheConfidenceLevelChangeWhatTheIntervalsMean() {
        CalibrationModel baseline = mock(Map.of(), 200).run();
        CalibrationModel candidate = mock(Map.of(), 200).repeats(2).confidenceLevel(0.9).bootstrapReplicates(9).run();
        ModelComparison comparison = ModelComparison.of(baseline, candidate, ComparisonOptions.defaults());
        assertEquals(List.of("confidence_level: 0.95 -> 0.9", "repeats: 1 -> 2"),
                comparison.intervalMeaningDifferences().stream()
                        .map(d -> d.field() + ": " + d.baseline() + " -> " + d.candidate()).toList());
        MetadataDifference replicates = comparison.metadataDifferences().stream()
                .filter(d -> d.field().equals("bootstrap_replicates")).findFirst().orElseThrow();
        assertEquals(MetadataAspect.FIT, replicates.aspect());
        assertFalse(replicates.changesIntervalMeaning());
    }

    @Test
    void theLoadAverageIsShownForContextWhileCoresAndRetriesAreCompared() {
        CalibrationModel model = mock(Map.of(), 100).run();
        CalibrationModel quiet = model.withMetadata(model.metadata().withProvenance(Provenance.ofProcess(2, 0.5, 0)));
        CalibrationModel busy = model.withMetadata(model.metadata().withProvenance(Provenance.ofProcess(8, 3.25, 4)));
        ModelComparison comparison = ModelComparison.of(quiet, busy, ComparisonOptions.defaults());
        assertEquals(List.of("available_cores: 2 -> 8", "harness_retries: 0 -> 4"),
                comparison.metadataDifferences().stream()
                        .map(d -> d.field() + ": " + d.baseline() + " -> " + d.candidate()).toList());
        assertTrue(comparison.metadataDifferences().stream().allMatch(d -> d.aspect() == MetadataAspect.CONDITIONS));
        assertEquals(List.of(new MetadataDifference("load_average", "0.5", "3.25", MetadataAspect.CONTEXT,
                        "the one-minute load average when each calibration started: a snapshot of a shared machine")),
                comparison.metadataContext());
        assertFalse(comparison.unchangedMetadata().containsKey(MetadataAspect.CONTEXT));

        ModelComparison same = ModelComparison.of(quiet, quiet.withMetadata(quiet.metadata().withProvenance(
                Provenance.ofProcess(2, 1.75, 0))), ComparisonOptions.defaults());
        assertTrue(same.metadataDifferences().isEmpty(), "the load alone is no difference");
        assertEquals(1, same.metadataContext().size());
    }

    @Test
    void aMergedModelIsComparedByTheMachinesAndWorkersItsJournalsRecorded(@TempDir Path dir) {
        CalibrationModel whole = mock(Map.of(), 100).run();
        List<Path> journals = List.of(dir.resolve("shard-0.jsonl"), dir.resolve("shard-1.jsonl"));
        for (int i = 0; i < 2; i++) {
            try (Calibration.Run run = mock(Map.of(), 100).shard(new Shard(i, 2))
                    .journal(journals.get(i), JournalMode.NEW).prepare()) {
                run.record();
            }
        }
        CalibrationModel merged = TelemetryRefit.merge(journals, TelemetryRefit.Options.asCalibrated(FIXED));
        assertEquals(null, merged.metadata().environment(), "a merged model keeps its machines per session");
        ModelComparison comparison = ModelComparison.of(whole, merged, ComparisonOptions.defaults());
        assertEquals(List.of(), comparison.metadataDifferences().stream()
                .filter(d -> d.aspect() == MetadataAspect.MACHINE || d.aspect() == MetadataAspect.CONDITIONS)
                .toList(), "the same machine and workers, recorded by the shards' sessions");

        CalibrationModel elsewhere = mock(Map.of(), 100).workers(1)
                .environment(() -> new EnvironmentFingerprint("Linux 6.1", "Other CPU", 2, 1L << 34, "17.0.15")).run();
        List<String> fields = ModelComparison.of(elsewhere, merged, ComparisonOptions.defaults())
                .metadataDifferences().stream().map(d -> d.field() + ": " + d.baseline() + " -> " + d.candidate())
                .toList();
        assertTrue(fields.containsAll(List.of("environment.cpu_model: Other CPU -> Test CPU", "workers: 1 -> 2")),
                fields.toString());
    }

    @Test
    void modelsWithoutACommonTierCannotBeCompared() {
        CalibrationModel fast = mock(Map.of(), 50).tiers(List.of(Tier.FAST)).run();
        CalibrationModel slow = mock(Map.of(), 50).tiers(List.of(Tier.SLOW)).run();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelComparison.of(fast, slow, ComparisonOptions.defaults()));
        assertEquals("the baseline and the candidate have no tier in common (baseline: FAST; candidate: SLOW): "
                + "calibrate the same tiers to compare them", e.getMessage());
    }

    private static RateComparison find(ModelComparison comparison, String tier, ComparedRate rate) {
        return comparison.rates().stream().filter(r -> r.tier().equals(tier) && r.rate() == rate).findFirst()
                .orElseThrow();
    }
}
