package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.model.CalibrationModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A self-contained HTML report of a calibrated model: rates with their intervals across tiers, durations against
 * the fitted families, budget curves (observed, extrapolated, beyond the data), repeatability and modules, tier
 * comparisons, acceptance and metadata. One file with
 * inline SVG figures and styles, no script and nothing fetched, so it opens from disk and prints.
 *
 * <pre>{@code
 * CalibrationReport.builder(model)
 *         .title("model.yaml")
 *         .rawTelemetry(List.of(Path.of("raw.jsonl")))   // optional: histograms, Kaplan-Meier, top flippers
 *         .targetTimeoutRate(0.05)                        // optional: recommended budgets
 *         .build()
 *         .write(Path.of("report.html"), false);
 * }</pre>
 */
public final class CalibrationReport {
    private final ReportData data;

    private CalibrationReport(ReportData data) {
        this.data = data;
    }

    public static Builder builder(CalibrationModel model) {
        return new Builder(model);
    }

    /** The report as one HTML document. */
    public String toHtml() {
        return ReportPage.render(data);
    }

    /**
     * Writes the report atomically: a reader sees the old file or the whole new one, never part of it.
     *
     * @param overwrite whether an existing file may be replaced
     * @throws InvalidInputException when the file exists and {@code overwrite} is false, or its directory does not
     *                               exist
     */
    public void write(Path file, boolean overwrite) {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new InvalidInputException("report " + file + ": directory " + directory + " does not exist");
        }
        if (!overwrite && Files.exists(target)) {
            throw new InvalidInputException("report " + file + ": the file exists; choose another name or allow "
                    + "overwriting it");
        }
        String html = toHtml();
        Path temporary = null;
        try {
            // Not Files.createTempFile, which would leave the report readable by its owner only.
            temporary = Files.createFile(target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp"));
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report " + file + " failed: " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: the report itself is already in place or the error above is reported.
                }
            }
        }
    }

    /** What goes into a report besides the model. */
    public static final class Builder {
        private final CalibrationModel model;
        private String title = "calibration";
        private List<Path> rawFiles = List.of();
        private Double targetTimeoutRate;
        private AcceptanceEnvelope envelope = AcceptanceEnvelope.originDefaults();
        private Consumer<String> warnings = warning -> { };

        private Builder(CalibrationModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** What the report is about, e.g. the model file's name. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * The same calibration's raw JSON Lines telemetry (its {@code --raw} file or the journals of its shards):
         * histograms, Kaplan-Meier, the modules that flip most. {@link #build()} refuses another calibration's.
         */
        public Builder rawTelemetry(List<Path> files) {
            this.rawFiles = List.copyOf(files);
            return this;
        }

        /** A timeout rate whose smallest budget each tier recommends; null for none. */
        public Builder targetTimeoutRate(Double rate) {
            if (rate != null && !(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("target timeout rate must lie strictly between 0 and 1, got "
                        + rate);
            }
            this.targetTimeoutRate = rate;
            return this;
        }

        /**
         * Receives what the report should be read with, one line each: raw telemetry that could be matched to the
         * model only by budgets and run counts (neither names a plan to compare). Ignored by default.
         */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        /** The acceptance criteria to report; the origin plan's by default. */
        public Builder envelope(AcceptanceEnvelope envelope) {
            this.envelope = Objects.requireNonNull(envelope, "envelope");
            return this;
        }

        /**
         * Reads the raw telemetry, if any, and everything the report shows.
         *
         * @throws InvalidInputException naming the file and line of a malformed raw record, or the file and the
         *                               mismatch when the raw telemetry is not the model's (another plan, budget,
         *                               tier or number of runs)
         */
        public CalibrationReport build() {
            RawTelemetry raw = rawFiles.isEmpty() ? null : RawTelemetry.read(rawFiles, model);
            if (raw != null && raw.matchedByCountsOnly()) {
                warnings.accept("raw telemetry " + String.join(", ", rawFiles.stream().map(Path::toString).toList())
                        + ": " + raw.match());
            }
            return new CalibrationReport(ReportDataReader.read(model, title, raw,
                    rawFiles.stream().map(Path::toString).toList(), targetTimeoutRate, envelope));
        }
    }
}
