package io.github.noisecal.calibration.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A journal could not be written (a full disk, a failing device). The journal keeps every record written before
 * the failure, forced to disk; the run that wrote it stops, and can be resumed once the cause is fixed.
 */
public final class JournalWriteException extends UncheckedIOException {
    private final transient Path file;
    private final long recordsWritten;

    JournalWriteException(Path file, String what, long recordsWritten, IOException cause) {
        super("journal " + file + ": " + what + ": " + describe(cause) + "; it keeps the " + recordsWritten
                + " records written before", cause);
        this.file = file;
        this.recordsWritten = recordsWritten;
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        if (cause instanceof java.nio.file.FileAlreadyExistsException) {
            return "the file appeared meanwhile";
        }
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    public Path file() {
        return file;
    }

    /** Records this process wrote to the journal before the failure. */
    public long recordsWritten() {
        return recordsWritten;
    }
}
