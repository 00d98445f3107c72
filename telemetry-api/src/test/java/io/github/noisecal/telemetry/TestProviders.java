package io.github.noisecal.telemetry;

/** Providers for discovery tests, listed in service files of controlled class loaders. */
final class TestProviders {
    private TestProviders() {
    }

    abstract static class Named implements VerifierBackendProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test provider " + name;
        }

        @Override
        public BackendAvailability availability(BackendConfig config) {
            return BackendAvailability.available("test");
        }

        @Override
        public VerifierBackend create(BackendConfig config) {
            throw new VerifierConfigurationException("test providers create nothing");
        }
    }

    public static final class Alpha extends Named {
        public Alpha() {
            super("alpha");
        }
    }

    public static final class Beta extends Named {
        public Beta() {
            super("beta");
        }
    }

    public static final class AnotherAlpha extends Named {
        public AnotherAlpha() {
            super("alpha");
        }
    }

    public static final class Exploding extends Named {
        public Exploding() {
            super("exploding");
            throw new IllegalStateException("native library missing");
        }
    }
}
