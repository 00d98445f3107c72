package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.ScriptedBackend;
import io.github.noisecal.calibration.stats.IntervalMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.telemetry.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryRefitTest {
    @TempDir
    Path dir;

    private CalibrationModel calibrate(Path raw, long seed, List<Tier> tiers) {
        return Calibration.builder().backend(ScriptedBackend.bySeed()).tiers(tiers).samplesPerTier(200).seed(seed)
                .workers(2).bootstrapReplicates(0).environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17"))
                .journal(raw, JournalMode.NEW).run();
    }

    private static final TelemetryRefit.Options STRICT = TelemetryRefit.Options.strict(0.95, IntervalMethod.WILSON,
            0, Clock.systemUTC());

    @Test
    void refittingACalibrationsJournalGivesItsModel() {
        Path raw = dir.resolve("run.jsonl");
        CalibrationModel original = calibrate(raw, 42, Tier.PREDEFINED);
        CalibrationModel rebuilt = TelemetryRefit.fromFiles(List.of(raw), 0.95, IntervalMethod.WILSON, 0,
                Clock.systemUTC());
        assertEquals(original.tiers(), rebuilt.tiers());
        CalibrationMetadata meta = rebuilt.metadata();
        assertEquals("scripted", meta.backend(), "the journal's header names the backend");
        assertEquals("scripted 1", meta.verifierVersion());
        assertEquals(42L, meta.seed());
        assertNull(meta.workers());
        assertEquals(Tier.PREDEFINED, meta.tiers());
        assertEquals(200, meta.samplesPerTier());
        assertEquals(original.metadata().planId(), meta.planId());
        assertEquals(original.tierComparisons(), rebuilt.tierComparisons(), "the pairs are recovered from the ids");
        assertEquals(1, meta.provenance().shards().size());
        assertEquals(600, meta.provenance().shards().get(0).samples());
        assertEquals("0/1", meta.provenance().shards().get(0).shard().toString());
    }

    @Test
    void refittingRecomputesTheModuleStatisticsFromModuleNamesAlone() {
        // Modules listed out of name order: the refit numbers them by name, the plan by the list.
        List<String> modules = List.of("Z.Last", "A.First", "M.Middle", "B.Second", "Y.Penultimate");
        Path raw = dir.resolve("repeats.jsonl");
        CalibrationModel original = Calibration.builder().backend(ScriptedBackend.bySeed()).tiers(Tier.PREDEFINED)
                .samplesPerTier(60).repeats(3).modules(modules).seed(7).workers(2).bootstrapReplicates(0)
                .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17"))
                .journal(raw, JournalMode.NEW).run();
        CalibrationModel rebuilt = TelemetryRefit.fromFiles(List.of(raw), 0.95, IntervalMethod.WILSON, 0,
                Clock.systemUTC());

        TierCalibration fast = original.tier("FAST");
        assertEquals(5, fast.modules().distinct());
        assertEquals(12, fast.modules().minRuns());
        assertTrue(fast.repeatability().flipRate().mean() > 0, "the scripted outcome depends on the run's seed");
        assertEquals(original.tiers(), rebuilt.tiers(), "clustering and flips are recomputed exactly");
        assertEquals(original.invertedPairs(), rebuilt.invertedPairs());
    }

    @Test
    void telemetryOfSharedRunsClaimsNoOrdering() {
        Path raw = dir.resolve("shared.jsonl");
        CalibrationModel original = Calibration.builder().backend(ScriptedBackend.bySeed()).tiers(Tier.PREDEFINED)
                .samplesPerTier(200).tierRuns(TierRuns.SHARED).seed(5).workers(2).bootstrapReplicates(0)
                .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17"))
                .journal(raw, JournalMode.NEW).run();
        CalibrationModel rebuilt = TelemetryRefit.fromFiles(List.of(raw), 0.95, IntervalMethod.WILSON, 0,
                Clock.systemUTC());

        assertEquals(TierRuns.SHARED, rebuilt.metadata().tierRuns());
        assertEquals(original.tierComparisons(), rebuilt.tierComparisons());
        assertTrue(rebuilt.tierComparisons().degenerate());
        assertNull(rebuilt.tierComparisons().claimedOrdering());
        assertTrue(rebuilt.invertedPairs().isEmpty());
    }

    @Test
    void twoPlansAreMergedOnlyWhenMixingIsAllowed() {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        calibrate(first, 1, List.of(Tier.FAST));
        calibrate(second, 2, List.of(Tier.FAST));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(List.of(first, second), STRICT));
        assertTrue(refused.getMessage().startsWith("the raw telemetry mixes 2 plans"), refused.getMessage());
        assertTrue(refused.getMessage().contains("seed 1 vs 2"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("pass --allow-mixed to pool them anyway (recorded in the model)"),
                refused.getMessage());
        CalibrationModel both = TelemetryRefit.merge(List.of(first, second), STRICT.allowingMixed(true));
        assertEquals(400, both.tier("FAST").nSamples());
        assertTrue(both.metadata().provenance().allowMixed());
        assertNull(both.tierComparisons(), "one tier: nothing to compare");
    }

    @Test
    void shardsOfOnePlanRunOnDifferentVerifierVersionsAreMergedOnlyWhenAllowedAndTheModelSaysSo() throws Exception {
        Path first = dir.resolve("shard-0.jsonl");
        Path second = dir.resolve("shard-1.jsonl");
        for (int index = 0; index < 2; index++) {
            try (Calibration.Run run = Calibration.builder().backend(ScriptedBackend.bySeed())
                    .tiers(List.of(Tier.FAST)).samplesPerTier(200).seed(3).workers(2).bootstrapReplicates(0)
                    .shard(new io.github.noisecal.calibration.plan.Shard(index, 2))
                    .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17"))
                    .journal(index == 0 ? first : second, JournalMode.NEW).prepare()) {
                run.record();
            }
        }
        // The second machine had another build of the verifier.
        Files.writeString(second, Files.readString(second).replace("\"scripted 1\"", "\"scripted 2\""));

        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(List.of(first, second), STRICT));
        assertTrue(refused.getMessage().contains("verifier versions scripted 1, scripted 2"), refused.getMessage());
        CalibrationModel pooled = TelemetryRefit.merge(List.of(first, second), STRICT.allowingMixed(true));
        assertEquals(200, pooled.tier("FAST").nSamples(), "one plan, both shards");
        assertEquals("scripted 1, scripted 2", pooled.metadata().verifierVersion());
        assertTrue(pooled.metadata().provenance().allowMixed(), "the model records that mixing was allowed");
    }

    @Test
    void shardsStartedWithDifferentConfidenceLevelsNeedTheLevelToBeChosen() {
        Path first = dir.resolve("shard-0.jsonl");
        Path second = dir.resolve("shard-1.jsonl");
        for (int index = 0; index < 2; index++) {
            try (Calibration.Run run = Calibration.builder().backend(ScriptedBackend.bySeed())
                    .tiers(List.of(Tier.FAST)).samplesPerTier(100).seed(3).workers(1).bootstrapReplicates(0)
                    .confidenceLevel(index == 0 ? 0.95 : 0.9)
                    .shard(new io.github.noisecal.calibration.plan.Shard(index, 2))
                    .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17"))
                    .journal(index == 0 ? first : second, JournalMode.NEW).prepare()) {
                run.record();
            }
        }
        TelemetryRefit.Options asCalibrated = TelemetryRefit.Options.asCalibrated(Clock.systemUTC());
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(List.of(first, second), asCalibrated));
        assertEquals("the journals were started with different confidence levels (0.95 in " + first + "; 0.9 in "
                + second + "): pass --confidence to choose the one the model uses", refused.getMessage());
        CalibrationModel chosen = TelemetryRefit.merge(List.of(first, second),
                asCalibrated.withEstimation(0.9, null, null));
        assertEquals(0.9, chosen.metadata().confidenceLevel());
        assertEquals(100, chosen.tier("FAST").nSamples());
    }

    @Test
    void aRecordSeenTwiceIsRejectedNamingBothPlaces() {
        Path raw = dir.resolve("run.jsonl");
        calibrate(raw, 42, List.of(Tier.FAST));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TelemetryRefit.fromFiles(
                List.of(raw, raw), 0.95, IntervalMethod.WILSON, 0, Clock.systemUTC()));
        // Line 2 holds the first record written, whichever of the two workers' batches came first.
        assertTrue(e.getMessage().matches(".*run\\.jsonl line 2: sample .*-FAST-\\d+-0 is recorded twice \\(also in "
                + ".*run\\.jsonl\\)"), e.getMessage());
    }

    @Test
    void aTierWithTwoBudgetsIsRejected() throws Exception {
        Path fast = dir.resolve("fast.jsonl");
        Path longer = dir.resolve("longer.jsonl");
        calibrate(fast, 1, List.of(Tier.FAST));
        calibrate(longer, 2, List.of(Tier.FAST.withBudget(Duration.ofSeconds(45))));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TelemetryRefit.merge(
                List.of(fast, longer), STRICT.allowingMixed(true)));
        assertTrue(e.getMessage().contains("field 'timeout_s': tier FAST has budget 45.0 s here but 30.0 s in"),
                e.getMessage());
    }

    @Test
    void emptyInputIsRejected() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> TelemetryRefit.fromFiles(List.of(empty), 0.95,
                IntervalMethod.WILSON, 0, Clock.systemUTC())).getMessage().endsWith(": no records"));
        assertEquals("no raw telemetry files given", assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.fromFiles(List.of(), 0.95, IntervalMethod.WILSON, 0, Clock.systemUTC()))
                .getMessage());
    }

    @Test
    void tiersFromDifferentRunsAreComparedAsIndependentSamples() {
        Path fast = dir.resolve("fast.jsonl");
        Path slow = dir.resolve("slow.jsonl");
        calibrate(fast, 1, List.of(Tier.FAST));
        calibrate(slow, 2, List.of(Tier.SLOW));
        CalibrationModel model = TelemetryRefit.merge(List.of(slow, fast), STRICT.allowingMixed(true));
        assertEquals(List.of("FAST", "SLOW"), List.copyOf(model.tiers().keySet()), "tiers sorted by budget");
        assertEquals("fisher_mid_p", model.tierComparisons().comparisons().get(0).test().name());
    }
}
