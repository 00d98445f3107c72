package io.github.noisecal.calibration;

/**
 * User input (a module list, a model file, raw telemetry, a calibration setting) is malformed. The message is one
 * line that names the input and the problem, fit to show a user as it is.
 */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
