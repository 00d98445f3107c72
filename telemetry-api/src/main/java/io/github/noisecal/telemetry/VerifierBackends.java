package io.github.noisecal.telemetry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovered verifier backends: an immutable registry loaded once with {@link java.util.ServiceLoader}.
 *
 * <p>A provider that fails to load is logged at WARN on one line with its causes' messages (the stack trace at
 * DEBUG) and listed in {@link #loadFailures()}; the others stay usable. Two providers with the same name fail the load with {@link DuplicateBackendException}.
 */
public final class VerifierBackends {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierBackends.class);
    /** Stops a class loader whose every entry is broken from looping forever. */
    private static final int MAX_CONSECUTIVE_FAILURES = 1000;

    private final Map<String, VerifierBackendProvider> providers;
    private final List<String> loadFailures;

    private VerifierBackends(Map<String, VerifierBackendProvider> providers, List<String> loadFailures) {
        this.providers = providers;
        this.loadFailures = loadFailures;
    }

    /** Discovers providers visible to this class's class loader. */
    public static VerifierBackends load() {
        return load(VerifierBackends.class.getClassLoader());
    }

    /** Discovers providers visible to {@code classLoader}. */
    public static VerifierBackends load(ClassLoader classLoader) {
        Objects.requireNonNull(classLoader, "classLoader");
        Map<String, VerifierBackendProvider> found = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Iterator<VerifierBackendProvider> it = ServiceLoader.load(VerifierBackendProvider.class, classLoader).iterator();
        int consecutiveFailures = 0;
        while (consecutiveFailures < MAX_CONSECUTIVE_FAILURES) {
            VerifierBackendProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                consecutiveFailures++;
                String message = describe(e);
                failures.add(message);
                // One line at WARN: the trace of a missing class says nothing its message does not.
                LOG.warn("A verifier backend provider could not be loaded and is skipped: {}", message);
                LOG.debug("The provider's load failure", e);
                continue;
            }
            consecutiveFailures = 0;
            String name = provider.name();
            VerifierBackendProvider previous = found.putIfAbsent(name, provider);
            if (previous != null) {
                throw new DuplicateBackendException(name, previous.getClass(), provider.getClass());
            }
        }
        return new VerifierBackends(java.util.Collections.unmodifiableMap(found), List.copyOf(failures));
    }

    /** A registry of exactly these providers, for tests and for embedding without discovery. */
    public static VerifierBackends of(VerifierBackendProvider... providers) {
        Map<String, VerifierBackendProvider> map = new LinkedHashMap<>();
        for (VerifierBackendProvider p : providers) {
            VerifierBackendProvider previous = map.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new DuplicateBackendException(p.name(), previous.getClass(), p.getClass());
            }
        }
        return new VerifierBackends(java.util.Collections.unmodifiableMap(map), List.of());
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
            if (cause.getCause() == cause) break;
        }
        return text.toString();
    }

    /** The names of the discovered backends, in discovery order. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    public List<VerifierBackendProvider> providers() {
        return List.copyOf(providers.values());
    }

    public Optional<VerifierBackendProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** The provider named {@code name}; an unknown name throws, listing the known names. */
    public VerifierBackendProvider provider(String name) {
        VerifierBackendProvider provider = providers.get(name);
        if (provider == null) {
            throw new UnknownBackendException(name, names());
        }
        return provider;
    }

    /** Convenience: {@code provider(name).create(config)}. */
    public VerifierBackend create(String name, BackendConfig config) {
        return provider(name).create(config);
    }

    /** Descriptions of the providers that failed to load, each with its cause. */
    public List<String> loadFailures() {
        return loadFailures;
    }
}
