package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code noisecal help [COMMAND]} and {@code noisecal completion bash|zsh}, the latter checked in a real bash. */
class HelpAndCompletionTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndHelpCommandGivesACommandsHelp() {
        CliRunner all = CliRunner.run("help");
        assertEquals(0, all.exitCode(), all.err());
        for (String command : List.of("calibrate", "fit", "budget", "validate", "plan", "backends", "report",
                "compare", "completion", "help")) {
            assertTrue(all.out().contains("\n  " + command + " "), command + " is listed: " + all.out());
        }
        CliRunner calibrate = CliRunner.run("help", "calibrate");
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        assertEquals(CliRunner.run("calibrate", "--help").out(), calibrate.out());
        assertEquals(2, CliRunner.run("help", "nosuch").exitCode());
    }

    /** picocli's own errors are one line, as every other error is, with where to find the usage. */
    @Test
    void commandLineErrorsAreOneLineNamingTheHelpToRead() {
        assertEquals("noisecal: error: Unknown option: '--bogus-flag' (see 'noisecal calibrate --help')\n",
                CliRunner.run("calibrate", "--bogus-flag").err());
        assertEquals("noisecal: error: Invalid value for option '--repeats': 'abc' is not an int (see 'noisecal"
                + " calibrate --help')\n", CliRunner.run("calibrate", "--repeats", "abc").err());
        assertEquals("noisecal: error: Missing required option: '--model=FILE' (see 'noisecal budget --help')\n",
                CliRunner.run("budget").err());
        CliRunner typo = CliRunner.run("calibrat");
        assertEquals(2, typo.exitCode());
        assertEquals("noisecal: error: Unmatched argument at index 0: 'calibrat'; did you mean 'calibrate' or"
                + " 'validate'? (see 'noisecal --help')\n", typo.err());
    }

    @Test
    void unknownShellsAreBadInput() {
        CliRunner r = CliRunner.run("completion", "fish");
        assertEquals(2, r.exitCode());
        assertEquals("noisecal: error: completion: unknown shell 'fish'; use bash or zsh", r.err().strip());
    }

    /** Completes {@code words} (the last one being typed) in a bash that sourced the script; returns the candidates. */
    private String complete(Path script, String... words) throws IOException, InterruptedException {
        String line = "noisecal " + String.join(" ", words);
        Path driver = Files.writeString(dir.resolve("drive.sh"), String.join("\n",
                "source " + script,
                "COMP_LINE='" + line + "'",
                "COMP_WORDS=(" + line + ")",
                "COMP_CWORD=" + words.length,
                "COMP_POINT=${#COMP_LINE}",
                "_complete_noisecal noisecal",
                "printf '%s\\n' \"${COMPREPLY[@]}\"", ""));
        // stderr is left out: compopt complains when called outside a real completion, which does not matter here.
        Process bash = new ProcessBuilder("bash", driver.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out;
    }

    @Test
    void theBashScriptCompletesCommandsAndOptions() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash to run the completion script");
        CliRunner r = CliRunner.run("completion", "bash");
        assertEquals(0, r.exitCode(), r.err());
        Path script = Files.writeString(dir.resolve("noisecal-completion.bash"), r.out());
        assertTrue(complete(script, "cal").lines().toList().contains("calibrate"));
        List<String> options = complete(script, "calibrate", "--rep").lines().toList();
        assertTrue(options.contains("--repeats"), options.toString());
        List<String> strategies = complete(script, "calibrate", "--tier-runs", "sh").lines().toList();
        assertEquals(List.of("shared"), strategies);
        // Every option with a closed set of values completes them.
        assertEquals(List.of("wilson", "wilson_cc"), complete(script, "calibrate", "--interval", "wil").lines().toList());
        assertEquals(List.of("json"), complete(script, "budget", "--format", "j").lines().toList());
        assertEquals(List.of("json"), complete(script, "compare", "--format", "j").lines().toList());
        assertEquals(List.of("not-same"), complete(script, "compare", "--fail-on", "n").lines().toList());
        assertEquals(List.of("expected-count", "expected"), complete(script, "plan", "--criterion", "exp").lines()
                .toList());
        assertEquals(List.of("mock"), complete(script, "calibrate", "--backend", "mo").lines().toList());
        assertEquals(List.of("BALANCED"), complete(script, "calibrate", "--tiers", "BA").lines().toList());
        assertEquals(List.of("zsh"), complete(script, "completion", "z").lines().toList());
        CliRunner zsh = CliRunner.run("completion", "zsh");
        assertTrue(zsh.out().startsWith("autoload -U +X compinit && compinit\n") && zsh.out().contains(r.out()));
    }
}
