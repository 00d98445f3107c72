package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackends;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.lean.internal.LeanBackend;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings validation, the version and --json probe, and module resolution, each with the message users see. */
@NativeBuild.Required
class LeanBackendConfigTest {
    private static final LeanBackendProvider PROVIDER = new LeanBackendProvider();
    @TempDir
    static Path temp;
    private static FakeLean fake;
    private static Path project;

    @BeforeAll
    static void install() {
        fake = FakeLean.install(temp.resolve("fake"));
        project = FakeLean.project(temp.resolve("project"));
        FakeLean.writeModule(project, "Demo.Sorry", "sorry");
        FakeLean.writeModule(project, "Demo.Heartbeats", "heartbeats");
        FakeLean.writeModule(project, "Demo.Ok", "ok");
    }

    private static BackendConfig.Builder settings() {
        return BackendConfig.builder().set("project", project.toString()).set("lean", fake.lean().toString());
    }

    private static String configurationError(BackendConfig config) {
        return assertThrows(VerifierConfigurationException.class, () -> PROVIDER.create(config).close()).getMessage();
    }

    private static void assertMessage(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "'" + fragment + "' missing from: " + message);
        }
    }

    private static VerificationRequest request(String module, Tier tier) {
        return new VerificationRequest("id-" + module, module, tier, 7, "test");
    }

    @Test
    void theProviderIsDiscoveredAsLean() {
        assertTrue(VerifierBackends.load().names().contains("lean"));
        assertEquals("lean", PROVIDER.name());
    }

    @Test
    void projectIsRequired() {
        assertMessage(configurationError(BackendConfig.builder().set("lean", fake.lean().toString()).build()),
                "backend setting 'project' is required");
    }

    @Test
    void projectMustBeAnExistingDirectory() throws IOException {
        assertMessage(configurationError(settings().set("project", temp.resolve("nowhere").toString()).build()),
                "backend setting 'project'", "nowhere' does not exist");
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        assertMessage(configurationError(settings().set("project", file.toString()).build()), "is not a directory");
    }

    @Test
    void unknownSettingsAreNamed() {
        assertMessage(configurationError(settings().set("max_heartbeat", "5").build()),
                "unknown lean backend setting 'max_heartbeat'; known: lake, lean, lean_option, max_heartbeats,"
                        + " memory_limit_mb, project, threads");
    }

    @Test
    void leanAndLakeExcludeEachOther() {
        assertMessage(configurationError(settings().set("lake", fake.lake().toString()).build()),
                "'lean' and 'lake' exclude each other");
    }

    @Test
    void leanNotOnPathIsAConfigurationErrorNotASample() {
        String message = configurationError(settings().set("lean", "lean-that-is-not-installed").build());
        // The fix first, where a line cut to a terminal's width keeps it; the directories searched last.
        assertTrue(message.startsWith("install Lean with elan, or give its full path with backend setting 'lean':"
                + " 'lean-that-is-not-installed' is not on PATH ("), message);
        long directories = java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                .filter(d -> !d.isEmpty()).distinct().count();
        assertTrue(message.contains("(" + directories + " director"), message);
        assertTrue(!message.contains(System.getenv("PATH")) || directories < 2, "directories listed one by one, "
                + "so that a long list wraps between them: " + message);
    }

    @Test
    void leanPathThatDoesNotExist() {
        assertMessage(configurationError(settings().set("lean", temp.resolve("no/lean").toString()).build()),
                "backend setting 'lean'", "no/lean' does not exist");
    }

    @Test
    void leanThatIsNotExecutable() throws IOException {
        Path file = Files.writeString(temp.resolve("lean-without-x"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertMessage(configurationError(settings().set("lean", file.toString()).build()),
                "backend setting 'lean'", "lean-without-x' is not executable");
        assertMessage(configurationError(settings().set("lean", temp.toString() + "/").build()), "is a directory");
    }

    @Test
    void anExecutableThatIsNotLean() {
        FakeLean garbage = FakeLean.install(temp.resolve("garbage"), Map.of("version_line", "Garbage 1.0"));
        assertMessage(configurationError(settings().set("lean", garbage.lean().toString()).build()),
                "printed 'Garbage 1.0', which is not Lean's version line");
        assertMessage(configurationError(settings().set("lean", "/bin/false").build()),
                "`/bin/false --version` exited with 1");
    }

    @Test
    void badLeanOptionsAreNamed() {
        assertMessage(configurationError(settings().add("lean_option", "maxRecDepth").build()),
                "'maxRecDepth' must have the form name=value");
        assertMessage(configurationError(settings().add("lean_option", "1max=2").build()),
                "option name '1max' is not a dotted identifier");
        assertMessage(configurationError(settings().add("lean_option", "pp.all=").build()),
                "option 'pp.all' has an empty value");
        assertMessage(configurationError(settings().add("lean_option", "pp.all=tr\nue").build()),
                "option 'pp.all' has a value with a control character");
        assertMessage(configurationError(settings().add("lean_option", "maxHeartbeats=5").build()),
                "set maxHeartbeats with the 'max_heartbeats' setting");
    }

    @Test
    void badLimitsAreNamed() {
        assertMessage(configurationError(settings().set("max_heartbeats", "-1").build()),
                "backend setting 'max_heartbeats': -1 is outside [0, 2147483647]");
        assertMessage(configurationError(settings().set("threads", "many").build()),
                "backend setting 'threads': 'many' is not a whole number");
        assertMessage(configurationError(settings().set("memory_limit_mb", "0").build()),
                "backend setting 'memory_limit_mb': 0 is outside");
    }

    @Test
    void badTierLimitIsNamedWithItsTier() {
        try (VerifierBackend backend = PROVIDER.create(settings().build())) {
            Tier tier = new Tier("ODD", Duration.ofSeconds(5), Map.of(Tier.LIMIT_MAX_HEARTBEATS, "lots"));
            VerifierConfigurationException thrown = assertThrows(VerifierConfigurationException.class,
                    () -> backend.verify(request("Demo.Ok", tier)));
            assertMessage(thrown.getMessage(), "'max_heartbeats' of tier 'ODD'", "'lots' is not a whole number");
        }
    }

    @Test
    void preflightNamesEveryModuleThatCannotBeVerified() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("Escape.lean"), "theorem t : True := trivial\n");
        Files.createSymbolicLink(project.resolve("Linked"), outside);
        try (VerifierBackend backend = PROVIDER.create(settings().build())) {
            backend.preflight(List.of("Demo.Ok", "Demo.Sorry"));
            VerifierConfigurationException thrown = assertThrows(VerifierConfigurationException.class,
                    () -> backend.preflight(List.of("Demo.Ok", "Demo.Missing", "Other.Also.Missing", "Demo..Ok",
                            "Linked.Escape")));
            assertEquals("4 of 5 modules in the module list cannot be verified in backend setting 'project' "
                    + project + ": Demo.Missing (file Demo/Missing.lean does not exist), Other.Also.Missing"
                    + " (file Other/Also/Missing.lean does not exist), Demo..Ok (not a module name: dotted components,"
                    + " none empty, without '/' or control characters) and Linked.Escape (file Linked/Escape.lean"
                    + " resolves outside the project root through a symbolic link); check that backend setting"
                    + " 'project' is the Lean project's root (A.B.C is A/B/C.lean there), or correct or remove them"
                    + " in the module list", thrown.getMessage());
            VerifierConfigurationException atVerify = assertThrows(VerifierConfigurationException.class,
                    () -> backend.verify(request("Demo.Missing", Tier.FAST)));
            assertMessage(atVerify.getMessage(), "module 'Demo.Missing'", "does not exist");
        }
    }

    @Test
    void aLongListOfMissingModulesIsSummarised() {
        List<String> modules = new java.util.ArrayList<>(List.of("Demo.Ok"));
        for (int i = 0; i < 99; i++) {
            modules.add("Wrong.Project.M" + i);
        }
        try (VerifierBackend backend = PROVIDER.create(settings().build())) {
            String message = assertThrows(VerifierConfigurationException.class, () -> backend.preflight(modules))
                    .getMessage();
            assertMessage(message, "99 of 100 modules in the module list cannot be verified in backend setting"
                    + " 'project' " + project + ", e.g. Wrong.Project.M0 (file Wrong/Project/M0.lean does not exist),"
                    + " Wrong.Project.M1 (", "Wrong.Project.M2 (", " and 96 more; check that");
            assertFalse(message.contains("Wrong.Project.M3") || message.contains("\n"), message);
            // Three examples, the count of the rest and the fix, where all 99 took 7,000 characters.
            assertTrue(message.length() < 500, "a short message: " + message.length() + " characters");
        }
    }

    @Test
    void versionIsReadOnceAndRecordedInEveryRecord() {
        FakeLean rc = FakeLean.install(temp.resolve("rc"), Map.of("version", "4.9.0-rc1", "commit", "abcdef0123456789"));
        try (LeanBackend backend = (LeanBackend) PROVIDER.create(settings().set("lean", rc.lean().toString()).build())) {
            assertEquals("4.9.0-rc1", backend.verifierVersion());
            assertEquals("abcdef0123456789", backend.leanVersion().commit());
            assertEquals("4.9.0-rc1", backend.verify(request("Demo.Ok", Tier.FAST)).leanVersion());
        }
    }

    @Test
    void leanWithoutJsonFallsBackToTextMessages() {
        FakeLean old = FakeLean.install(temp.resolve("old"), Map.of("json", "unsupported", "version", "4.3.0",
                "named_errors", "0", "heartbeats", "2", "sorry", "quote"));
        for (BackendConfig config : List.of(settings().set("lean", old.lean().toString()).build(),
                BackendConfig.builder().set("project", project.toString()).set("lake", old.lake().toString()).build())) {
            try (LeanBackend backend = (LeanBackend) PROVIDER.create(config)) {
                assertFalse(backend.jsonOutput());
                VerificationTelemetry sorry = backend.verify(request("Demo.Sorry", Tier.FAST));
                assertEquals(Outcome.PROOF_INCOMPLETE, sorry.outcome());
                assertEquals(false, sorry.metadata().get("json_output"));
                assertEquals(Outcome.BUDGET_EXHAUSTED, backend.verify(request("Demo.Heartbeats", Tier.FAST)).outcome());
            }
        }
    }

    @Test
    void olderJsonKeyOrderAndFieldsAreUnderstood() {
        FakeLean mid = FakeLean.install(temp.resolve("mid"), Map.of("json_keys", "descending", "json_fields", "mid",
                "heartbeats", "1"));
        try (LeanBackend backend = (LeanBackend) PROVIDER.create(settings().set("lean", mid.lean().toString()).build())) {
            assertTrue(backend.jsonOutput());
            VerificationTelemetry sorry = backend.verify(request("Demo.Sorry", Tier.FAST));
            assertEquals(Outcome.PROOF_INCOMPLETE, sorry.outcome());
            assertEquals(Map.of("information", 0L, "warning", 1L, "error", 0L), sorry.metadata().get("messages"));
            assertEquals(Outcome.BUDGET_EXHAUSTED, backend.verify(request("Demo.Heartbeats", Tier.FAST)).outcome());
        }
    }

    @Test
    void tierLimitsOverrideTheSettingsAndReachLean() {
        try (VerifierBackend backend = PROVIDER.create(settings().set("max_heartbeats", "1000").set("threads", "2")
                .build())) {
            VerificationTelemetry global = backend.verify(request("Demo.Heartbeats", Tier.FAST));
            assertMessage(global.stderr(), "maximum number of heartbeats (1000)");
            Tier tier = new Tier("TIGHT", Duration.ofSeconds(5), Map.of(Tier.LIMIT_MAX_HEARTBEATS, "77",
                    Tier.LIMIT_THREADS, "1"));
            VerificationTelemetry tight = backend.verify(request("Demo.Heartbeats", tier));
            assertMessage(tight.stderr(), "maximum number of heartbeats (77)");
            assertEquals(77L, tight.metadata().get("max_heartbeats"));
            assertEquals(1L, tight.metadata().get("threads"));
        }
    }

    @Test
    void anOptionLeanRejectsIsAConfigurationError() {
        try (VerifierBackend backend = PROVIDER.create(settings().add("lean_option", "maxRecDepth=2000")
                .add("lean_option", "no.such.option=1").build())) {
            VerifierConfigurationException thrown = assertThrows(VerifierConfigurationException.class,
                    () -> backend.verify(request("Demo.Ok", Tier.FAST)));
            assertMessage(thrown.getMessage(), "unknown configuration option 'no.such.option'", "lean_option");
        }
        try (VerifierBackend backend = PROVIDER.create(settings().add("lean_option", "weak.no.such.option=1").build())) {
            assertEquals(Outcome.VERIFIED, backend.verify(request("Demo.Ok", Tier.FAST)).outcome());
        }
    }

    @Test
    void recordsCarryTacticsAndSize() throws IOException {
        try (VerifierBackend backend = PROVIDER.create(settings().build())) {
            VerificationTelemetry record = backend.verify(request("Demo.Ok", Tier.FAST));
            assertEquals(Files.size(project.resolve("Demo/Ok.lean")), record.proofSizeBytes());
            assertEquals(1, record.tacticCount());
            assertEquals(1, record.tacticDepth());
            assertEquals(Map.of("rfl", 1), record.metadata().get("tactics"));
        }
    }

    @Test
    void availabilityNamesTheVersionOrTheReasonAndNeverThrows() throws IOException {
        BackendAvailability available = PROVIDER.availability(settings().build());
        assertTrue(available.available(), available.detail());
        assertMessage(available.detail(), "Lean 4.21.0 (x86_64-unknown-linux-gnu, commit 0123456789ab)");
        BackendAvailability viaLake = PROVIDER.availability(BackendConfig.builder().set("project", project.toString())
                .set("lake", fake.lake().toString()).build());
        assertTrue(viaLake.available(), viaLake.detail());
        assertMessage(viaLake.detail(), "env lean");

        BackendAvailability missing = PROVIDER.availability(BackendConfig.of(Map.of("lean", "lean-not-installed")));
        assertFalse(missing.available());
        assertMessage(missing.detail(), "install Lean with elan", "'lean-not-installed' is not on PATH");
        Path file = Files.writeString(temp.resolve("lean-plain"), "x");
        BackendAvailability notExecutable = PROVIDER.availability(BackendConfig.of(Map.of("lean", file.toString())));
        assertFalse(notExecutable.available());
        assertMessage(notExecutable.detail(), "is not executable");
        FakeLean garbage = FakeLean.install(temp.resolve("garbage-availability"), Map.of("version_line", "nonsense"));
        BackendAvailability unparseable = PROVIDER.availability(BackendConfig.of(Map.of("lean",
                garbage.lean().toString())));
        assertFalse(unparseable.available());
        assertMessage(unparseable.detail(), "which is not Lean's version line");
        BackendAvailability badKey = PROVIDER.availability(BackendConfig.of(Map.of("colour", "red")));
        assertFalse(badKey.available());
        assertMessage(badKey.detail(), "unknown lean backend setting 'colour'");
    }
}
