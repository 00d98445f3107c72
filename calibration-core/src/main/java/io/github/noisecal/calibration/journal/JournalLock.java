package io.github.noisecal.calibration.journal;

import io.github.noisecal.calibration.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a journal, held by the process that writes it: a second process resuming the same journal
 * (a batch task started twice, a run resumed while the first still runs) is refused instead of recording samples
 * twice. The lock is the operating system's advisory file lock, released when the process ends, however it ends.
 */
public final class JournalLock implements AutoCloseable {
    private final FileChannel channel;

    private JournalLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Locks the existing journal {@code file} for writing.
     *
     * @throws InvalidInputException when another process (or this one) writes it
     */
    public static JournalLock acquire(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InvalidInputException("journal " + file + ": cannot be opened for writing: " + e.getMessage());
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(file);
            }
            return new JournalLock(channel);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw inUse(file);
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("locking journal " + file + " failed: " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            close(channel);
            throw e;
        }
    }

    /** Locks a journal just created on {@code channel}; nobody else can hold it yet. */
    static void lockNew(FileChannel channel, Path file) throws IOException {
        try {
            if (channel.tryLock() == null) {
                throw inUse(file);
            }
        } catch (OverlappingFileLockException e) {
            throw inUse(file);
        }
    }

    private static InvalidInputException inUse(Path file) {
        return new InvalidInputException("journal " + file + " is being written by another noisecal process: let it"
                + " finish or stop it first (two writers would record samples twice)");
    }

    /** The locked channel, open for writing; the writer that takes it over closes it. */
    FileChannel channel() {
        return channel;
    }

    /** Releases the lock. */
    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing releases the lock; nothing was written through this channel.
        }
    }
}
