package io.github.noisecal.calibration.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.fit.BootstrapPValue;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.TierPairComparison;
import io.github.noisecal.telemetry.Outcome;
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
        assertEquals("min_distinct_modules must be at least 1, got 0", assertThrows(InvalidInputException.class,
                () -> new AcceptanceEnvelope(1, Map.of(), 0.01, 10, 5, 0.05, 0.01,
                        AcceptanceEnvelope.TierOrdering.CLAIMED, 0)).getMessage());
        assertEquals("tier_ordering must be claimed, estimates or none, got 'strict'", assertThrows(
                InvalidInputException.class, () -> AcceptanceEnvelope.TierOrdering.fromId("strict")).getMessage());
    }

    /** One tier of {@code n} exponential durations (mean 8 s) censored at 30 s, fitted without a bootstrap. */
    private static CalibrationModel exponentialTier(int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Outcome[] outcomes = new Outcome[n];
        double[] durations = new double[n];
        for (int i = 0; i < n; i++) {
            double t = -8_000 * Math.log(random.nextDouble());
            outcomes[i] = t > 30_000 ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED;
            durations[i] = Math.min(t, 30_000);
        }
        Tier fast = Tier.FAST;
        CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION, "t",
                java.time.Instant.EPOCH, "mock", "t", 1L, n, List.of(fast), 1, 0.95, IntervalMethod.WILSON, 0, n,
                null, null, 1, TierRuns.INDEPENDENT, null);
        return CalibrationModel.of(metadata, List.of(TierSamples.of(fast, outcomes, durations)));
    }

    /** For exponential data gamma and Weibull fit within 2 of it: one model, so the margin is over lognormal. */
    @Test
    void aNestedFamilyWithinTwoOfItsParentIsNotARival() {
        CalibrationModel model = exponentialTier(5000, 3);
        DurationDistributionFit fit = model.tier("FAST").durationDistribution();
        assertTrue(fit.fitted().stream().filter(f -> f.family() != DistributionFamily.LOGNORMAL)
                .allMatch(f -> f.deltaAic() < 2.5), fit.toString());
        assertEquals(java.util.EnumSet.of(DistributionFamily.EXPONENTIAL, DistributionFamily.GAMMA,
                DistributionFamily.WEIBULL), AcceptanceCheck.bestGroup(fit));
        CriterionResult margin = find(AcceptanceCheck.check(model, AcceptanceEnvelope.originDefaults()),
                "best-fit margin", "FAST");
        assertEquals(Verdict.PASS, margin.verdict(), margin.detail());
        assertTrue(margin.detail().contains("leads the next family, lognormal, by delta AIC"), margin.detail());
        assertTrue(margin.detail().contains("within delta AIC 2 and nested with it, the same model, not rivals"),
                margin.detail());
    }

    /** The model's FAST tier with its best family's bootstrap p-value replaced. */
    private static CalibrationModel withBestPValue(CalibrationModel model, BootstrapPValue p) {
        TierCalibration t = model.tier("FAST");
        DurationDistributionFit fit = t.durationDistribution();
        Map<String, CandidateFit> candidates = new java.util.LinkedHashMap<>(fit.candidates());
        CandidateFit.Fitted b = fit.bestFit().orElseThrow();
        candidates.put(fit.best(), new CandidateFit.Fitted(b.family(), b.parameters(), b.logLikelihood(), b.aic(),
                b.aicc(), b.bic(), b.deltaAic(), b.weight(), b.ksStatistic(), p, b.covariance()));
        DurationDistributionFit replaced = new DurationDistributionFit(fit.best(), fit.tieWith(), fit.nEvents(),
                fit.nCensored(), fit.censoredAtMs(), fit.resolutionMs(), fit.instantEnds(), fit.ksSampleSize(),
                fit.observed(), candidates);
        TierCalibration tier = new TierCalibration(t.tier(), t.timeoutS(), t.nSamples(), t.outcomeCounts(),
                t.timeoutRate(), t.failRate(), t.successRate(), t.outcomeRates(), t.durationMs(), replaced,
                t.budgetCurve(), t.modules(), t.repeatability());
        return new CalibrationModel(model.metadata(), Map.of("FAST", tier), null, List.of());
    }

    @Test
    void goodnessOfFitDecidesOnlyBeyondMonteCarloError() {
        CalibrationModel base = exponentialTier(400, 4);
        AcceptanceEnvelope envelope = AcceptanceEnvelope.originDefaults();
        // 10 of 200: p = 0.055, but its 99 % Monte Carlo interval [0.02, 0.10] straddles 0.05.
        CriterionResult undecided = find(AcceptanceCheck.check(withBestPValue(base, new BootstrapPValue(10, 200)),
                envelope), "goodness of fit", "FAST");
        assertEquals(Verdict.CONDITIONAL_PASS, undecided.verdict());
        assertTrue(undecided.detail().contains("undecided at 0.05, its Monte Carlo interval straddles it"),
                undecided.detail());
        // 400 of 1600: p = 0.25, clearly above.
        assertEquals(Verdict.PASS, find(AcceptanceCheck.check(withBestPValue(base, new BootstrapPValue(400, 1600)),
                envelope), "goodness of fit", "FAST").verdict());
        // 40 of 1600: p = 0.025, clearly between 0.01 and 0.05.
        assertEquals(Verdict.CONDITIONAL_PASS, find(AcceptanceCheck.check(withBestPValue(base,
                new BootstrapPValue(40, 1600)), envelope), "goodness of fit", "FAST").verdict());
        // None of 1600: below the floor 1/1601, a fail, printed as a bound.
        CriterionResult floor = find(AcceptanceCheck.check(withBestPValue(base, new BootstrapPValue(0, 1600)),
                envelope), "goodness of fit", "FAST");
        assertEquals(Verdict.FAIL, floor.verdict());
        assertTrue(floor.detail().contains("bootstrap p-value < 0.000625 (no replicate of 1600 as far)"),
                floor.detail());
        // None of 200: p < 0.00498, but its Monte Carlo interval [0, 0.026] does not show it reaches 0.01 either way.
        CriterionResult shortRun = find(AcceptanceCheck.check(withBestPValue(base, new BootstrapPValue(0, 200)),
                envelope), "goodness of fit", "FAST");
        assertEquals(Verdict.FAIL, shortRun.verdict());
        assertTrue(shortRun.detail().contains("< 0.00498 (no replicate of 200 as far): undecided at 0.01, so a"
                + " conditional pass is not shown"), shortRun.detail());
        // An envelope passing every p-value.
        AcceptanceEnvelope lenient = new AcceptanceEnvelope(1, Map.of(), 1, -1, -1, 0, 0,
                AcceptanceEnvelope.TierOrdering.NONE);
        assertEquals(Verdict.PASS, find(AcceptanceCheck.check(withBestPValue(base, new BootstrapPValue(0, 1600)),
                lenient), "goodness of fit", "FAST").verdict());
    }

    /** Every criterion can be relaxed until it passes; tiers an envelope names no range for are not checked. */
    @Test
    void anEnvelopeMayRelaxEveryCriterionAndSaysWhatItDidNotCheck() {
        Map<String, AcceptanceEnvelope.Range> ranges = new java.util.LinkedHashMap<>();
        ranges.put("FAST", new AcceptanceEnvelope.Range(0, 1));
        ranges.put("TURBO", new AcceptanceEnvelope.Range(0, 1));
        AcceptanceEnvelope lenient = new AcceptanceEnvelope(1, ranges, 1, -1, -1, 0, 0,
                AcceptanceEnvelope.TierOrdering.NONE, 1);
        List<CriterionResult> results = AcceptanceCheck.check(large, lenient);
        CriterionResult balanced = find(results, "timeout rate in envelope", "BALANCED");
        assertEquals(Verdict.NOT_CHECKED, balanced.verdict());
        assertEquals("the envelope gives no range for BALANCED (it has ranges for FAST, TURBO)", balanced.detail());
        CriterionResult turbo = find(results, "timeout rate in envelope", "TURBO");
        assertEquals(Verdict.FAIL, turbo.verdict());
        assertTrue(turbo.detail().contains("which the model does not have"), turbo.detail());
        assertEquals(Verdict.NOT_CHECKED, find(results, "tier ordering", null).verdict());
        List<CriterionResult> withoutTurbo = results.stream().filter(r -> !"TURBO".equals(r.tier())).toList();
        assertEquals(Verdict.PASS, AcceptanceCheck.overall(withoutTurbo), withoutTurbo.toString());
        assertEquals(Verdict.PASS, Verdict.NOT_CHECKED.and(Verdict.PASS));
        // Three modules run 100 times each: by default too few for a population claim, but an envelope may accept
        // them, and then every criterion passes.
        CalibrationModel fewModules = mock(300, distinctModules(3));
        List<CriterionResult> few = AcceptanceCheck.check(fewModules, lenient).stream()
                .filter(r -> !"TURBO".equals(r.tier())).toList();
        assertEquals(Verdict.PASS, AcceptanceCheck.overall(few), few.toString());
        CriterionResult accepted = find(few, "distinct modules", "FAST");
        assertTrue(accepted.detail().startsWith("3 distinct modules, 100.0 runs each"), accepted.detail());
        assertTrue(accepted.detail().endsWith(", 1 required by the envelope (the intervals reach their nominal "
                + "coverage from about 30)"), accepted.detail());
        AcceptanceEnvelope defaultModules = new AcceptanceEnvelope(1, ranges, 1, -1, -1, 0, 0,
                AcceptanceEnvelope.TierOrdering.NONE);
        assertEquals(30, defaultModules.minDistinctModules());
        assertEquals(Verdict.CONDITIONAL_PASS, find(AcceptanceCheck.check(fewModules, defaultModules),
                "distinct modules", "FAST").verdict());
        AcceptanceEnvelope four = new AcceptanceEnvelope(1, ranges, 1, -1, -1, 0, 0,
                AcceptanceEnvelope.TierOrdering.NONE, 4);
        CriterionResult tooFew = find(AcceptanceCheck.check(fewModules, four), "distinct modules", "FAST");
        assertEquals(Verdict.CONDITIONAL_PASS, tooFew.verdict());
        assertTrue(tooFew.detail().contains("(4 required)"), tooFew.detail());
        AcceptanceEnvelope estimates = new AcceptanceEnvelope(1, Map.of(), 1, -1, -1, 0, 0,
                AcceptanceEnvelope.TierOrdering.ESTIMATES);
        CriterionResult ordering = find(AcceptanceCheck.check(large, estimates), "tier ordering", null);
        assertEquals(Verdict.PASS, ordering.verdict());
        assertTrue(ordering.detail().endsWith("(the envelope requires estimates)"), ordering.detail());
    }
    private static CalibrationModel shared(List<Tier> tiers) {
        return Calibration.builder().backend("mock", BackendConfig.empty()).tiers(tiers).samplesPerTier(600)
                .modules(distinctModules(600)).seed(7).workers(2).bootstrapReplicates(0).tierRuns(TierRuns.SHARED)
                .environment(() -> new EnvironmentFingerprint("t", "t", 1, 0, "17")).run();
    }

    /**
     * Tiers that shared their runs time out at the smaller budget whenever they do at the larger, by construction:
     * the ordering criterion claims nothing from them, and the model states no p-value for an ordering none of its
     * comparisons tests.
     */
    @Test
    void sharedRunsLeaveTheOrderingNotCheckedAndWithoutAPValue() {
        CalibrationModel model = shared(Tier.PREDEFINED);
        OrderingClaim claim = model.tierComparisons();
        assertTrue(claim.comparisons().stream().allMatch(TierPairComparison::isDegenerate));
        assertNull(claim.pValue());
        assertNull(claim.log10PValue());
        assertEquals("shared runs: the ordering holds by construction", claim.noPValueReason());
        assertNull(claim.claimedOrdering());
        for (AcceptanceEnvelope.TierOrdering requirement : AcceptanceEnvelope.TierOrdering.values()) {
            AcceptanceEnvelope envelope = new AcceptanceEnvelope(1, Map.of(), 1, -1, -1, 0, 0, requirement);
            CriterionResult ordering = find(AcceptanceCheck.check(model, envelope), "tier ordering", null);
            assertEquals(Verdict.NOT_CHECKED, ordering.verdict(), ordering.detail());
            assertTrue(ordering.detail().startsWith("shared runs: the ordering holds by construction"),
                    ordering.detail());
            assertFalse(ordering.detail().contains("p-value"), ordering.detail());
        }
    }

    /** With one pair of tiers run apart and one sharing runs, the criterion and the p-value rest on the first. */
    @Test
    void onlyComparisonsThatTestSomethingDecideTheOrdering() {
        // FAST's heartbeat limit differs, so it runs on its own; BALANCED and SLOW share runs.
        List<Tier> tiers = List.of(Tier.FAST.withLimit(Tier.LIMIT_MAX_HEARTBEATS, "200000"), Tier.BALANCED,
                Tier.SLOW);
        CalibrationModel model = shared(tiers);
        OrderingClaim claim = model.tierComparisons();
        TierPairComparison apart = claim.comparisons().get(0);
        TierPairComparison together = claim.comparisons().get(1);
        assertFalse(apart.isDegenerate());
        assertTrue(together.isDegenerate());
        assertEquals(apart.pValueOneSided(), claim.pValue());
        assertEquals(apart.log10PValueOneSided(), claim.log10PValue());
        assertNull(claim.noPValueReason());
        assertNull(claim.claimedOrdering(), "never claimed over a degenerate comparison");

        CriterionResult ordering = find(AcceptanceCheck.check(model, AcceptanceEnvelope.originDefaults()),
                "tier ordering", null);
        assertTrue(apart.pValueOneSided() < 0.05, apart.toString());
        assertEquals(Verdict.PASS, ordering.verdict(), ordering.detail());
        assertTrue(ordering.detail().startsWith("FAST > BALANCED: claimed, p-value "), ordering.detail());
        assertTrue(ordering.detail().endsWith("; BALANCED > SLOW not checked, shared runs: the ordering holds by "
                + "construction"), ordering.detail());
    }
}
