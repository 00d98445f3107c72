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
        // 100 placeholder modules run 4 times each by the physical mock.
        CliRunner r = CliRunner.run("calibrate", "--n", "400", "--repeats", "4", "--seed", "3", "--bootstrap", "20",
                "--export", model.toString(), "--raw", raw.toString());
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
    void budgetAnswersFromTheRunsFirstAndSaysWhatItRestsOn() {
        CliRunner target = CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate", "0.15");
        assertEquals(0, target.exitCode(), target.err());
        assertTrue(target.out().matches("(?s).*Tier: FAST .*smallest budget with timeout rate <= 0.15: [0-9.]+ s "
                + "\\(95% interval \\[[0-9.]+ s, .*\\]\\), observed\n.*"), target.out());
        CliRunner rates = CliRunner.run("budget", "--model", model.toString(), "--budgets", "10s", "45s", "1h");
        assertEquals(0, rates.exitCode(), rates.err());
        assertTrue(rates.out().matches("(?s).*at 10.00 s: timeout rate [0-9.]+ \\(95% interval \\[[0-9.]+, "
                + "[0-9.]+\\]\\), observed \\([0-9]+ runs longer\\)\n    beside it, as a model only: .*"),
                rates.out());
        // FAST ran under 30 s; BALANCED, with the same limits, observed 45 s.
        assertTrue(rates.out().contains("    observed in BALANCED (400 runs, identical verifier limits, budget 60 s)"),
                rates.out());
        assertTrue(rates.out().contains("at 3600.00 s: beyond the data: no number; the plausible families put it in"),
                rates.out());
        assertFalse(rates.out().contains("[0.0000, 0.0000]"), rates.out());
    }

    /** A tier whose every run timed out has nothing to fit: the runs answer where they can, the rest says why. */
    @Test
    void budgetWithoutAFitAnswersWhatItCanAndSaysWhatIsMissing() {
        Path allTimeouts = dir.resolve("all-timeouts.yaml");
        CliRunner calibrate = CliRunner.run("calibrate", "--tiers", "FAST", "--n", "50", "--bootstrap", "0",
                "--backend-option", "profile=origin", "--backend-option", "rate.FAST.verifier_timeout=1", "--backend-option", "rate.FAST.proof_invalid=0",
                "--export", allTimeouts.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        CliRunner rates = CliRunner.run("budget", "--model", allTimeouts.toString(), "--budgets", "10s", "45s");
        assertEquals(0, rates.exitCode(), rates.err());
        assertTrue(rates.out().contains("at 10.00 s: timeout rate 1.0000"), rates.out());
        assertTrue(rates.out().contains("at 45.00 s: no answer\n    no answer at 45 s: the runs of FAST cover budgets "
                + "up to 30 s, and no duration family was fitted to them (all 50 samples were censored"), rates.out());
        CliRunner target = CliRunner.run("budget", "--model", allTimeouts.toString(), "--target-timeout-rate", "0.5");
        assertEquals(0, target.exitCode(), target.err());
        assertTrue(target.out().contains("no budget: the runs reach a timeout rate of 0.5000 nowhere up to 30 s"),
                target.out());
        assertFalse(target.err().contains("Exception"), target.err());
    }

    /** Millisecond budgets are shown in ms, not rounded away to 0.00 s. */
    @Test
    void budgetsBelowOneSecondAreShownInMilliseconds() {
        Path tiny = dir.resolve("tiny.yaml");
        CliRunner calibrate = CliRunner.run("calibrate", "--tiers", "TINY", "--budget", "TINY=1ms", "--n", "20",
                "--bootstrap", "0", "--export", tiny.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        CliRunner rates = CliRunner.run("budget", "--model", tiny.toString(), "--budgets", "1ms", "250ms", "10s");
        assertEquals(0, rates.exitCode(), rates.err());
        assertTrue(rates.out().startsWith("Tier: TINY (budget 1 ms, 20 runs)\n  at 1 ms: timeout rate 1.0000"),
                rates.out());
        assertTrue(rates.out().contains("\n  at 250 ms: ") && rates.out().contains("\n  at 10.00 s: "), rates.out());
        assertFalse(rates.out().matches("(?s).*[^0-9]0\\.00 s.*"), rates.out());

        assertEquals("0.5 ms", DurationParser.show(0.5));
        assertEquals("12.3 ms", DurationParser.show(12.345));
        assertEquals("1.00 s", DurationParser.show(999.96));
        assertEquals("1.50 s", DurationParser.show(1500));
        assertEquals("0 ms", DurationParser.show(0));
    }

    @Test
    void budgetRejectsBadQuestions() throws Exception {
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate", "1.5"),
                "--target-timeout-rate: must lie strictly between 0 and 1, got 1.5");
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--budgets", "soon"),
                "--budgets: 'soon' is not a duration");
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--budgets", "-5s"),
                "--budgets: '-5s' is not a duration");
        assertUsageError(CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate", "0"),
                "--target-timeout-rate: must lie strictly between 0 and 1, got 0.0");
        assertUsageError(CliRunner.run("budget", "--model", model.toString()),
                "Missing required argument (specify one of these)");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "calibration_metadata: {schema_version: 9}\n");
        assertUsageError(CliRunner.run("budget", "--model", broken.toString(), "--budgets", "1s"),
                "calibration_metadata.schema_version");
    }

    @Test
    void validateExitsZeroThreeOrFourForPassConditionalAndFail() throws Exception {
        CliRunner r = CliRunner.run("validate", model.toString());
        assertEquals(4, r.exitCode(), r.out());
        assertTrue(r.out().contains("FAIL             FAST      sample count             400 samples, 10000 required"),
                r.out());
        assertTrue(r.out().contains("tier ordering"), r.out());
        // 400 runs of the 100 placeholder modules: enough modules, but no error in 100 of them bounds the rate of
        // errors over proofs at 3.8 %, not at the 1 % 400 independent runs would show.
        assertTrue(r.out().contains("PASS             FAST      distinct modules         100 distinct modules, 4.0 runs"
                + " each"), r.out());
        assertTrue(r.out().matches("(?s).*CONDITIONAL PASS FAST      internal error rate      \\d of 400 \\(0\\.\\d{4},"
                + " interval \\[0\\.0000, 0\\.0[3-9]\\d\\d\\]\\), at most 0\\.01 allowed\n.*"), r.out());
        assertTrue(r.out().strip().endsWith("Overall: fail"), r.out());
        Path lenient = Files.writeString(dir.resolve("lenient.yaml"), """
                min_samples_per_tier: 400
                max_internal_error_rate: 0.05
                timeout_rate: {FAST: [0.0, 1.0]}
                delta_aic: {pass_above: -1, conditional_above: -1}
                ks_p_value: {pass_at: 0, conditional_at: 0}
                tier_ordering: none
                """);
        CliRunner passing = CliRunner.run("validate", model.toString(), "--envelope", lenient.toString());
        assertEquals(0, passing.exitCode(), passing.out());
        assertTrue(passing.out().contains("NOT CHECKED      BALANCED  timeout rate in envelope the envelope gives no"
                + " range for BALANCED (it has ranges for FAST)"), passing.out());
        assertTrue(passing.out().strip().endsWith("Overall: pass"), passing.out());
        // A p-value can never be shown to reach 1, so "pass at 1" leaves a conditional pass at 0.
        Path strictFit = Files.writeString(dir.resolve("strict-fit.yaml"), """
                min_samples_per_tier: 400
                timeout_rate: {FAST: [0.0, 1.0], BALANCED: [0, 1], SLOW: [0, 1]}
                delta_aic: {pass_above: -1, conditional_above: -1}
                ks_p_value: {pass_at: 1, conditional_at: 0}
                tier_ordering: none
                """);
        CliRunner conditional = CliRunner.run("validate", model.toString(), "--envelope", strictFit.toString());
        assertEquals(3, conditional.exitCode(), conditional.out());
        assertTrue(conditional.out().strip().endsWith("Overall: conditional pass"), conditional.out());
        assertUsageError(CliRunner.run("validate", model.toString(), "--envelope", dir.resolve("no.yaml").toString()),
                "no.yaml: no such file");
        CliRunner help = CliRunner.run("validate", "--help");
        assertTrue(help.out().contains("3   conditional pass") && help.out().contains("4   at least one criterion fails"),
                help.out());
    }

    @Test
    void planStatesItsCriterionAndGivesTheExactSampleSizeAndCompute() {
        CliRunner r = CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--mean-duration", "20s",
                "--workers", "16");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Criterion: the wilson 95% interval at the expected count round(n·p) has "
                + "half-width <= 0.01\nSamples per tier: 3461\n"), r.out());
        assertTrue(r.out().contains("P(half-width <= 0.01) = 0.512"), r.out());
        assertTrue(r.out().contains("(the normal approximation would say 3458)"), r.out());
        assertTrue(r.out().contains("independent: 3 tiers x 3461 runs = 10383 runs: 57.7 h (2.40 days) of verifier "
                + "time; 3.6 h (0.15 days) on 16 workers"), r.out());
        assertTrue(r.out().contains("shared:      1 run group (FAST BALANCED SLOW at SLOW's budget) x 3461 runs = "
                + "3461 runs: 19.2 h (0.80 days)"), r.out());
        assertFalse(r.out().contains("CPU"), r.out());
    }

    @Test
    void planForAnAssuranceAndForModulesUnderClustering() {
        CliRunner r = CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--assurance", "0.9",
                "--icc", "0.3", "--repeats", "3", "--mean-duration", "20s", "--mean-duration", "SLOW=45s");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("with probability >= 0.9 (exact"), r.out());
        assertTrue(r.out().contains("Samples per tier: 3651\n"), r.out());
        assertTrue(r.out().contains("P(half-width <= 0.01) = 0.901"), r.out());
        // 3651 x (1 + 2 x 0.3) / 3 = 1947.2 -> 1948 modules of 3 runs
        assertTrue(r.out().contains("design effect 1.600): 1948 distinct modules, 5844 runs per tier"), r.out());
        assertTrue(r.out().contains("one run per module (the answer above): 3651 modules"), r.out());
        // shared: one run per (draw, repeat) at SLOW's budget, 45 s each
        assertTrue(r.out().contains("5844 runs: 73.1 h (3.04 days)"), r.out());
    }

    @Test
    void planWarnsWhenItExpectsHardlyAnyEvents() {
        CliRunner r = CliRunner.run("plan", "--expected-rate", "0.01", "--half-width", "0.05");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Samples per tier: 35\n"), r.out());
        assertTrue(r.out().contains("Warning: the plan expects 0.350 events"), r.out());
        CliRunner distance = CliRunner.run("plan", "--expected-rate", "0", "--half-width", "0.01", "--max-distance");
        assertTrue(distance.out().contains("0 of 381 -> [0.00000, 0.00998]"), distance.out());
    }

    @Test
    void planRejectsNonsenseTargets() {
        assertUsageError(CliRunner.run("plan", "--expected-rate", "2", "--half-width", "0.01"),
                "--expected-rate: must lie in [0, 1], got 2.0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0"),
                "--half-width: must lie in (0, 0.5], got 0.0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--assurance", "1"),
                "--assurance: must lie strictly between 0 and 1, got 1.0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--icc", "1"),
                "--icc: must lie in [0, 1), got 1.0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--icc", "-0.2"),
                "--icc: must lie in [0, 1), got -0.2");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--repeats", "0"),
                "--repeats: must be at least 1, got 0");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--repeats", "3"),
                "give their intra-module correlation with --icc R");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--criterion",
                "lucky"), "--criterion: criterion must be one of expected-count, expected, assurance, got 'lucky'");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--criterion",
                "expected", "--assurance", "0.9"), "cannot be combined with --criterion expected");
        assertUsageError(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01", "--mean-duration",
                "FAST=10s"), "--mean-duration: no duration for tier BALANCED");
    }
}
