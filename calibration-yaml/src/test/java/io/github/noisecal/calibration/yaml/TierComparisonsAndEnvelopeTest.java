package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }

    /** Every criterion can be relaxed until it always passes. */
    @Test
    void anEnvelopeMayRelaxEveryCriterion(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lenient.yaml"), """
                min_samples_per_tier: 1
                max_internal_error_rate: 1
                timeout_rate: {FAST: [0, 1]}
                delta_aic: {pass_above: -1, conditional_above: -1}
                ks_p_value: {pass_at: 0, conditional_at: 0}
                tier_ordering: none
                """);
        AcceptanceEnvelope envelope = EnvelopeYaml.read(file);
        assertEquals(-1, envelope.passDeltaAic());
        assertEquals(0, envelope.minKsPValue());
        assertEquals(AcceptanceEnvelope.TierOrdering.NONE, envelope.tierOrdering());
        Path bad = Files.writeString(dir.resolve("ordering.yaml"), "tier_ordering: strict\n");
        assertEquals("envelope " + bad + ": tier_ordering: must be claimed, estimates or none, got 'strict'",
                assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(bad)).getMessage());
    }

    @Test
    void badEnvelopesNameTheFileAndField(@TempDir Path dir) throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "min_sample_per_tier: 5\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(typo)).getMessage()
                .startsWith("envelope " + typo + ": min_sample_per_tier: unknown field"));
        Path range = Files.writeString(dir.resolve("range.yaml"), "timeout_rate: {FAST: [0.3, 0.1]}\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(range)).getMessage()
                .contains("timeout_rate.FAST"), "names the field");
        Path missing = dir.resolve("none.yaml");
        assertEquals("envelope " + missing + ": no such file",
                assertThrows(InvalidInputException.class, () -> EnvelopeYaml.read(missing)).getMessage());
    }
}
