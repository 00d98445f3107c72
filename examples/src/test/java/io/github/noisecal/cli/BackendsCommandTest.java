package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendsCommandTest {
    @Test
    void listsTheMockAsAvailableAndTheLeanBackendWithItsReason() {
        CliRunner r = CliRunner.run("backends");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("mock") && l.contains(" available ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lean")), r.out());
    }

    @Test
    void leanIsAvailableWithItsVersionWhenItCanRun() {
        FakeLeanBinary.assumeRunnable();
        java.nio.file.Path fake = FakeLeanBinary.PATH;
        CliRunner r = CliRunner.run("backends", "--lean", fake.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lean") && l.contains(" available ")
                && l.contains("Lean 4.21.0")), r.out());
        CliRunner missing = CliRunner.run("backends", "--lean", "/nonexistent/lean");
        assertTrue(missing.out().lines().anyMatch(l -> l.startsWith("lean") && l.contains("unavailable")
                && l.contains("/nonexistent/lean")), missing.out());
    }

    @Test
    void jsonListsEveryBackendAsOneDocument() throws Exception {
        CliRunner r = CliRunner.run("backends", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        var document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        var mock = document.get("backends").get(0);
        assertEquals("mock", mock.get("name").asText());
        assertTrue(mock.get("available").asBoolean());
        assertTrue(mock.get("origin").asText().startsWith("built-in"));
        assertTrue(document.get("load_failures").isArray());
        assertEquals(2, CliRunner.run("backends", "--format", "xml").exitCode());
    }

    @Test
    void versionAndHelpExitZero() {
        CliRunner version = CliRunner.run("--version");
        assertEquals(0, version.exitCode(), version.err());
        assertTrue(version.out().startsWith("noisecal 0.1.0"), version.out());
        CliRunner help = CliRunner.run("calibrate", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--budget=TIER=DURATION"), help.out());
    }
}
