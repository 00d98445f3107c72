package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.CalibrationMetadata;
import io.github.noisecal.calibration.CalibrationModel;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.RateEstimate;
import io.github.noisecal.telemetry.Tier;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every way a model file can be wrong is rejected with one line naming the file and the field (or, for text that
 * is not YAML, the line). Each case breaks one thing in the golden file, whose first tier is FAST.
 */
class ModelYamlRejectionTest {
    private static String golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = ModelYamlGoldenTest.golden();
    }

    @Nested
    class UnsafeOrMalformedYaml {
        @Test
        void javaTypeTagsAreNotInstantiated() {
            assertEquals("model.yaml: line 1, column 1: Global tag is not allowed:"
                            + " tag:yaml.org,2002:javax.script.ScriptEngineManager",
                    rejection("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                            + " [\"http://localhost/\"]]]]\n"));
        }

        @Test
        void javaTypeTagOnAFieldIsNotInstantiated() {
            assertEquals("model.yaml: line 5, column 12: Global tag is not allowed: tag:yaml.org,2002:java.io.File",
                    rejection(replaced("  backend: mock\n", "  backend: !!java.io.File /etc/passwd\n")));
        }

        @Test
        void localTagsAreNotResolved() {
            assertEquals("model.yaml: line 5, column 12: could not determine a constructor for the tag !shell",
                    rejection(replaced("  backend: mock\n", "  backend: !shell rm\n")));
        }

        @Test
        void textThatIsNotYamlNamesTheLineAndProblem() {
            assertEquals("model.yaml: line 3, column 1: expected ',' or ']', but got <stream end>"
                            + " (while parsing a flow sequence)",
                    rejection("calibration_metadata:\n  tiers: [FAST\n"));
            assertEquals("model.yaml: line 5, column 16: mapping values are not allowed here",
                    rejection(replaced("  backend: mock\n", "  backend: mock: lean\n")));
        }

        @Test
        void duplicateKeysAreRejected() {
            assertEquals("model.yaml: line 6, column 3: found duplicate key backend (while constructing a mapping)",
                    rejection(replaced("  backend: mock\n", "  backend: mock\n  backend: lean\n")));
        }

        @Test
        void aliasExpansionIsBounded() {
            StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 10; i++) {
                bomb.append("a").append(i).append(": &a").append(i).append(" [");
                bomb.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
            }
            assertEquals("model.yaml: Number of aliases for non-scalar nodes exceeds the specified max=50",
                    rejection(bomb.toString()));
        }

        @Test
        void emptyTextIsRejected() {
            assertEquals("model.yaml: empty, expected a calibrated model", rejection(""));
            assertEquals("model.yaml: empty, expected a calibrated model", rejection("# only a comment\n"));
        }

        @Test
        void aDocumentThatIsNotAMappingIsRejected() {
            assertEquals("model.yaml: expected a mapping, got a list of 2 items", rejection("- a\n- b\n"));
            assertEquals("model.yaml: expected a mapping, got \"model\"", rejection("model\n"));
        }

        @Test
        void fieldNamesMustBeStrings() {
            assertEquals("model.yaml: calibration_metadata: field names must be strings, got 7",
                    rejection(replaced("  backend: mock\n", "  backend: mock\n  7: seven\n")));
        }
    }

    @Nested
    class Structure {
        @Test
        void schemaVersionMustBeOne() {
            assertEquals("model.yaml: calibration_metadata.schema_version: unsupported schema version 2;"
                            + " this noisecal reads version 1",
                    rejection(replaced("  schema_version: 1\n", "  schema_version: 2\n")));
        }

        @Test
        void schemaVersionMustBePresent() {
            assertEquals("model.yaml: calibration_metadata.schema_version: missing",
                    rejection(replaced("  schema_version: 1\n", "")));
        }

        @Test
        void schemaVersionMustBeAnInteger() {
            assertEquals("model.yaml: calibration_metadata.schema_version: expected a 64-bit integer, got \"one\"",
                    rejection(replaced("  schema_version: 1\n", "  schema_version: one\n")));
        }

        @Test
        void missingFieldsAreNamed() {
            assertEquals("model.yaml: calibration_metadata.backend: missing",
                    rejection(replaced("  backend: mock\n", "")));
            assertEquals("model.yaml: calibrated_models.FAST.duration_ms.p99: missing",
                    rejection(replaced("      p99: 30012.5\n", "")));
        }

        @Test
        void misspeltFieldsAreRejectedNotIgnored() {
            assertEquals("model.yaml: calibrated_models.FAST.timout_rate: unknown field; expected one of timeout_s,"
                            + " n_samples, timeout_rate, timeout_rate_ci, fail_rate, fail_rate_ci, success_rate,"
                            + " success_rate_ci, outcome_counts, outcome_rates, duration_ms, duration_distribution,"
                            + " budget_curve",
                    rejection(replaced("    timeout_rate: 0.25\n", "    timout_rate: 0.25\n")));
        }

        @Test
        void unknownSectionsAreRejected() {
            assertEquals("model.yaml: calibrated_model: unknown section; expected one of calibration_metadata,"
                    + " calibrated_models", rejection(golden + "calibrated_model: {}\n"));
        }

        @Test
        void unknownMetadataFieldsAreRejected() {
            assertEquals("model.yaml: calibration_metadata.sead: unknown field; expected one of schema_version,"
                            + " tool_version, created_at, backend, verifier_version, seed, samples_per_tier, tiers,"
                            + " workers, confidence_level, interval_method, bootstrap_replicates, modules, environment",
                    rejection(replaced("  seed: 42\n", "  sead: 42\n")));
        }

        @Test
        void aModelNeedsATier() {
            String metadataOnly = golden.substring(0, golden.indexOf("calibrated_models:"));
            assertEquals("model.yaml: calibrated_models: expected at least one tier",
                    rejection(metadataOnly + "calibrated_models: {}\n"));
        }
    }

    @Nested
    class MetadataFields {
        @Test
        void mistypedFieldsNameTheExpectedType() {
            assertEquals("model.yaml: calibration_metadata.samples_per_tier: expected an integer of at least 0,"
                    + " got \"many\"", rejection(replaced("  samples_per_tier: 20\n", "  samples_per_tier: many\n")));
            assertEquals("model.yaml: calibration_metadata.seed: expected a 64-bit integer, got 4.2",
                    rejection(replaced("  seed: 42\n", "  seed: 4.2\n")));
            assertEquals("model.yaml: calibration_metadata.backend: expected a string, got a mapping",
                    rejection(replaced("  backend: mock\n", "  backend: {name: mock}\n")));
        }

        @Test
        void createdAtMustBeAnIsoInstant() {
            assertEquals("model.yaml: calibration_metadata.created_at: expected an ISO-8601 UTC timestamp such as"
                            + " '2026-11-27T21:00:00Z', got \"yesterday\"",
                    rejection(replaced("  created_at: '2026-11-27T21:00:00Z'\n", "  created_at: yesterday\n")));
        }

        @Test
        void anUnquotedTimestampIsTheSameInstant() {
            CalibrationModel model = ModelYaml.read(new StringReader(replaced(
                    "  created_at: '2026-11-27T21:00:00Z'\n", "  created_at: 2026-11-27T21:00:00Z\n")), "model.yaml");

            assertEquals(Instant.parse("2026-11-27T21:00:00Z"), model.metadata().createdAt());
        }

        @Test
        void tierNamesFollowTheTierRules() {
            assertEquals("model.yaml: calibration_metadata.tiers.fast: tier name 'fast' must be upper-case letters,"
                            + " digits and '_', starting with a letter",
                    rejection(replaced("    FAST:\n      budget_s", "    fast:\n      budget_s")));
        }

        @Test
        void budgetsArePositive() {
            assertEquals("model.yaml: calibration_metadata.tiers.FAST.budget_s: must be positive, got 0.0",
                    rejection(replaced("      budget_s: 30.0\n", "      budget_s: 0.0\n")));
        }

        @Test
        void limitValuesAreStrings() {
            assertEquals("model.yaml: calibration_metadata.tiers.FAST.limits.max_heartbeats: expected a string,"
                            + " got 200000",
                    rejection(replaced("max_heartbeats: '200000'", "max_heartbeats: 200000")));
        }

        @Test
        void workersAreAtLeastOne() {
            assertEquals("model.yaml: calibration_metadata.workers: expected an integer from 1 to 2147483647, got 0",
                    rejection(replaced("  workers: 4\n", "  workers: 0\n")));
        }

        @Test
        void confidenceLevelLiesStrictlyBetweenZeroAndOne() {
            assertEquals("model.yaml: calibration_metadata.confidence_level: must lie in (0, 1), got 1.5",
                    rejection(replaced("  confidence_level: 0.95\n", "  confidence_level: 1.5\n")));
        }

        @Test
        void intervalMethodIsAKnownLowerCaseName() {
            assertEquals("model.yaml: calibration_metadata.interval_method: unknown interval method \"WILSON\";"
                            + " expected one of wilson, wilson_cc, clopper_pearson, jeffreys, agresti_coull",
                    rejection(replaced("  interval_method: wilson\n", "  interval_method: WILSON\n")));
        }

        @Test
        void modulesHashIsSha256Hex() {
            assertEquals("model.yaml: calibration_metadata.modules.sha256: expected 64 lower-case hexadecimal"
                            + " digits, got \"abc\"",
                    rejection(golden.replaceFirst("sha256: [0-9a-f]{64}", "sha256: abc")));
        }

        @Test
        void environmentFieldsAreTyped() {
            assertEquals("model.yaml: calibration_metadata.environment.logical_cores: expected an integer from 1 to"
                            + " 2147483647, got \"two\"",
                    rejection(replaced("    logical_cores: 2\n", "    logical_cores: two\n")));
        }
    }

    @Nested
    class TierFields {
        @Test
        void unknownOutcomeCodesAreRejected() {
            assertEquals("model.yaml: calibrated_models.FAST.outcome_counts.verifier_crashed: unknown outcome code;"
                            + " expected one of verified, proof_invalid, proof_incomplete, verifier_timeout,"
                            + " verifier_spurious_fail, verifier_spurious_pass, verifier_internal_error,"
                            + " budget_exhausted, memory_limit_exceeded, abstention_mock_mode,"
                            + " abstention_controlled_only",
                    rejection(replaced("      verified: 11\n", "      verified: 11\n      verifier_crashed: 0\n")));
        }

        @Test
        void everyOutcomeCodeIsCounted() {
            assertEquals("model.yaml: calibrated_models.FAST.outcome_counts.memory_limit_exceeded: missing",
                    rejection(replaced("      memory_limit_exceeded: 0\n", "")));
        }

        @Test
        void everyOutcomeCodeHasARate() {
            assertEquals("model.yaml: calibrated_models.FAST.outcome_rates.proof_incomplete: missing",
                    rejection(replaced("      proof_incomplete: {rate: 0.0, ci: [0.0, 0.16112515805281938]}\n", "")));
        }

        @Test
        void countsMustAddUpToTheSamples() {
            assertEquals("model.yaml: calibrated_models.FAST.n_samples: 21, but outcome_counts add up to 20",
                    rejection(replaced("    n_samples: 20\n", "    n_samples: 21\n")));
            assertEquals("model.yaml: calibrated_models.FAST.n_samples: 19, but outcome_counts add up to more",
                    rejection(replaced("    n_samples: 20\n", "    n_samples: 19\n")));
        }

        @Test
        void noCountExceedsTheSamples() {
            assertEquals("model.yaml: calibrated_models.FAST.outcome_counts.verified: expected an integer from 0 to"
                    + " 20, got 25", rejection(replaced("      verified: 11\n", "      verified: 25\n")));
        }

        @Test
        void ratesMustAgreeWithTheCounts() {
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate: 0.3, but outcome_counts give 5/20 = 0.25",
                    rejection(replaced("    timeout_rate: 0.25\n", "    timeout_rate: 0.3\n")));
            assertEquals("model.yaml: calibrated_models.FAST.outcome_rates.verified.rate: 0.5, but outcome_counts"
                            + " give 11/20 = 0.55",
                    rejection(replaced("      verified: {rate: 0.55,", "      verified: {rate: 0.5,")));
        }

        @Test
        void intervalsAreListsOfTwoNumbers() {
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: expected a list of two numbers,"
                    + " got \"x\"", rejection(replacedFastTimeoutCi("x")));
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: expected a list of two numbers,"
                    + " got a list of 1 item", rejection(replacedFastTimeoutCi("[0.1]")));
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: expected a list of two numbers,"
                    + " got a list of 2 items", rejection(replacedFastTimeoutCi("[0.1, high]")));
        }

        @Test
        void intervalsLieWithinZeroAndOne() {
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: [-0.1, 0.5] must lie within [0, 1]",
                    rejection(replacedFastTimeoutCi("[-0.1, 0.5]")));
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: [0.1, 1.5] must lie within [0, 1]",
                    rejection(replacedFastTimeoutCi("[0.1, 1.5]")));
        }

        @Test
        void intervalsContainTheirRate() {
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: [0.3, 0.5] does not contain the rate"
                    + " 0.25", rejection(replacedFastTimeoutCi("[0.3, 0.5]")));
            assertEquals("model.yaml: calibrated_models.FAST.timeout_rate_ci: [0.3, 0.2] does not contain the rate"
                    + " 0.25", rejection(replacedFastTimeoutCi("[0.3, 0.2]")));
        }

        @Test
        void durationsAreFiniteAndNotNegative() {
            assertEquals("model.yaml: calibrated_models.FAST.duration_ms.min: durations cannot be negative,"
                    + " got -1.0", rejection(replaced("      min: 900.0\n", "      min: -1.0\n")));
            assertEquals("model.yaml: calibrated_models.FAST.duration_ms.min: expected a finite number, got NaN",
                    rejection(replaced("      min: 900.0\n", "      min: .nan\n")));
        }

        @Test
        void timeoutIsPositive() {
            assertEquals("model.yaml: calibrated_models.FAST.timeout_s: must be positive, got -30.0",
                    rejection(replaced("    timeout_s: 30.0\n", "    timeout_s: -30.0\n")));
        }

        private String replacedFastTimeoutCi(String value) {
            return replaced("    timeout_rate_ci: [0.11186170140766569, 0.468700877618744]\n",
                    "    timeout_rate_ci: " + value + "\n");
        }
    }

    @Nested
    class Writing {
        @Test
        void aModelTheSchemaCannotHoldIsNotWritten() {
            CalibrationModel model = TestModels.golden();
            RateEstimate atOtherConfidence = RateEstimate.wilson(5, 20, 0.8);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelYaml.write(
                    TestModels.withTier(model, TestModels.withTimeoutRate(model.tier("FAST"), atOtherConfidence))));

            assertEquals("the model cannot be written as YAML without changing tier FAST: its rate estimates must"
                    + " count its n_samples at the metadata's confidence level and interval method", e.getMessage());
        }

        @Test
        void metadataNamingATierTwiceIsNotWritten() {
            CalibrationModel model = TestModels.golden();
            CalibrationMetadata m = model.metadata();
            CalibrationMetadata twice = new CalibrationMetadata(m.schemaVersion(), m.toolVersion(), m.createdAt(),
                    m.backend(), m.verifierVersion(), m.seed(), m.samplesPerTier(), List.of(Tier.FAST, Tier.FAST),
                    m.workers(), m.confidenceLevel(), m.intervalMethod(), m.bootstrapReplicates(), m.moduleCount(),
                    m.modulesSha256(), m.environment());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelYaml.write(new CalibrationModel(twice, model.tiers())));

            assertEquals("the model cannot be written as YAML without changing its metadata: tier names must be"
                    + " distinct, and budgets shorter than 52 days to be kept to the nanosecond", e.getMessage());
        }

        @Test
        void aModelThatWouldNotReadBackIsNotWritten() {
            CalibrationModel model = TestModels.golden();
            RateEstimate outsideItsInterval = new RateEstimate(5, 20, 0.95, model.metadata().intervalMethod(), 0.5,
                    0.6);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelYaml.write(
                    TestModels.withTier(model, TestModels.withTimeoutRate(model.tier("FAST"), outsideItsInterval))));

            assertEquals("the model cannot be written as YAML: the written text:"
                    + " calibrated_models.FAST.timeout_rate_ci: [0.5, 0.6] does not contain the rate 0.25",
                    e.getMessage());
        }
    }

    private static String replaced(String target, String replacement) {
        int at = golden.indexOf(target);
        assertTrue(at >= 0, () -> "the golden file lacks " + target);
        return golden.substring(0, at) + replacement + golden.substring(at + target.length());
    }

    /** The message of reading {@code text}; it must be a single line. */
    private static String rejection(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelYaml.read(new StringReader(text), "model.yaml"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }
}
