package io.github.noisecal.telemetry;

import java.util.Objects;

/**
 * One verification to perform.
 *
 * @param verificationId unique within a calibration run; copied into the telemetry record
 * @param moduleName     the module to check, a Lean-style dotted name such as {@code Mathlib.Data.Nat.Basic}
 * @param tier           the budget tier the run belongs to
 * @param seed           the sample's seed; simulated backends derive all randomness from it
 * @param context        free-form label of what asked for the run, such as {@code calibration_FAST}
 */
public record VerificationRequest(String verificationId, String moduleName, Tier tier, long seed, String context) {
    public VerificationRequest {
        Objects.requireNonNull(verificationId, "verificationId");
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(context, "context");
        if (verificationId.isBlank()) {
            throw new IllegalArgumentException("verificationId must not be blank");
        }
        if (moduleName.isBlank()) {
            throw new IllegalArgumentException("moduleName must not be blank");
        }
    }
}
