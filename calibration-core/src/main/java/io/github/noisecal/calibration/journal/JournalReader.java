package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a journal, or any JSON Lines telemetry (plain or gzip-compressed, recognised by its content), streaming
 * every record to a {@link Visitor} with its line number and byte offset.
 *
 * <ul>
 *   <li>The {@linkplain JournalHeader header} may only be the first line, session lines only follow it.</li>
 *   <li>A last line without its newline that is not complete JSON is a <em>torn</em> line: the write of a process
 *       killed mid-record. It is dropped with a warning, and {@link Summary#validLength()} says where the complete
 *       lines end, so a resumed run can cut it off before appending.</li>
 *   <li>Any other line that is not one JSON object, an object with a key given twice, or a record with a missing or
 *       mistyped field is rejected, naming the file and line once.</li>
 *   <li>Fields a record does not have are skipped, and reported in one warning per file.</li>
 *   <li>Blank lines are skipped.</li>
 * </ul>
 */
public final class JournalReader {
    private static final int CHUNK = 1 << 16;

    private JournalReader() {
    }

    /** Receives a journal's lines in file order. */
    public interface Visitor {
        /** The header, when the first line is one. */
        default void header(JournalHeader header) {
        }

        /** A resumption's session line. */
        default void session(JournalSession session, long line) {
        }

        /**
         * One record.
         *
         * @param line   its line number, from 1
         * @param offset the byte offset of the line's start in the (uncompressed) file
         */
        void record(VerificationTelemetry record, long line, long offset);
    }

    /**
     * What a read found besides the records.
     *
     * @param header          the journal's header, or null for telemetry without one
     * @param sessions        the sessions of the header and of later session lines, in order
     * @param records         records read
     * @param validLength     bytes up to the end of the last complete line (the torn line excluded)
     * @param torn            whether a torn last line was dropped
     * @param newlineAtEnd    whether the complete lines end with a newline (false: a last line that was complete
     *                        but unterminated, which an appender must terminate first)
     * @param compressed      whether the file is gzip-compressed
     */
    public record Summary(JournalHeader header, List<JournalSession> sessions, long records, long validLength,
                          boolean torn, boolean newlineAtEnd, boolean compressed) {
        public Summary {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * Reads {@code file}, streaming its records to {@code visitor}.
     *
     * @param warnings receives one line per warning (a torn line dropped, unknown fields skipped)
     * @throws InvalidInputException naming the file and line of the first line that cannot be read, or the file
     *                               itself when it is missing, not a regular file or not readable
     */
    public static Summary read(Path file, Visitor visitor, Consumer<String> warnings) {
        if (!Files.exists(file)) {
            throw new InvalidInputException("raw telemetry " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("raw telemetry " + file + ": not a regular file");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, CHUNK);
            buffered.mark(2);
            boolean compressed = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream in = compressed ? new GZIPInputStream(buffered, CHUNK) : buffered;
            return new LineReader(file, in, compressed, visitor, warnings).run();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("raw telemetry " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException("raw telemetry " + file + ": not readable (permission denied)");
        } catch (ZipException e) {
            throw new InvalidInputException("raw telemetry " + file + ": not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading raw telemetry " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** What one line held, parsed on a worker thread, applied in file order by {@link LineReader#apply}. */
    private sealed interface Parsed permits RecordLine, ControlLine, Malformed {
    }

    private record RecordLine(VerificationTelemetry record, Set<String> unknown, long line, long offset)
            implements Parsed {
    }

    private record ControlLine(String key, JsonNode tree, long line) implements Parsed {
    }

    /** A line that cannot be read: {@code syntax} for text that is not complete JSON (a torn line at the end). */
    private record Malformed(RuntimeException error, boolean syntax, long line) implements Parsed {
    }

    /** Parses one line; touches no reader state, so lines parse on several threads. */
    private static Parsed parseLine(Path file, byte[] bytes, int from, int length, long line, long offset) {
        String source = file + " line " + line;
        try (JsonParser parser = TelemetryJson.RECORD_FACTORY.createParser(bytes, from, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new Malformed(new InvalidInputException(source + ": expected a JSON object, got "
                        + (first == JsonToken.START_ARRAY ? "an array" : "'" + parser.getText() + "'")), false, line);
            }
            JsonToken second = parser.nextToken();
            String key = second == JsonToken.FIELD_NAME ? parser.currentName() : "";
            if (JournalHeader.KEY.equals(key) || JournalHeader.SESSION_KEY.equals(key)) {
                JsonNode tree = TelemetryJson.MAPPER.reader()
                        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes, from, length);
                return new ControlLine(key, tree, line);
            }
            Set<String> unknown = new TreeSet<>();
            var parsed = TelemetryJson.parse(parser, source, unknown);
            if (parser.nextToken() != null) {
                return new Malformed(new InvalidInputException(source + ": more than one JSON value on one line; a"
                        + " line holds exactly one record"), false, line);
            }
            return new RecordLine(parsed.get(), unknown, line, offset);
        } catch (JsonProcessingException e) {
            return new Malformed(new InvalidInputException(source + ": not valid JSON: " + e.getOriginalMessage()),
                    true, line);
        } catch (InvalidInputException e) {
            return new Malformed(e, false, line);
        } catch (IOException e) {
            return new Malformed(new UncheckedIOException(e), false, line);
        }
    }

    /** Lines waiting to be parsed together: their bytes, and each line's place in them and in the file. */
    private static final class Batch {
        static final int LINES = 2048;
        byte[] data = new byte[1 << 20];
        int size;
        int count;
        final int[] starts = new int[LINES];
        final int[] lengths = new int[LINES];
        final long[] lines = new long[LINES];
        final long[] offsets = new long[LINES];

        void add(byte[] bytes, int from, int length, long line, long offset) {
            if (size + length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + length));
            }
            System.arraycopy(bytes, from, data, size, length);
            starts[count] = size;
            lengths[count] = length;
            lines[count] = line;
            offsets[count] = offset;
            size += length;
            count++;
        }

        boolean full() {
            return count == LINES;
        }

        List<Parsed> parse(Path file) {
            List<Parsed> parsed = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                parsed.add(parseLine(file, data, starts[i], lengths[i], lines[i], offsets[i]));
            }
            return parsed;
        }
    }

    /**
     * Splits the stream into lines, parses them in batches on worker threads (parsing is most of reading), and
     * applies the results in file order on the calling thread, tracking line numbers and offsets.
     */
    private static final class LineReader {
        /** Batches parsed ahead of the one applied: enough to keep the workers busy, few enough to bound memory. */
        private static final int AHEAD = 4;
        private final Path file;
        private final InputStream in;
        private final boolean compressed;
        private final Visitor visitor;
        private final Consumer<String> warnings;
        private final Set<String> unknownFields = new TreeSet<>();
        private final List<JournalSession> sessions = new ArrayList<>();
        private final java.util.ArrayDeque<java.util.concurrent.Future<List<Parsed>>> inFlight =
                new java.util.ArrayDeque<>();
        private java.util.concurrent.ExecutorService parsers;
        private Batch batch = new Batch();
        private long firstUnknownLine;
        private JournalHeader header;
        private long lineNumber;
        private long records;
        private long validLength;
        private boolean torn;
        private boolean newlineAtEnd = true;
        private boolean sawContent;

        LineReader(Path file, InputStream in, boolean compressed, Visitor visitor, Consumer<String> warnings) {
            this.file = file;
            this.in = in;
            this.compressed = compressed;
            this.visitor = visitor;
            this.warnings = warnings;
        }

        Summary run() throws IOException {
            int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            parsers = java.util.concurrent.Executors.newFixedThreadPool(threads, runnable -> {
                Thread thread = new Thread(runnable, "noisecal-journal-parse");
                thread.setDaemon(true);
                return thread;
            });
            try {
                return split();
            } finally {
                parsers.shutdownNow();
            }
        }

        private Summary split() throws IOException {
            byte[] chunk = new byte[CHUNK];
            byte[] pending = new byte[256];
            int pendingLength = 0;
            long offset = 0;
            boolean truncatedStream = false;
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (EOFException e) {
                    // A gzip stream cut off mid-write: what was decompressed so far is kept.
                    truncatedStream = true;
                    n = -1;
                }
                if (n < 0) {
                    break;
                }
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    int part = i - start;
                    long lineBytes;
                    if (pendingLength == 0) {
                        line(chunk, start, part, offset);
                        lineBytes = part + 1L;
                    } else {
                        pending = append(pending, pendingLength, chunk, start, part);
                        pendingLength += part;
                        line(pending, 0, pendingLength, offset);
                        lineBytes = pendingLength + 1L;
                        pendingLength = 0;
                    }
                    offset += lineBytes;
                    start = i + 1;
                }
                if (start < n) {
                    pending = append(pending, pendingLength, chunk, start, n - start);
                    pendingLength += n - start;
                }
            }
            submit();
            while (!inFlight.isEmpty()) {
                applyNext();
            }
            // offset counts bytes of complete lines consumed; a remainder is the unterminated last line.
            validLength = offset;
            if (pendingLength > 0) {
                lastLine(pending, pendingLength, offset);
            }
            if (truncatedStream) {
                warnings.accept(file + ": the compressed stream ends early (the file was cut off); the " + records
                        + " records before the cut are kept");
            }
            if (!unknownFields.isEmpty()) {
                warnings.accept(file + " line " + firstUnknownLine + ": fields that are not telemetry fields are"
                        + " ignored: " + String.join(", ", unknownFields.stream().map(f -> "'" + f + "'").toList())
                        + (unknownFields.size() > 1 ? " (each reported once)" : ""));
            }
            return new Summary(header, sessions, records, validLength, torn, newlineAtEnd, compressed);
        }

        private static byte[] append(byte[] pending, int length, byte[] chunk, int from, int count) {
            if (length + count > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, length + count));
            }
            System.arraycopy(chunk, from, pending, length, count);
            return pending;
        }

        private void line(byte[] bytes, int from, int length, long offset) throws IOException {
            lineNumber++;
            if (isBlank(bytes, from, length)) {
                return;
            }
            batch.add(bytes, from, length, lineNumber, offset);
            if (batch.full()) {
                submit();
            }
        }

        private void submit() throws IOException {
            if (batch.count == 0) {
                return;
            }
            Batch full = batch;
            batch = new Batch();
            inFlight.add(parsers.submit(() -> full.parse(file)));
            while (inFlight.size() > AHEAD) {
                applyNext();
            }
        }

        private void applyNext() throws IOException {
            List<Parsed> parsed;
            try {
                parsed = inFlight.remove().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading " + file);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            for (Parsed line : parsed) {
                apply(line);
            }
        }

        /** Applies one parsed line in file order: the header's and sessions' rules, counts, the visitor. */
        private void apply(Parsed parsed) {
            if (parsed instanceof Malformed m) {
                throw m.error();
            } else if (parsed instanceof ControlLine c) {
                control(c.key(), c.tree(), c.line());
                sawContent = true;
            } else if (parsed instanceof RecordLine r) {
                if (!r.unknown().isEmpty()) {
                    if (unknownFields.isEmpty()) {
                        firstUnknownLine = r.line();
                    }
                    unknownFields.addAll(r.unknown());
                }
                sawContent = true;
                records++;
                visitor.record(r.record(), r.line(), r.offset());
            }
        }

        private void lastLine(byte[] bytes, int length, long offset) {
            lineNumber++;
            if (isBlank(bytes, 0, length)) {
                validLength = offset + length;
                return;
            }
            Parsed parsed = parseLine(file, bytes, 0, length, lineNumber, offset);
            if (parsed instanceof Malformed m && m.syntax()) {
                torn = true;
                warnings.accept(file + " line " + lineNumber + ": the last line is incomplete (" + length
                        + " bytes of a write cut off mid-record) and is dropped");
                return;
            }
            apply(parsed);
            validLength = offset + length;
            newlineAtEnd = false;
        }

        private void control(String key, JsonNode tree, long line) {
            String source = file + " line " + line;
            if (JournalHeader.KEY.equals(key)) {
                if (sawContent) {
                    throw new InvalidInputException(source + ": a journal header can only be the first line; this"
                            + " file joins two journals (merge them with 'noisecal fit --raw A B' instead)");
                }
                header = JournalJson.readHeader(tree, source);
                sessions.add(header.session());
                visitor.header(header);
            } else {
                if (header == null) {
                    throw new InvalidInputException(source + ": a session line without the journal header that"
                            + " must come first");
                }
                JournalSession session = JournalJson.readSessionLine(tree, source);
                sessions.add(session);
                visitor.session(session, line);
            }
        }

        private static boolean isBlank(byte[] bytes, int from, int length) {
            for (int i = from; i < from + length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
