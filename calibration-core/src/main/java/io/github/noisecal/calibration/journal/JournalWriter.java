package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Appends records to a journal as they complete. Each run's records (the run's own and those derived from it) go
 * to the file in one write, so the operating system holds every record the moment {@link #acceptRuns} returns: a
 * process killed at any point loses only the runs in flight. A background thread forces the file to disk at least
 * every {@linkplain #DEFAULT_SYNC_INTERVAL second} while records arrive, and {@link #complete()} and
 * {@link #close()} force it once more, so a power failure loses at most the last second.
 *
 * <p>The journal is never deleted. Nothing is created until the first record, so a run refused up front leaves
 * no trace; a replaced journal is moved aside (to {@code NAME.replaced-TIMESTAMP}) only then, when the new run has
 * really produced something. A failed write (a full disk) cuts the file back to its last complete line, forces it
 * and fails every later write with {@link JournalWriteException}: the journal then holds exactly the records
 * written before.
 */
public final class JournalWriter implements TelemetrySink {
    /** How often records are forced to disk while they arrive. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** How the file is opened at the first record. */
    private enum Start { CREATE, REPLACE, APPEND }

    private final Path file;
    private final Start start;
    private final Supplier<byte[]> firstLine;
    private final long appendAt;
    private final boolean terminateLastLine;
    private final Duration syncInterval;
    private final Clock clock;
    /** Whether the first line is a header: a finished run then leaves a journal even without records. */
    private final boolean startsJournal;
    /** Each worker serializes its runs outside the lock, into its own buffer; only the write is serialized. */
    private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(Encoder::new);

    /** The locked channel of an existing journal (append), taken over at the first record; else null. */
    private final JournalLock lock;
    private FileChannel channel;
    private ScheduledExecutorService syncer;
    private long position;
    private long recordsWritten;
    private volatile boolean dirty;
    private volatile IOException syncFailure;
    private JournalWriteException failure;
    private Path replacedBy;
    private boolean closed;

    private JournalWriter(Path file, Start start, Supplier<byte[]> firstLine, long appendAt,
                          boolean terminateLastLine, Duration syncInterval, Clock clock, boolean startsJournal,
                          JournalLock lock) {
        this.startsJournal = startsJournal;
        this.lock = lock;
        this.file = file.toAbsolutePath();
        this.start = start;
        this.firstLine = Objects.requireNonNull(firstLine, "firstLine");
        this.appendAt = appendAt;
        this.terminateLastLine = terminateLastLine;
        this.syncInterval = Objects.requireNonNull(syncInterval, "syncInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new IllegalArgumentException("sync interval must be positive, got " + syncInterval);
        }
    }

    /**
     * A writer of a new journal that starts with the header, asked for at the first record (so that what it
     * describes, such as the machine, can be probed meanwhile).
     *
     * @param replaceExisting whether an existing file is moved aside at the first record; otherwise an existing
     *                        file makes the first record fail
     */
    public static JournalWriter create(Path file, Supplier<JournalHeader> header, boolean replaceExisting) {
        return new JournalWriter(file, replaceExisting ? Start.REPLACE : Start.CREATE,
                () -> JournalJson.headerLine(header.get()), 0, false, DEFAULT_SYNC_INTERVAL, Clock.systemUTC(), true,
                null);
    }

    /**
     * A writer that starts a new journal in an existing file that holds no journal yet (empty, or only a header
     * torn mid-write), locked by {@code lock}: the file is cut to nothing at the first record.
     */
    public static JournalWriter restart(Path file, JournalLock lock, Supplier<JournalHeader> header) {
        return new JournalWriter(file, Start.APPEND, () -> JournalJson.headerLine(header.get()), 0, false,
                DEFAULT_SYNC_INTERVAL, Clock.systemUTC(), true, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /**
     * A writer that continues the journal read as {@code existing}: at the first record it cuts off whatever
     * follows {@code validLength} (a torn last line, the records of a run cut off mid-write), terminates an
     * unterminated last line, and appends a line for the session before the records. {@code lock} holds the
     * journal meanwhile.
     */
    public static JournalWriter append(Path file, JournalLock lock, JournalReader.Summary existing,
                                       long validLength, Supplier<JournalSession> session) {
        if (existing.compressed()) {
            throw new IllegalArgumentException(file + " is compressed; a journal is appended to uncompressed");
        }
        boolean terminate = validLength == existing.validLength() && !existing.newlineAtEnd();
        return new JournalWriter(file, Start.APPEND, () -> JournalJson.sessionLine(session.get()), validLength,
                terminate, DEFAULT_SYNC_INTERVAL, Clock.systemUTC(), false, java.util.Objects.requireNonNull(lock, "lock"));
    }

    public Path file() {
        return file;
    }

    /** Where an earlier file at this path was moved, once the first record replaced it; null otherwise. */
    public synchronized Path replacedBy() {
        return replacedBy;
    }

    /** Records written by this writer so far. */
    public synchronized long recordsWritten() {
        return recordsWritten;
    }

    @Override
    public void accept(VerificationTelemetry telemetry) {
        acceptRuns(List.of(telemetry));
    }

    @Override
    public void acceptRuns(List<VerificationTelemetry> records) {
        Bytes lines = encoders.get().encode(records);
        append(lines, records.size());
    }

    private synchronized void append(Bytes lines, int count) {
        if (closed) {
            throw new IllegalStateException("journal " + file + " is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (syncFailure != null) {
            throw fail("forcing it to disk failed", syncFailure);
        }
        // Where the complete lines end: on a failed write the file is cut back to it (for an appended journal,
        // never before the lines it already had).
        long before = channel != null ? position : start == Start.APPEND ? appendAt : 0;
        try {
            if (channel == null) {
                open();
                before = position;
            }
            writeFully(lines.bytes, lines.length);
        } catch (IOException e) {
            throw fail("writing failed", e, before);
        }
        recordsWritten += count;
        dirty = true;
    }

    private void open() throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        switch (start) {
            case CREATE -> {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                JournalLock.lockNew(channel, file);
            }
            case REPLACE -> {
                if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Path aside = file.resolveSibling(file.getFileName() + ".replaced-" + STAMP.format(clock.instant()));
                    for (int i = 1; Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS); i++) {
                        aside = file.resolveSibling(file.getFileName() + ".replaced-" + STAMP.format(clock.instant())
                                + "-" + i);
                    }
                    Files.move(file, aside);
                    replacedBy = aside;
                }
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                JournalLock.lockNew(channel, file);
            }
            case APPEND -> {
                channel = lock.channel();
                if (channel.size() > appendAt) {
                    // A torn last line: cut off before anything is appended after it.
                    channel.truncate(appendAt);
                }
                position = appendAt;
                if (terminateLastLine) {
                    writeFully(new byte[] {'\n'}, 1);
                }
            }
            default -> throw new IllegalStateException(start.name());
        }
        byte[] first = firstLine.get();
        writeFully(first, first.length);
        channel.force(true);
        if (start != Start.APPEND) {
            forceDirectory(directory);
        }
        syncer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "noisecal-journal-sync");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = syncInterval.toNanos();
        syncer.scheduleWithFixedDelay(this::syncIfDirty, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void writeFully(byte[] bytes, int length) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(bytes, 0, length);
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
    }

    /** Runs on the syncer thread; forcing needs no lock, so workers keep appending meanwhile. */
    private void syncIfDirty() {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            channel.force(false);
        } catch (IOException e) {
            syncFailure = e;
        } catch (RuntimeException closedMeanwhile) {
            // The channel was closed by close(), which forces the file itself.
        }
    }

    private JournalWriteException fail(String what, IOException cause) {
        return fail(what, cause, position);
    }

    /** Cuts the file back to its last complete line and refuses every later write. */
    private JournalWriteException fail(String what, IOException cause, long lastCompleteLine) {
        try {
            if (channel != null && channel.isOpen()) {
                channel.truncate(lastCompleteLine);
                position = lastCompleteLine;
                channel.force(false);
            }
        } catch (IOException ignored) {
            // The torn tail stays; a reader drops it as a torn line.
        }
        failure = new JournalWriteException(file, what, recordsWritten, cause);
        return failure;
    }

    /**
     * Forces the journal to disk. A new journal that got no record (a shard without draws) is created now, header
     * only, so that every finished shard leaves its journal.
     */
    @Override
    public synchronized void complete() {
        if (failure != null) {
            throw failure;
        }
        if (channel == null && startsJournal && !closed) {
            try {
                open();
            } catch (IOException e) {
                throw fail("creating it failed", e, start == Start.APPEND ? appendAt : 0);
            }
        }
        forceNow();
        if (failure != null) {
            throw failure;
        }
    }

    private void forceNow() {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            fail("forcing it to disk failed", e);
        }
    }

    /** Forces the journal to disk and closes it; it is kept, whatever happened. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (syncer != null) {
            syncer.shutdownNow();
        }
        if (channel == null) {
            if (lock != null) {
                lock.close();
            }
            return;
        }
        forceNow();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Everything was forced above; closing cannot lose data any more.
        }
    }

    private static void forceDirectory(Path directory) {
        // The new file's directory entry must survive a power failure too; not every system lets a directory be
        // opened, so this is best effort.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file's own data is forced regardless.
        }
    }

    /** One thread's serializer: a generator writing into a reusable buffer, so that one run becomes one write. */
    private static final class Encoder {
        final Bytes bytes = new Bytes();
        final JsonGenerator generator;

        Encoder() {
            try {
                generator = TelemetryJson.MAPPER.getFactory().createGenerator(bytes);
                generator.setPrettyPrinter(new MinimalPrettyPrinter(""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Bytes encode(List<VerificationTelemetry> records) {
            bytes.reset();
            try {
                for (VerificationTelemetry record : records) {
                    TelemetryJson.write(generator, record);
                    generator.writeRaw('\n');
                }
                generator.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialize a record: " + e.getMessage(), e);
            }
            return bytes;
        }
    }

    /** A reusable byte buffer the generator writes into. */
    private static final class Bytes extends OutputStream {
        byte[] bytes = new byte[8192];
        int length;

        void reset() {
            length = 0;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, length, len);
            length += len;
        }
    }
}
