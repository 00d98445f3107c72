package io.github.noisecal.calibration;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.run.InMemoryTelemetrySink;
import io.github.noisecal.calibration.run.TelemetrySink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.journal.JsonLinesTelemetryReader;
import io.github.noisecal.calibration.journal.JsonLinesTelemetrySink;
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
        // Sample i of each tier checks the same module: group by the index at the end of the id.
        var moduleByIndex = new java.util.HashMap<String, String>();
        for (VerificationTelemetry r : records) {
            String index = r.verificationId().substring(r.verificationId().lastIndexOf('-') + 1);
            String previous = moduleByIndex.putIfAbsent(index, r.moduleName());
            if (previous != null) assertEquals(previous, r.moduleName(), "sample " + index);
        }
        assertEquals(500, moduleByIndex.size());
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
                .modules(List.of("A.B", "C.D", "A.B")).confidenceLevel(0.9).run();
        CalibrationMetadata meta = model.metadata();
        assertEquals("scripted", meta.backend());
        assertEquals("scripted 1", meta.verifierVersion());
        assertEquals(42L, meta.seed());
        assertEquals(500, meta.samplesPerTier());
        assertEquals(Tier.PREDEFINED, meta.tiers());
        assertEquals(0.9, meta.confidenceLevel());
        assertEquals(3, meta.moduleCount());
        assertEquals(FIXED.instant(), meta.createdAt());
        assertSame(MACHINE, meta.environment());
        assertEquals(NoisecalVersion.get(), meta.toolVersion());
        assertFalse(meta.toolVersion().contains("${"), "the version resource is filtered");
    }

    @Test
    void preflightSeesEachDistinctModuleBeforeAnyRun() {
        ScriptedBackend backend = ScriptedBackend.bySeed();
        calibration(backend).modules(List.of("A.B", "C.D", "A.B")).samplesPerTier(3).run();
        assertEquals(java.util.Set.of("A.B", "C.D"), backend.preflightModules);
    }

    @Test
    void aHarnessErrorStopsTheRunAndLeavesNoRawFile() throws Exception {
        AtomicLong calls = new AtomicLong();
        ScriptedBackend broken = new ScriptedBackend(request -> {
            if (calls.incrementAndGet() == 50) {
                throw new VerifierHarnessException("object file for Mathlib.Foo does not exist: run lake build");
            }
            return Outcome.VERIFIED;
        });
        Path raw = dir.resolve("raw.jsonl");
        VerifierHarnessException e = assertThrows(VerifierHarnessException.class,
                () -> calibration(broken).workers(4).sink(new JsonLinesTelemetrySink(raw)).run());
        assertTrue(e.getMessage().contains("lake build"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the raw file nor its temporary remains");
        }
        assertTrue(calls.get() < 1500, "the run stopped early, after " + calls.get() + " calls");
    }

    @Test
    void aRejectedModuleListLeavesNoRawFile() throws Exception {
        ScriptedBackend picky = new ScriptedBackend(request -> Outcome.VERIFIED) {
            @Override
            public void preflight(java.util.Collection<String> moduleNames) {
                throw new io.github.noisecal.telemetry.VerifierConfigurationException("module A.B: file A/B.lean does not exist");
            }
        };
        Path raw = dir.resolve("raw.jsonl");
        assertThrows(io.github.noisecal.telemetry.VerifierConfigurationException.class,
                () -> calibration(picky).sink(new JsonLinesTelemetrySink(raw)).run());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "the sink's temporary file is discarded");
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
        assertTrue(e.getMessage().matches("sample [0-9a-f]+-(FAST|BALANCED|SLOW)-0 \\(module .*\\) failed: .*boom"),
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
        calibration(ScriptedBackend.bySeed()).samplesPerTier(50).workers(2).sink(new TeeSink(memory,
                new JsonLinesTelemetrySink(raw))).run();
        List<VerificationTelemetry> read = new ArrayList<>();
        assertEquals(150, JsonLinesTelemetryReader.read(raw, read::add));
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
