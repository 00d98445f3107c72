/**
 * Step 5: model files. {@link io.github.noisecal.calibration.format.ModelFormat} is the SPI of a file format (YAML
 * lives in calibration-yaml); {@link io.github.noisecal.calibration.format.ModelFormats} finds them with
 * {@link java.util.ServiceLoader}.
 */
package io.github.noisecal.calibration.format;
