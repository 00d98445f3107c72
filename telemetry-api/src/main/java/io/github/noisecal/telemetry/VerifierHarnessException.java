package io.github.noisecal.telemetry;

import java.util.Objects;

/**
 * The verifier could not be run at all (missing executable, unbuilt environment, I/O failure of the harness, output
 * that could not be read completely). This is never a verdict on the proof, so it is raised instead of being
 * recorded as an outcome.
 *
 * <p>Its {@link Kind} tells a runner what to do next: a {@linkplain Kind#TRANSIENT transient} failure (a fork that
 * failed for want of resources, a launcher killed from outside, output lost under overload) may succeed when the
 * same request is tried again; an {@linkplain Kind#ENVIRONMENT environment} failure (imports that were never built,
 * a verifier that is not installed) fails every request alike until the user fixes the environment, so retrying
 * only wastes verifier time.
 */
public class VerifierHarnessException extends RuntimeException {
    /** Whether trying the same request again can help. */
    public enum Kind {
        /** The same request may succeed when tried again. */
        TRANSIENT,
        /** Every request fails alike until the environment is fixed; the message says how. */
        ENVIRONMENT
    }

    private final Kind kind;

    /** A {@linkplain Kind#TRANSIENT transient} failure. */
    public VerifierHarnessException(String message) {
        this(Kind.TRANSIENT, message, null);
    }

    /** A {@linkplain Kind#TRANSIENT transient} failure. */
    public VerifierHarnessException(String message, Throwable cause) {
        this(Kind.TRANSIENT, message, cause);
    }

    public VerifierHarnessException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A failure that only the user can fix, such as an unbuilt project; the message names the fix. */
    public static VerifierHarnessException environment(String message) {
        return new VerifierHarnessException(Kind.ENVIRONMENT, message, null);
    }

    /** A failure that only the user can fix, such as an unbuilt project; the message names the fix. */
    public static VerifierHarnessException environment(String message, Throwable cause) {
        return new VerifierHarnessException(Kind.ENVIRONMENT, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying the same request again can help. */
    public boolean isRetryable() {
        return kind == Kind.TRANSIENT;
    }
}
