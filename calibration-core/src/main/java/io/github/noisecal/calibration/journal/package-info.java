/**
 * Step 3: raw telemetry on disk, one JSON object per line
 * ({@link io.github.noisecal.calibration.journal.TelemetryJson}), written by
 * {@link io.github.noisecal.calibration.journal.JsonLinesTelemetrySink} and read back by
 * {@link io.github.noisecal.calibration.journal.JsonLinesTelemetryReader}.
 */
package io.github.noisecal.calibration.journal;
