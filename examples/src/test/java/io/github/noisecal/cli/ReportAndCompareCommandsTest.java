package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report and compare on real mock calibrations: what they write and print, and how they refuse bad input. */
class ReportAndCompareCommandsTest {
    @TempDir
    static Path dir;
    static Path baseline;
    static Path baselineRaw;
    static Path changed;
    static Path changedRaw;

    /**
     * The mock's origin profile at its FAST timeout rate (0.2) and at 0.3, 10,000 samples per tier: enough to be
     * clear.
     */
    @BeforeAll
    static void calibrate() {
        baseline = dir.resolve("baseline.yaml");
        baselineRaw = dir.resolve("baseline.jsonl");
        changed = dir.resolve("changed.yaml");
        changedRaw = dir.resolve("changed.jsonl");
        CliRunner a = CliRunner.run("calibrate", "--n", "10000", "--seed", "42", "--bootstrap", "0", "--workers", "2",
                "--repeats", "4", "--backend-option", "profile=origin", "--export", baseline.toString(), "--raw",
                baselineRaw.toString());
        assertEquals(0, a.exitCode(), a.err());
        CliRunner b = CliRunner.run("calibrate", "--n", "10000", "--seed", "42", "--bootstrap", "0", "--workers", "2",
                "--repeats", "4", "--backend-option", "profile=origin", "--backend-option",
                "rate.FAST.verifier_timeout=0.3", "--export", changed.toString(), "--raw", changedRaw.toString());
        assertEquals(0, b.exitCode(), b.err());
    }

