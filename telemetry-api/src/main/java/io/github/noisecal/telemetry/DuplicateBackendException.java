package io.github.noisecal.telemetry;

/** Two discovered providers claim the same backend name; neither silently wins. */
public final class DuplicateBackendException extends VerifierConfigurationException {
    private final String backendName;
    private final transient Class<?> firstProvider;
    private final transient Class<?> secondProvider;

    public DuplicateBackendException(String name, Class<?> first, Class<?> second) {
        super("two backend providers are named '" + name + "': " + first.getName() + " and " + second.getName()
                + "; remove one of them from the classpath");
        this.backendName = name;
        this.firstProvider = first;
        this.secondProvider = second;
    }

    /** The name both providers claim. */
    public String backendName() {
        return backendName;
    }

    /** The provider class discovered first. */
    public Class<?> firstProvider() {
        return firstProvider;
    }

    /** The provider class discovered second. */
    public Class<?> secondProvider() {
        return secondProvider;
    }
}
