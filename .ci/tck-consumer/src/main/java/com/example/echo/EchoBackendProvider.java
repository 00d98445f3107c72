package com.example.echo;

import com.google.auto.service.AutoService;
import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.util.Set;

/** The {@code echo} backend; its one setting, {@code verdict}, is the outcome code every verification gets. */
@AutoService(VerifierBackendProvider.class)
public final class EchoBackendProvider implements VerifierBackendProvider {
    static final String NAME = "echo";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Echo: runs nothing and answers a configured verdict";
    }

    @Override
    public BackendAvailability availability(BackendConfig config) {
        try {
            verdict(config);
            return BackendAvailability.available("echo 1.0");
        } catch (VerifierConfigurationException e) {
            return BackendAvailability.unavailable(e.getMessage());
        }
    }

    @Override
    public VerifierBackend create(BackendConfig config) {
        return new EchoBackend(verdict(config));
    }

    private static Outcome verdict(BackendConfig config) {
        config.requireOnlyKeys(Set.of("verdict"));
        return config.get("verdict").map(code -> Outcome.fromCode(code).orElseThrow(() ->
                new VerifierConfigurationException("backend setting 'verdict': unknown outcome code '" + code + "'")))
                .orElse(null);
    }
}
