package io.github.noisecal.calibration;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A backend whose answer is a pure function of the request, recording which requests it saw. */
public class ScriptedBackend implements VerifierBackend {
    private final Function<VerificationRequest, Outcome> outcomes;
    final Set<String> seenIds = ConcurrentHashMap.newKeySet();
    final Set<String> preflightModules = ConcurrentHashMap.newKeySet();

    public ScriptedBackend(Function<VerificationRequest, Outcome> outcomes) {
        this.outcomes = outcomes;
    }

    /** Outcome from the sample seed: a timeout when the seed's low bits fall under the tier's share. */
    public static ScriptedBackend bySeed() {
        return new ScriptedBackend(ScriptedBackend::outcomeBySeed);
    }

    /** The outcome {@link #bySeed()} gives a request. */
    public static Outcome outcomeBySeed(VerificationRequest request) {
        long bucket = Math.floorMod(request.seed(), 100);
        long timeoutShare = request.tier().budget().toSeconds() <= 30 ? 20 : 10;
        if (bucket < timeoutShare) return Outcome.VERIFIER_TIMEOUT;
        if (bucket < timeoutShare + 5) return Outcome.PROOF_INVALID;
        return Outcome.VERIFIED;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public String verifierVersion() {
        return "scripted 1";
    }

    @Override
    public void preflight(java.util.Collection<String> moduleNames) {
        preflightModules.addAll(moduleNames);
    }

    @Override
    public VerificationTelemetry verify(VerificationRequest request) {
        seenIds.add(request.verificationId());
        Outcome outcome = outcomes.apply(request);
        double duration = outcome == Outcome.VERIFIER_TIMEOUT ? request.tier().budget().toMillis()
                : 1000 + Math.floorMod(request.seed(), 997);
        return VerificationTelemetry.builder(request)
                .timestamp(Instant.EPOCH)
                .leanVersion(verifierVersion())
                .outcome(outcome)
                .durationMs(duration)
                .build();
    }

    @Override
    public void close() {
    }
}
