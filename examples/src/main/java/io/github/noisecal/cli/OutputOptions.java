package io.github.noisecal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format text|json}: a command's result for people, or one JSON document on standard output for scripts
 * (nothing else goes to standard output then; progress and errors stay on standard error).
 */
final class OutputOptions {
    /**
     * Records become objects with snake_case keys, as in the model file, and enums their lower-case names
     * ({@code observed}, {@code beyond_data}, {@code wilson_cc}).
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true).build();

    /** The values of {@code --format}. */
    static final List<String> FORMATS = List.of("text", "json");

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = CompletionValues.Formats.class,
            description = "text, or json: one JSON document on standard output. Default: ${DEFAULT-VALUE}.")
    String format = "text";

    /** Whether the result goes out as JSON; an unknown format is bad input. */
    boolean json() {
        return switch (format) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new UsageException("--format: 'text' or 'json', got '" + format + "'");
        };
    }

    /** Prints {@code document} (maps, lists, records of plain values) as one JSON document. */
    static void print(PrintWriter out, Object document) {
        try {
            out.println(MAPPER.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }
}
