package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        void schemaVersionMustBeTheCurrentOne() {
            assertEquals("model.yaml: calibration_metadata.schema_version: unsupported schema version 1;"
                            + " this noisecal reads version 2",
                    rejection(replaced("  schema_version: 2\n", "  schema_version: 1\n")));
        }

        @Test
        void schemaVersionMustBePresent() {
            assertEquals("model.yaml: calibration_metadata.schema_version: missing",
                    rejection(replaced("  schema_version: 2\n", "")));
        }

        @Test
        void schemaVersionMustBeAnInteger() {
            assertEquals("model.yaml: calibration_metadata.schema_version: expected a 64-bit integer, got \"one\"",
                    rejection(replaced("  schema_version: 2\n", "  schema_version: one\n")));
        }

        @Test
        void missingFieldsAreNamed() {
            assertEquals("model.yaml: calibration_metadata.backend: missing",
                    rejection(replaced("  backend: mock\n", "")));
            assertEquals("model.yaml: calibrated_models.FAST.duration_ms.p99: missing",
                    rejection(replaced("      p99: null\n", "")));
        }

        @Test
        void misspeltFieldsAreRejectedNotIgnored() {
            assertEquals("model.yaml: calibrated_models.FAST.timout_rate: unknown field; expected one of timeout_s,"
                            + " n_samples, timeout_rate, timeout_rate_ci, timeout_rate_ci_runs, fail_rate, fail_rate_ci,"
                            + " fail_rate_ci_runs, success_rate, success_rate_ci, success_rate_ci_runs, outcome_counts,"
                            + " outcome_rates, modules, repeatability, duration_ms, duration_distribution, budget_curve",
                    rejection(replaced("    timeout_rate: 0.25\n", "    timout_rate: 0.25\n")));
        }

        @Test
        void unknownSectionsAreRejected() {
            assertEquals("model.yaml: calibrated_model: unknown section; expected one of calibration_metadata,"
                    + " calibrated_models, tier_comparisons, inverted_pairs", rejection(golden + "calibrated_model: {}\n"));
        }

        @Test
        void unknownMetadataFieldsAreRejected() {
            assertEquals("model.yaml: calibration_metadata.sead: unknown field; expected one of schema_version,"
                            + " tool_version, created_at, backend, verifier_version, plan_id, seed, samples_per_tier,"
                            + " repeats, tier_runs, tiers, workers, available_cores, load_average, confidence_level,"
                            + " interval_method, estimand, bootstrap_replicates, modules, environment, harness_retries, shards,"
                            + " allow_incomplete, missing_samples, allow_mixed",
                    rejection(replaced("  seed: 42\n", "  sead: 42\n")));
        }

        @Test
        void provenanceFieldsAreChecked() {
            assertEquals("model.yaml: calibration_metadata.shards[0].shard: shard index 2 must lie in [0, 2) for 2"
                    + " shards: shards are numbered from 0", rejection(replaced("    shard: 0/2\n", "    shard: 2/2\n")));
            assertEquals("model.yaml: calibration_metadata.missing_samples: 5 missing samples, but incomplete input"
                    + " was not allowed", rejection(replaced("  missing_samples: 0\n", "  missing_samples: 5\n")));
            assertEquals("model.yaml: calibration_metadata.load_average: must be non-negative, got -1.0",
                    rejection(replaced("  load_average: 0.75\n", "  load_average: -1\n")));
            assertEquals("model.yaml: calibration_metadata.harness_retries: missing",
                    rejection(replaced("  harness_retries: 1\n", "")));
        }

        @Test
        void planFieldsAreChecked() {
            assertEquals("model.yaml: calibration_metadata.repeats: expected an integer from 1 to 2147483647, got 0",
                    rejection(replaced("  repeats: 4\n", "  repeats: 0\n")));
            assertEquals("model.yaml: calibration_metadata.tier_runs: unknown tier-run strategy \"sometimes\";"
                            + " expected one of independent, shared",
                    rejection(replaced("  tier_runs: independent\n", "  tier_runs: sometimes\n")));
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

        /**
         * The estimand is a statement about how the file's intervals were computed: it must be this schema's for the
         * file's interval method. A file written before the key existed lacks it and is read as such.
         */
        @Test
        void theEstimandIsWhatTheIntervalMethodGives() {
            String method = "      method: wilson on Korn-Graubard effective counts (cluster-robust design effect"
                    + " by module)\n";
            assertEquals("model.yaml: calibration_metadata.estimand.rate_ci.method: \"wilson\", but this schema's"
                            + " intervals with interval_method wilson are \"wilson on Korn-Graubard effective counts"
                            + " (cluster-robust design effect by module)\"",
                    rejection(replaced(method, "      method: wilson\n")));
            assertEquals("model.yaml: calibration_metadata.estimand.rate_ci.clustered_by: null, but this schema's"
                            + " intervals with interval_method wilson are \"module_name\"",
                    rejection(replaced("      clustered_by: module_name\n", "      clustered_by: null\n")));
            assertEquals("model.yaml: calibration_metadata.estimand.rate_ci_runs.rate_over: \"the population of"
                            + " proofs the module list samples\", but this schema's intervals with interval_method"
                            + " wilson are \"these runs, each taken as an independent proof\"",
                    rejection(replaced("      rate_over: these runs, each taken as an independent proof\n",
                            "      rate_over: the population of proofs the module list samples\n")));
            assertTrue(rejection(replaced("      clustered_by: module_name\n", "      clustered_by: module_name\n"
                    + "      level: 0.95\n")).startsWith("model.yaml: calibration_metadata.estimand.rate_ci.level:"
                    + " unknown field"));
            assertEquals("model.yaml: calibration_metadata.estimand.rate_ci_runs: missing",
                    rejection(golden.replaceFirst("(?s)    rate_ci_runs:\n.*?      method: wilson\n", "")));
            // Written with another interval method, the estimand names it.
            String jeffreys = ModelYaml.write(TestModels.withIntervalMethod(TestModels.golden(),
                    io.github.noisecal.calibration.stats.IntervalMethod.JEFFREYS));
            assertTrue(jeffreys.contains("      method: jeffreys on Korn-Graubard effective counts"), jeffreys);
            // Absent (a file written before the key existed): read leniently, as every schema-2 file's intervals.
            String older = golden.replaceFirst("(?s)  estimand:\n.*?  bootstrap_replicates:", "  bootstrap_replicates:");
            assertFalse(older.contains("estimand"));
            assertEquals(TestModels.golden(), ModelYaml.read(new java.io.StringReader(older), "older.yaml"));
            assertEquals(golden, ModelYaml.write(ModelYaml.read(new java.io.StringReader(older), "older.yaml")),
                    "written again, it states its estimand");
        }

        @Test
        void bootstrapReplicatesAreACountOfAtLeastZero() {
            assertEquals("model.yaml: calibration_metadata.bootstrap_replicates: expected an integer from 0 to"
                            + " 2147483647, got -1",
                    rejection(replaced("  bootstrap_replicates: 20\n", "  bootstrap_replicates: -1\n")));
            assertEquals("model.yaml: calibration_metadata.bootstrap_replicates: missing",
                    rejection(replaced("  bootstrap_replicates: 20\n", "")));
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
                    rejection(replaced("      proof_incomplete: {rate: 0.0, ci: [0.0, 0.5748182431869805]}\n", "")));
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
            return replaced("    timeout_rate_ci: [0.08654209340532756, 0.6144030927105373]\n",
                    "    timeout_rate_ci: " + value + "\n");
        }
    }

    /**
     * The golden FAST tier's modules: 5 modules of 4 runs, every one flaky; 5 timeouts of 20 runs, with a timeout
     * interval of [0.1119, 0.4687] over the runs and [0.0865, 0.6144] over the population.
     */
    @Nested
    class ModuleFields {
        private static final String FAST = "model.yaml: calibrated_models.FAST.";
        private static final String RUNS = "    timeout_rate_ci_runs: [0.11186170140766567, 0.46870087761874396]\n";
        private static final String TIMEOUT_CLUSTERING =
                "      timeout_rate: {icc: -0.3333333333333333, design_effect: 1.0, effective_n: 20.0}\n";
        private static final String FLAKY = "      flaky_module_share: {modules: 5, rate: 1.0, ci: [0.5655175352168254,"
                + " 1.0]}\n";

        @Test
        void theIntervalOverTheRunsIsChecked() {
            assertEquals(FAST + "timeout_rate_ci_runs: missing", rejection(replaced(RUNS, "")));
            assertEquals(FAST + "timeout_rate_ci_runs: [0.3, 0.5] does not contain the rate 0.25",
                    rejection(replaced(RUNS, "    timeout_rate_ci_runs: [0.3, 0.5]\n")));
        }

        @Test
        void theIntervalOverThePopulationHoldsTheOneOverTheRuns() {
            assertEquals(FAST + "timeout_rate_ci: [0.2, 0.3] must hold timeout_rate_ci_runs [0.11186170140766567,"
                            + " 0.46870087761874396]: runs that repeat modules are never more precise than independent"
                            + " runs",
                    rejection(replaced("    timeout_rate_ci: [0.08654209340532756, 0.6144030927105373]\n",
                            "    timeout_rate_ci: [0.2, 0.3]\n")));
        }

        @Test
        void moduleCountsFitTheSamples() {
            assertEquals(FAST + "modules.distinct: expected an integer from 1 to 20, got 25",
                    rejection(replaced("      distinct: 5\n", "      distinct: 25\n")));
            assertEquals(FAST + "modules.runs_per_module.mean: 5.0, but n_samples / distinct = 20/5 = 4.0",
                    rejection(replaced("{mean: 4.0, min: 4, max: 4}", "{mean: 5.0, min: 4, max: 4}")));
            assertEquals(FAST + "modules.runs_per_module.min: runs per module min 5 and max 4 do not fit 5 modules"
                    + " of 20 runs", rejection(replaced("{mean: 4.0, min: 4, max: 4}", "{mean: 4.0, min: 5, max: 4}")));
            assertEquals(FAST + "modules.runs_per_module.max: missing",
                    rejection(replaced("{mean: 4.0, min: 4, max: 4}", "{mean: 4.0, min: 4}")));
        }

        @Test
        void clusteringNumbersAreChecked() {
            assertEquals(FAST + "modules.timeout_rate.icc: must lie in [-1, 1], got 1.5", rejection(replaced(
                    TIMEOUT_CLUSTERING, TIMEOUT_CLUSTERING.replace("icc: -0.3333333333333333", "icc: 1.5"))));
            assertEquals(FAST + "modules.timeout_rate.design_effect: must be at least 1, got 0.5", rejection(replaced(
                    TIMEOUT_CLUSTERING, TIMEOUT_CLUSTERING.replace("design_effect: 1.0", "design_effect: 0.5"))));
            assertEquals(FAST + "modules.timeout_rate.effective_n: 21.0, but n_samples / design_effect = 20.0",
                    rejection(replaced(TIMEOUT_CLUSTERING,
                            TIMEOUT_CLUSTERING.replace("effective_n: 20.0", "effective_n: 21.0"))));
            assertEquals(FAST + "modules.timeout_rate.iccs: unknown field; expected one of icc, design_effect,"
                    + " effective_n", rejection(replaced(TIMEOUT_CLUSTERING,
                    TIMEOUT_CLUSTERING.replace("{icc:", "{iccs:"))));
        }

        @Test
        void repeatabilityIsGivenExactlyWhenModulesRanTwice() {
            int start = golden.indexOf("    repeatability:\n");
            int end = golden.indexOf("    duration_ms:\n", start);
            assertEquals(FAST + "repeatability: null, but a module ran 4 times",
                    rejection(replaced(golden.substring(start, end), "    repeatability: null\n")));
        }

        @Test
        void sharesAgreeWithTheirCounts() {
            assertEquals(FAST + "repeatability.flaky_module_share.rate: 0.8, but 5 of 5 modules = 1.0",
                    rejection(replaced(FLAKY, FLAKY.replace("rate: 1.0,", "rate: 0.8,"))));
            assertEquals(FAST + "repeatability.flaky_module_share.modules: expected an integer from 0 to 5, got 6",
                    rejection(replaced(FLAKY, FLAKY.replace("modules: 5,", "modules: 6,"))));
        }

        @Test
        void stabilityCountsAddUpAndOrderTheFlakyModules() {
            String stability = "      stability: {always_verified: 0, always_timeout: 0, always_failing: 0, mixed: 5}\n";
            assertEquals(FAST + "repeatability.stability: stability counts 0, 0, 0, 4 must add up to the 5 modules",
                    rejection(replaced(stability, stability.replace("mixed: 5", "mixed: 4"))));
            assertEquals(FAST + "repeatability.stability: flaky modules (5) <= mixed (4) <= modules with differing"
                    + " outcomes (5) must hold", rejection(replaced(stability,
                    stability.replace("always_verified: 0", "always_verified: 1").replace("mixed: 5", "mixed: 4"))));
        }

        @Test
        void aVerdictFlipRateCannotExceedTheOutcomeFlipRate() {
            String flips = "      flip_rate: {rate: 0.5666666666666667, ci: [0.2744350144177281, 0.7869037600370883]}\n";
            assertEquals(FAST + "repeatability.stability: flip rate 0.75 cannot exceed the outcome flip rate"
                            + " 0.7333333333333334",
                    rejection(replaced(flips, "      flip_rate: {rate: 0.75, ci: [0.2744350144177281, 0.8]}\n")));
        }
    }

    /** The golden FAST fit: lognormal best, no ties, 15 events and 5 timeouts censored at 30012.5 ms. */
    @Nested
    class DurationDistributionFields {
        private static final String FIT = "model.yaml: calibrated_models.FAST.duration_distribution.";

        @Test
        void theSectionIsRequired() {
            assertEquals("model.yaml: calibrated_models.FAST.duration_distribution: missing",
                    rejection(golden.replaceFirst("(?s)    duration_distribution:\n.*?(?=    budget_curve:\n)", "")));
        }

        @Test
        void unknownAndMissingFieldsAreNamed() {
            assertEquals(FIT + "bset: unknown field; expected one of best, tie_with, n_events, n_censored,"
                            + " censored_at_ms, resolution_ms, instant_ends, ks_sample_size, observed, candidates",
                    rejection(replaced("      best: lognormal\n", "      bset: lognormal\n")));
            assertEquals(FIT + "n_censored: missing", rejection(replaced("      n_censored: 5\n", "")));
        }

        @Test
        void bestIsAFittedFamily() {
            assertEquals(FIT + "best: unknown distribution family 'normal', expected one of exponential, gamma,"
                    + " lognormal, weibull", rejection(replaced("      best: lognormal\n", "      best: normal\n")));
            assertEquals(FIT + "best: best family 'gamma' is not among the fitted candidates",
                    rejection(replacedFastCandidate("gamma", "not_fitted: diverged",
                            "      best: lognormal\n", "      best: gamma\n")));
        }

        @Test
        void bestIsNullOnlyWhenNothingWasFitted() {
            assertEquals(FIT + "best: null, but the fitted candidates are exponential, gamma, lognormal, weibull",
                    rejection(replaced("      best: lognormal\n", "      best: null\n")));
        }

        @Test
        void tiesAreOtherFittedFamiliesNamedOnce() {
            assertEquals(FIT + "tie_with: expected a list, got \"weibull\"", rejection(replacedTies("weibull")));
            assertEquals(FIT + "tie_with[0]: expected a string, got 3", rejection(replacedTies("[3]")));
            assertEquals(FIT + "tie_with[0]: \"normal\" is not a fitted candidate",
                    rejection(replacedTies("[normal]")));
            assertEquals(FIT + "tie_with[0]: \"lognormal\" is the best family, not a tie with it",
                    rejection(replacedTies("[lognormal]")));
            assertEquals(FIT + "tie_with[1]: \"gamma\" is listed twice", rejection(replacedTies("[gamma, gamma]")));
            assertEquals(FIT + "tie_with[0]: \"gamma\" is not a fitted candidate",
                    rejection(replacedFastCandidate("gamma", "not_fitted: diverged",
                            "      tie_with: []\n", "      tie_with: [gamma]\n")));
        }

        @Test
        void eventsAndCensoredSamplesAreTheTiersSamplesAndTimeouts() {
            assertEquals(FIT + "n_events: 16, but the tier's 20 samples less its 5 timeouts leave 15",
                    rejection(replaced("      n_events: 15\n", "      n_events: 16\n")));
            assertEquals(FIT + "n_censored: 4, but outcome_counts count 5 timeouts",
                    rejection(replaced("      n_censored: 5\n", "      n_censored: 4\n")));
            assertEquals(FIT + "n_events: expected an integer from 0 to 2147483647, got 15.0",
                    rejection(replaced("      n_events: 15\n", "      n_events: 15.0\n")));
        }

        @Test
        void censoredAtIsAFiniteDurationExactlyWhenSomethingWasCensored() {
            assertEquals(FIT + "censored_at_ms: null, but n_censored is 5", rejection(replacedCensoredAt("null")));
            assertEquals(FIT + "censored_at_ms: durations cannot be negative, got -1.0",
                    rejection(replacedCensoredAt("-1.0")));
            assertEquals(FIT + "censored_at_ms: expected a finite number, got Infinity",
                    rejection(replacedCensoredAt(".inf")));
            String withoutTimeouts = ModelYaml.write(CalibrationModel.of(TestModels.golden().metadata(),
                    List.of(TierSamples.of(Tier.FAST, new Outcome[] {Outcome.VERIFIED, Outcome.VERIFIED},
                            new double[] {1200.0, 2500.5}))));
            assertEquals(FIT + "censored_at_ms: must be null when n_censored is 0, got 5.0",
                    rejection(withoutTimeouts.replace("      censored_at_ms: null\n", "      censored_at_ms: 5.0\n")));
        }

        @Test
        void everyFamilyIsACandidate() {
            assertEquals(FIT + "candidates.normal: unknown family; expected one of exponential, gamma, lognormal,"
                    + " weibull", rejection(replaced("      candidates:\n",
                    "      candidates:\n        normal:\n          not_fitted: unknown\n")));
            assertEquals(FIT + "candidates.weibull: missing",
                    rejection(golden.replaceFirst("(?m)^        weibull:\n(^          .*\n)+", "")));
        }

        @Test
        void aFamilyNotFittedHasOnlyItsReason() {
            assertEquals(FIT + "candidates.gamma.not_fitted: expected a string, got 3",
                    rejection(replacedFastCandidate("gamma", "not_fitted: 3")));
            assertEquals(FIT + "candidates.gamma.aic: unknown field of a family not fitted; expected one of"
                    + " not_fitted", rejection(replacedFastCandidate("gamma", "not_fitted: diverged\naic: 1.0")));
        }

        @Test
        void aFittedFamilyHasItsCriteria() {
            assertEquals(FIT + "candidates.exponential.aic_c: unknown field; expected one of parameters,"
                    + " log_likelihood, aic, aicc, bic, delta_aic, weight, ks_statistic, ks_p_value, ks_replicates,"
                    + " ks_exceedances, covariance",
                    rejection(replaced("          aicc: ", "          aic_c: ")));
            assertEquals(FIT + "candidates.exponential.log_likelihood: expected a finite number, got -Infinity",
                    rejection(replaced("          log_likelihood: -156.06319519406003\n",
                            "          log_likelihood: -.inf\n")));
            assertEquals(FIT + "candidates.exponential.delta_aic: cannot be negative, got -1.0",
                    rejection(replaced("          delta_aic: 14.478797991408612\n", "          delta_aic: -1.0\n")));
            assertEquals(FIT + "candidates.exponential.weight: must lie in [0, 1], got 1.5",
                    rejection(replaced("          weight: 6.974637876509424E-4\n", "          weight: 1.5\n")));
            assertEquals(FIT + "candidates.exponential.ks_p_value: must lie in [0, 1], got 2.0",
                    rejection(replaced("          ks_p_value: 0.008264462809917356\n", "          ks_p_value: 2.0\n")));
        }

        /** A bootstrap p-value is its counts: (1 + exceedances) / (1 + replicates), and at 0 exceedances a bound. */
        @Test
        void theBootstrapPValueFollowsFromItsCounts() {
            assertEquals(FIT + "candidates.exponential.ks_p_value: 0.004975124378109453, but 0 exceedances in 120"
                    + " replicates give 0.008264462809917356", rejection(replaced(
                            "          ks_p_value: 0.008264462809917356\n", "          ks_p_value: 0.004975124378109453\n")));
            assertEquals(FIT + "candidates.exponential.ks_p_value: ks_p_value, ks_replicates and ks_exceedances are"
                    + " all given or all null", rejection(replaced("          ks_replicates: 120\n",
                            "          ks_replicates: null\n")));
            assertEquals(FIT + "candidates.exponential.ks_exceedances: expected an integer from 0 to 120, got 121",
                    rejection(replaced("          ks_exceedances: 0\n", "          ks_exceedances: 121\n")));
        }

        @Test
        void theObservedDurationsAreTheTiersRuns() {
            assertEquals(FIT + "observed.event_counts: add up to 16, but n_events is 15",
                    rejection(replaced("event_counts: [1, 1, 1,", "event_counts: [2, 1, 1,")));
            assertEquals(FIT + "observed.event_ms: durations must be finite, non-negative and ascending: entry 1 is"
                    + " 800.0", rejection(replaced("event_ms: [900.0, 1037.25,", "event_ms: [900.0, 800.0,")));
            assertEquals(FIT + "observed.censored: 4, but n_censored is 5",
                    rejection(replaced("        censored: 5\n", "        censored: 4\n")));
            assertEquals(FIT + "observed.event_ms: the earliest timeout is given exactly when there are timeouts: 5"
                    + " timeouts, earliest null", rejection(replaced("        earliest_censored_ms: 30012.5\n",
                            "        earliest_censored_ms: null\n")));
        }

        /**
         * The module sums behind clustered answers from the runs must fit the durations and the tier's modules; a
         * file written before they were kept is read, and its answers say they are over the runs.
         */
        @Test
        void theObservationsModuleSumsFitTheDurationsAndTheModules() {
            String sums = "          exceeding_squared: [80, 73, 68, 65, 58, 53, 50, 43, 38, 35, 28, 23, 20, 13, 8]\n";
            assertEquals(FIT + "observed.modules.count: 4, but the tier's modules.distinct is 5",
                    rejection(replaced("        modules:\n          count: 5\n", "        modules:\n          count: 4\n")));
            assertEquals(FIT + "observed.modules: module sums must not fall as the budget shrinks: entry 1 has"
                            + " ModuleSums[runs=20, events=19, modules=5, runsSquared=80, eventsSquared=60,"
                            + " runsTimesEvents=76] after ModuleSums[runs=20, events=18, modules=5, runsSquared=80,"
                            + " eventsSquared=68, runsTimesEvents=72]",
                    rejection(replaced(sums, sums.replace("[80, 73,", "[80, 60,"))));
            assertEquals(FIT + "observed.modules: per-duration module sums need one entry per finished duration (15),"
                    + " got 14 and 15", rejection(replaced(sums, sums.replace("[80, 73,", "[80,"))));
            assertEquals(FIT + "observed.modules.exceeding_squared[2]: expected an integer of at least 0, got -68",
                    rejection(replaced(sums, sums.replace(" 68,", " -68,"))));
            assertTrue(rejection(replaced("          runs_squared: 80\n", "")).startsWith(FIT
                    + "observed.modules.runs_squared: missing"));
            // Older files: no key. FAST's 5 modules ran 4 times each, so what the runs answer is over the runs.
            String older = golden.replaceFirst("(?s)        modules:\n          count: 5\n.*?exceeding_cross: \\[[^]]*]\n",
                    "");
            assertTrue(older.length() < golden.length());
            var model = ModelYaml.read(new StringReader(older), "older.yaml");
            var observed = model.tier("FAST").durationDistribution().observed();
            assertEquals(null, observed.byModule());
            var evidence = model.budgetEvidence();
            var fast = evidence.get(0);
            assertTrue(io.github.noisecal.calibration.fit.TimeoutBudgets.rateAt(fast, evidence, 10_000).notes()
                    .contains("the observations do not say which module each run came from: the interval is over"
                            + " these runs, as if each were an independent proof"));
        }

        @Test
        void instantEndsAreAmongTheFinishedRuns() {
            String withInstantEnds = replaced("      instant_ends: null\n", "      instant_ends: {count: 16, below_ms: 1.0}\n");
            assertEquals(FIT + "instant_ends.count: expected an integer from 1 to 15, got 16",
                    rejection(withInstantEnds));
            assertEquals(FIT + "instant_ends.below_ms: 0.02 must exceed half the resolution 0.05", rejection(
                    replaced("      instant_ends: null\n", "      instant_ends: {count: 1, below_ms: 0.02}\n")));
            assertEquals(FIT + "resolution_ms: must be positive (null for a continuous clock), got 0.0",
                    rejection(replaced("      resolution_ms: 0.05\n", "      resolution_ms: 0.0\n")));
        }

        @Test
        void parametersAreExactlyTheFamilys() {
            assertEquals(FIT + "candidates.exponential.parameters.mean: unknown exponential parameter; expected one"
                    + " of mean_ms", rejection(replaced("{mean_ms: 12139", "{mean: 12139")));
            assertEquals(FIT + "candidates.gamma.parameters.scale_ms: missing",
                    rejection(replaced("{shape: 0.5130900059831186, scale_ms: 29662.986827010955}",
                            "{shape: 0.5130900059831186}")));
            assertEquals(FIT + "candidates.lognormal.parameters.shape: unknown lognormal parameter; expected one of"
                    + " mu, sigma", rejection(replaced("{mu: 8.467443332626305, sigma: 1.5990344721463015}",
                    "{shape: 8.467443332626305, scale_ms: 1.5990344721463015}")));
        }

        @Test
        void parametersAreInTheFamilysRange() {
            assertEquals(FIT + "candidates.gamma: gamma parameter shape must be positive, got -0.5",
                    rejection(replaced("{shape: 0.5130900059831186,", "{shape: -0.5,")));
        }

        @Test
        void covarianceIsASymmetricMatrixOfTheParameters() {
            String exponential = "          covariance: [[9824362.119633539]]\n";
            assertEquals(FIT + "candidates.exponential.covariance: expected a 1 x 1 matrix, got a list of 2 items",
                    rejection(replaced(exponential, "          covariance: [[1.0], [2.0]]\n")));
            assertEquals(FIT + "candidates.exponential.covariance[0]: expected a row of 1 number, got a list of"
                    + " 2 items", rejection(replaced(exponential, "          covariance: [[1.0, 2.0]]\n")));
            assertEquals(FIT + "candidates.exponential.covariance[0][0]: expected a finite number, got NaN",
                    rejection(replaced(exponential, "          covariance: [[.nan]]\n")));
            assertEquals(FIT + "candidates.exponential: exponential covariance[0][0] is a variance and must be >= 0,"
                    + " got -1.0", rejection(replaced(exponential, "          covariance: [[-1.0]]\n")));
            assertEquals(FIT + "candidates.gamma.covariance: expected a 2 x 2 matrix, got a list of 1 item",
                    rejection(replaced("[[0.02384395698966831, -1990.5228149942914], [-1990.5228149942914,"
                            + " 3.0079436852496576E8]]", "[[0.02384395698966831, -1990.5228149942914]]")));
            assertEquals(FIT + "candidates.gamma: gamma covariance must be symmetric, but [1][0] = 1.0 and [0][1] ="
                    + " -1990.5228149942914", rejection(replaced("[-1990.5228149942914, 3.0079436852496576E8]",
                    "[1.0, 3.0079436852496576E8]")));
        }

        private String replacedTies(String value) {
            return replaced("      tie_with: []\n", "      tie_with: " + value + "\n");
        }

        private String replacedCensoredAt(String value) {
            return replaced("      censored_at_ms: 30012.5\n", "      censored_at_ms: " + value + "\n");
        }

        /**
         * The golden text with tier FAST's entry for {@code family} replaced by {@code entry} (its lines, without
         * indentation), and then {@code target} replaced by {@code replacement}.
         */
        private String replacedFastCandidate(String family, String entry, String target, String replacement) {
            String text = replacedFastCandidate(family, entry);
            int at = text.indexOf(target);
            assertTrue(at >= 0, () -> "the text lacks " + target);
            return text.substring(0, at) + replacement + text.substring(at + target.length());
        }

        private String replacedFastCandidate(String family, String entry) {
            Matcher matcher = Pattern.compile("(?m)^        " + family + ":\n(^          .*\n)+").matcher(golden);
            assertTrue(matcher.find(), () -> "the golden file lacks " + family);
            return golden.substring(0, matcher.start()) + "        " + family + ":\n"
                    + entry.replaceAll("(?m)^", "          ") + "\n" + golden.substring(matcher.end());
        }
    }

    /** The golden FAST curve: lognormal, budget 30000 ms, 20 samples; points[0] is 1500 ms, points[20] 37500 ms. */
    @Nested
    class BudgetCurveFields {
        private static final String CURVE = "model.yaml: calibrated_models.FAST.budget_curve.";
        private static final String FIRST_POINT = "      - {budget_ms: 1500.0, basis: observed, factor: null, timeouts: 16,"
                + " rate: 0.8, lower: 0.314088628480627, upper: 0.9651379983276923,";
        private static final String FIRST_EXTRAPOLATED = "      - {budget_ms: 37500.0, basis: extrapolated, factor: 1.25,"
                + " timeouts: null, rate: 0.1969700567577905,";

        @Test
        void unknownAndMissingFieldsAreNamed() {
            assertEquals(CURVE + "sample: unknown field; expected one of family, averaged_families,"
                    + " calibration_budget_ms, observed_up_to_ms, extrapolation_limit, samples, confidence, notes, points",
                    rejection(replaced("      samples: 20\n", "      sample: 20\n")));
            assertEquals(CURVE + "points[0].budget: unknown field; expected one of budget_ms, basis, factor, timeouts,"
                    + " rate, lower, upper, model_rate, model_lower, model_upper",
                    rejection(replacedFirstPoint("{budget_ms: 1500.0,", "{budget: 1500.0,")));
            assertEquals(CURVE + "points[0].upper: missing",
                    rejection(replacedFirstPoint(" upper: 0.9651379983276923,", "")));
        }

        @Test
        void theFamilyIsTheBestFittedOneAndTheAveragedOnesAreFitted() {
            assertEquals(CURVE + "family: \"weibull\", but duration_distribution.best is \"lognormal\"",
                    rejection(replaced("      family: lognormal\n", "      family: weibull\n")));
            assertEquals(CURVE + "averaged_families[1]: \"cauchy\" is not a fitted candidate",
                    rejection(replaced("averaged_families: [lognormal, weibull]", "averaged_families: [lognormal, cauchy]")));
        }

        @Test
        void budgetAndConfidenceAreInRange() {
            assertEquals(CURVE + "calibration_budget_ms: must be positive, got 0.0",
                    rejection(replaced("calibration_budget_ms: 30000.0\n", "calibration_budget_ms: 0.0\n")));
            assertEquals(CURVE + "observed_up_to_ms: must lie in [0, calibration_budget_ms], got 40000.0",
                    rejection(replaced("observed_up_to_ms: 30000.0\n", "observed_up_to_ms: 40000.0\n")));
            assertEquals(CURVE + "confidence: must lie in (0, 1), got 1.0",
                    rejection(replaced("      confidence: 0.95\n      notes:\n", "      confidence: 1.0\n      notes:\n")));
            assertEquals(CURVE + "points[0].budget_ms: must be positive, got -1500.0",
                    rejection(replacedFirstPoint("{budget_ms: 1500.0,", "{budget_ms: -1500.0,")));
        }

        @Test
        void pointsAreAListOfMappings() {
            assertEquals(CURVE + "points: expected a list, got a mapping",
                    rejection(golden.replaceFirst("(?m)^      points:\n(^      - .*\n)+", "      points: {}\n")));
            assertEquals(CURVE + "points[0]: expected a mapping, got 1500.0",
                    rejection(golden.replaceFirst("(?m)^      - \\{budget_ms: 1500\\.0.*$", "      - 1500.0")));
        }

        /** What a point rests on follows from its budget: observed within observed_up_to_ms, beyond it not. */
        @Test
        void theBasisFollowsFromTheBudget() {
            assertEquals(CURVE + "points[0].basis: extrapolated, but budget_ms 1500.0 lies within observed_up_to_ms"
                    + " 30000.0", rejection(replacedFirstPoint("basis: observed,", "basis: extrapolated,")));
            assertEquals(CURVE + "points[20].basis: observed, but budget_ms 37500.0 lies beyond observed_up_to_ms"
                    + " 30000.0", rejection(replaced(FIRST_EXTRAPOLATED, FIRST_EXTRAPOLATED.replace(
                            "basis: extrapolated,", "basis: observed,"))));
            assertEquals(CURVE + "points[0].basis: unknown basis 'guessed'; expected observed, extrapolated,"
                    + " beyond_data or no_answer", rejection(replacedFirstPoint("basis: observed,", "basis: guessed,")));
            assertEquals(CURVE + "points[20].factor: is given exactly for points beyond the observed budget, got null"
                    + " for basis extrapolated", rejection(replaced(FIRST_EXTRAPOLATED, FIRST_EXTRAPOLATED.replace(
                            "factor: 1.25,", "factor: null,"))));
        }

        @Test
        void timeoutsAreAtMostTheSamplesAndOnlyObserved() {
            assertEquals(CURVE + "points[0].timeouts: expected an integer from 0 to 20, got 21",
                    rejection(replacedFirstPoint("timeouts: 16,", "timeouts: 21,")));
            assertEquals(CURVE + "points[20].timeouts: is given only for observed points, got 3",
                    rejection(replaced(FIRST_EXTRAPOLATED, FIRST_EXTRAPOLATED.replace("timeouts: null,",
                            "timeouts: 3,"))));
        }

        @Test
        void beyondTheDataThereIsNoRate() {
            String beyond = FIRST_EXTRAPOLATED.replace("basis: extrapolated,", "basis: beyond_data,");
            assertEquals(CURVE + "points[20].rate: must be null when the basis is beyond_data, got 0.1969700567577905",
                    rejection(replaced(FIRST_EXTRAPOLATED, beyond)));
        }

        @Test
        void modelColumnsAreNullExactlyWhenTheFamilyIs() {
            assertEquals("model.yaml: calibrated_models.QUICK.budget_curve.points[0].model_rate: must be null when"
                    + " the curve's family is null, got 0.5",
                    rejection(replaced("model_rate: null,", "model_rate: 0.5,")));
        }

        @Test
        void bandsAreProbabilitiesAroundTheirRate() {
            assertEquals(CURVE + "points[0].lower: 0.9 exceeds rate 0.8",
                    rejection(replacedFirstPoint("lower: 0.314088628480627,", "lower: 0.9,")));
            assertEquals(CURVE + "points[0].upper: 0.7 is below rate 0.8",
                    rejection(replacedFirstPoint("upper: 0.9651379983276923,", "upper: 0.7,")));
            assertEquals(CURVE + "points[0].model_rate: must lie in [0, 1], got 1.5",
                    rejection(replaced("model_rate: 0.7647989399038355,", "model_rate: 1.5,")));
        }

        /** The golden text with {@code target} replaced within the first point of FAST's curve. */
        private String replacedFirstPoint(String target, String replacement) {
            assertTrue(FIRST_POINT.contains(target), () -> "the first point lacks " + target);
            return replaced(FIRST_POINT, FIRST_POINT.replace(target, replacement));
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
                    m.modulesSha256(), m.planId(), m.repeats(), m.tierRuns(), m.environment(), m.provenance());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelYaml.write(model.withMetadata(twice)));

            assertEquals("the model cannot be written as YAML without changing its metadata: tier names must be"
                    + " distinct, and budgets shorter than 52 days to be kept to the nanosecond", e.getMessage());
        }

        @Test
        void aModelThatWouldNotReadBackIsNotWritten() {
            CalibrationModel model = TestModels.golden();
            RateEstimate atAnotherLevel = RateEstimate.of(5, 20, 0.9, model.metadata().intervalMethod());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelYaml.write(
                    TestModels.withTier(model, TestModels.withTimeoutRate(model.tier("FAST"), atAnotherLevel))));

            assertEquals("the model cannot be written as YAML without changing tier FAST: its rate estimates must"
                    + " count its n_samples at the metadata's confidence level and interval method", e.getMessage());
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
