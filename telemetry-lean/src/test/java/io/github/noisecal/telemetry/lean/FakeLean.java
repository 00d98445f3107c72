package io.github.noisecal.telemetry.lean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test installation of the fake {@code lean} and {@code lake} (src/test/c/fake-lean.c, compiled by the build),
 * with its own {@code fake-lean.conf}, and helpers to write Lean projects whose files drive its scenarios.
 */
public final class FakeLean {
    private final Path bin;

    private FakeLean(Path bin) {
        this.bin = bin;
    }

    /** Installs {@code bin/lean} and {@code bin/lake} under {@code directory} with the given configuration. */
    public static FakeLean install(Path directory, Map<String, String> configuration) {
        try {
            Path bin = Files.createDirectories(directory.resolve("bin"));
            Path binary = NativeBuild.fakeLeanBinary();
            for (String name : List.of("lean", "lake")) {
                Path target = bin.resolve(name);
                Files.copy(binary, target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            List<String> lines = new ArrayList<>();
            configuration.forEach((key, value) -> lines.add(key + "=" + value));
            Files.write(bin.resolve("fake-lean.conf"), lines, StandardCharsets.UTF_8);
            return new FakeLean(bin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FakeLean install(Path directory) {
        return install(directory, Map.of());
    }

    public Path lean() {
        return bin.resolve("lean");
    }

    public Path lake() {
        return bin.resolve("lake");
    }

    /** Creates a Lake project directory (with a lakefile) for modules written by {@link #writeModule}. */
    public static Path project(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("lakefile.lean"), "import Lake\nopen Lake DSL\npackage test\n");
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes module {@code A.B.C} as {@code A/B/C.lean} with one {@code -- fake:} line per directive. */
    public static Path writeModule(Path project, String module, String... directives) {
        StringBuilder text = new StringBuilder("theorem t : 1 = 1 := by\n  rfl\n");
        for (String directive : directives) {
            text.append("-- fake: ").append(directive).append('\n');
        }
        return writeSource(project, module, text.toString());
    }

    public static Path writeSource(Path project, String module, String source) {
        try {
            Path file = project.resolve(module.replace('.', '/') + ".lean");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