    private static void assertOneLineUsageError(CliRunner r, String message) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("noisecal: error: ") && r.err().contains(message), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    @Test
    void aHigherTimeoutRateIsFlaggedWorseAndGatesWithExitFour() {
        CliRunner r = CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate", changed.toString(),
                "--fail-on", "worse", "--target-timeout-rate", "0.05");
        assertEquals(4, r.exitCode(), r.out() + r.err());
        // The origin profile's runs of one module are independent: design effects near 1, shown where not exactly 1.
        String counts = "\\(\\d+/10000(, design effect 1\\.\\d\\d)?\\)";
        assertTrue(r.out().matches("(?s).*Tier: FAST\\n  timeout_rate +0\\.1\\d+ " + counts
                + " -> 0\\.(29|30|31)\\d+ " + counts + "  difference \\+0\\.\\d+ "
                + "\\[\\+0\\.\\d+, \\+0\\.\\d+\\]  p [^\\n]*  WORSE\\n.*"), r.out());
        assertTrue(r.out().contains("each side at its effective sample size (runs / design effect)"), r.out());
        // Every answer says what it rests on: the runs (of which tier) or the families beyond them.
        assertTrue(r.out().matches("(?s).*\\n  budget for timeout rate <= 0\\.05: \\d+\\.\\d\\d s \\[[^\\]]+\\] "
                + "(observed( in \\w+)?|extrapolated \\d\\.\\d\\dx[^>]*) -> .*"), r.out());
        // The backend option is not in the metadata, but in the plan's identity: the plan ids differ, and say why.
        assertTrue(r.out().matches("(?s).*\\nMetadata that differs:\\n  plan_id: \\w+ -> \\w+ \\(plan\\)\\n"
                + "No difference in the rest of what was compared: verifier \\(backend, verifier_version\\), .*"
                + "plan \\(seed, tiers\\.\\*\\.budget_s, .*"), r.out());
        assertTrue(r.out().contains("the backend's settings (--backend-option) differ"), r.out());
        assertTrue(r.out().matches("(?s).*Summary: [1-9] worse, .*"), r.out());
        assertEquals("", r.err());
        // Without the gate the same comparison succeeds.
        assertEquals(0, CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate",
                changed.toString()).exitCode());
    }

    @Test
    void anIdenticalModelIsTheSameEverywhere() {
        CliRunner r = CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate", baseline.toString(),
                "--fail-on", "worse");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("Summary: 0 worse, 0 better, 9 same, 0 inconclusive"), r.out());
        // Only what was compared is said to be the same.
        assertTrue(r.out().contains("\nMetadata: no difference in verifier (backend, verifier_version), machine "
                + "(environment.cpu_model, environment.logical_cores, environment.total_memory_bytes, environment.os, "
                + "environment.java_version), run conditions (workers, available_cores, harness_retries), plan "
                + "(plan_id, seed, tiers.*.budget_s, tiers.*.limits, samples_per_tier, modules.count, modules.sha256), "
                + "what the intervals mean (interval_method, confidence_level, repeats, tier_runs), fit settings "
                + "(bootstrap_replicates), what the model was built from (missing_samples, allow_mixed) and noisecal "
                + "version (tool_version).\n"), r.out());
        assertFalse(r.out().contains("For context"), "the same file has the same load average");
        assertEquals(0, CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate",
                baseline.toString(), "--fail-on", "not-same").exitCode());
    }

    @Test
    void jsonIsOneDocumentOnStandardOutput() throws Exception {
        CliRunner r = CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate", changed.toString(),
                "--format", "json", "--target-timeout-rate", "0.05");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(9, root.get("rates").size());
        JsonNode fastTimeouts = root.get("rates").get(0);
        assertEquals("FAST", fastTimeouts.get("tier").asText());
        assertEquals("timeout_rate", fastTimeouts.get("rate").asText());
        assertEquals("worse", fastTimeouts.get("verdict").asText());
        assertTrue(fastTimeouts.get("difference").get("lower").asDouble() > 0.08);
        assertEquals(10000, fastTimeouts.get("baseline").get("trials").asLong());
        assertTrue(root.get("any_worse").asBoolean());
        assertTrue(fastTimeouts.get("baseline").get("design_effect").asDouble() >= 1);
        assertEquals(fastTimeouts.get("baseline").get("trials").asDouble()
                        / fastTimeouts.get("baseline").get("design_effect").asDouble(),
                fastTimeouts.get("baseline").get("effective_trials").asDouble(), 1e-9);
        JsonNode budget = root.get("durations").get(0).get("baseline").get("budget");
        assertEquals(0.05, budget.get("target_rate").asDouble());
        assertTrue(java.util.Set.of("observed", "extrapolated", "beyond_data", "no_answer")
                .contains(budget.get("basis").asText()), budget.toString());
        assertTrue(budget.get("notes").isArray(), budget.toString());
        assertEquals("holm", root.get("multiplicity").asText());
        assertEquals("", r.err());
    }

    @Test
    void sharedTierRunsAndAnotherIntervalMethodAreListedAsChangingWhatTheIntervalsMean() throws Exception {
        Path independent = dir.resolve("independent-wilson.yaml");
        Path shared = dir.resolve("shared-clopper-pearson.yaml");
        assertEquals(0, CliRunner.run("calibrate", "--n", "200", "--seed", "7", "--bootstrap", "0", "--export",
                independent.toString()).exitCode());
        assertEquals(0, CliRunner.run("calibrate", "--n", "200", "--seed", "7", "--bootstrap", "0", "--tier-runs",
                "shared", "--interval", "clopper_pearson", "--export", shared.toString()).exitCode());
        CliRunner text = CliRunner.run("compare", "--baseline", independent.toString(), "--candidate",
                shared.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("\n  interval_method: wilson -> clopper_pearson -- changes what the "
                + "intervals mean: the models' own intervals (rates, repeatability, budget curves) come from different "
                + "methods, so their widths differ for the same counts; the verdicts here use Newcombe's interval for "
                + "both\n"), text.out());
        assertTrue(text.out().contains("\n  tier_runs: independent -> shared -- changes what the intervals mean: "
                + "with shared runs, tiers with identical limits took their records from the same runs"), text.out());
        assertTrue(text.out().contains("what the intervals mean (confidence_level, repeats)"),
                "the rest of what was compared: " + text.out());
        assertFalse(text.out().contains("Metadata: no difference"), text.out());

        CliRunner json = CliRunner.run("compare", "--baseline", independent.toString(), "--candidate",
                shared.toString(), "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode root = new ObjectMapper().readTree(json.out());
        java.util.Map<String, JsonNode> byField = new java.util.HashMap<>();
        root.get("metadata_differences").forEach(d -> byField.put(d.get("field").asText(), d));
        JsonNode method = byField.get("interval_method");
        assertEquals("clopper_pearson", method.get("candidate").asText());
        assertEquals("intervals", method.get("aspect").asText());
        assertTrue(method.get("changes_interval_meaning").asBoolean());
        assertTrue(byField.get("tier_runs").get("changes_interval_meaning").asBoolean());
        assertEquals("plan", byField.get("plan_id").get("aspect").asText());
        assertFalse(byField.get("plan_id").get("changes_interval_meaning").asBoolean());
        assertEquals("[\"interval_method\",\"confidence_level\",\"repeats\",\"tier_runs\"]",
                root.get("metadata_compared").get("intervals").toString());
        assertTrue(root.get("metadata_context").isArray());
    }

    @Test
    void compareRefusesBadInputWithOneLine() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "calibration_metadata: {schema_version: 9}\n");
        assertOneLineUsageError(CliRunner.run("compare", "--baseline", broken.toString(), "--candidate",
                baseline.toString()), "calibration_metadata.schema_version");
        Path fast = dir.resolve("fast.yaml");
        Path slow = dir.resolve("slow.yaml");
        assertEquals(0, CliRunner.run("calibrate", "--tiers", "FAST", "--n", "50", "--bootstrap", "0", "--export",
                fast.toString()).exitCode());
        assertEquals(0, CliRunner.run("calibrate", "--tiers", "SLOW", "--n", "50", "--bootstrap", "0", "--export",
                slow.toString()).exitCode());
        assertOneLineUsageError(CliRunner.run("compare", "--baseline", fast.toString(), "--candidate",
                slow.toString()), "no tier in common (baseline: FAST; candidate: SLOW)");
        assertOneLineUsageError(CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate",
                changed.toString(), "--fail-on", "better"), "--fail-on: 'worse' or 'not-same', got 'better'");
        assertOneLineUsageError(CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate",
                changed.toString(), "--format", "xml"), "--format: 'text' or 'json', got 'xml'");
        assertOneLineUsageError(CliRunner.run("compare", "--baseline", baseline.toString(), "--candidate",
                changed.toString(), "--margin", "0"), "--margin: must lie strictly between 0 and 1, got 0.0");
    }

    @Test
    void reportWritesOneSelfContainedFile() throws Exception {
        Path out = dir.resolve("report.html");
        CliRunner r = CliRunner.run("report", "--model", baseline.toString(), "--raw", baselineRaw.toString(),
                "--target-timeout-rate", "0.05", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("Report written to " + out + "\n", r.out());
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("baseline.yaml"));
        assertTrue(html.contains("Modules that flip most in FAST"), "2,500 modules run 4 times each");
        assertTrue(html.contains("Recommended budget"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void reportWarnsWhenRawTelemetryWithoutPlanIdsCanOnlyBeMatchedByBudgetsAndCounts() throws Exception {
        Path journal = dir.resolve("small.jsonl");
        assertEquals(0, CliRunner.run("calibrate", "--n", "60", "--bootstrap", "0", "--export",
                dir.resolve("small.yaml").toString(), "--raw", journal.toString()).exitCode());
        // The records as the origin's Python pipeline writes them: no header, no plan coordinates.
        ObjectMapper json = new ObjectMapper();
        StringBuilder origin = new StringBuilder();
        for (String line : Files.readAllLines(journal)) {
            var record = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
            if (record.has("verification_id")) {
                record.remove(java.util.List.of("plan_id", "sample_index", "repeat"));
                origin.append(json.writeValueAsString(record)).append('\n');
            }
        }
        Path foreign = Files.writeString(dir.resolve("origin.jsonl"), origin);
        Path rebuilt = dir.resolve("rebuilt.yaml");
        assertEquals(0, CliRunner.run("fit", "--raw", foreign.toString(), "--export", rebuilt.toString()).exitCode());
        Path out = dir.resolve("origin-report.html");
        CliRunner r = CliRunner.run("report", "--model", rebuilt.toString(), "--raw", foreign.toString(), "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("noisecal: warning: raw telemetry " + foreign + ": the model names no plan and the records "
                + "carry no plan id (telemetry from outside noisecal, such as the origin pipeline's), so the raw "
                + "telemetry is matched to it by each tier's budget and number of runs only: another calibration's "
                + "telemetry with the same budgets and counts would not be noticed\n", r.err());
        assertTrue(Files.exists(out));
        // The model of the same records with their plan ids takes them by plan id, without a warning.
        CliRunner planned = CliRunner.run("report", "--model", dir.resolve("small.yaml").toString(), "--raw",
                journal.toString(), "--out", dir.resolve("small-report.html").toString());
        assertEquals(0, planned.exitCode(), planned.err());
        assertEquals("", planned.err());
    }

    @Test
    void reportRefusesBadInputAndWritesNothing() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.html"), "mine");
        assertOneLineUsageError(CliRunner.run("report", "--model", baseline.toString(), "--out", existing.toString()),
                "--out " + existing + ": the file exists; add --force to replace it");
        assertEquals("mine", Files.readString(existing));
        assertEquals(0, CliRunner.run("report", "--model", baseline.toString(), "--out", existing.toString(),
                "--force").exitCode());
        assertTrue(Files.readString(existing).startsWith("<!DOCTYPE html>"));

        Path missing = dir.resolve("missing").resolve("report.html");
        assertOneLineUsageError(CliRunner.run("report", "--model", baseline.toString(), "--out", missing.toString()),
                "does not exist; create it first");
        assertFalse(Files.exists(missing.getParent()));

        Path broken = Files.writeString(dir.resolve("broken-model.yaml"), "calibrated_models: {}\n");
        Path out = dir.resolve("never.html");
        CliRunner invalid = CliRunner.run("report", "--model", broken.toString(), "--out", out.toString());
        assertEquals(2, invalid.exitCode(), invalid.err());
        assertEquals(1, invalid.err().lines().count(), invalid.err());
        assertFalse(Files.exists(out));

        assertOneLineUsageError(CliRunner.run("report", "--model", baseline.toString(), "--out", out.toString(),
                "--target-timeout-rate", "2"), "--target-timeout-rate: must lie strictly between 0 and 1, got 2.0");
        assertOneLineUsageError(CliRunner.run("report", "--model", baseline.toString(), "--raw",
                dir.resolve("nothing.jsonl").toString(), "--out", out.toString()), "nothing.jsonl: no such file");
        assertFalse(Files.exists(out));

        // Another calibration's telemetry under the same budgets: refused by its plan id, nothing written.
        assertOneLineUsageError(CliRunner.run("report", "--model", baseline.toString(), "--raw",
                changedRaw.toString(), "--out", out.toString()), "--raw " + changedRaw + " line ");
        CliRunner mixed = CliRunner.run("report", "--model", baseline.toString(), "--raw", baselineRaw.toString(),
                changedRaw.toString(), "--out", out.toString());
        assertOneLineUsageError(mixed, ": the record is of plan ");
        assertTrue(mixed.err().matches("noisecal: error: --raw \\S+changed\\.jsonl line \\d+: the record is "
                + "of plan \\S+, the model of plan \\S+: this is another calibration's telemetry; give the raw "
                + "telemetry \\(--raw or journal files\\) of the calibration that made the model\\n"), mixed.err());
        assertFalse(Files.exists(out));
    }
}
