package io.github.noisecal.telemetry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the provider kit against {@link KitProviders}: the correct provider passes every test, and each broken one
 * fails exactly the tests for the rule it breaks, with a message that says what went wrong.
 */
class VerifierBackendProviderCompatibilityKitTest {

    private static final Set<String> ALL_TESTS = Set.of(
            "registeredForServiceLoader",
            "discoveredByName",
            "nameHasTheDocumentedForm",
            "descriptionIsOneLine",
            "backendNameIsProviderName",
            "availabilityNeverThrowsAndExplainsItself",
            "unknownSettingIsNotAvailable",
            "unknownSettingIsRejectedByName",
            "createOnUnavailableFailsClearly");

    @Test
    @DisplayName("a provider that keeps the contract passes every test, reported under the implementer's class")
    void correctProviderPasses() {
        KitRun run = KitRun.of(CorrectKit.class);
        assertEquals(ALL_TESTS, run.statuses().keySet());
        assertEquals(Map.of(), run.failures());
        assertEquals(Map.of(), run.aborted());
        assertEquals(Set.of(CorrectKit.class.getName()), run.reportedClasses());
    }

    @Test
    @DisplayName("a provider missing from META-INF/services fails registration and discovery, saying how to register")
    void unregistered() {
        assertFailsOnly(UnregisteredKit.class, Map.of(
                "registeredForServiceLoader", "KitProviders$Unregistered must be registered exactly once for"
                        + " ServiceLoader, was registered 0 times: annotate it with"
                        + " @AutoService(VerifierBackendProvider.class)",
                "discoveredByName", "VerifierBackends.load() does not find a backend named 'unregistered'"));
    }

    @Test
    @DisplayName("a name with capitals and a space fails the name form test")
    void upperCaseName() {
        assertFailsOnly(UpperCaseNameKit.class, Map.of("nameHasTheDocumentedForm",
                "name() must match [a-z][a-z0-9_-]* (users type it after --backend), got 'Upper Case'"));
    }

    @Test
    @DisplayName("backends named otherwise than their provider fail the name consistency test")
    void nameMismatch() {
        assertFailsOnly(NameMismatchKit.class, Map.of("backendNameIsProviderName",
                "the backend's name() must be the provider's name(), as records and model files name the backend by"
                        + " it ==> expected: <mismatch> but was: <correct>"));
    }

    @Test
    @DisplayName("a description of two lines fails the description test")
    void twoLineDescription() {
        assertFailsOnly(TwoLineDescriptionKit.class, Map.of("descriptionIsOneLine",
                "description() must be one non-blank line, got A test backend\nwhose description"));
    }

    @Test
    @DisplayName("availability that throws fails every test that asks it about a bad configuration")
    void availabilityThrows() {
        String threw = "availability() threw for configuration {noisecal_tck_unknown_setting=[1]} instead of"
                + " answering 'unavailable': io.github.noisecal.telemetry.VerifierConfigurationException: unknown"
                + " backend setting 'noisecal_tck_unknown_setting'; known: mode";
        assertFailsOnly(AvailabilityThrowsKit.class, Map.of(
                "availabilityNeverThrowsAndExplainsItself", threw,
                "unknownSettingIsNotAvailable", threw,
                "createOnUnavailableFailsClearly", "availability() threw for configuration {mode=[off]} instead of"
                        + " answering 'unavailable': io.github.noisecal.telemetry.VerifierHarnessException: the test"
                        + " verifier is switched off (mode=off)"));
    }

    @Test
    @DisplayName("'unavailable' without a reason fails every test that gets that answer")
    void silentlyUnavailable() {
        String blank = "availability() must explain itself (what runs, or why nothing can) but gave a blank detail"
                + " for configuration {noisecal_tck_unknown_setting=[1]}";
        assertFailsOnly(SilentlyUnavailableKit.class, Map.of(
                "availabilityNeverThrowsAndExplainsItself", blank,
                "unknownSettingIsNotAvailable", blank,
                "createOnUnavailableFailsClearly", "availability() must explain itself (what runs, or why nothing"
                        + " can) but gave a blank detail for configuration {mode=[off]}"));
    }

    @Test
    @DisplayName("ignoring an unknown setting fails the unknown-setting tests")
    void ignoresUnknownSettings() {
        assertFailsOnly(IgnoresUnknownSettingsKit.class, Map.of(
                "unknownSettingIsNotAvailable", "availability() says 'available' for configuration"
                        + " {noisecal_tck_unknown_setting=[1]}, but create() must reject the unknown setting"
                        + " noisecal_tck_unknown_setting",
                "unknownSettingIsRejectedByName", "create() accepted the unknown setting noisecal_tck_unknown_setting:"
                        + " a misspelt setting must not be ignored"));
    }

    @Test
    @DisplayName("rejecting an unknown setting without naming it fails the unknown-setting test")
    void unknownSettingUnnamed() {
        assertFailsOnly(UnknownSettingUnnamedKit.class, Map.of("unknownSettingIsRejectedByName",
                "create() rejected the unknown setting, but its message does not name it: invalid configuration"));
    }

    @Test
    @DisplayName("a backend created where availability says unavailable fails the unavailable test")
    void createsWhenUnavailable() {
        assertFailsOnly(CreatesWhenUnavailableKit.class, Map.of(
                "unknownSettingIsRejectedByName", "create() accepted the unknown setting",
                "createOnUnavailableFailsClearly", "create() returned a backend for configuration {mode=[off]},"
                        + " which availability() reports unavailable"));
    }

