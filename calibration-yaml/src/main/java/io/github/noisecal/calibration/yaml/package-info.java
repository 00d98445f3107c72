/**
 * Calibrated noise models as YAML files. Files are read and written through the {@code yaml}
 * {@link io.github.noisecal.calibration.format.ModelFormat}, found with {@link io.github.noisecal.calibration.format.ModelFormats};
 * {@link io.github.noisecal.calibration.yaml.ModelYaml} is the text mapping beneath it.
 */
package io.github.noisecal.calibration.yaml;
