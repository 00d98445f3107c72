package io.github.noisecal.telemetry.lean;

/** The process supervisor cannot run on this machine; the message says why. */
public final class SupervisorUnavailableException extends Exception {
    public SupervisorUnavailableException(String message) {
        super(message);
    }

    public SupervisorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