    @Test
    @DisplayName("an obscure exception from create fails the unavailable test")
    void createFailsObscurely() {
        assertFailsOnly(CreateFailsObscurelyKit.class, Map.of("createOnUnavailableFailsClearly",
                "create() on an unavailable configuration must throw VerifierConfigurationException (bad settings)"
                        + " or VerifierHarnessException (the verifier cannot run here), threw"
                        + " java.lang.IllegalStateException"));
    }

    @Test
    @DisplayName("a provider unavailable on this machine skips, with the reason, what needs a backend")
    void neverAvailable() {
        KitRun run = KitRun.of(NeverAvailableKit.class);
        assertEquals(Map.of(), run.failures());
        assertEquals(Map.of("backendNameIsProviderName", "org.opentest4j.TestAbortedException: Assumption failed:"
                + " the backend is unavailable on this machine with workingConfig(), so backend.name() could not be"
                + " checked: the test verifier cannot run on this machine"), run.aborted());
    }

    @Test
    @DisplayName("without an unavailable configuration the create-on-unavailable test is skipped, not passed")
    void noUnavailableConfig() {
        KitRun run = KitRun.of(NoUnavailableConfigKit.class);
        assertEquals(Map.of(), run.failures());
        assertEquals(Map.of("createOnUnavailableFailsClearly", "org.opentest4j.TestAbortedException: Assumption"
                + " failed: unavailableConfig() names no configuration under which the backend is unavailable"),
                run.aborted());
    }

    @Test
    @DisplayName("an unavailableConfig() the provider calls available fails the unavailable test")
    void unavailableConfigThatIsAvailable() {
        assertFailsOnly(WrongUnavailableConfigKit.class, Map.of("createOnUnavailableFailsClearly",
                "unavailableConfig() must be a configuration the provider reports unavailable, but availability()"
                        + " says 'available' for the empty configuration"));
    }

    /** Exactly the tests in {@code expected} fail, each with a message containing the given text. */
    private static void assertFailsOnly(Class<? extends VerifierBackendProviderCompatibilityKit> kit,
            Map<String, String> expected) {
        KitRun.assertFailsOnly(kit, ALL_TESTS, expected);
    }

    /** A kit over a supplied provider, working with no settings and unavailable with mode=off. */
    abstract static class ProviderKitOver extends VerifierBackendProviderCompatibilityKit {
        private final Supplier<VerifierBackendProvider> providers;

        ProviderKitOver(Supplier<VerifierBackendProvider> providers) {
            this.providers = providers;
        }

        @Override
        protected VerifierBackendProvider provider() {
            return providers.get();
        }

        @Override
        protected BackendConfig workingConfig() {
            return BackendConfig.empty();
        }

        @Override
        protected Optional<BackendConfig> unavailableConfig() {
            return Optional.of(KitProviders.OFF);
        }
    }

    static class CorrectKit extends ProviderKitOver {
        CorrectKit() { super(KitProviders.Correct::new); }
    }

    static class UnregisteredKit extends ProviderKitOver {
        UnregisteredKit() { super(KitProviders.Unregistered::new); }
    }

    static class UpperCaseNameKit extends ProviderKitOver {
        UpperCaseNameKit() { super(KitProviders.UpperCaseName::new); }
    }

    static class NameMismatchKit extends ProviderKitOver {
        NameMismatchKit() { super(KitProviders.NameMismatch::new); }
    }

    static class TwoLineDescriptionKit extends ProviderKitOver {
        TwoLineDescriptionKit() { super(KitProviders.TwoLineDescription::new); }
    }

    static class AvailabilityThrowsKit extends ProviderKitOver {
        AvailabilityThrowsKit() { super(KitProviders.AvailabilityThrows::new); }
    }

    static class SilentlyUnavailableKit extends ProviderKitOver {
        SilentlyUnavailableKit() { super(KitProviders.SilentlyUnavailable::new); }
    }

    static class IgnoresUnknownSettingsKit extends ProviderKitOver {
        IgnoresUnknownSettingsKit() { super(KitProviders.IgnoresUnknownSettings::new); }
    }

    static class UnknownSettingUnnamedKit extends ProviderKitOver {
        UnknownSettingUnnamedKit() { super(KitProviders.UnknownSettingUnnamed::new); }
    }

    static class CreatesWhenUnavailableKit extends ProviderKitOver {
        CreatesWhenUnavailableKit() { super(KitProviders.CreatesWhenUnavailable::new); }
    }

    static class CreateFailsObscurelyKit extends ProviderKitOver {
        CreateFailsObscurelyKit() { super(KitProviders.CreateFailsObscurely::new); }
    }

    static class NeverAvailableKit extends ProviderKitOver {
        NeverAvailableKit() { super(KitProviders.NeverAvailable::new); }
    }

    static class NoUnavailableConfigKit extends ProviderKitOver {
        NoUnavailableConfigKit() { super(KitProviders.Correct::new); }

        @Override
        protected Optional<BackendConfig> unavailableConfig() {
            return Optional.empty();
        }
    }

    static class WrongUnavailableConfigKit extends ProviderKitOver {
        WrongUnavailableConfigKit() { super(KitProviders.Correct::new); }

        @Override
        protected Optional<BackendConfig> unavailableConfig() {
            return Optional.of(BackendConfig.empty());
        }
    }
}
