package io.github.noisecal.telemetry;

/**
 * Creates backends of one kind. Providers are discovered with {@link java.util.ServiceLoader} (see
 * {@link VerifierBackends}); constructors must be cheap and must not start anything — work happens in
 * {@link #create}.
 */
public interface VerifierBackendProvider {

    /** The unique, lower-case name users select the backend by, such as {@code mock}. */
    String name();

    /** One line saying what the backend verifies with. */
    String description();

    /**
     * Whether the backend can run here with {@code config}, and if not, why. Never throws for an unusable
     * environment; that is what the answer is for.
     */
    BackendAvailability availability(BackendConfig config);

    /**
     * Builds a backend.
     *
     * @throws VerifierConfigurationException if {@code config} is invalid; the message names the setting
     * @throws VerifierHarnessException       if the verifier cannot be started here
     */
    VerifierBackend create(BackendConfig config);
}
