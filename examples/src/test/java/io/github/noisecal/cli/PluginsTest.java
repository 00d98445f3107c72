package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
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

    /**
     * Compiles {@code sources} (class name in package com.example.plugin -> source) against the noisecal API and
     * packs them into {@code jar} with the service files {@code services} (service interface -> provider classes).
     */
    private Path jar(Path jar, Map<String, String> sources, Map<String, String> services) throws IOException {
        String name = jar.getFileName().toString();
        Path sourceDir = Files.createDirectories(dir.resolve("src-" + name + "/com/example/plugin"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + name));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                System.getProperty("java.class.path")));
        for (var source : sources.entrySet()) {
            arguments.add(Files.writeString(sourceDir.resolve(source.getKey() + ".java"), source.getValue()).toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            assertEquals(0, javac.run(null, null, null, arguments.toArray(String[]::new)),
                    "the plugin compiles against the noisecal API");
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            for (var service : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
                out.write((service.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A provider named {@code backendName} and its backend, in {@code jar} with its service file. */
    private Path pluginJar(Path jar, String backendName) throws IOException {
        return jar(jar, Map.of("EchoProvider", """
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
                """.formatted(backendName, backendName)),
                Map.of(VerifierBackendProvider.class.getName(), "com.example.plugin.EchoProvider"));
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
    void aRelativePluginDirectoryNamesItsJarsAsTheirOrigin() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("relative"));
        Path jar = pluginJar(plugins.resolve("echo.jar"), "echo");
        String relative = Path.of("").toAbsolutePath().relativize(plugins).toString();
        assertTrue(!Path.of(relative).isAbsolute(), relative);
        CliRunner listed = CliRunner.run("backends", "--plugins", relative, "--verbose");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("from " + jar.toRealPath() + "\n"), "the plugin's jar: " + listed.out());

        CliRunner json = CliRunner.run("backends", "--plugins", relative, "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"origin\" : \"" + jar.toRealPath() + "\""), json.out());

        Path clash = Files.createDirectories(dir.resolve("relative-clash"));
        Path impostor = pluginJar(clash.resolve("impostor.jar"), "mock");
        CliRunner r = CliRunner.run("backends", "--plugins", Path.of("").toAbsolutePath().relativize(clash).toString());
        assertUsageError(r, "two backends are named 'mock'");
        assertTrue(r.err().contains(" in " + impostor.toRealPath() + " and ")
                || r.err().contains(" in " + impostor.toRealPath() + "; "), "the plugin's jar, not built-in: " + r.err());
    }

    /** A real process: the registry logs through the CLI's SLF4J binding, which an in-process run does not show. */
    @Test
    void aServiceFileNamingAMissingClassIsOneLineOfError() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("missing-class"));
        jar(plugins.resolve("half-built.jar"), Map.of(),
                Map.of(VerifierBackendProvider.class.getName(), "com.example.plugin.NotPackaged"));
        Path logs = Files.createDirectories(dir.resolve("logs"));
        CliProcess process = CliProcess.start(logs, "missing-class", List.of("backends", "--plugins",
                plugins.toString()));
        assertEquals(2, process.waitFor(60), process.err());
        List<String> lines = process.err().lines().toList();
        assertEquals(1, lines.size(), "one line, no logged stack trace: " + process.err());
        assertTrue(lines.get(0).startsWith("noisecal: error: --plugins " + plugins + ": jar half-built.jar declares a"
                + " backend provider that fails to load") && lines.get(0).contains("NotPackaged")
                && lines.get(0).endsWith("remove the jar or replace it with the plugin's complete jar"), lines.get(0));
    }

    /** A model format from a plugin: gzipped YAML, written by calibrate --export and read by budget --model. */
    @Test
    void aPluginModelFormatWritesAndReadsModels() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("formats"));
        jar(plugins.resolve("yaml-gz.jar"), Map.of("GzipYamlFormat", """
                package com.example.plugin;

                import io.github.noisecal.calibration.format.ModelFormat;
                import io.github.noisecal.calibration.model.CalibrationModel;
                import io.github.noisecal.calibration.yaml.ModelYaml;
                import java.io.*;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.*;
                import java.util.zip.*;

                public final class GzipYamlFormat implements ModelFormat {
                    public String name() { return "yaml-gz"; }
                    public boolean handles(Path file) {
                        return file.getFileName() != null && file.getFileName().toString().endsWith(".yaml.gz");
                    }
                    public void write(CalibrationModel model, Path file) {
                        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                                StandardCharsets.UTF_8)) {
                            out.write(ModelYaml.write(model));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    public CalibrationModel read(Path file) {
                        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                                StandardCharsets.UTF_8)) {
                            return ModelYaml.read(in, file.toString());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
                """), Map.of(ModelFormat.class.getName(), "com.example.plugin.GzipYamlFormat"));
        Path model = dir.resolve("model.yaml.gz");
        CliRunner unknown = CliRunner.run("calibrate", "--tiers", "FAST", "--n", "20", "--bootstrap", "0", "--export",
                model.toString());
        assertEquals(2, unknown.exitCode(), "without the plugin no format handles .yaml.gz: " + unknown.err());
        assertTrue(!Files.exists(model));

        CliRunner calibrated = CliRunner.run("calibrate", "--plugins", plugins.toString(), "--tiers", "FAST", "--n",
                "20", "--bootstrap", "0", "--export", model.toString());
        assertEquals(0, calibrated.exitCode(), calibrated.err());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(model))) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(yaml.contains("calibrated_models:") && yaml.contains("FAST:"), yaml);
        }
        CliRunner budget = CliRunner.run("budget", "--plugins", plugins.toString(), "--model", model.toString(),
                "--budgets", "10s");
        assertEquals(0, budget.exitCode(), budget.err());
        assertTrue(budget.out().startsWith("Tier: FAST (budget 30.00 s, 20 runs)"), budget.out());
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

    /** A lean that is not on the PATH: the fix survives the cut to 80 columns; --verbose wraps the whole reason. */
    @Test
    void aMissingLeanKeepsItsFixWithinEightyColumns() {
        CliRunner r = CliRunner.run("backends", "--lean", "lean-not-installed-here");
        assertEquals(0, r.exitCode(), r.err());
        String lean = r.out().lines().filter(l -> l.startsWith("lean ")).findFirst().orElseThrow();
        assumeTrue(!lean.contains("C compiler"), "the native launcher is not built, so its reason comes first");
        assertTrue(lean.startsWith("lean  unavailable  install Lean with elan, or give its full path with --lean"),
                lean);
        assertTrue(lean.length() <= 80 && lean.endsWith("..."), lean);

        CliRunner verbose = CliRunner.run("backends", "--lean", "lean-not-installed-here", "--verbose");
        List<String> lines = verbose.out().lines().toList();
        for (String line : lines) {
            assertTrue(line.length() <= 80 || line.strip().indexOf(' ') < 0, "wider than 80 columns: " + line);
        }
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("lean ")).findFirst().orElseThrow());
        String reason = lines.get(first).substring(19) + " " + lines.get(first + 1).strip();
        assertTrue(lines.get(first + 1).startsWith(" ".repeat(19)), "continued under the reason: " + verbose.out());
        assertTrue(reason.contains("is not on PATH ("), reason);
    }
}
