package io.github.noisecal.telemetry;

/**
 * A verifier that checks one request at a time and reports what happened. Implementations are safe to call from
 * several threads at once; each call returns exactly one record for its request.
 *
 * <p>A verification that ran and ended badly (rejected proof, timeout, crash, resource limit) is an outcome in the
 * returned record. A verification that could not be run at all raises {@link VerifierHarnessException}. After
 * {@link #close()}, {@link #verify} throws {@link IllegalStateException}; closing twice is harmless.
 */
public interface VerifierBackend extends AutoCloseable {

    /** The provider name this backend was created by, such as {@code mock} or {@code lean}. */
    String name();

    /** The verifier's version string, recorded in every record's {@code lean_version} and in model metadata. */
    String verifierVersion();

    VerificationTelemetry verify(VerificationRequest request);

    /**
     * Checks, before any run starts, that every module can be handed to the verifier (for Lean: that its source
     * file exists under the project root). The default accepts every module.
     *
     * @throws VerifierConfigurationException naming every module that cannot be verified, and why; a message that
     *                                        speaks of {@code the module list} (the modules given here) lets a front
     *                                        end name where the list came from, as the CLI names {@code --modules}
     */
    default void preflight(java.util.Collection<String> moduleNames) {
    }

    /** Releases resources and stops any verification still running; idempotent. */
    @Override
    void close();
}
