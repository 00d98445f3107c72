package io.github.noisecal.calibration.journal;

import io.github.noisecal.calibration.plan.PlanDifference;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.stats.IntervalMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first line of a journal: the plan its records belong to, which shard of it, and the session that created it.
 * With it a journal names its plan wherever it is copied: {@code calibrate --resume} checks it against the options
 * given, and {@code fit} knows the plan's size, so it can name every sample that is missing.
 *
 * <p>The line is a JSON object whose first key is {@value #KEY}; a resumed run appends a line whose first key is
 * {@value #SESSION_KEY}. Every other line is a record. A tool that reads the journal as plain telemetry skips the
 * lines without a {@code verification_id}.
 *
 * @param plan       the plan, rebuilt from the header (its id equals the id the header names)
 * @param shard      the part of the plan the journal holds
 * @param estimation how the calibration estimates its model; {@code fit} uses it unless told otherwise, so that
 *                   merged shards give the model of one process
 * @param session    the process that created the journal
 */
public record JournalHeader(SamplingPlan plan, Shard shard, Estimation estimation, JournalSession session) {
    /** The first key of a journal's first line; its value is the journal format version. */
    public static final String KEY = "noisecal_journal";
    /** The first key of a line recording a later session (a resumption). */
    public static final String SESSION_KEY = "noisecal_session";
    /** The journal format this noisecal writes. */
    public static final int FORMAT = 1;

    /**
     * How a model is estimated from the samples (not part of the plan: the same samples can be refitted otherwise).
     *
     * @param confidenceLevel     the intervals' level
     * @param intervalMethod      the interval method
     * @param bootstrapReplicates replicates behind each goodness-of-fit p-value
     */
    public record Estimation(double confidenceLevel, IntervalMethod intervalMethod, int bootstrapReplicates) {
        public Estimation {
            Objects.requireNonNull(intervalMethod, "intervalMethod");
            if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
                throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + confidenceLevel);
            }
            if (bootstrapReplicates < 0) {
                throw new IllegalArgumentException("bootstrap replicates must be non-negative, got "
                        + bootstrapReplicates);
            }
        }

        /**
         * How these settings differ from {@code other}'s, as plan differences keyed {@code estimation.NAME}: a
         * journal is refitted with the settings it was started with, so a resumed run must use them too.
         */
        public List<PlanDifference> differencesFrom(Estimation other) {
            List<PlanDifference> differences = new ArrayList<>();
            add(differences, JournalMismatchException.ESTIMATION + "confidence_level", Double.toString(confidenceLevel),
                    Double.toString(other.confidenceLevel));
            add(differences, JournalMismatchException.ESTIMATION + "interval_method", intervalMethod.id(), other.intervalMethod.id());
            add(differences, JournalMismatchException.ESTIMATION + "bootstrap_replicates", Integer.toString(bootstrapReplicates),
                    Integer.toString(other.bootstrapReplicates));
            return differences;
        }

        private static void add(List<PlanDifference> differences, String key, String mine, String theirs) {
            if (!mine.equals(theirs)) {
                differences.add(new PlanDifference(key, List.of(mine), List.of(theirs)));
            }
        }
    }

    public JournalHeader {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(estimation, "estimation");
        Objects.requireNonNull(session, "session");
    }
}
