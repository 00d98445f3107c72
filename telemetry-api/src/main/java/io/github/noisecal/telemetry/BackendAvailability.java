package io.github.noisecal.telemetry;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and why (not).
 *
 * @param available whether {@link VerifierBackendProvider#create} can be expected to succeed
 * @param detail    when available, what will run (for example a verifier version); otherwise the reason it cannot
 */
public record BackendAvailability(boolean available, String detail) {
    public BackendAvailability {
        Objects.requireNonNull(detail, "detail");
    }

    public static BackendAvailability available(String detail) {
        return new BackendAvailability(true, detail);
    }

    public static BackendAvailability unavailable(String reason) {
        return new BackendAvailability(false, reason);
    }
}
