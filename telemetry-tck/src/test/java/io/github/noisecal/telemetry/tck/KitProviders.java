package io.github.noisecal.telemetry.tck;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.util.Set;

/**
 * Providers to run the provider kit against: {@link Correct} keeps the whole contract, and every other class breaks
 * exactly one rule. All but {@link Unregistered} are listed in this module's test
 * {@code META-INF/services/io.github.noisecal.telemetry.VerifierBackendProvider} (public, as ServiceLoader needs).
 *
 * <p>The one setting is {@code mode}: {@code off} makes the backend unavailable ("switched off"), anything else or
 * nothing makes it available.
 */
public final class KitProviders {
    static final String MODE = "mode";
    static final BackendConfig OFF = BackendConfig.of(java.util.Map.of(MODE, "off"));

    private KitProviders() {
    }

    /** Creates {@link KitBackends.Correct} backends, named like itself. */
    public static class Correct implements VerifierBackendProvider {
        @Override
        public String name() {
            return "correct";
        }

        @Override
        public String description() {
            return "A test backend that keeps the contract";
        }

        @Override
        public BackendAvailability availability(BackendConfig config) {
            try {
                check(config);
                return BackendAvailability.available("correct 1.0");
            } catch (VerifierConfigurationException | VerifierHarnessException e) {
                return BackendAvailability.unavailable(e.getMessage());
            }
        }

        /** Validates {@code config} as create does. */
        void check(BackendConfig config) {
            config.requireOnlyKeys(Set.of(MODE));
            if (config.get(MODE).filter("off"::equals).isPresent()) {
                throw VerifierHarnessException.environment("the test verifier is switched off (mode=off)");
            }
        }

        @Override
        public VerifierBackend create(BackendConfig config) {
            check(config);
            return new KitBackends.Correct() {
                @Override
                public String name() {
                    return Correct.this.name();
                }
            };
        }
    }

    /** Not in the services file. */
    public static final class Unregistered extends Correct {
        @Override
        public String name() {
            return "unregistered";
        }
    }

    /** A name with capitals and a space, which users could not type after --backend as it is. */
    public static final class UpperCaseName extends Correct {
        @Override
        public String name() {
            return "Upper Case";
        }
    }

    /** Its backends call themselves "correct". */
    public static final class NameMismatch extends Correct {
        @Override
        public String name() {
            return "mismatch";
        }

        @Override
        public VerifierBackend create(BackendConfig config) {
            check(config);
            return new KitBackends.Correct();
        }
    }

    public static final class TwoLineDescription extends Correct {
        @Override
        public String name() {
            return "two-lines";
        }

        @Override
        public String description() {
            return "A test backend\nwhose description runs over two lines";
        }
    }

    /** Throws instead of answering when switched off. */
    public static final class AvailabilityThrows extends Correct {
        @Override
        public String name() {
            return "throws";
        }

        @Override
        public BackendAvailability availability(BackendConfig config) {
            check(config);
            return BackendAvailability.available("correct 1.0");
        }
    }

    /** Unavailable without saying why. */
    public static final class SilentlyUnavailable extends Correct {
        @Override
        public String name() {
            return "silent";
        }

        @Override
        public BackendAvailability availability(BackendConfig config) {
            BackendAvailability answer = super.availability(config);
            return answer.available() ? answer : BackendAvailability.unavailable(" ");
        }
    }

    /** Ignores settings it does not know, in availability and create. */
    public static final class IgnoresUnknownSettings extends Correct {
        @Override
        public String name() {
            return "lenient";
        }

        @Override
        void check(BackendConfig config) {
            if (config.get(MODE).filter("off"::equals).isPresent()) {
                throw VerifierHarnessException.environment("the test verifier is switched off (mode=off)");
            }
        }
    }

    /** Rejects an unknown setting without saying which. */
    public static final class UnknownSettingUnnamed extends Correct {
        @Override
        public String name() {
            return "unnamed";
        }

        @Override
        void check(BackendConfig config) {
            try {
                super.check(config);
            } catch (VerifierConfigurationException e) {
                throw new VerifierConfigurationException("invalid configuration");
            }
        }
    }

    /** Says "unavailable" when switched off, yet creates a backend. */
    public static final class CreatesWhenUnavailable extends Correct {
        @Override
        public String name() {
            return "creates-anyway";
        }

        @Override
        public VerifierBackend create(BackendConfig config) {
            return new KitBackends.Correct() {
                @Override
                public String name() {
                    return CreatesWhenUnavailable.this.name();
                }
            };
        }
    }

    /** Fails with an IllegalStateException when switched off. */
    public static final class CreateFailsObscurely extends Correct {
        @Override
        public String name() {
            return "obscure";
        }

        @Override
        public VerifierBackend create(BackendConfig config) {
            if (config.get(MODE).filter("off"::equals).isPresent()) {
                throw new IllegalStateException();
            }
            return super.create(config);
        }
    }

    /** Unavailable on this machine whatever the settings, as the lean backend is without its launcher. */
    public static final class NeverAvailable extends Correct {
        @Override
        public String name() {
            return "never";
        }

        @Override
        void check(BackendConfig config) {
            config.requireOnlyKeys(Set.of(MODE));
            throw VerifierHarnessException.environment("the test verifier cannot run on this machine");
        }
    }
}
