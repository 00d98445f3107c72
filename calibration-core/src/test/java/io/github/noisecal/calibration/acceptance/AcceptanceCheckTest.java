package io.github.noisecal.calibration.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AcceptanceCheckTest {
    private static CalibrationModel large;

    private static CalibrationModel mock(long samplesPerTier) {
        return mock(samplesPerTier, distinctModules((int) samplesPerTier));
    }

    private static CalibrationModel mock(long samplesPerTier, List<String> modules) {
        return mock(samplesPerTier, modules, BackendConfig.empty());
    }

    private static CalibrationModel mock(long samplesPerTier, List<String> modules, BackendConfig settings) {
        return Calibration.builder().backend("mock", settings).tiers(Tier.PREDEFINED)
                .samplesPerTier(samplesPerTier).modules(modules).seed(42).workers(2).bootstrapReplicates(0)
                .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17")).run();
    }

    private static List<String> distinctModules(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> String.format("Test.Module%05d", i)).toList();
    }

    @BeforeAll
    static void calibrate() {
        large = mock(10_000);
    }

    @Test
    void tooFewDistinctModulesForAPopulationClaimPassOnlyConditionally() {
        List<CriterionResult> results = AcceptanceCheck.check(mock(300, distinctModules(3)),
                AcceptanceEnvelope.originDefaults());
        CriterionResult modules = find(results, "distinct modules", "FAST");
        assertEquals(Verdict.CONDITIONAL_PASS, modules.verdict());
        assertTrue(modules.detail().startsWith("3 distinct modules, 100.0 runs each (effective sample size "),
                modules.detail());
        assertTrue(modules.detail().endsWith(": too few for a claim about the population of proofs the module list"
                + " samples (30 required); the rates hold for these modules"), modules.detail());
        CriterionResult enough = find(AcceptanceCheck.check(mock(300, distinctModules(30)),
                AcceptanceEnvelope.originDefaults()), "distinct modules", "FAST");
        assertEquals(Verdict.PASS, enough.verdict(), enough.detail());
    }

    /**
     * 10,000 runs of 100 modules without one internal error bound the rate over proofs only as 100 modules can: a
     * module that always crashes, one in a hundred, could have been missed.
     */
    @Test
    void noInternalErrorInRunsOfFewModulesIsBoundedByTheModules() {
        // The origin profile never crashes (the physical mock does, 3 runs in 1,000).
        BackendConfig neverCrashes = BackendConfig.of(java.util.Map.of("profile", "origin"));
        TierCalibration fast = mock(10_000, distinctModules(100), neverCrashes).tier("FAST");
        RateEstimate errors = fast.outcomeRates().get(Outcome.VERIFIER_INTERNAL_ERROR.code());
        assertEquals(0, errors.successes());
        assertTrue(errors.upper() > 0.03 && errors.upper() < 0.04, errors.toString());
        CriterionResult criterion = find(AcceptanceCheck.check(mock(10_000, distinctModules(100), neverCrashes),
                AcceptanceEnvelope.originDefaults()), "internal error rate", "FAST");
        assertEquals(Verdict.CONDITIONAL_PASS, criterion.verdict(), criterion.detail());
    }

    private static CriterionResult find(List<CriterionResult> results, String criterion, String tier) {
        return results.stream().filter(r -> r.criterion().equals(criterion) && java.util.Objects.equals(r.tier(), tier))
                .findFirst().orElseThrow(() -> new AssertionError("no " + criterion + " for " + tier + ": " + results));
    }

    @Test
    void theMockDefaultProfileMeetsTheOriginEnvelope() {
        List<CriterionResult> results = AcceptanceCheck.check(large, AcceptanceEnvelope.originDefaults());
        for (String tier : List.of("FAST", "BALANCED", "SLOW")) {
            assertEquals(Verdict.PASS, find(results, "sample count", tier).verdict());
            assertEquals(Verdict.PASS, find(results, "distinct modules", tier).verdict());
            assertEquals(Verdict.PASS, find(results, "timeout rate in envelope", tier).verdict(),
                    find(results, "timeout rate in envelope", tier).detail());
            assertEquals(Verdict.PASS, find(results, "internal error rate", tier).verdict());
            // Without bootstrap replicates the fit cannot be confirmed, only reported.
            assertEquals(Verdict.CONDITIONAL_PASS, find(results, "goodness of fit", tier).verdict());
        }
        CriterionResult ordering = find(results, "tier ordering", null);
        assertEquals(Verdict.PASS, ordering.verdict(), ordering.detail());
        assertTrue(ordering.detail().startsWith("FAST > BALANCED > SLOW: claimed"), ordering.detail());
    }

    @Test
    void tooFewSamplesFailAndTheWorstVerdictWins() {
        List<CriterionResult> results = AcceptanceCheck.check(mock(100), AcceptanceEnvelope.originDefaults());
        CriterionResult count = find(results, "sample count", "FAST");
        assertEquals(Verdict.FAIL, count.verdict());
        assertEquals("100 samples, 10000 required", count.detail());
        assertEquals(Verdict.FAIL, AcceptanceCheck.overall(results));
    }

    @Test
    void aRateOutsideItsEnvelopeFails() {
        AcceptanceEnvelope envelope = new AcceptanceEnvelope(1, Map.of("FAST", new AcceptanceEnvelope.Range(0.5, 0.6)),
                0.01, 10, 5, 0.05, 0.01);
        CriterionResult fast = find(AcceptanceCheck.check(large, envelope), "timeout rate in envelope", "FAST");
        assertEquals(Verdict.FAIL, fast.verdict());
        assertTrue(fast.detail().contains("misses envelope [0.5, 0.6]"), fast.detail());
    }

    @Test
    void verdictsCombineToTheWorst() {
        assertEquals(Verdict.FAIL, Verdict.PASS.and(Verdict.FAIL));
        assertEquals(Verdict.CONDITIONAL_PASS, Verdict.CONDITIONAL_PASS.and(Verdict.PASS));
        assertEquals(Verdict.PASS, AcceptanceCheck.overall(List.of()));
    }

    @Test
    void inconsistentEnvelopesAreRejected() {
        assertTrue(assertThrows(InvalidInputException.class, () -> new AcceptanceEnvelope(0, Map.of(), 0.01, 10, 5,
                0.05, 0.01)).getMessage().startsWith("min_samples_per_tier"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new AcceptanceEnvelope.Range(0.3, 0.2))
                .getMessage().contains("0 <= low <= high <= 1"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new AcceptanceEnvelope(1, Map.of(), 0.01, 5, 10,
                0.05, 0.01)).getMessage().startsWith("delta AIC thresholds"));
    }
}
