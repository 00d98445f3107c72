package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams records to a JSON Lines file, one object per line (see {@link TelemetryJson}). Lines go to a temporary
 * file beside the target, which becomes the target only when the run {@linkplain #complete() completes}: a failed
 * run leaves no partial file, and an existing file is replaced only by a complete one.
 */
public final class JsonLinesTelemetrySink implements TelemetrySink {
    private final Path target;
    private Path temporary;
    private JsonGenerator out;
    private boolean completed;
    private boolean closed;

    /** Nothing is created until the first record (or completion): a run refused up front leaves no trace. */
    public JsonLinesTelemetrySink(Path target) {
        this.target = target.toAbsolutePath();
    }

    private JsonGenerator output() {
        if (out == null) {
            try {
                Path directory = target.getParent();
                Files.createDirectories(directory);
                temporary = Files.createTempFile(directory, "." + target.getFileName(), ".partial");
                OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
                out = TelemetryJson.MAPPER.getFactory().createGenerator(stream);
                out.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write raw telemetry to " + target + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public synchronized void accept(VerificationTelemetry telemetry) {
        if (closed) {
            throw new IllegalStateException("sink for " + target + " is closed");
        }
        try {
            TelemetryJson.write(output(), telemetry);
        } catch (IOException e) {
            throw new UncheckedIOException("writing raw telemetry to " + temporary + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void complete() {
        if (closed) {
            throw new IllegalStateException("sink for " + target + " is closed");
        }
        try {
            output().writeRaw('\n');
            out.close();
            closed = true;
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            completed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("finishing raw telemetry " + target + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (completed || out == null) {
            closed = true;
            return;
        }
        try {
            if (!closed) {
                closed = true;
                out.close();
            }
        } catch (IOException e) {
            // Discarding a failed run's output: the run's own error is what the user needs to see.
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Best effort: a leftover temporary file is hidden and never mistaken for the target.
            }
        }
    }
}
