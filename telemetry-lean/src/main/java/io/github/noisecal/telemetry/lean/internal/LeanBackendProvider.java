package io.github.noisecal.telemetry.lean.internal;

import com.google.auto.service.AutoService;
import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.ProcessSupervisor;
import io.github.noisecal.telemetry.lean.SupervisorUnavailableException;
import java.util.Optional;

/**
 * The {@code lean} backend: settings {@code project} (required), {@code lean} or {@code lake},
 * {@code max_heartbeats}, {@code memory_limit_mb}, {@code threads} and repeatable {@code lean_option}
 * ({@code name=value}); see telemetry-lean's README.
 */
@AutoService(VerifierBackendProvider.class)
public final class LeanBackendProvider implements VerifierBackendProvider {

    @Override
    public String name() {
        return LeanBackend.NAME;
    }

    @Override
    public String description() {
        return "Lean 4: runs `lean FILE` or `lake env lean FILE` per module under a process supervisor";
    }

    @Override
    public BackendAvailability availability(BackendConfig config) {
        // The launcher first: without it nothing else matters, and its reason carries the fix.
        Optional<String> noSupervisor = ProcessSupervisor.unavailableReason();
        if (noSupervisor.isPresent()) {
            return BackendAvailability.unavailable(noSupervisor.get());
        }
        try {
            LeanSettings settings = LeanSettings.parse(config, false);
            try (ProcessSupervisor supervisor = ProcessSupervisor.create()) {
                VersionProbe.Result probe = VersionProbe.run(supervisor, settings);
                return BackendAvailability.available(probe.version().describe()
                        + (probe.json() ? "" : ", without --json (plain-text messages)")
                        + (settings.throughLake() ? " via " + settings.executable() + " env lean"
                        : " at " + settings.executable()));
            }
        } catch (VerifierConfigurationException | VerifierHarnessException | SupervisorUnavailableException e) {
            return BackendAvailability.unavailable(e.getMessage());
        } catch (RuntimeException e) {
            return BackendAvailability.unavailable("cannot check Lean: " + e);
        }
    }

    @Override
    public VerifierBackend create(BackendConfig config) {
        return LeanBackend.create(LeanSettings.parse(config, true));
    }
}
