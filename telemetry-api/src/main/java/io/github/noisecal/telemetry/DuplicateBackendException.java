package io.github.noisecal.telemetry;

/** Two discovered providers claim the same backend name; neither silently wins. */
public final class DuplicateBackendException extends VerifierConfigurationException {
    public DuplicateBackendException(String name, Class<?> first, Class<?> second) {
        super("two backend providers are named '" + name + "': " + first.getName() + " and " + second.getName()
                + "; remove one of them from the classpath");
    }
}
