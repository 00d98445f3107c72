/**
 * Step 3: the journal, raw telemetry on disk as it completes, one JSON object per line
 * ({@link io.github.noisecal.calibration.journal.TelemetryJson}), after a header line that names the plan
 * ({@link io.github.noisecal.calibration.journal.JournalHeader}); written by
 * {@link io.github.noisecal.calibration.journal.JournalWriter} and read back, with telemetry from elsewhere, by
 * {@link io.github.noisecal.calibration.journal.JournalReader}.
 */
package io.github.noisecal.calibration.journal;
