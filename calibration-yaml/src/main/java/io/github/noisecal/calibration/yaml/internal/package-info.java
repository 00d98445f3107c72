/** The {@code yaml} model format's service provider; not API, and may change without notice. */
package io.github.noisecal.calibration.yaml.internal;
