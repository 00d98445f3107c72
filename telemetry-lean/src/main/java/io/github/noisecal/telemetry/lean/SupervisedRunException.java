package io.github.noisecal.telemetry.lean;

import java.io.IOException;
import java.util.Objects;

/**
 * A supervised run that gave no trustworthy result: the program could not be started, the launcher was lost, or
 * the output could not be read to its end. {@link #reason()} says which, and {@link #retryable()} whether running
 * the same command again may succeed.
 */
public final class SupervisedRunException extends IOException {
    /** Why the run gave no result. */
    public enum Reason {
        /** The program or its working directory is missing, or the program cannot be executed. */
        CANNOT_EXECUTE(false),
        /** Starting a process failed for want of processes, memory or file descriptors ({@code EAGAIN}, ...). */
        OUT_OF_RESOURCES(true),
        /** The launcher ended without its report: killed from outside (perhaps by the verifier), or it failed. */
        LAUNCHER_LOST(true),
        /** An output stream could not be read to its end, so any verdict would rest on partial output. */
        OUTPUT_INCOMPLETE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    public SupervisedRunException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SupervisedRunException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the same run may succeed when tried again; false when only the user can fix the cause. */
    public boolean retryable() {
        return reason.retryable;
    }
}
