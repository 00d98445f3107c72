/**
 * Step 4: the calibrated noise model. Samples per tier ({@link io.github.noisecal.calibration.model.TierSamples})
 * are aggregated into one {@link io.github.noisecal.calibration.model.TierCalibration} per tier and a
 * {@link io.github.noisecal.calibration.model.CalibrationModel} with its metadata; the same model is rebuilt from
 * stored telemetry by {@link io.github.noisecal.calibration.model.TelemetryRefit}.
 */
package io.github.noisecal.calibration.model;
