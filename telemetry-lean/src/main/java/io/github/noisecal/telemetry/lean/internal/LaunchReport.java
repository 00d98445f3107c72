package io.github.noisecal.telemetry.lean.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The launcher's report file: {@code key=value} lines written once the whole process tree is gone. */
public record LaunchReport(Map<String, String> values) {
    public LaunchReport {
        values = Map.copyOf(values);
    }

    public static LaunchReport read(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        if (!values.containsKey("status")) {
            throw new IOException("launcher report " + file + " has no status line");
        }
        return new LaunchReport(values);
    }

    public String text(String key) throws IOException {
        String value = values.get(key);
        if (value == null) {
            throw new IOException("launcher report has no '" + key + "' line: " + values);
        }
        return value;
    }

    public long number(String key) throws IOException {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IOException("launcher report line '" + key + "=" + value + "' is not a number", e);
        }
    }
}
