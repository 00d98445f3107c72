package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.plan.TierRuns;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TierComparisonsAndEnvelopeTest {
    private static String rejection(String text) {
        return assertThrows(InvalidInputException.class, () -> ModelYaml.read(new StringReader(text), "model.yaml"))
                .getMessage();
    }

    private static String golden(String target, String replacement) throws IOException {
        String golden = ModelYamlGoldenTest.golden();
        assertTrue(golden.contains(target), "the golden file lacks " + target);
        return golden.replace(target, replacement);
    }

    @Test
    void comparisonsRoundTripThroughTheGoldenFile() throws IOException {
        var model = ModelYaml.read(new StringReader(ModelYamlGoldenTest.golden()), "golden");
        assertEquals("QUICK > FAST > BALANCED > SLOW", model.tierComparisons().testedOrdering());
        assertEquals(3, model.tierComparisons().comparisons().size());
    }

    /** The golden model run with shared runs: BALANCED, SLOW and QUICK have identical (no) limits, FAST its own. */
    private static CalibrationModel sharedRuns() {
        CalibrationModel golden = TestModels.golden();
        CalibrationMetadata m = golden.metadata();
        CalibrationMetadata shared = new CalibrationMetadata(m.schemaVersion(), m.toolVersion(), m.createdAt(),
                m.backend(), m.verifierVersion(), m.seed(), m.samplesPerTier(), m.tiers(), m.workers(),
                m.confidenceLevel(), m.intervalMethod(), m.bootstrapReplicates(), m.moduleCount(), m.modulesSha256(),
                m.planId(), m.repeats(), TierRuns.SHARED, m.environment());
        return CalibrationModel.of(shared, TestModels.goldenSamples());
    }

    @Test
    void comparisonsOfTiersThatSharedRunsAreWrittenAsDegenerate() {
        CalibrationModel model = sharedRuns();
        String text = ModelYaml.write(model);

        // By budget: QUICK (2 s), FAST (30 s), BALANCED (60 s), SLOW (120 s). FAST ran apart, having its own limits.
        assertTrue(text.contains("  - {tier_a: QUICK, tier_b: FAST, test: mcnemar_mid_p, only_a: 15, only_b: 0,"), text);
        assertTrue(text.contains("log10_p_value_two_sided: -0.20411998265592474, degenerate: shared_runs}\n"), text);
        assertTrue(text.contains("log10_p_value_two_sided: -0.5390082455808731, degenerate: null}\n"), text);
        assertEquals(List.of("QUICK/FAST", "FAST/BALANCED"), model.invertedPairs().stream()
                .map(p -> p.smallerTier() + "/" + p.largerTier()).toList(), "BALANCED/SLOW shared their runs");
        assertEquals(model, ModelYaml.read(new StringReader(text), "shared.yaml"));
        assertNull(model.tierComparisons().claimedOrdering());
        // The ordering's p-value is that of the comparisons that test something: BALANCED/SLOW's is left out.
        var comparisons = model.tierComparisons().comparisons();
        double tested = Math.max(comparisons.get(0).pValueOneSided(), comparisons.get(1).pValueOneSided());
        assertEquals(tested, model.tierComparisons().pValue());
        assertTrue(comparisons.get(2).pValueOneSided() > tested, "the degenerate one would have been the largest");
        assertTrue(text.contains("\n  p_value: " + tested + "\n"), text);
        assertTrue(text.contains("\n  no_p_value: null\n"), text);
        String withDegenerate = text.replace("\n  p_value: " + tested + "\n",
                "\n  p_value: " + comparisons.get(2).pValueOneSided() + "\n");
        assertEquals("model.yaml: tier_comparisons.p_value: " + comparisons.get(2).pValueOneSided()
                + " does not match " + tested + " recomputed from the counts", rejection(withDegenerate));
    }

    @Test
    void theDegenerateMarkerMustFollowFromHowTiersRan() throws IOException {
        assertEquals("model.yaml: tier_comparisons.comparisons[0].degenerate: \"shared_runs\", but QUICK and FAST ran"
                        + " independently: expected null",
                rejection(golden("log10_p_value_two_sided: -4.515449934959717, degenerate: null}",
                        "log10_p_value_two_sided: -4.515449934959717, degenerate: shared_runs}")));
        String shared = ModelYaml.write(sharedRuns());
        assertEquals("model.yaml: tier_comparisons.comparisons[2].degenerate: null, but BALANCED and SLOW shared"
                        + " runs (tier_runs: shared, identical limits): expected shared_runs",
                rejection(shared.replace("log10_p_value_two_sided: -0.20411998265592474, degenerate: shared_runs}",
                        "log10_p_value_two_sided: -0.20411998265592474, degenerate: null}")));
    }

    @Test
    void invertedPairsAreCheckedAgainstTheirTiers() throws IOException {
        String entry = "- {smaller: FAST, larger: BALANCED, pairs: 20, inverted: 2, modules: 2}";
        assertEquals("model.yaml: inverted_pairs[1].larger: \"TURBO\" is not a tier of calibrated_models [FAST,"
                + " BALANCED, SLOW, QUICK]", rejection(golden(entry, entry.replace("BALANCED", "TURBO"))));
        assertEquals("model.yaml: inverted_pairs[1].larger: FAST's budget 30.0 s is smaller than BALANCED's 60.0 s",
                rejection(golden(entry, "- {smaller: BALANCED, larger: FAST, pairs: 20, inverted: 2, modules: 2}")));
        assertEquals("model.yaml: inverted_pairs[1].pairs: 21, but the tiers have 20 and 20 samples",
                rejection(golden(entry, entry.replace("pairs: 20", "pairs: 21"))));
        assertEquals("model.yaml: inverted_pairs[1].inverted: expected an integer from 0 to 20, got 30",
                rejection(golden(entry, entry.replace("inverted: 2", "inverted: 30"))));
        assertEquals("model.yaml: inverted_pairs[1].modules: expected an integer from 0 to 2, got 3",
                rejection(golden(entry, entry.replace("modules: 2", "modules: 3"))));
        assertEquals("model.yaml: inverted_pairs[1].modules: modules must lie in [1, inverted=2] (0 without"
                + " inverted pairs), got 0", rejection(golden(entry, entry.replace("modules: 2", "modules: 0"))));
        String shared = ModelYaml.write(sharedRuns());
        assertEquals("model.yaml: inverted_pairs[2].larger: BALANCED and SLOW shared runs, so no run can time out at"
                        + " the larger budget only",
                rejection(shared + "- {smaller: BALANCED, larger: SLOW, pairs: 20, inverted: 0, modules: 0}\n"));
    }

    @Test
    void aPValueThatTheCountsDoNotGiveIsRejected() throws IOException {
        assertEquals("model.yaml: tier_comparisons.comparisons[2].p_value_one_sided: 0.01 does not match 0.3125"
                        + " recomputed from the counts",
                rejection(golden("only_a: 2, only_b: 1, statistic: 0.3333333333333333, p_value_one_sided: 0.3125",
                        "only_a: 2, only_b: 1, statistic: 0.3333333333333333, p_value_one_sided: 0.01")));
    }

    @Test
    void anOrderingCannotBeClaimedWithoutEvidence() throws IOException {
        assertEquals("model.yaml: tier_comparisons.claimed_ordering: \"QUICK > FAST > BALANCED > SLOW\" does not"
                        + " match null recomputed from the counts",
                rejection(golden("  claimed_ordering: null", "  claimed_ordering: QUICK > FAST > BALANCED > SLOW")));
    }

    @Test
    void comparisonsNameTiersOfTheModelAndKnownTests() throws IOException {
        assertTrue(rejection(golden("{tier_a: QUICK,", "{tier_a: TURBO,"))
                .startsWith("model.yaml: tier_comparisons.comparisons[0].tier_a: \"TURBO\" is not a tier of"));
        assertTrue(rejection(golden("tier_b: FAST, test: mcnemar_mid_p", "tier_b: FAST, test: coin_flip"))
                .startsWith("model.yaml: tier_comparisons.comparisons[0].test: unknown test \"coin_flip\""));
        assertEquals("model.yaml: tier_comparisons: missing",
                rejection(ModelYamlGoldenTest.golden().substring(0,
                        ModelYamlGoldenTest.golden().indexOf("tier_comparisons:"))));
    }

    @Test
    void anEnvelopeOverridesOnlyWhatItNames(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("envelope.yaml"), """
                min_samples_per_tier: 100
                timeout_rate: {FAST: [0.1, 0.3]}
                ks_p_value: {conditional_at: 0.001}
                """);
        AcceptanceEnvelope envelope = EnvelopeYaml.read(file);
        AcceptanceEnvelope defaults = AcceptanceEnvelope.originDefaults();
        assertEquals(100, envelope.minSamplesPerTier());
        assertEquals(java.util.Map.of("FAST", new AcceptanceEnvelope.Range(0.1, 0.3)), envelope.timeoutRateRanges());
        assertEquals(0.001, envelope.conditionalKsPValue());
        assertEquals(defaults.minKsPValue(), envelope.minKsPValue());
        assertEquals(defaults.passDeltaAic(), envelope.passDeltaAic());
        assertEquals(AcceptanceEnvelope.TierOrdering.CLAIMED, envelope.tierOrdering());
        assertEquals(30, envelope.minDistinctModules(), "the default");
    }

    /** {@code min_distinct_modules} is an integer of at least 1; anything else names the file, line and key. */
    @Test
    void theDistinctModulesCriterionIsAnIntegerOfAtLeastOne(@TempDir Path dir) throws IOException {
        Path three = Files.writeString(dir.resolve("three.yaml"), "min_samples_per_tier: 100\nmin_distinct_modules: 3\n");
        assertEquals(3, EnvelopeYaml.read(three).minDistinctModules());
        for (String value : List.of("0", "-2", "2.5", "three", "null", "[3]")) {
            Path bad = Files.writeString(dir.resolve("bad.yaml"), "# modules\nmin_samples_per_tier: 100\n"
                    + "min_distinct_modules: " + value + "\n");
            String message = assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(bad)).getMessage();
            assertTrue(message.startsWith("envelope " + bad + ": line 3: min_distinct_modules: expected an integer of"
                    + " at least 1, got "), message);
        }
    }

    /** Every criterion can be relaxed until it always passes. */
    @Test
    void anEnvelopeMayRelaxEveryCriterion(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lenient.yaml"), """
                min_samples_per_tier: 1
                min_distinct_modules: 1
                max_internal_error_rate: 1
                timeout_rate: {FAST: [0, 1]}
                delta_aic: {pass_above: -1, conditional_above: -1}
                ks_p_value: {pass_at: 0, conditional_at: 0}
                tier_ordering: none
                """);
        AcceptanceEnvelope envelope = EnvelopeYaml.read(file);
        assertEquals(1, envelope.minDistinctModules());
        assertEquals(-1, envelope.passDeltaAic());
        assertEquals(0, envelope.minKsPValue());
        assertEquals(AcceptanceEnvelope.TierOrdering.NONE, envelope.tierOrdering());
        Path bad = Files.writeString(dir.resolve("ordering.yaml"), "tier_ordering: strict\n");
        assertEquals("envelope " + bad + ": line 1: tier_ordering: must be claimed, estimates or none, got 'strict'",
                assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(bad)).getMessage());
    }

    @Test
    void badEnvelopesNameTheFileAndField(@TempDir Path dir) throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "min_sample_per_tier: 5\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(typo)).getMessage()
                .startsWith("envelope " + typo + ": line 1: min_sample_per_tier: unknown field"));
        Path range = Files.writeString(dir.resolve("range.yaml"), "timeout_rate: {FAST: [0.3, 0.1]}\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(range)).getMessage()
                .contains("timeout_rate.FAST"), "names the field");
        Path missing = dir.resolve("none.yaml");
        assertEquals("envelope " + missing + ": no such file",
                assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(missing)).getMessage());
    }
}
