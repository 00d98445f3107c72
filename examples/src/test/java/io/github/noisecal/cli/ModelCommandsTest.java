package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit, budget, validate and plan: what they print, and how they reject bad input. */
class ModelCommandsTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path raw;

    @BeforeAll
    static void calibrate() {
        model = dir.resolve("model.yaml");
        raw = dir.resolve("raw.jsonl");
        CliRunner r = CliRunner.run("calibrate", "--n", "400", "--seed", "3", "--bootstrap", "20", "--export",
                model.toString(), "--raw", raw.toString());
        assertEquals(0, r.exitCode(), r.err());
    }

    private static void assertUsageError(CliRunner r, String message) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("noisecal: error: ") && r.err().contains(message), r.err());
    }

    @Test
    void fitRebuildsTheModelFromRawTelemetry() throws Exception {
        Path rebuilt = dir.resolve("rebuilt.yaml");
        CliRunner r = CliRunner.run("fit", "--raw", raw.toString(), "--export", rebuilt.toString(), "--bootstrap", "0");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Tier: FAST (budget 30 s)"), r.out());
        String text = Files.readString(rebuilt);
        assertTrue(text.contains("\n  backend: mock\n"), "the journal's header names the backend: " + text);
        assertTrue(text.contains("\n  seed: 3\n"), text);
    }

    @Test
    void fitRejectsDuplicatesAndMissingFiles() {
        CliRunner twice = CliRunner.run("fit", "--raw", raw.toString(), raw.toString(), "--export",
                dir.resolve("twice.yaml").toString());
        assertUsageError(twice, "raw.jsonl line 2: sample ");
        assertUsageError(twice, "is recorded twice (also in " + raw + ")");
        assertFalse(Files.exists(dir.resolve("twice.yaml")));
        assertUsageError(CliRunner.run("fit", "--raw", dir.resolve("none.jsonl").toString(), "--export",
                dir.resolve("x.yaml").toString()), "none.jsonl: no such file");
        assertUsageError(CliRunner.run("fit", "--export", dir.resolve("x.yaml").toString()),
                "Missing required option: '--raw=FILE'");
    }

    @Test
    void budgetAnswersTheInverseQuestionAndRatesAtBudgets() {
        CliRunner target = CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate", "0.05");
        assertEquals(0, target.exitCode(), target.err());
        assertTrue(target.out().matches("(?s).*Tier: FAST .*smallest budget with timeout rate <= 0.05: [0-9.]+ s "
                + "\\(95% interval \\[.*"), target.out());
        CliRunner rates = CliRunner.run("budget", "--model", model.toString(), "--budgets", "10s", "2m");
        assertEquals(0, rates.exitCode(), rates.err());
        assertTrue(rates.out().contains("budget 10.00 s: timeout rate"), rates.out());
        assertTrue(rates.out().contains("budget 120.00 s: timeout rate"), rates.out());
        assertTrue(rates.out().contains("extrapolated beyond the calibrated budget"), rates.out());
    }

    @Test
    void budgetRejectsBadQuestions() throws Exception {
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate", "1.5"),
                "--target-timeout-rate: must lie strictly between 0 and 1, got 1.5");
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--budgets", "soon"),
                "--budgets: 'soon' is not a duration");
        assertUsageError(CliRunner.run("budget", "--model", model.toString()),
                "Error: Missing required argument (specify one of these)");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "calibration_metadata: {schema_version: 9}\n");
        assertUsageError(CliRunner.run("budget", "--model", broken.toString(), "--budgets", "1s"),
                "calibration_metadata.schema_version");
    }

    @Test
    void validatePrintsEveryCriterionAndFailsTooSmallARun() throws Exception {
        CliRunner r = CliRunner.run("validate", model.toString());
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.out().contains("FAIL             FAST      sample count             400 samples, 10000 required"),
                r.out());
        assertTrue(r.out().contains("tier ordering"), r.out());
        assertTrue(r.out().strip().endsWith("Overall: fail"), r.out());
        Path lenient = Files.writeString(dir.resolve("lenient.yaml"), """
                min_samples_per_tier: 400
                timeout_rate: {FAST: [0.0, 1.0]}
                delta_aic: {pass_above: 0, conditional_above: 0}
                ks_p_value: {pass_at: 0, conditional_at: 0}
                """);
        CliRunner passing = CliRunner.run("validate", model.toString(), "--envelope", lenient.toString());
        assertEquals(0, passing.exitCode(), passing.out());
        assertTrue(passing.out().strip().endsWith("Overall: pass"), passing.out());
        assertUsageError(CliRunner.run("validate", model.toString(), "--envelope", dir.resolve("no.yaml").toString()),
                "no.yaml: no such file");
    }

    @Test
    void planGivesTheExactSampleSizeAndCompute() {
        CliRunner r = CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--mean-duration", "20s",
                "--workers", "16");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Samples per tier: 3461"), r.out());
        assertTrue(r.out().contains("(the normal approximation would say 3458)"), r.out());
        assertTrue(r.out().contains("57.7 CPU-hours, 3.6 hours on 16 workers"), r.out());
        assertUsageError(CliRunner.run("plan", "--expected-rate", "2", "--half-width", "0.01"),
                "--expected-rate: must lie in [0, 1], got 2.0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0"),
                "--half-width: must lie in (0, 0.5], got 0.0");
    }
}
