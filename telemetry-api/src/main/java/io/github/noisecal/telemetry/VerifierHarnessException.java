package io.github.noisecal.telemetry;

/**
 * The verifier could not be run at all (missing executable, unbuilt environment, I/O failure of the harness).
 * This is never a verdict on the proof, so it is raised instead of being recorded as an outcome; a calibration
 * stops on it.
 */
public class VerifierHarnessException extends RuntimeException {
    public VerifierHarnessException(String message) {
        super(message);
    }

    public VerifierHarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
