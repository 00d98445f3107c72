package io.github.noisecal.telemetry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierBackends;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit every {@link VerifierBackendProvider} passes: a JUnit 5 test base that checks how the
 * provider is found and how it answers, beside {@link VerifierBackendCompatibilityKit}, which checks the backends
 * it creates.
 *
 * <h2>Using it</h2>
 * Add {@code telemetry-tck} as a test dependency and extend the kit:
 * <pre>{@code
 * class MyBackendProviderCompatibilityTest extends VerifierBackendProviderCompatibilityKit {
 *     @Override
 *     protected VerifierBackendProvider provider() {
 *         return new MyBackendProvider();
 *     }
 *
 *     @Override
 *     protected BackendConfig workingConfig() {
 *         return BackendConfig.of(Map.of("endpoint", "http://localhost:8080"));
 *     }
 *
 *     @Override
 *     protected Optional<BackendConfig> unavailableConfig() {
 *         return Optional.of(BackendConfig.of(Map.of("endpoint", "no such endpoint")));
 *     }
 * }
 * }</pre>
 * Every test is a method of this class, so reports list them under the subclass's name.
 *
 * <h2>What it checks</h2>
 * <ul>
 *   <li>The provider is registered for {@link ServiceLoader} (a {@code META-INF/services} entry, as
 *       {@code @AutoService(VerifierBackendProvider.class)} writes), exactly once, and {@link VerifierBackends}
 *       discovers it by its name.</li>
 *   <li>{@link VerifierBackendProvider#name()} has the documented form (lower case: {@value #NAME_FORM}) and is the
 *       {@link VerifierBackend#name()} of the backends it creates; the description is one line.</li>
 *   <li>{@link VerifierBackendProvider#availability} never throws, for the empty, working, unavailable and
 *       unknown-setting configurations and any of {@link #moreConfigs()}, and always explains itself (a non-blank
 *       detail); a configuration with an unknown setting is not available.</li>
 *   <li>{@link VerifierBackendProvider#create} rejects an unknown setting with a
 *       {@link VerifierConfigurationException} that names it, and fails on the unavailable configuration with a
 *       {@link VerifierConfigurationException} or {@link VerifierHarnessException} that says why, never with a
 *       backend or another exception.</li>
 * </ul>
 * Where a check needs a backend and the provider says it is unavailable on this machine (or no
 * {@link #unavailableConfig()} is given), that test is reported as aborted (skipped) with the reason, not passed.
 */
public abstract class VerifierBackendProviderCompatibilityKit {

    /** The form of a backend name: lower case, starting with a letter; digits, '-' and '_' may follow. */
    public static final String NAME_FORM = "[a-z][a-z0-9_-]*";
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME_FORM);
    /** A setting no backend knows: the kit adds it to {@link #workingConfig()} to see it rejected. */
    static final String UNKNOWN_SETTING = "noisecal_tck_unknown_setting";

    /** A new instance of the provider under test, as its public no-argument constructor makes it. */
    protected abstract VerifierBackendProvider provider();

    /**
     * Settings with which the backend can be created on a machine where it can run (the kit checks
     * {@link VerifierBackendProvider#availability} before relying on it).
     */
    protected abstract BackendConfig workingConfig();

    /**
     * Settings the provider reports unavailable and {@code create} must refuse, such as a verifier executable that
     * does not exist; empty when there are none (the test that needs them is then skipped).
     */
    protected Optional<BackendConfig> unavailableConfig() {
        return Optional.empty();
    }

    /** Further configurations for which availability must answer without throwing. */
    protected List<BackendConfig> moreConfigs() {
        return List.of();
    }

    private VerifierBackendProvider newProvider() {
        VerifierBackendProvider provider = provider();
        if (provider == null) {
            throw new IllegalStateException("provider() returned null");
        }
        return provider;
    }

    private static BackendConfig withUnknownSetting(BackendConfig config) {
        Map<String, List<String>> values = new LinkedHashMap<>(config.values());
        values.put(UNKNOWN_SETTING, List.of("1"));
        return new BackendConfig(values);
    }

    private static String describe(BackendConfig config) {
        return config.values().isEmpty() ? "the empty configuration" : "configuration " + config.values();
    }

    /** Whether the backend can run with {@code config}; asserts the answer is well formed. */
    private static BackendAvailability availability(VerifierBackendProvider provider, BackendConfig config) {
        BackendAvailability answer;
        try {
            answer = provider.availability(config);
        } catch (RuntimeException | LinkageError e) {
            return fail("availability() threw for " + describe(config) + " instead of answering 'unavailable': " + e,
                    e);
        }
        assertNotNull(answer, () -> "availability() returned null for " + describe(config));
        assertFalse(answer.detail().isBlank(), () -> "availability() must explain itself (what runs, or why"
                + " nothing can) but gave a blank detail for " + describe(config));
        return answer;
    }

    /** Aborts the calling test unless the backend can be created with {@link #workingConfig()} here. */
    private void assumeWorkingConfigIsAvailable(VerifierBackendProvider provider, String check) {
        BackendAvailability answer = availability(provider, workingConfig());
        Assumptions.assumeTrue(answer.available(), () -> "the backend is unavailable on this machine with"
                + " workingConfig(), so " + check + " could not be checked: " + answer.detail());
    }

    @Test
    @DisplayName("registration: the provider is registered for ServiceLoader, exactly once")
    void registeredForServiceLoader() {
        Class<? extends VerifierBackendProvider> type = newProvider().getClass();
        long registrations = ServiceLoader.load(VerifierBackendProvider.class, type.getClassLoader()).stream()
                .filter(p -> p.type().equals(type))
                .count();
        assertEquals(1, registrations, () -> type.getName() + " must be registered exactly once for ServiceLoader,"
                + " was registered " + registrations + " times: annotate it with"
                + " @AutoService(VerifierBackendProvider.class) (and run the AutoService annotation processor), or"
                + " name it in META-INF/services/" + VerifierBackendProvider.class.getName());
    }

    @Test
    @DisplayName("registration: VerifierBackends discovers the provider by its name")
    void discoveredByName() {
        VerifierBackendProvider provider = newProvider();
        VerifierBackends backends = VerifierBackends.load(provider.getClass().getClassLoader());
        for (String failure : backends.loadFailures()) {
            assertFalse(failure.contains(provider.getClass().getName()), () -> provider.getClass().getName()
                    + " failed to load through ServiceLoader: " + failure);
        }
        Optional<VerifierBackendProvider> found = backends.find(provider.name());
        assertTrue(found.isPresent(), () -> "VerifierBackends.load() does not find a backend named '"
                + provider.name() + "'; it finds " + backends.names());
        assertEquals(provider.getClass(), found.get().getClass(), () -> "the backend named '" + provider.name()
                + "' is provided by " + found.get().getClass().getName() + ", not by " + provider.getClass().getName());
    }

    @Test
    @DisplayName("names: name() is lower case: a letter, then letters, digits, '-' or '_'")
    void nameHasTheDocumentedForm() {
        String name = newProvider().name();
        assertTrue(name != null && NAME_PATTERN.matcher(name).matches(), () -> "name() must match " + NAME_FORM
                + " (users type it after --backend), got " + (name == null ? "null" : "'" + name + "'"));
    }

    @Test
    @DisplayName("names: description() is one non-blank line")
    void descriptionIsOneLine() {
        String description = newProvider().description();
        assertTrue(description != null && !description.isBlank() && description.lines().count() == 1,
                () -> "description() must be one non-blank line, got " + description);
    }

    @Test
    @DisplayName("names: the backends it creates have the provider's name")
    void backendNameIsProviderName() {
        VerifierBackendProvider provider = newProvider();
        assumeWorkingConfigIsAvailable(provider, "backend.name()");
        try (VerifierBackend backend = provider.create(workingConfig())) {
            assertNotNull(backend, "create(workingConfig()) returned null");
            assertEquals(provider.name(), backend.name(), "the backend's name() must be the provider's name(), as"
                    + " records and model files name the backend by it");
        }
    }

    @Test
    @DisplayName("availability: never throws, and always explains itself")
    void availabilityNeverThrowsAndExplainsItself() {
        VerifierBackendProvider provider = newProvider();
        List<BackendConfig> configs = new ArrayList<>(List.of(BackendConfig.empty(), workingConfig(),
                withUnknownSetting(workingConfig())));
        unavailableConfig().ifPresent(configs::add);
        configs.addAll(moreConfigs());
        for (BackendConfig config : configs) {
            availability(provider, config);
        }
    }

    @Test
    @DisplayName("availability: a configuration with an unknown setting is not available")
    void unknownSettingIsNotAvailable() {
        BackendConfig config = withUnknownSetting(workingConfig());
        assertFalse(availability(newProvider(), config).available(), () -> "availability() says 'available' for "
                + describe(config) + ", but create() must reject the unknown setting " + UNKNOWN_SETTING);
    }

    @Test
    @DisplayName("settings: create rejects an unknown setting, naming it")
    void unknownSettingIsRejectedByName() {
        VerifierBackendProvider provider = newProvider();
        BackendConfig config = withUnknownSetting(workingConfig());
        VerifierBackend created;
        try {
            created = provider.create(config);
        } catch (VerifierConfigurationException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(UNKNOWN_SETTING), () -> "create() rejected"
                    + " the unknown setting, but its message does not name it: " + e.getMessage());
            return;
        } catch (VerifierHarnessException e) {
            assumeWorkingConfigIsAvailable(provider, "the rejection of an unknown setting");
            fail("create() must reject the unknown setting " + UNKNOWN_SETTING
                    + " with a VerifierConfigurationException, threw " + e, e);
            return;
        } catch (RuntimeException e) {
            fail("create() must reject the unknown setting " + UNKNOWN_SETTING
                    + " with a VerifierConfigurationException, threw " + e, e);
            return;
        }
        if (created != null) {
            created.close();
        }
        fail("create() accepted the unknown setting " + UNKNOWN_SETTING + ": a misspelt setting must not be ignored"
                + " (BackendConfig.requireOnlyKeys does it)");
    }

    @Test
    @DisplayName("settings: create on an unavailable configuration fails and says why")
    void createOnUnavailableFailsClearly() {
        Optional<BackendConfig> unavailable = unavailableConfig();
        Assumptions.assumeTrue(unavailable.isPresent(),
                "unavailableConfig() names no configuration under which the backend is unavailable");
        VerifierBackendProvider provider = newProvider();
        BackendConfig config = unavailable.get();
        assertFalse(availability(provider, config).available(), () -> "unavailableConfig() must be a configuration"
                + " the provider reports unavailable, but availability() says 'available' for " + describe(config));
        VerifierBackend created;
        try {
            created = provider.create(config);
        } catch (VerifierConfigurationException | VerifierHarnessException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), () -> "create() on an unavailable"
                    + " configuration must say why it failed; " + e.getClass().getSimpleName() + " had no message");
            return;
        } catch (RuntimeException e) {
            fail("create() on an unavailable configuration must throw VerifierConfigurationException (bad settings)"
                    + " or VerifierHarnessException (the verifier cannot run here), threw " + e, e);
            return;
        }
        if (created != null) {
            created.close();
        }
        fail("create() returned a backend for " + describe(config) + ", which availability() reports unavailable");
    }
}
