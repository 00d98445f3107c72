package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CalibrateCommandTest {
    @TempDir
    Path dir;

    private String[] withOutputs(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("calibrate",
                "--export", dir.resolve("out/model.yaml").toString(), "--raw", dir.resolve("out/raw.jsonl").toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void theOriginSmokeRunPrintsTheSummaryAndWritesBothFiles() throws Exception {
        CliRunner r = CliRunner.run(withOutputs("--backend", "mock", "--n", "20", "--tiers", "FAST", "BALANCED", "SLOW", "--seed", "42",
                "--workers", "4"));
        assertEquals(0, r.exitCode(), r.err());
        for (String tier : List.of("FAST", "BALANCED", "SLOW")) {
            assertTrue(r.out().contains("Tier: " + tier), r.out());
        }
        assertTrue(r.out().matches("(?s).*Timeout rate: 0\\.\\d{3} \\(95% CI over proofs: \\[0\\.\\d{3}, 0\\.\\d{3}\\]\\).*"), r.out());
        assertTrue(r.out().contains("Samples: 20"), r.out());
        // Kaplan-Meier quantiles, "> tau" where more runs timed out than a quantile leaves.
        assertTrue(r.out().matches("(?s).*\n  Durations: median (> )?\\d+(\\.\\d+)? m?s, p90 (> )?\\d+(\\.\\d+)? m?s"
                + " \\(Kaplan-Meier, timeouts censored\\)\n.*"), r.out());
        // 20 draws of the 100 placeholder modules: every module ran once, so there is nothing to flip.
        assertTrue(r.out().contains("  Modules: 20 distinct, 1 run each\n"), r.out());
        assertTrue(!r.out().contains("Flips:"), r.out());
        assertEquals(61, Files.readAllLines(dir.resolve("out/raw.jsonl")).size(), "the journal's header and 60 records");
        String yaml = Files.readString(dir.resolve("out/model.yaml"));
        assertTrue(yaml.contains("calibration_metadata:") && yaml.contains("calibrated_models:"), yaml);
        assertTrue(r.err().contains("calibrated 60 samples"), r.err());
    }

    /** The origin's smoke plan: 3 modules and --n 100, so modules recur and their flips are measured. */
    @Test
    void recurringModulesGetModuleAndFlipLines() throws Exception {
        Path modules = Files.writeString(dir.resolve("modules.txt"),
                "Mathlib.Algebra.Group.Basic\nMathlib.Data.Nat.Basic\nMathlib.Logic.Basic\n");
        CliRunner r = CliRunner.run(withOutputs("--tiers", "BALANCED", "--n", "100", "--modules", modules.toString(),
                "--seed", "42"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*  Timeout rate: 0\\.\\d{3} \\(95% CI over proofs: \\[0\\.\\d{3}, 0\\.\\d{3}\\];"
                + " over these runs: \\[0\\.\\d{3}, 0\\.\\d{3}\\]\\)\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*  Modules: 3 distinct, 33\\.3 runs each \\(min 33, max 34\\); timeout rate:"
                + " ICC (-?\\d\\.\\d{2}|n/a), design effect \\d+\\.\\d, effective n \\d+\\.\\d\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*  Flips: flip rate 0\\.\\d{3} \\[0\\.\\d{3}, [01]\\.\\d{3}\\], flaky modules"
                + " \\d/3 \\[.*"), r.out());
        assertTrue(r.out().contains(" mixed (of 3 modules run twice or more)\n"), r.out());
        String yaml = Files.readString(dir.resolve("out/model.yaml"));
        assertTrue(yaml.contains("    repeatability:\n      modules: 3\n"), yaml);
    }

    @Test
    void budgetsOverrideAndDefineTiers() throws Exception {
        CliRunner r = CliRunner.run(withOutputs("--n", "20", "--tiers", "fast", "QUICK", "--budget", "QUICK=10s", "--budget",
                "FAST=45s"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Tier: FAST (budget 45 s)"), r.out());
        assertTrue(r.out().contains("Tier: QUICK (budget 10 s)"), r.out());
    }

    @Test
    void theModelDoesNotDependOnTheNumberOfWorkers() throws Exception {
        Path one = dir.resolve("one.yaml");
        Path four = dir.resolve("four.yaml");
        assertEquals(0, CliRunner.run("calibrate", "--n", "500", "--seed", "7", "--workers", "1", "--export",
                one.toString()).exitCode());
        assertEquals(0, CliRunner.run("calibrate", "--n", "500", "--seed", "7", "--workers", "4", "--export",
                four.toString()).exitCode());
        assertEquals(ModelFiles.comparable(one), ModelFiles.comparable(four));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--backend", "nosuch"), "unknown backend 'nosuch'; available backends:"),
                Arguments.of(List.of("--tiers", "TURBO"), "--tiers: unknown tier TURBO"),
                Arguments.of(List.of("--tiers", "FAST", "fast"), "--tiers: FAST is listed twice"),
                Arguments.of(List.of("--tiers", "F-1"), "--tiers: 'F-1' is not a tier name"),
                Arguments.of(List.of("--budget", "FAST"), "--budget 'FAST': expected NAME=DURATION"),
                Arguments.of(List.of("--budget", "FAST=soon"), "--budget FAST: 'soon' is not a duration"),
                Arguments.of(List.of("--budget", "FAST=0s"), "--budget FAST: '0s' must lie between 1 ms and 365 days"),
                Arguments.of(List.of("--budget", "SLOW=1s", "--tiers", "FAST"), "--budget SLOW: tier SLOW is not in --tiers"),
                Arguments.of(List.of("--n", "0"), "--n: must be at least 1, got 0"),
                Arguments.of(List.of("--n", "many"), "Invalid value for option '--n'"),
                Arguments.of(List.of("--workers", "0"), "--workers: must lie in [1, 4096], got 0"),
                Arguments.of(List.of("--repeats", "0"), "--repeats: must be at least 1, got 0"),
                Arguments.of(List.of("--n", "10", "--repeats", "3"),
                        "--n 10 is not a multiple of --repeats 3: each module draw runs 3 times per tier; use e.g. --n 12"),
                Arguments.of(List.of("--tier-runs", "sometimes"),
                        "--tier-runs: unknown tier-run strategy 'sometimes'; use one of independent, shared"),
                Arguments.of(List.of("--confidence", "1.5"), "--confidence: must lie strictly between 0 and 1, got 1.5"),
                Arguments.of(List.of("--interval", "bayes"), "--interval: interval method must be one of wilson, wilson_cc,"),
                Arguments.of(List.of("--backend-option", "bogus=1"), "unknown mock --backend-option bogus; known:"
                        + " crash_rate, delay_ms, incomplete_share, invalid_share, median_s, module_spread, profile,"
                        + " run_jitter"),
                Arguments.of(List.of("--backend-option", "b=1", "--backend-option", "a=2"),
                        "unknown mock --backend-option a and --backend-option b; known: crash_rate, delay_ms,"),
                Arguments.of(List.of("--frobnicate"), "Unknown option: '--frobnicate'"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputExitsTwoWithOneLineAndWritesNothing(List<String> args, String message) throws Exception {
        CliRunner r = CliRunner.run(withOutputs(args.toArray(String[]::new)));
        assertEquals(2, r.exitCode(), r.err());
        String firstLine = r.err().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("noisecal: error: ") && firstLine.contains(message), r.err());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace, no second 'Try' line: " + r.err());
        assertTrue(!Files.exists(dir.resolve("out")) || isEmpty(dir.resolve("out")), "no output file is left");
    }

    @Test
    void moduleListProblemsNameTheFileAndLine() throws Exception {
        Path modules = dir.resolve("modules.txt");
        Files.writeString(modules, "# comment\nMathlib.Data.Nat.Basic\n../../etc/passwd\n");
        CliRunner r = CliRunner.run(withOutputs("--modules", modules.toString()));
        assertEquals(2, r.exitCode());
        assertEquals("noisecal: error: --modules " + modules + " line 3: '../../etc/passwd' contains a path "
                + "separator; write modules as dotted names such as Mathlib.Data.Nat.Basic", r.err().strip());
        CliRunner missing = CliRunner.run(withOutputs("--modules", dir.resolve("none.txt").toString()));
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--modules " + dir.resolve("none.txt") + ": no such file"), missing.err());
    }

    @Test
    void aModuleListedTwiceIsRejectedWithItsLineNumbers() throws Exception {
        Path modules = dir.resolve("modules.txt");
        Files.writeString(modules, "A.One\nB.Two\n\nA.One\n");
        CliRunner r = CliRunner.run(withOutputs("--modules", modules.toString()));
        assertEquals(2, r.exitCode());
        assertEquals("noisecal: error: --modules " + modules + ": 1 module name is listed more than once: 'A.One'"
                + " on lines 1, 4; list each module once (--repeats runs every module more than once)", r.err().strip());
    }

    @Test
    void repeatsAndSharedTierRunsAreRecordedInTheModel() throws Exception {
        Path model = dir.resolve("model.yaml");
        CliRunner r = CliRunner.run("calibrate", "--n", "30", "--repeats", "3", "--tier-runs", "shared",
                "--bootstrap", "0", "--export", model.toString());
        assertEquals(0, r.exitCode(), r.err());
        String text = Files.readString(model);
        assertTrue(text.contains("\n  repeats: 3\n") && text.contains("\n  tier_runs: shared\n"), text);
        assertTrue(text.matches("(?s).*\n  plan_id: [0-9a-f]{16}\n.*"), text);
    }

    @Test
    void unusableOutputPathsAreRejectedBeforeTheRun() throws Exception {
        Files.createDirectories(dir.resolve("adir"));
        CliRunner toDirectory = CliRunner.run("calibrate", "--n", "5", "--export", dir.resolve("adir").toString());
        assertEquals(2, toDirectory.exitCode());
        assertTrue(toDirectory.err().contains("is a directory"), toDirectory.err());
        CliRunner unknownFormat = CliRunner.run("calibrate", "--n", "5", "--export", dir.resolve("m.txt").toString());
        assertEquals(2, unknownFormat.exitCode());
        assertTrue(unknownFormat.err().contains("--export " + dir.resolve("m.txt") + ": no model format for this"
                + " name; use a name ending in .yaml or .yml"), unknownFormat.err());
        CliRunner same = CliRunner.run("calibrate", "--n", "5", "--export", dir.resolve("m.yaml").toString(), "--raw",
                dir.resolve("m.yaml").toString());
        assertEquals(2, same.exitCode());
        assertTrue(same.err().contains("--export and --raw name the same file"), same.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("adir")), files.toList());
        }
    }

    private static boolean isEmpty(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
    }
}
