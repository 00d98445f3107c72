package io.github.noisecal.telemetry;

/** A backend or calibration was configured wrongly; the message names the setting and the problem. */
public class VerifierConfigurationException extends RuntimeException {
    public VerifierConfigurationException(String message) {
        super(message);
    }

    public VerifierConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
