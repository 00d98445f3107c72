package io.github.noisecal.calibration.run;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records of a smaller budget derived from one run at a larger budget, for tiers that share runs
 * ({@link io.github.noisecal.calibration.plan.TierRuns#SHARED}).
 *
 * <p>A run killed at budget b behaves exactly like the first b of a run given more: a run that finished within b
 * has the same outcome, duration and measurements; any other would have been killed at b, so it is a
 * {@code verifier_timeout} lasting b, with the measurements of the killed process unknown (null).
 */
public final class SharedRuns {
    /** Metadata key of a derived record: the {@code verification_id} of the run it was derived from. */
    public static final String DERIVED_FROM = "derived_from";
    /** Metadata key of a derived record: {@code finished_within_budget} or {@code timed_out_at_budget}. */
    public static final String DERIVATION = "derivation";

    private SharedRuns() {
    }

    /**
     * The record {@code request} would have got, from the record of the same module, draw and repeat run with a
     * budget at least as large and the same limits.
     */
    public static VerificationTelemetry derive(VerificationTelemetry run, VerificationRequest request) {
        Tier tier = request.tier();
        double budgetMs = tier.budget().toNanos() / 1e6;
        if (run.timeoutS() * 1000 < budgetMs) {
            throw new IllegalArgumentException("cannot derive a " + tier.timeoutSeconds() + " s record from a run with"
                    + " the smaller budget " + run.timeoutS() + " s");
        }
        boolean finished = !run.outcome().isTimeout() && run.durationMs() <= budgetMs;
        Map<String, Object> metadata = new LinkedHashMap<>(finished ? run.metadata() : Map.of());
        metadata.put(DERIVED_FROM, run.verificationId());
        metadata.put(DERIVATION, finished ? "finished_within_budget" : "timed_out_at_budget");
        VerificationTelemetry.Builder derived = finished ? run.toBuilder()
                : VerificationTelemetry.builder().timestamp(run.timestamp()).leanVersion(run.leanVersion())
                        .outcome(Outcome.VERIFIER_TIMEOUT).durationMs(budgetMs).stderr("")
                        .noiseInjected(run.noiseInjected()).noiseType(run.noiseType())
                        .groundTruth(run.groundTruth()).noiseSeed(run.noiseSeed())
                        .policyConfidence(run.policyConfidence()).policyVersion(run.policyVersion())
                        .tacticCount(run.tacticCount()).tacticDepth(run.tacticDepth())
                        .proofSizeBytes(run.proofSizeBytes());
        boolean planned = request.planId() != null;
        return derived.verificationId(request.verificationId()).moduleName(request.moduleName())
                .context(request.context()).tier(tier.name()).timeoutS(tier.timeoutSeconds())
                .planId(request.planId()).sampleIndex(planned ? request.sampleIndex() : null)
                .repeat(planned ? request.repeat() : null)
                .metadata(metadata).build();
    }
}
