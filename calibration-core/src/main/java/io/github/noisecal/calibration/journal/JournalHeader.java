package io.github.noisecal.calibration.journal;

import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
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
 * @param plan    the plan, rebuilt from the header (its id equals the id the header names)
 * @param shard   the part of the plan the journal holds
 * @param session the process that created the journal
 */
public record JournalHeader(SamplingPlan plan, Shard shard, JournalSession session) {
    /** The first key of a journal's first line; its value is the journal format version. */
    public static final String KEY = "noisecal_journal";
    /** The first key of a line recording a later session (a resumption). */
    public static final String SESSION_KEY = "noisecal_session";
    /** The journal format this noisecal writes. */
    public static final int FORMAT = 1;

    public JournalHeader {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(session, "session");
    }
}
