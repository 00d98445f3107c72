package io.github.noisecal.telemetry;

import java.util.Objects;

/**
 * One verification to perform.
 *
 * <p>A request made by a calibration plan says where it sits in the plan: the plan's id, the module draw
 * ({@code sampleIndex}) and which repeat of that draw it is. A backend copies them into its record (as
 * {@link VerificationTelemetry#builder(VerificationRequest)} does), so that records can be matched to the plan after
 * the fact, by a resumed run, a shard merge or {@code noisecal fit}.
 *
 * @param verificationId unique within a calibration plan; copied into the telemetry record. Plans derive it from
 *                       the plan id, tier, draw and repeat, so the same plan gives the same ids on every run
 * @param moduleName     the module to check, a Lean-style dotted name such as {@code Mathlib.Data.Nat.Basic}
 * @param tier           the budget tier the run belongs to
 * @param seed           the run's seed, shared by every tier's run of the same draw and repeat; simulated backends
 *                       derive all run-to-run randomness from it
 * @param context        free-form label of what asked for the run, such as {@code calibration_FAST}
 * @param planId         the id of the plan the request belongs to, or null for a request outside any plan
 * @param sampleIndex    the module draw within the plan, from 0 (0 outside a plan)
 * @param repeat         which run of the draw this is, from 0 (0 outside a plan)
 * @param moduleSeed     the module's own seed: the same for every run of this module in one plan, so simulated
 *                       backends can give each module lasting properties (how hard it is, what its verdict is)
 */
public record VerificationRequest(String verificationId, String moduleName, Tier tier, long seed, String context,
                                  String planId, long sampleIndex, int repeat, long moduleSeed) {
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
        if (planId != null && planId.isBlank()) {
            throw new IllegalArgumentException("planId must be null or non-blank");
        }
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be non-negative, got " + sampleIndex);
        }
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must be non-negative, got " + repeat);
        }
    }

    /** A request outside any plan: draw 0, repeat 0, and the run's seed as the module's seed. */
    public VerificationRequest(String verificationId, String moduleName, Tier tier, long seed, String context) {
        this(verificationId, moduleName, tier, seed, context, null, 0, 0, seed);
    }

    /** The same request for another tier and id, as when one run stands for several tiers. */
    public VerificationRequest forTier(Tier otherTier, String otherId, String otherContext) {
        return new VerificationRequest(otherId, moduleName, otherTier, seed, otherContext, planId, sampleIndex, repeat,
                moduleSeed);
    }
}
