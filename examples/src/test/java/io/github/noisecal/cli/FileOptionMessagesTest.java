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

/** Every file option's error names the option as typed, the file, and (for a missing file) what to give. */
class FileOptionMessagesTest {
    private static final String MODEL = "no such file; give the path of a model written by calibrate --export or fit"
            + " --export";

    @TempDir
    Path dir;

    /** Files that do not exist, named relative to the working directory as a user types them. */
    static Stream<Arguments> missingFiles() {
        return Stream.of(
                Arguments.of(List.of("budget", "--model", "nosuch.yaml", "--budgets", "10s"), "--model nosuch.yaml: "
                        + MODEL),
                Arguments.of(List.of("report", "--model", "nosuch.yaml", "--out", "nosuch-report.html"),
                        "--model nosuch.yaml: " + MODEL),
                Arguments.of(List.of("validate", "--model", "nosuch.yaml"), "--model nosuch.yaml: " + MODEL),
                Arguments.of(List.of("validate", "nosuch.yaml"), "nosuch.yaml: " + MODEL),
                Arguments.of(List.of("validate", "--model", "nosuch.yaml", "--envelope", "nosuch-envelope.yaml"),
                        "--envelope nosuch-envelope.yaml: no such file; give an acceptance envelope (YAML), or leave"
                                + " --envelope out for the origin plan's criteria"),
                Arguments.of(List.of("compare", "--candidate", "nosuch.yaml", "--baseline", "other.yaml"),
                        "--baseline other.yaml: " + MODEL),
                Arguments.of(List.of("fit", "--raw", "nosuch.jsonl", "--export", "nosuch-model.yaml"),
                        "--raw nosuch.jsonl: no such file; give journals written by calibrate --raw, or directories"
                                + " of them"),
                Arguments.of(List.of("calibrate", "--modules", "nosuch.txt", "--n", "5"),
                        "--modules nosuch.txt: no such file; give a file of module names, one dotted name per line"),
                Arguments.of(List.of("calibrate", "--n", "5", "--export", "nosuch/x.txt"), "--export nosuch/x.txt:"
                        + " no model format for this name; use a name ending in .yaml or .yml (known formats: yaml)"),
                Arguments.of(List.of("budget", "--model", "nosuch.txt", "--budgets", "10s"), "--model nosuch.txt:"
                        + " no model format for this name; use a name ending in .yaml or .yml (known formats: yaml)"));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void aMissingFileIsNamedByItsOption(List<String> args, String message) {
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("noisecal: error: " + message + "\n", r.err());
        assertTrue(!Files.exists(Path.of("nosuch")) && !Files.exists(Path.of("nosuch-model.yaml"))
                && !Files.exists(Path.of("nosuch-report.html")), "nothing is written");
    }

    @Test
    void contentErrorsNameTheOptionTheFileAndTheLine() throws Exception {
        Path model = Files.writeString(dir.resolve("bad.yaml"), "calibration_metadata: 3\n");
        CliRunner badModel = CliRunner.run("budget", "--model", model.toString(), "--budgets", "10s");
        assertEquals(2, badModel.exitCode(), badModel.err());
        assertTrue(badModel.err().startsWith("noisecal: error: --model " + model + ": "), badModel.err());

        Path journal = Files.writeString(dir.resolve("raw.jsonl"), "{\"not\": \"telemetry\"}\n");
        CliRunner badJournal = CliRunner.run("fit", "--raw", journal.toString(), "--export",
                dir.resolve("m.yaml").toString());
        assertEquals(2, badJournal.exitCode(), badJournal.err());
        assertTrue(badJournal.err().startsWith("noisecal: error: --raw " + journal + " line 1: "), badJournal.err());
        assertTrue(!Files.exists(dir.resolve("m.yaml")));

        Path envelope = Files.writeString(dir.resolve("envelope.yaml"), "min_sample_per_tier: 5\n");
        CliRunner badEnvelope = CliRunner.run("validate", "--model", model.toString(), "--envelope",
                envelope.toString());
        assertEquals(2, badEnvelope.exitCode(), badEnvelope.err());
        assertTrue(badEnvelope.err().startsWith("noisecal: error: --envelope " + envelope + ": line 1: min_sample_per_tier:"),
                badEnvelope.err());
    }

    @Test
    void aFileMentionedInsideASentenceIsLeftAsItIs() {
        assertEquals("the raw telemetry mixes 2 plans: a.jsonl and b.jsonl",
                FileOptions.inUserTerms("the raw telemetry mixes 2 plans: a.jsonl and b.jsonl",
                        new picocli.CommandLine(new FitCommand()).parseArgs("--raw", "a.jsonl", "b.jsonl",
                                "--export", "m.yaml").commandSpec()));
    }
}
