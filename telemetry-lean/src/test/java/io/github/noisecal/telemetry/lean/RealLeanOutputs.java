package io.github.noisecal.telemetry.lean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The 36 recorded real Lean outputs in src/test/resources/real-lean-outputs, with their expected outcomes. */
record RealLeanOutputs(String name, Path directory, String expectedOutcome, int exitCode, String producer) {

    static List<RealLeanOutputs> all() {
        try {
            Path root = Path.of(RealLeanOutputs.class.getResource("/real-lean-outputs").toURI());
            ObjectMapper json = new ObjectMapper();
            try (Stream<Path> entries = Files.list(root)) {
                return entries.filter(Files::isDirectory).sorted().map(dir -> {
                    try {
                        JsonNode description = json.readTree(dir.resolve("case.json").toFile());
                        return new RealLeanOutputs(dir.getFileName().toString(), dir,
                                description.get("expected_outcome").asText(), description.get("exit_code").asInt(),
                                description.get("producer").asText());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Path stdout() {
        return directory.resolve("stdout.txt");
    }

    Optional<Path> stderr() {
        Path file = directory.resolve("stderr.txt");
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }

    String stdoutText() {
        return read(stdout());
    }

    String stderrText() {
        return stderr().map(RealLeanOutputs::read).orElse("");
    }

    boolean isRepl() {
        return producer.equals("repl");
    }

    /** The directives that make the fake lean replay this case: its streams, then its exit (SIGABRT for 134). */
    List<String> replayDirectives() {
        var directives = new java.util.ArrayList<String>();
        directives.add("replay-stdout " + stdout().toAbsolutePath());
        stderr().ifPresent(file -> directives.add("replay-stderr " + file.toAbsolutePath()));
        directives.add(exitCode == 134 ? "abort" : "exit " + exitCode);
        return directives;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
