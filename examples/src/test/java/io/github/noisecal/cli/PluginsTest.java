package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party backend used from the CLI: a plugin jar, compiled and packed by the test, dropped into the directory
 * named by {@code --plugins} or {@code NOISECAL_PLUGINS}; and the plugin directories that cannot be used.
 */
class PluginsTest {
    @TempDir
    Path dir;

    /** Compiles a provider named {@code backendName} and its backend into {@code jar}, with its service file. */
    private Path pluginJar(Path jar, String backendName) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src-" + backendName + "/com/example/plugin"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + backendName));
        Files.writeString(sources.resolve("EchoProvider.java"), """
                package com.example.plugin;

                import io.github.noisecal.telemetry.*;
                import java.util.List;

                public final class EchoProvider implements VerifierBackendProvider {
                    public String name() { return "%s"; }
                    public String description() { return "Echo: every proof verifies in 1.5 s"; }
                    public BackendAvailability availability(BackendConfig config) {
                        return BackendAvailability.available("echo 1.0");
                    }
                    public VerifierBackend create(BackendConfig config) {
                        config.requireOnlyKeys(List.of());
                        return new VerifierBackend() {
                            public String name() { return "%s"; }
                            public String verifierVersion() { return "echo 1.0"; }
                            public VerificationTelemetry verify(VerificationRequest request) {
                                return VerificationTelemetry.builder(request).timestamp(java.time.Instant.EPOCH)
                                        .leanVersion("echo 1.0").outcome(Outcome.VERIFIED).durationMs(1500).build();
                            }
                            public void close() { }
                        };
                    }
                }
                """.formatted(backendName, backendName));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                sources.resolve("EchoProvider.java").toString());
        assertEquals(0, compiled, "the plugin compiles against the noisecal API");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/io.github.noisecal.telemetry.VerifierBackendProvider"));
            out.write("com.example.plugin.EchoProvider\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    private static CliRunner run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = NoisecalCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        return new CliRunner(code, out.toString(), err.toString());
    }

    @Test
    void aPluginBackendIsListedWithItsJarAndCalibrates() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = pluginJar(plugins.resolve("echo-backend.jar"), "echo");
        CliRunner listed = CliRunner.run("backends", "--plugins", plugins.toString(), "--verbose");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("echo  available    echo 1.0"), listed.out());
        assertTrue(listed.out().contains("from " + jar), "where the backend came from: " + listed.out());
        assertTrue(listed.out().contains("from built-in"), listed.out());

        Path model = dir.resolve("model.yaml");
        CliRunner calibrated = CliRunner.run("calibrate", "--plugins", plugins.toString(), "--backend", "echo",
                "--tiers", "FAST", "--n", "20", "--bootstrap", "0", "--export", model.toString());
        assertEquals(0, calibrated.exitCode(), calibrated.err());
        assertTrue(calibrated.out().contains("Success rate: 1.000"), calibrated.out());
        assertTrue(Files.readString(model).contains("backend: echo"));
    }

    @Test
    void thePluginDirectoryMayComeFromTheEnvironment() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("from-env"));
        pluginJar(plugins.resolve("echo.jar"), "echo");
        CliRunner r = run(Map.of(Plugins.ENVIRONMENT, plugins.toString()), "backends");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().lines().anyMatch(line -> line.startsWith("echo ")), r.out());
        assertTrue(run(Map.of(), "backends").out().lines().noneMatch(line -> line.startsWith("echo ")));
    }

    @Test
    void unusablePluginDirectoriesAreBadInputNamingTheJar() throws IOException {
        assertUsageError(CliRunner.run("backends", "--plugins", dir.resolve("none").toString()),
                "--plugins " + dir.resolve("none") + ": no such directory; name a directory holding plugin jars");
        assertUsageError(run(Map.of(Plugins.ENVIRONMENT, dir.resolve("gone").toString()), "backends"),
                "NOISECAL_PLUGINS=" + dir.resolve("gone") + ": no such directory");

        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("truncated.jar"), "not a zip at all");
        assertUsageError(CliRunner.run("calibrate", "--plugins", broken.toString(), "--n", "5"),
                "truncated.jar is not a readable jar file");

        Path clash = Files.createDirectories(dir.resolve("clash"));
        Path impostor = pluginJar(clash.resolve("impostor.jar"), "mock");
        CliRunner r = CliRunner.run("backends", "--plugins", clash.toString());
        assertUsageError(r, "two backends are named 'mock'");
        assertTrue(r.err().contains(impostor.toString()) && r.err().contains("built-in ("), r.err());
    }

    private static void assertUsageError(CliRunner r, String message) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("noisecal: error: ") && r.err().contains(message), r.err());
    }

    @Test
    void controlCharactersInInputAreEscapedInMessages() {
        assertEquals("a\\u001b[31mred\\tand\\nmore", Messages.printable("a\u001b[31mred\tand\nmore"));
        CliRunner r = CliRunner.run("calibrate", "--tiers", "FAST\u001b[2J");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("FAST\\u001b[2J") && !r.err().contains("\u001b"), r.err());
    }

    @Test
    void backendsFitsEightyColumns() {
        CliRunner r = CliRunner.run("backends");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 2, r.out());
        lines.forEach(line -> assertTrue(line.length() <= 80, "wider than 80 columns: " + line));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lean") && l.endsWith("...")), "the long reason is cut: "
                + r.out());
    }
}
