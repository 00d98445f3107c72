package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads JSON Lines telemetry written by {@link JsonLinesTelemetrySink}; blank lines are skipped. */
public final class JsonLinesTelemetryReader {
    private JsonLinesTelemetryReader() {
    }

    /**
     * Streams every record of {@code file} to {@code consumer}.
     *
     * @return the number of records read
     * @throws InvalidInputException naming the file, line and field of the first malformed record
     */
    public static long read(Path file, Consumer<VerificationTelemetry> consumer) {
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String source = file + " line " + lineNumber;
                JsonNode node;
                try {
                    node = TelemetryJson.MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new InvalidInputException(source + ": not valid JSON: " + e.getOriginalMessage());
                }
                consumer.accept(TelemetryJson.read(node, source));
                count++;
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("raw telemetry " + file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("raw telemetry " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("reading raw telemetry " + file + " failed: " + e.getMessage(), e);
        }
        return count;
    }
}
