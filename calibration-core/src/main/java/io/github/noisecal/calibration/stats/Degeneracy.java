package io.github.noisecal.calibration.stats;

import java.util.Locale;

/** Why a tier comparison cannot test what it claims to test, by construction of the samples. */
public enum Degeneracy {
    /**
     * Both tiers took their records from the same runs ({@code --tier-runs shared}): the smaller budget's record is
     * derived from the larger's run, so a run can time out at the smaller budget only. Such a comparison measures
     * the runs that finished between the two budgets, not noise against a tier effect; no ordering is claimed on it.
     */
    SHARED_RUNS("shared runs: the ordering holds by construction");

    private final String reason;

    Degeneracy(String reason) {
        this.reason = reason;
    }

    /** Why nothing is tested on such a comparison, as the model file and {@code validate} say it. */
    public String reason() {
        return reason;
    }

    /** The id in model files: {@code shared_runs}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The degeneracy with this id; an unknown id is rejected, naming the known ones. */
    public static Degeneracy fromId(String id) {
        for (Degeneracy degeneracy : values()) {
            if (degeneracy.id().equals(id)) {
                return degeneracy;
            }
        }
        throw new IllegalArgumentException("unknown degeneracy '" + id + "'; expected " + SHARED_RUNS.id());
    }
}
