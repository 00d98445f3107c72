package io.github.noisecal.calibration.journal;

/** What a calibration does with a journal file that may exist already. */
public enum JournalMode {
    /** Start a new journal; an existing file is refused, so that no journal is overwritten by mistake. */
    NEW,
    /**
     * Start a new journal; an existing file is moved aside (to {@code NAME.replaced-TIMESTAMP}) when the first
     * record is written, so that it is not lost before the new run has really started.
     */
    REPLACE,
    /**
     * Continue the journal: its plan must be the calibration's, recorded runs are skipped, a torn last line is cut
     * off, and the rest of the plan is appended. A missing or empty file is started afresh.
     */
    RESUME
}
