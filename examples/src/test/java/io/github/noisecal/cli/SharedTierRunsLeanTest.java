package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tier-runs shared} against a verifier whose run time depends only on the module (the fake lean sleeping a
 * per-module time): every tier's outcomes equal those of independent runs exactly, from a third of the Lean runs.
 */
class SharedTierRunsLeanTest {
    private static final Path FAKE_LEAN = Path.of("../telemetry-lean/target/fake-lean/fake-lean").toAbsolutePath();

    @TempDir
    Path project;

    @Test
    void sharedRunsGiveEveryTierTheOutcomesOfIndependentRuns() throws IOException {
        assumeTrue(Files.isExecutable(FAKE_LEAN), "the fake lean is built by telemetry-lean's tests (needs a C compiler)");
        Files.createDirectories(project.resolve("Demo"));
        // Sleeps far from every budget (0.2 / 0.6 / 1.2 s), so process start-up on a loaded machine cannot move a run
        // across one; the verdicts differ too, so outcomes are more than timeout or not.
        Map<String, String> modules = Map.of(
                "Demo.Quick", "-- fake: sleep 20\n",
                "Demo.QuickSorry", "-- fake: sleep 20\n-- fake: sorry\n",
                "Demo.Medium", "-- fake: sleep 350\n",
                "Demo.MediumInvalid", "-- fake: sleep 350\n-- fake: error type-mismatch\n",
                "Demo.Slow", "-- fake: sleep 850\n",
                "Demo.Hang", "-- fake: hang\n");
        for (var module : modules.entrySet()) {
            Files.writeString(project.resolve(module.getKey().replace('.', '/') + ".lean"), module.getValue());
        }
        Path list = Files.writeString(project.resolve("modules.txt"), String.join("\n", new TreeMap<>(modules).keySet()));

        Map<String, String> independent = outcomesByTierAndDraw(run(list, "independent"));
        Map<String, String> shared = outcomesByTierAndDraw(run(list, "shared"));
        assertEquals(independent, shared);
        assertEquals(36, shared.size(), "3 tiers x 6 draws x 2 repeats");
        // The budgets matter: both Medium modules time out in FAST only, Slow in FAST and BALANCED, Hang everywhere.
        assertEquals(2 * (1 + 1 + 2 + 3), independent.values().stream().filter("verifier_timeout"::equals).count(),
                independent.toString());
    }

    private Path run(Path list, String tierRuns) {
        Path raw = project.resolve(tierRuns + ".jsonl");
        CliRunner r = CliRunner.run("calibrate", "--backend", "lean", "--lean", FAKE_LEAN.toString(), "--lean-project",
                project.toString(), "--modules", list.toString(), "--tiers", "FAST", "BALANCED", "SLOW", "--budget",
                "FAST=0.2s", "--budget", "BALANCED=0.6s", "--budget", "SLOW=1.2s", "--n", "12", "--repeats", "2",
                "--workers", "2", "--bootstrap", "0", "--tier-runs", tierRuns, "--raw", raw.toString());
        assertEquals(0, r.exitCode(), r.err());
        return raw;
    }

    private static Map<String, String> outcomesByTierAndDraw(Path raw) {
        Map<String, String> outcomes = new TreeMap<>();
        List<VerificationTelemetry> records = new ArrayList<>();
        JournalReader.read(raw, (record, line, offset) -> records.add(record), warning -> { });
        for (VerificationTelemetry r : records) {
            String key = r.tier() + " " + r.moduleName() + " " + r.sampleIndex() + "." + r.repeat();
            assertTrue(outcomes.put(key, r.outcome().code()) == null, "one record per tier, draw and repeat: " + key);
        }
        return outcomes;
    }
}
