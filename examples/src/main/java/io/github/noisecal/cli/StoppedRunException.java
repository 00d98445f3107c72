package io.github.noisecal.cli;

/**
 * A calibration that stopped on an error after it began: the error, reported as usual, and a second line saying
 * what the journal keeps and how to resume.
 */
final class StoppedRunException extends RuntimeException {
    private final String journalLine;

    StoppedRunException(RuntimeException cause, String journalLine) {
        super(cause.getMessage(), cause);
        this.journalLine = journalLine;
    }

    /** The line about the journal, or null when there is none (no --raw). */
    String journalLine() {
        return journalLine;
    }

    @Override
    public synchronized RuntimeException getCause() {
        return (RuntimeException) super.getCause();
    }
}
