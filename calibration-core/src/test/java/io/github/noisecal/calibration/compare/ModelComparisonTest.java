package io.github.noisecal.calibration.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
        assertTrue(comparison.metadataDifferences().isEmpty(), comparison.metadataDifferences().toString());
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
