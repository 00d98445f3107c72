package com.example.echo;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A third-party backend as a user would write one, for .ci/tck-consumer.sh: it runs nothing and echoes a verdict
 * (by default one request in four times out after the whole budget, the rest verify in a millisecond).
 */
public final class EchoBackend implements VerifierBackend {
    private final Outcome verdict;
    private final AtomicBoolean closed = new AtomicBoolean();

    public EchoBackend() {
        this(null);
    }

    /** A backend that always answers {@code verdict}, or the default mix when it is null. */
    public EchoBackend(Outcome verdict) {
        this.verdict = verdict;
    }

    @Override
    public String name() {
        return EchoBackendProvider.NAME;
    }

    @Override
    public String verifierVersion() {
        return "echo 1.0";
    }

    @Override
    public VerificationTelemetry verify(VerificationRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed.get()) {
            throw new IllegalStateException("the echo backend is closed");
        }
        Outcome outcome = verdict != null ? verdict
                : Math.floorMod(request.seed(), 4) == 0 ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED;
        return VerificationTelemetry.builder(request)
                .timestamp(Instant.now())
                .leanVersion(verifierVersion())
                .outcome(outcome)
                .durationMs(outcome == Outcome.VERIFIER_TIMEOUT ? request.tier().budget().toMillis() : 1)
                .build();
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
