package io.github.noisecal.calibration;

/** A calibration run failed while it was executing (as opposed to bad input, which is rejected up front). */
public class CalibrationException extends RuntimeException {
    public CalibrationException(String message) {
        super(message);
    }

    public CalibrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
