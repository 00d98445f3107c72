package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.DurationSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The written text is the documented schema, byte for byte, and what other tools read from it is there. */
class ModelYamlGoldenTest {
    private static final List<String> TIER_KEYS = List.of("timeout_s", "n_samples", "timeout_rate", "timeout_rate_ci",
            "timeout_rate_ci_runs", "fail_rate", "fail_rate_ci", "fail_rate_ci_runs", "success_rate",
            "success_rate_ci", "success_rate_ci_runs", "outcome_counts", "outcome_rates", "modules", "repeatability",
            "duration_ms", "duration_distribution", "budget_curve");

    @Test
    void writtenTextIsTheGoldenFile() throws IOException {
        assertEquals(golden(), ModelYaml.write(TestModels.golden()));
    }

    @Test
    void goldenFileReadsAsTheModel() throws IOException {
        assertEquals(TestModels.golden(), ModelYaml.read(new StringReader(golden()), "golden-model.yaml"));
    }

    @Test
    void plainYamlSeesTheSchemaKeysInOrder() {
        Map<?, ?> document = plainLoad(ModelYaml.write(TestModels.golden()));

        assertEquals(List.of("calibration_metadata", "calibrated_models", "tier_comparisons", "inverted_pairs"),
                List.copyOf(document.keySet()));
        Map<?, ?> metadata = (Map<?, ?>) document.get("calibration_metadata");
        assertEquals(List.of("schema_version", "tool_version", "created_at", "backend", "verifier_version", "plan_id",
                "seed", "samples_per_tier", "repeats", "tier_runs", "tiers", "workers", "available_cores", "load_average",
                "confidence_level", "interval_method", "estimand", "bootstrap_replicates", "modules", "environment",
                "harness_retries", "shards", "allow_incomplete", "missing_samples", "allow_mixed"),
                List.copyOf(metadata.keySet()));
        assertEquals(2, metadata.get("schema_version"));
        assertEquals("2026-11-27T21:00:00Z", metadata.get("created_at"));
        assertEquals("wilson", metadata.get("interval_method"));
        // The model states its estimand, and --format json (ModelYaml.document) carries it as the file does.
        Map<?, ?> estimand = (Map<?, ?>) metadata.get("estimand");
        assertEquals(List.of("rate_ci", "rate_ci_runs"), List.copyOf(estimand.keySet()));
        assertEquals("module_name", ((Map<?, ?>) estimand.get("rate_ci")).get("clustered_by"));
        assertEquals("the population of proofs the module list samples",
                ((Map<?, ?>) estimand.get("rate_ci")).get("rate_over"));
        assertEquals(null, ((Map<?, ?>) estimand.get("rate_ci_runs")).get("clustered_by"));
        assertEquals(estimand, ((Map<?, ?>) ModelYaml.document(TestModels.golden()).get("calibration_metadata"))
                .get("estimand"));
        Map<?, ?> models = (Map<?, ?>) document.get("calibrated_models");
        assertEquals(List.of("FAST", "BALANCED", "SLOW", "QUICK"), List.copyOf(models.keySet()));
        for (Object tier : models.values()) {
            assertEquals(TIER_KEYS, List.copyOf(((Map<?, ?>) tier).keySet()));
        }
    }

    /** What the origin smoke plan reads: per tier the three rates as numbers and the sample count. */
    @Test
    void smokePlanFieldsHaveTheModelsValues() {
        CalibrationModel model = TestModels.golden();
        Map<?, ?> models = (Map<?, ?>) plainLoad(ModelYaml.write(model)).get("calibrated_models");

        model.tiers().forEach((name, tier) -> {
            Map<?, ?> written = (Map<?, ?>) models.get(name);
            assertEquals(tier.timeoutRate().rate(), assertInstanceOf(Double.class, written.get("timeout_rate")));
            assertEquals(tier.failRate().rate(), assertInstanceOf(Double.class, written.get("fail_rate")));
            assertEquals(tier.successRate().rate(), assertInstanceOf(Double.class, written.get("success_rate")));
            assertEquals(20, written.get("n_samples"));
            assertEquals(List.of(tier.timeoutRate().lower(), tier.timeoutRate().upper()),
                    written.get("timeout_rate_ci"));
        });
    }

    @Test
    void doublesAreWrittenSoTheyReadBackBitForBit() {
        double[] values = {30.0, 1e-20, 0.1 + 0.2, Double.MIN_VALUE, 1e300, 0.0};
        for (double value : values) {
            String text = ModelYaml.write(TestModels.goldenFastWithDurations(value));
            DurationSummary readBack = ModelYaml.read(new StringReader(text), "m").tier("FAST").durationMs();
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(readBack.p50()),
                    () -> "p50 " + value);
        }
    }

    @Test
    void integralDoublesKeepTheirFractionPart() {
        String text = ModelYaml.write(TestModels.goldenFastWithDurations(30.0));

        assertTrue(text.contains("\n    timeout_s: 30.0\n"), text);
        assertTrue(text.contains("\n      p50: 30.0\n"), text);
        assertTrue(ModelYaml.write(TestModels.goldenFastWithDurations(1e-20)).contains("\n      p50: 1.0E-20\n"));
        assertTrue(ModelYaml.write(TestModels.goldenFastWithDurations(0.1 + 0.2))
                .contains("\n      p50: 0.30000000000000004\n"));
    }

    private static Map<?, ?> plainLoad(String text) {
        return (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    static String golden() throws IOException {
        try (InputStream in = ModelYamlGoldenTest.class.getResourceAsStream("golden-model.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
