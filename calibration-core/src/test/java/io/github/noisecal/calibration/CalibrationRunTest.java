package io.github.noisecal.calibration;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.InMemoryTelemetrySink;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.calibration.stats.Degeneracy;
import io.github.noisecal.calibration.stats.InvertedPairs;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.stats.TierPairComparison;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationRunTest {
    private static final EnvironmentFingerprint MACHINE =
            new EnvironmentFingerprint("Linux 6", "Test CPU", 2, 1L << 34, "17");
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static Calibration.Builder calibration(ScriptedBackend backend) {
        return Calibration.builder().backend(backend).samplesPerTier(500).seed(42).clock(FIXED).bootstrapReplicates(20)
                .environment(() -> MACHINE);
    }

    @Test
    void theModelDoesNotDependOnTheNumberOfWorkers() {
        CalibrationModel one = calibration(ScriptedBackend.bySeed()).workers(1).run();
        CalibrationModel four = calibration(ScriptedBackend.bySeed()).workers(4).run();
        assertEquals(one.tiers(), four.tiers());
        assertEquals(Integer.valueOf(4), four.metadata().workers());
    }

    @Test
    void everyPlannedSampleRunsExactlyOnceAndTiersArePaired() {
        ScriptedBackend backend = ScriptedBackend.bySeed();
        InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
        calibration(backend).workers(3).sink(sink).run();
        List<VerificationTelemetry> records = sink.records();
        assertEquals(1500, records.size());
        assertEquals(1500, backend.seenIds.size());
        // Draw i of each tier checks the same module, and the id says plan, tier, draw and repeat.
        var moduleByIndex = new java.util.HashMap<Long, String>();
        for (VerificationTelemetry r : records) {
            assertEquals(r.planId() + "-" + r.tier() + "-" + r.sampleIndex() + "-" + r.repeat(), r.verificationId());
            assertEquals(0, r.repeat());
            String previous = moduleByIndex.putIfAbsent(r.sampleIndex(), r.moduleName());
            if (previous != null) assertEquals(previous, r.moduleName(), "sample " + r.sampleIndex());
        }
        assertEquals(500, moduleByIndex.size());
    }

    @Test
    void theSamePlanGivesTheSameIdsAndRecordsOnEveryRun() {
        InMemoryTelemetrySink first = new InMemoryTelemetrySink();
        InMemoryTelemetrySink second = new InMemoryTelemetrySink();
        calibration(ScriptedBackend.bySeed()).repeats(4).workers(1).sink(first).run();
        calibration(ScriptedBackend.bySeed()).repeats(4).workers(3).sink(second).run();
        java.util.Comparator<VerificationTelemetry> byId = java.util.Comparator.comparing(VerificationTelemetry::verificationId);
        List<VerificationTelemetry> a = new ArrayList<>(first.records());
        List<VerificationTelemetry> b = new ArrayList<>(second.records());
        a.sort(byId);
        b.sort(byId);
        assertEquals(a, b, "same plan, same records (the backend's clock is fixed), whatever the workers");
        InMemoryTelemetrySink otherSeed = new InMemoryTelemetrySink();
        calibration(ScriptedBackend.bySeed()).repeats(4).seed(43).sink(otherSeed).run();
        assertFalse(otherSeed.records().get(0).verificationId().startsWith(a.get(0).planId()),
                "another plan, other ids");
    }

    @Test
    void eachDrawRunsItsRepeatsOnTheSameModuleWithDistinctSeeds() {
        ScriptedBackend backend = ScriptedBackend.bySeed();
        InMemoryTelemetrySink sink = new InMemoryTelemetrySink();
        CalibrationModel model = calibration(backend).samplesPerTier(60).repeats(3).workers(2).sink(sink).run();
        assertEquals(180, backend.seenIds.size());
        var byDraw = new java.util.HashMap<Long, List<VerificationTelemetry>>();
        sink.records().stream().filter(r -> r.tier().equals("FAST"))
                .forEach(r -> byDraw.computeIfAbsent(r.sampleIndex(), d -> new ArrayList<>()).add(r));
        assertEquals(20, byDraw.size());
        byDraw.values().forEach(runs -> {
            assertEquals(java.util.Set.of(0, 1, 2), runs.stream().map(VerificationTelemetry::repeat)
                    .collect(java.util.stream.Collectors.toSet()));
            assertEquals(1, runs.stream().map(VerificationTelemetry::moduleName).distinct().count());
        });
        assertEquals(60, model.tier("FAST").nSamples());
        assertEquals(3, model.metadata().repeats());
    }

    @Test
    void sharedRunsGiveEveryTierTheRecordsOfIndependentRunsOfADeterministicVerifier() {
        // Run time depends on the module alone: a deterministic verifier, as Lean is on a quiet machine.
        java.util.function.ToDoubleFunction<String> secondsOf = module -> 5 + Math.floorMod(module.hashCode(), 150);
        java.util.function.Function<io.github.noisecal.telemetry.VerificationRequest, Outcome> byModule = request -> {
            double seconds = secondsOf.applyAsDouble(request.moduleName());
            if (seconds > request.tier().budget().toSeconds()) return Outcome.VERIFIER_TIMEOUT;
            return Math.floorMod(request.moduleName().hashCode(), 7) == 0 ? Outcome.PROOF_INVALID : Outcome.VERIFIED;
        };
        class ByModule extends ScriptedBackend {
            ByModule() {
                super(byModule);
            }

            @Override
            public VerificationTelemetry verify(io.github.noisecal.telemetry.VerificationRequest request) {
                VerificationTelemetry t = super.verify(request);
                double ms = t.outcome().isTimeout() ? request.tier().budget().toMillis()
                        : secondsOf.applyAsDouble(request.moduleName()) * 1000;
                return t.toBuilder().durationMs(ms).build();
            }
        }
        ByModule independentBackend = new ByModule();
        ByModule sharedBackend = new ByModule();
        InMemoryTelemetrySink sharedRecords = new InMemoryTelemetrySink();
        CalibrationModel independent = calibration(independentBackend).samplesPerTier(200).repeats(2).run();
        CalibrationModel shared = calibration(sharedBackend).samplesPerTier(200).repeats(2).tierRuns(TierRuns.SHARED)
                .sink(sharedRecords).run();
        assertEquals(600, independentBackend.seenIds.size());
        assertEquals(200, sharedBackend.seenIds.size(), "one run per draw and repeat, at the largest budget");
        assertTrue(sharedBackend.seenIds.stream().allMatch(id -> id.contains("-SLOW-")), "runs get SLOW's budget");
        assertEquals(independent.tiers(), shared.tiers(), "every tier's samples, fits and curves are the same");
        assertEquals(TierRuns.SHARED, shared.metadata().tierRuns());
        // Shared runs nest the timeouts by construction: the comparisons cannot test an ordering, and say so.
        assertTrue(shared.tierComparisons().comparisons().stream()
                .allMatch(c -> c.degeneracy() == Degeneracy.SHARED_RUNS));
        assertNull(shared.tierComparisons().claimedOrdering());
        assertTrue(shared.invertedPairs().isEmpty(), "tiers that share runs cannot have inverted pairs");
        assertTrue(independent.tierComparisons().comparisons().stream().noneMatch(TierPairComparison::isDegenerate));
        // A deterministic verifier never times out at a larger budget where it finished at a smaller one.
        assertEquals(List.of(0L, 0L), independent.invertedPairs().stream().map(InvertedPairs::inverted).toList());
        assertEquals(600, sharedRecords.records().size());
        for (VerificationTelemetry r : sharedRecords.records()) {
            boolean derived = r.metadata().containsKey(io.github.noisecal.calibration.run.SharedRuns.DERIVED_FROM);
            assertEquals(!r.tier().equals("SLOW"), derived, r.toString());
        }
    }

    @Test
    void ratesMatchTheScriptedOutcomes() {
        CalibrationModel model = calibration(ScriptedBackend.bySeed()).workers(2).run();
        TierCalibration fast = model.tier("FAST");
        assertEquals(500, fast.nSamples());
        long timeouts = fast.outcomeCounts().get("verifier_timeout");
        assertEquals(timeouts, fast.timeoutRate().successes());
        assertEquals(fast.outcomeCounts().get("proof_invalid"), fast.failRate().successes());
        assertEquals(fast.outcomeCounts().get("verified"), fast.successRate().successes());
        assertEquals(1.0, fast.timeoutRate().rate() + fast.failRate().rate() + fast.successRate().rate(), 1e-12);
        assertEquals(30_000, fast.durationMs().max());
        // About a fifth of uniformly mixed seeds fall under FAST's share.
        assertTrue(timeouts > 60 && timeouts < 140, "timeouts " + timeouts);
    }

    @Test
    void metadataDescribesTheRun() {
        CalibrationModel model = calibration(ScriptedBackend.bySeed()).workers(2)
                .modules(List.of("A.B", "C.D", "E.F")).confidenceLevel(0.9).repeats(5).run();
        CalibrationMetadata meta = model.metadata();
        assertEquals("scripted", meta.backend());
        assertEquals("scripted 1", meta.verifierVersion());
        assertEquals(42L, meta.seed());
        assertEquals(500, meta.samplesPerTier());
        assertEquals(Tier.PREDEFINED, meta.tiers());
        assertEquals(0.9, meta.confidenceLevel());
        assertEquals(3, meta.moduleCount());
        assertEquals(5, meta.repeats());
        assertEquals(TierRuns.INDEPENDENT, meta.tierRuns());
        assertEquals(calibration(ScriptedBackend.bySeed()).modules(List.of("A.B", "C.D", "E.F")).repeats(5).plan()
                .planId(), meta.planId());
        assertEquals(FIXED.instant(), meta.createdAt());
        assertSame(MACHINE, meta.environment());
        assertEquals(NoisecalVersion.get(), meta.toolVersion());
        assertFalse(meta.toolVersion().contains("${"), "the version resource is filtered");
    }

    @Test
    void preflightSeesEachDistinctModuleBeforeAnyRun() {
        ScriptedBackend backend = ScriptedBackend.bySeed();
        calibration(backend).modules(List.of("A.B", "C.D", "E.F")).samplesPerTier(2).run();
        assertEquals(java.util.Set.of("A.B", "C.D", "E.F"), backend.preflightModules,
                "every module of the list, also those the first draws do not reach");
    }

    @Test
    void anEnvironmentErrorStopsTheRunAndKeepsTheJournal() throws Exception {
        AtomicLong calls = new AtomicLong();
        ScriptedBackend broken = new ScriptedBackend(request -> {
            if (calls.incrementAndGet() >= 50) {
                throw VerifierHarnessException.environment("object file for Mathlib.Foo does not exist: run lake build");
            }
            return Outcome.VERIFIED;
        });
        Path raw = dir.resolve("raw.jsonl");
        VerifierHarnessException e = assertThrows(VerifierHarnessException.class,
                () -> calibration(broken).workers(4).journal(raw, JournalMode.NEW).run());
        assertTrue(e.getMessage().contains("lake build"));
        List<VerificationTelemetry> kept = new ArrayList<>();
        JournalReader.read(raw, (record, line, offset) -> kept.add(record), w -> { });
        assertTrue(kept.size() >= 40 && kept.size() < 50, "the runs before the error are kept: " + kept.size());
        assertTrue(calls.get() < 60, "the run stopped at once, after " + calls.get() + " calls");
    }

    @Test
    void aRejectedModuleListLeavesNoJournal() throws Exception {
        ScriptedBackend picky = new ScriptedBackend(request -> Outcome.VERIFIED) {
            @Override
            public void preflight(java.util.Collection<String> moduleNames) {
                throw new io.github.noisecal.telemetry.VerifierConfigurationException("module A.B: file A/B.lean does not exist");
            }
        };
        Path raw = dir.resolve("raw.jsonl");
        assertThrows(io.github.noisecal.telemetry.VerifierConfigurationException.class,
                () -> calibration(picky).journal(raw, JournalMode.NEW).run());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "nothing is created before the first record");
        }
    }

    @Test
    void aSettingTheVerifierRejectsMidRunStaysAConfigurationError() {
        ScriptedBackend rejecting = new ScriptedBackend(request -> {
            throw new io.github.noisecal.telemetry.VerifierConfigurationException(
                    "backend setting 'lean_option': Lean rejected -DautoImplicit=maybe");
        });
        var e = assertThrows(io.github.noisecal.telemetry.VerifierConfigurationException.class,
                () -> calibration(rejecting).run());
        assertTrue(e.getMessage().contains("autoImplicit=maybe"), e.getMessage());
    }

    @Test
    void anUnexpectedBackendExceptionNamesTheSample() {
        ScriptedBackend broken = new ScriptedBackend(request -> {
            throw new IllegalStateException("boom");
        });
        CalibrationException e = assertThrows(CalibrationException.class, () -> calibration(broken).run());
        assertTrue(e.getMessage().matches("sample [0-9a-f]+-(FAST|BALANCED|SLOW)-0-0 \\(module .*\\) failed: .*boom"),
                e.getMessage());
    }

    @Test
    void aRecordForAnotherRequestIsDetected() {
        ScriptedBackend liar = new ScriptedBackend(request -> Outcome.VERIFIED) {
            @Override
            public VerificationTelemetry verify(io.github.noisecal.telemetry.VerificationRequest request) {
                return super.verify(new io.github.noisecal.telemetry.VerificationRequest("other", request.moduleName(),
                        request.tier(), request.seed(), request.context()));
            }
        };
        CalibrationException e = assertThrows(CalibrationException.class, () -> calibration(liar).run());
        assertTrue(e.getMessage().contains("with a record for other"), e.getMessage());
    }

    @Test
    void rawTelemetryRoundTripsThroughJsonLines() {
        Path raw = dir.resolve("out/raw.jsonl");
        InMemoryTelemetrySink memory = new InMemoryTelemetrySink();
        calibration(ScriptedBackend.bySeed()).samplesPerTier(50).workers(2).sink(memory)
                .journal(raw, JournalMode.NEW).run();
        List<VerificationTelemetry> read = new ArrayList<>();
        assertEquals(150, JournalReader.read(raw, (record, line, offset) -> read.add(record), w -> { }).records());
        assertEquals(new java.util.HashSet<>(memory.records()), new java.util.HashSet<>(read));
    }

    @Test
    void progressEndsWithAFinalCallReportingEverySample() {
        List<long[]> calls = new ArrayList<>();
        calibration(ScriptedBackend.bySeed()).samplesPerTier(20)
                .progress((done, total, nanos, finished) -> {
                    synchronized (calls) {
                        calls.add(new long[] {done, total, finished ? 1 : 0});
                    }
                }, Duration.ofMillis(1)).run();
        long[] last = calls.get(calls.size() - 1);
        assertEquals(60, last[0]);
        assertEquals(60, last[1]);
        assertEquals(1, last[2]);
    }

    @Test
    void pairedTiersAreComparedWithMcNemarInBudgetOrder() {
        CalibrationModel model = calibration(ScriptedBackend.bySeed())
                .tiers(List.of(Tier.SLOW, Tier.FAST, Tier.BALANCED)).run();
        var claim = model.tierComparisons();
        assertEquals("FAST > BALANCED > SLOW", claim.testedOrdering());
        assertEquals(0.05, claim.alpha(), "alpha is 1 - confidence in decimal, exactly 0.05");
        assertEquals(List.of("mcnemar_mid_p", "mcnemar_mid_p"),
                claim.comparisons().stream().map(c -> c.test().name()).toList());
        // The scripted backend times out on seeds below 20 % in FAST and 10 % in the others: FAST > BALANCED is
        // clear, BALANCED and SLOW share one rule, so the full ordering is not claimed.
        assertTrue(claim.comparisons().get(0).test().pValueOneSided() < 1e-6);
        assertEquals(1.0, claim.comparisons().get(1).test().pValueOneSided(), 1e-12);
        assertEquals(null, claim.claimedOrdering());
        assertEquals(null, calibration(ScriptedBackend.bySeed()).tiers(List.of(Tier.FAST)).run().tierComparisons());
    }

    /**
     * A verifier that flips: modules whose name ends in an even digit verify on even repeats and time out on odd
     * ones in FAST, and always verify at larger budgets; the others always verify.
     */
    private static ScriptedBackend flipping() {
        return new ScriptedBackend(request -> {
            boolean flaky = (request.moduleName().charAt(request.moduleName().length() - 1) - '0') % 2 == 0;
            boolean fast = request.tier().budget().toSeconds() <= 30;
            return flaky && fast && request.repeat() % 2 == 1 ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED;
        });
    }

    private static final List<String> TEN_MODULES = List.of("M.A0", "M.A1", "M.A2", "M.A3", "M.A4", "M.A5", "M.A6",
            "M.A7", "M.A8", "M.A9");

    @Test
    void flipsAreCountedOverTheModulesThatRanTwice() {
        // 40 runs per tier: 20 draws of 10 modules, each run twice, so every module runs 4 times per tier.
        CalibrationModel model = calibration(flipping()).samplesPerTier(40).repeats(2).modules(TEN_MODULES).run();
        TierCalibration fast = model.tier("FAST");

        assertEquals(10, fast.modules().distinct());
        assertEquals(4, fast.modules().minRuns());
        assertEquals(4, fast.modules().maxRuns());
        Repeatability flips = fast.repeatability();
        assertEquals(10, flips.modules());
        assertEquals(5, flips.flakyModuleShare().successes());
        // A flaky module verifies 2 of its 4 runs: 4 of its 6 pairs differ.
        assertEquals(0.5 * 4 / 6, flips.flipRate().mean(), 1e-15);
        assertEquals(5, flips.alwaysVerified());
        assertEquals(5, flips.mixed());
        // All timeouts come from the flaky half, exactly 2 of 4 runs each: module residuals of +-1 against a
        // binomial variance of 40 x 1/4 x 3/4, a design effect of 10 / 7.5 and an ICC of (4/3 - 1) / (4 - 1).
        assertEquals(4.0 / 3, fast.modules().timeout().designEffect(), 1e-12);
        assertEquals(1.0 / 9, fast.modules().timeout().icc(), 1e-12);
        Repeatability balanced = model.tier("BALANCED").repeatability();
        assertEquals(0.0, balanced.flipRate().mean());
        assertEquals(10, balanced.alwaysVerified());
        // FAST's runs time out where BALANCED's finish, never the other way round.
        assertEquals(0, model.invertedPairs().get(0).inverted());
    }

    @Test
    void runsThatTimeOutOnlyAtTheLargerBudgetAreInvertedPairs() {
        // Module M.A3 times out in BALANCED on its odd repeats but never in FAST: run-to-run noise.
        ScriptedBackend backend = new ScriptedBackend(request -> request.moduleName().equals("M.A3")
                && request.tier().name().equals("BALANCED") && request.repeat() % 2 == 1
                ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED);
        CalibrationModel model = calibration(backend).samplesPerTier(40).repeats(2).modules(TEN_MODULES).run();

        InvertedPairs fastBalanced = model.invertedPairs().get(0);
        assertEquals("FAST", fastBalanced.smallerTier());
        assertEquals("BALANCED", fastBalanced.largerTier());
        assertEquals(40, fastBalanced.pairs());
        assertEquals(2, fastBalanced.inverted());
        assertEquals(1, fastBalanced.modules());
        InvertedPairs balancedSlow = model.invertedPairs().get(1);
        assertEquals(0, balancedSlow.inverted());
    }

    /** Sends each record to two sinks. */
    private record TeeSink(TelemetrySink first, TelemetrySink second) implements TelemetrySink {
        @Override
        public void accept(VerificationTelemetry telemetry) {
            first.accept(telemetry);
            second.accept(telemetry);
        }

        @Override
        public void complete() {
            first.complete();
            second.complete();
        }

        @Override
        public void close() {
            first.close();
            second.close();
        }
    }
}
