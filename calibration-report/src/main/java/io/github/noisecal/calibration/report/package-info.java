/**
 * A self-contained HTML report of a calibrated noise model, its figures drawn by JFreeChart into inline SVG
 * (JFreeSVG). {@link io.github.noisecal.calibration.report.CalibrationReport} is the entry point.
 */
package io.github.noisecal.calibration.report;
