package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.Tier;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the tiers of a plan get their runs.
 *
 * <p>Tiers that differ only in their wall-clock budget can share one run: a run killed at 30 s behaves exactly like
 * the first 30 s of a run given 120 s, so one run at the largest budget decides every smaller budget exactly (a run
 * that finished within the budget has the same outcome; any other timed out at the budget).
 */
public enum TierRuns {
    /** Every tier runs every sample itself: the origin's design, and the only one for tiers with other limits. */
    INDEPENDENT,
    /**
     * Tiers with identical verifier limits form a group; each (draw, repeat) runs once per group at the group's
     * largest budget, and the group's other tiers get records derived from that run.
     */
    SHARED;

    /**
     * Whether tiers {@code a} and {@code b} of a plan with this strategy take their records from the same runs:
     * runs are shared and the tiers' verifier limits are identical.
     */
    public boolean shareRuns(Tier a, Tier b) {
        return this == SHARED && a.limits().equals(b.limits());
    }

    /** The id used on the command line and in model files: {@code independent} or {@code shared}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The strategy with this id; unknown ids are rejected, naming the known ones. */
    public static TierRuns fromId(String id) {
        for (TierRuns strategy : values()) {
            if (strategy.id().equals(id)) {
                return strategy;
            }
        }
        throw new InvalidInputException("unknown tier-run strategy '" + id + "'; use one of "
                + Arrays.stream(values()).map(TierRuns::id).collect(Collectors.joining(", ")));
    }
}
