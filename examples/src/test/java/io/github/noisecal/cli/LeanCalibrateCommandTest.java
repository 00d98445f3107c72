package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate --backend lean}: bad input is rejected before any run, and a run against the fake lean works. */
class LeanCalibrateCommandTest {
    private static final Path FAKE_LEAN = FakeLeanBinary.PATH;

    @TempDir
    Path project;
    Path modules;

    @BeforeEach
    void writeProject() throws IOException {
        Files.createDirectories(project.resolve("Demo"));
        Files.writeString(project.resolve("Demo/Ok.lean"), "theorem a : 1 = 1 := by rfl\n");
        Files.writeString(project.resolve("Demo/Sorry.lean"), "-- fake: sorry\ntheorem b : 2 = 2 := by sorry\n");
        Files.writeString(project.resolve("Demo/Hang.lean"), "-- fake: hang\ntheorem c : True := by trivial\n");
        modules = Files.writeString(project.resolve("modules.txt"), "Demo.Ok\nDemo.Sorry\nDemo.Hang\n");
    }

    private CliRunner calibrate(String... extra) {
        List<String> args = new ArrayList<>(List.of("calibrate", "--backend", "lean", "--tiers", "FAST", "--budget",
                "FAST=1s", "--n", "6", "--workers", "3", "--modules", modules.toString(), "--export",
                project.resolve("out/model.yaml").toString(), "--raw", project.resolve("out/raw.jsonl").toString()));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private void assertRejected(CliRunner r, String message) {
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("noisecal: error: ") && r.err().contains(message), r.err());
        assertTrue(!Files.exists(project.resolve("out")), "nothing is written");
    }

    @Test
    void aMissingProjectIsRejected() {
        assertRejected(calibrate("--lean", FAKE_LEAN.toString(), "--lean-project", project.resolve("nope").toString()),
                "--lean-project: '" + project.resolve("nope") + "' does not exist");
    }

    @Test
    void missingModuleFilesAreAllListed() throws IOException {
        FakeLeanBinary.assumeRunnable();
        Files.writeString(modules, "Demo.Ok\nDemo.Missing\nDemo.Gone\n");
        CliRunner r = calibrate("--lean", FAKE_LEAN.toString(), "--lean-project", project.toString());
        assertRejected(r, "noisecal: error: 2 of 3 modules in --modules " + modules + " cannot be verified in"
                + " --lean-project " + project.toRealPath() + ": Demo.Missing (file Demo/Missing.lean does not exist)"
                + " and Demo.Gone (file Demo/Gone.lean does not exist); check that --lean-project is the Lean"
                + " project's root (A.B.C is A/B/C.lean there), or correct or remove them in --modules " + modules
                + "\n");
    }

    @Test
    void aMissingOrNonExecutableLeanIsRejected() {
        assertRejected(calibrate("--lean", project.resolve("no-lean").toString(), "--lean-project", project.toString()),
                "--lean: '" + project.resolve("no-lean") + "' does not exist");
        assertRejected(calibrate("--lean", modules.toString(), "--lean-project", project.toString()),
                "is not executable");
    }

    @Test
    void badLeanOptionsAndLimitsAreRejected() {
        FakeLeanBinary.assumeRunnable();
        String lean = FAKE_LEAN.toString();
        assertRejected(calibrate("--lean", lean, "--lean-project", project.toString(), "--lean-option", "autoImplicit"),
                "'autoImplicit' must have the form name=value");
        assertRejected(calibrate("--lean", lean, "--lean-project", project.toString(), "--lean-option", "bad name=1"),
                "option name 'bad name' is not a dotted identifier");
        assertRejected(calibrate("--lean", lean, "--lean-project", project.toString(), "--memory-limit-mb", "FAST=0"),
                "--memory-limit-mb FAST: '0' is not a whole number of at least 1");
        assertRejected(calibrate("--lean", lean, "--lean-project", project.toString(), "--threads", "SLOW=2"),
                "--threads SLOW=2: tier SLOW is not in --tiers [FAST]");
        assertRejected(calibrate("--lean", lean, "--lake", lean, "--lean-project", project.toString()),
                "--lean and --lake exclude each other");
    }

    @Test
    void aMissingProjectSettingIsNamedByItsFlag() {
        CliRunner r = CliRunner.run("calibrate", "--backend", "lean", "--modules", modules.toString(), "--n", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("noisecal: error: --lean-project is required"), r.err());
        assertTrue(!r.err().contains("backend setting"), "internal names stay out of the CLI: " + r.err());
    }

    @Test
    void theLeanBackendNeedsAModuleList() {
        CliRunner r = CliRunner.run("calibrate", "--backend", "lean", "--n", "2", "--lean-project", project.toString());
        assertEquals(2, r.exitCode());
        assertEquals("noisecal: error: --backend lean needs --modules FILE: a list of the project's modules to check,"
                + " one dotted name per line (such as Mathlib.Data.Nat.Basic)", r.err().strip());
    }

    @Test
    void leanOptionsNeedTheLeanBackend() {
        CliRunner r = CliRunner.run("calibrate", "--n", "2", "--lean-project", project.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("apply to --backend lean only, not --backend mock"), r.err());
    }

    @Test
    void aRunAgainstTheFakeLeanClassifiesEveryModule() throws IOException {
        FakeLeanBinary.assumeRunnable();
        CliRunner r = calibrate("--lean", FAKE_LEAN.toString(), "--lean-project", project.toString(),
                "--max-heartbeats", "0", "--lean-option", "autoImplicit=false");
        assertEquals(0, r.exitCode(), r.err());
        // Six samples over three modules, each twice: one verified, one sorry, one hang per cycle.
        assertTrue(r.out().contains("Timeout rate: 0.333"), r.out());
        assertTrue(r.out().contains("Success rate: 0.333"), r.out());
        String raw = Files.readString(project.resolve("out/raw.jsonl"));
        assertEquals(2, raw.lines().filter(l -> l.contains("\"outcome\":\"proof_incomplete\"")).count(), raw);
        assertEquals(2, raw.lines().filter(l -> l.contains("\"outcome\":\"verifier_timeout\"")).count(), raw);
        assertTrue(Files.readString(project.resolve("out/model.yaml")).contains("verifier_version: 4.21.0"));
    }
}
