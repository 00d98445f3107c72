package io.github.noisecal.telemetry;

import java.util.List;

/** No backend of the requested name was discovered; the message lists the names that were. */
public final class UnknownBackendException extends VerifierConfigurationException {
    private final String requestedName;
    private final List<String> availableNames;

    public UnknownBackendException(String requestedName, List<String> availableNames) {
        super("unknown backend '" + requestedName + "'; available backends: "
                + (availableNames.isEmpty() ? "(none discovered: add telemetry-mock or telemetry-lean to the classpath)"
                        : String.join(", ", availableNames)));
        this.requestedName = requestedName;
        this.availableNames = List.copyOf(availableNames);
    }

    public String requestedName() {
        return requestedName;
    }

    public List<String> availableNames() {
        return availableNames;
    }
}
