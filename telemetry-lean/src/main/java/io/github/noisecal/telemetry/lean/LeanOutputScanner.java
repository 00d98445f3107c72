package io.github.noisecal.telemetry.lean;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Lean run's output as it streams and keeps only what {@link LeanOutcomeClassifier} needs, in bounded
 * memory however much is printed.
 *
 * <p>Standard output is read line by line. A line that is a JSON object with a {@code severity} is a
 * {@code --json} message (keys in any order, unknown keys ignored, {@code kind} and {@code isSilent} optional).
 * Any other line is read as Lean's text format: {@code file:line:col[-line:col]: severity[(name)]: data} starts a
 * warning or error whose following unprefixed lines continue it; unprefixed lines outside such a message are
 * information. Lines of both forms may mix, so output of a Lean without {@code --json} support, or text a tactic
 * printed, is still understood. Standard error is searched for the runtime's and the driver's complaints.
 *
 * <p>Feed standard output to {@link #stdoutListener()} and standard error to {@link #stderrListener()} (each from
 * one thread), then call {@link #result()} once both ended.
 */
public final class LeanOutputScanner {
    /** Longest line kept whole; longer lines keep their start and their last {@value #LINE_TAIL_BYTES} bytes. */
    static final int MAX_LINE_BYTES = 256 * 1024;
    static final int LINE_TAIL_BYTES = 4096;
    /** Longest message text kept for classification and reporting. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024;
    private static final int STDERR_EXCERPT_CHARS = 4096;

    private static final Pattern HEADER = Pattern.compile(
            "^(.+?):(\\d+):(\\d+)(?:-\\d+:\\d+)?: (error|warning|information|info)(?:\\(([^()\\s]+)\\))?:(?: (.*))?$");
    private static final Pattern JSON_SEVERITY = Pattern.compile("\"severity\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern JSON_KIND = Pattern.compile("\"kind\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern JSON_DATA_START = Pattern.compile("\"data\"\\s*:\\s*\"");
    private static final Pattern FILE_NOT_FOUND = Pattern.compile("^file '.*' not found");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StdoutScanner stdout = new StdoutScanner();
    private final StderrScanner stderr = new StderrScanner();

    public OutputListener stdoutListener() {
        return stdout;
    }

    public OutputListener stderrListener() {
        return stderr;
    }

    /** What was seen; call after both streams ended. */
    public LeanOutput result() {
        stdout.finishMessage();
        Optional<String> panic = stderr.panic != null ? Optional.of(stderr.panic) : Optional.ofNullable(stdout.panic);
        Optional<String> outOfMemory = Optional.ofNullable(stderr.outOfMemory);
        return new LeanOutput(stdout.counts, Optional.ofNullable(stdout.firstError), stdout.errorCategories,
                stdout.sorryWarnings, stdout.jsonMessages, panic, stderr.stackOverflow || stdout.stackOverflow,
                outOfMemory, Optional.ofNullable(stderr.invalidOption), Optional.ofNullable(stderr.driverError),
                stderr.excerpt.toString());
    }

    /** Scans complete output already in memory. */
    public static LeanOutput scan(String stdoutText, String stderrText) {
        LeanOutputScanner scanner = new LeanOutputScanner();
        feed(scanner.stdoutListener(), stdoutText);
        feed(scanner.stderrListener(), stderrText);
        return scanner.result();
    }

    /** Scans messages that came from somewhere else, such as {@link #parseReplResponses}. */
    public static LeanOutput ofMessages(List<LeanMessage> messages) {
        LeanOutputScanner scanner = new LeanOutputScanner();
        messages.forEach(scanner.stdout::accept);
        return scanner.result();
    }

    /**
     * The messages of Lean REPL responses (leanprover-community/repl): a sequence of JSON objects, each possibly
     * spread over several lines, with an optional {@code messages} array of {@code severity} / {@code pos} /
     * {@code data} objects.
     *
     * @throws IllegalArgumentException if the text is not a sequence of JSON objects
     */
    public static List<LeanMessage> parseReplResponses(String text) {
        List<LeanMessage> messages = new ArrayList<>();
        try (MappingIterator<JsonNode> responses = JSON.readerFor(JsonNode.class).readValues(text)) {
            while (responses.hasNextValue()) {
                JsonNode response = responses.nextValue();
                for (JsonNode message : response.path("messages")) {
                    messageOf(message).ifPresent(messages::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("REPL output is not a sequence of JSON responses: " + e.getMessage(), e);
        }
        return messages;
    }

    private static void feed(OutputListener listener, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        listener.onBytes(bytes, 0, bytes.length);
        listener.onEnd();
    }

    private static Optional<LeanMessage> messageOf(JsonNode node) {
        JsonNode severityNode = node == null || !node.isObject() ? null : node.get("severity");
        if (severityNode == null || !severityNode.isTextual()) {
            return Optional.empty();
        }
        Optional<LeanSeverity> severity = LeanSeverity.parse(severityNode.asText());
        if (severity.isEmpty()) {
            return Optional.empty();
        }
        JsonNode position = node.path("pos");
        String caption = node.path("caption").asText("");
        String data = node.path("data").asText("");
        return Optional.of(new LeanMessage(severity.get(), position.path("line").asInt(0),
                position.path("column").asInt(0), node.path("kind").asText(""),
                truncate(caption.isEmpty() ? data : caption + ":\n" + data)));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS);
    }

    /** A line or column number; an absurdly long one (not Lean's) reads as 0 rather than failing the scan. */
    private static int position(String digits) {
        return digits.length() > 9 ? 0 : Integer.parseInt(digits);
    }

    private static boolean contains(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPanicLine(String line) {
        return line.startsWith("PANIC at ") || (line.startsWith("INTERNAL PANIC:") && !line.contains("out of memory"));
    }

    /** Splits a byte stream into UTF-8 lines, keeping at most the start and the end of very long ones. */
    private abstract static class LineSplitter implements OutputListener {
        /** Grows up to {@link #MAX_LINE_BYTES} as long lines arrive; most output never needs more. */
        private byte[] head = new byte[1024];
        private byte[] tail;
        private int headLength;
        private int tailLength;
        private boolean overlong;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

        @Override
        public final void onBytes(byte[] buffer, int offset, int length) {
            int end = offset + length;
            int start = offset;
            for (int i = offset; i < end; i++) {
                if (buffer[i] == '\n') {
                    append(buffer, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            append(buffer, start, end - start);
        }

        @Override
        public final void onEnd() {
            if (headLength > 0 || overlong) {
                emit();
            }
            ended();
        }

        private void append(byte[] buffer, int offset, int length) {
            int toHead = Math.min(length, MAX_LINE_BYTES - headLength);
            if (headLength + toHead > head.length) {
                head = Arrays.copyOf(head, Math.min(MAX_LINE_BYTES, Math.max(headLength + toHead, 2 * head.length)));
            }
            System.arraycopy(buffer, offset, head, headLength, toHead);
            headLength += toHead;
            if (toHead == length) {
                return;
            }
            overlong = true;
            if (tail == null) {
                tail = new byte[LINE_TAIL_BYTES];
            }
            int rest = length - toHead;
            int from = offset + toHead;
            if (rest >= tail.length) {
                System.arraycopy(buffer, from + rest - tail.length, tail, 0, tail.length);
                tailLength = tail.length;
            } else {
                int keep = Math.min(tailLength, tail.length - rest);
                System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                System.arraycopy(buffer, from, tail, keep, rest);
                tailLength = keep + rest;
            }
        }

        private void emit() {
            int length = headLength > 0 && head[headLength - 1] == '\r' && !overlong ? headLength - 1 : headLength;
            boolean wasOverlong = overlong;
            boolean wanted = wasOverlong || wanted(head, length);
            String line = wanted ? decode(head, length) : "";
            String lineTail = wanted && wasOverlong ? decode(tail, tailLength) : "";
            headLength = 0;
            tailLength = 0;
            overlong = false;
            if (wanted) {
                onLine(line, wasOverlong, lineTail);
            }
        }

        /**
         * Whether a line can matter, judged from its bytes before it is decoded: a flood of uninteresting lines
         * must cost next to nothing.
         */
        abstract boolean wanted(byte[] line, int length);

        private String decode(byte[] bytes, int length) {
            try {
                return decoder.reset().decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
        }

        /** One line without its newline; for an overlong line, its start and (in {@code tail}) its end. */
        abstract void onLine(String line, boolean overlong, String tail);

        void ended() {
        }
    }

    /** Standard output: Lean's messages in either format. */
    private static final class StdoutScanner extends LineSplitter {
        final Map<LeanSeverity, Long> counts = new EnumMap<>(LeanSeverity.class);
        final Set<LeanMessageCategory> errorCategories = EnumSet.noneOf(LeanMessageCategory.class);
        LeanMessage firstError;
        long sorryWarnings;
        boolean jsonMessages;
        String panic;
        boolean stackOverflow;

        private LeanSeverity currentSeverity;
        private int currentLine;
        private int currentColumn;
        private String currentKind;
        private final StringBuilder currentData = new StringBuilder();

        /** Skipped: lines that continue a message whose kept text is full and that cannot start a message. */
        @Override
        boolean wanted(byte[] line, int length) {
            if (currentSeverity == null || currentData.length() < MAX_MESSAGE_CHARS || length == 0) {
                return true;
            }
            byte first = line[0];
            return first == '{' || first == 'S' || first == 'P' || first == 'I' || contains(line, length, (byte) ':');
        }

        @Override
        void onLine(String line, boolean overlong, String tail) {
            if (line.startsWith("{") && acceptJson(line, overlong, tail)) {
                return;
            }
            if (panic == null && isPanicLine(line)) {
                panic = line;
            }
            if (line.contains("Stack overflow detected")) {
                stackOverflow = true;
            }
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                finishMessage();
                currentSeverity = LeanSeverity.parse(header.group(4)).orElseThrow();
                currentLine = position(header.group(2));
                currentColumn = position(header.group(3));
                currentKind = header.group(5) == null ? "" : header.group(5);
                appendData(header.group(6) == null ? "" : header.group(6), false);
                return;
            }
            if (currentSeverity == null) {
                currentSeverity = LeanSeverity.INFORMATION;
                currentKind = "";
                appendData(line, false);
            } else {
                appendData(line, true);
            }
        }

        private void appendData(String text, boolean newLine) {
            if (currentData.length() >= MAX_MESSAGE_CHARS) {
                return;
            }
            if (newLine) {
                currentData.append('\n');
            }
            currentData.append(text, 0, Math.min(text.length(), MAX_MESSAGE_CHARS - currentData.length()));
        }

        private boolean acceptJson(String line, boolean overlong, String tail) {
            if (!overlong) {
                try {
                    Optional<LeanMessage> message = messageOf(JSON.readTree(line));
                    if (message.isEmpty()) {
                        return false;
                    }
                    finishMessage();
                    jsonMessages = true;
                    accept(message.get());
                    return true;
                } catch (JsonProcessingException e) {
                    return false;
                }
            }
            // Too long to keep whole: take severity and kind from wherever they are, and the text's start.
            Matcher severity = JSON_SEVERITY.matcher(line);
            Matcher tailSeverity = JSON_SEVERITY.matcher(tail);
            String severityText = severity.find() ? severity.group(1) : tailSeverity.find() ? tailSeverity.group(1) : null;
            Optional<LeanSeverity> parsed = severityText == null ? Optional.empty() : LeanSeverity.parse(severityText);
            if (parsed.isEmpty()) {
                return false;
            }
            Matcher kind = JSON_KIND.matcher(line);
            Matcher tailKind = JSON_KIND.matcher(tail);
            String kindText = kind.find() ? kind.group(1) : tailKind.find() ? tailKind.group(1) : "";
            Matcher data = JSON_DATA_START.matcher(line);
            String dataText = data.find() ? unescapePrefix(line.substring(data.end())) : "";
            finishMessage();
            jsonMessages = true;
            accept(new LeanMessage(parsed.get(), 0, 0, kindText, dataText));
            return true;
        }

        void finishMessage() {
            if (currentSeverity == null) {
                return;
            }
            LeanMessage message = new LeanMessage(currentSeverity, currentLine, currentColumn, currentKind,
                    currentData.toString());
            currentSeverity = null;
            currentData.setLength(0);
            accept(message);
        }

        void accept(LeanMessage message) {
            counts.merge(message.severity(), 1L, Long::sum);
            LeanMessageCategory category = message.category();
            switch (message.severity()) {
                case ERROR -> {
                    errorCategories.add(category);
                    if (firstError == null) {
                        firstError = message;
                    }
                }
                case WARNING -> {
                    if (category == LeanMessageCategory.SORRY) {
                        sorryWarnings++;
                    }
                }
                case INFORMATION -> {
                    // newer Lean prints a panic during elaboration as an information message
                    for (String line : message.data().split("\n", 64)) {
                        if (panic == null && isPanicLine(line)) {
                            panic = line;
                        }
                    }
                }
            }
        }

        /** JSON string content up to its closing quote (or the end of what was kept), unescaped. */
        private static String unescapePrefix(String text) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE_CHARS; i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c != '\\' || i + 1 >= text.length()) {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(++i);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        if (i + 4 < text.length()) {
                            out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                    }
                    default -> out.append(escaped);
                }
            }
            return out.toString();
        }
    }

    /** Standard error: the runtime's and the driver's complaints. */
    private static final class StderrScanner extends LineSplitter {
        final StringBuilder excerpt = new StringBuilder();
        String panic;
        boolean stackOverflow;
        String outOfMemory;
        String invalidOption;
        String driverError;
        private boolean sawText;

        /** Once the excerpt is full, only lines whose first character can start a complaint are read. */
        @Override
        boolean wanted(byte[] line, int length) {
            if (excerpt.length() < STDERR_EXCERPT_CHARS) {
                return true;
            }
            for (int i = 0; i < length; i++) {
                if (line[i] != ' ' && line[i] != '\t') {
                    return "SIoPiUEfce".indexOf(line[i]) >= 0;
                }
            }
            return false;
        }

        @Override
        void onLine(String line, boolean overlong, String tail) {
            if (excerpt.length() < STDERR_EXCERPT_CHARS) {
                if (!excerpt.isEmpty()) {
                    excerpt.append('\n');
                }
                excerpt.append(line, 0, Math.min(line.length(), STDERR_EXCERPT_CHARS - excerpt.length()));
            }
            String trimmed = line.strip();
            boolean firstText = !sawText && !trimmed.isEmpty();
            sawText |= !trimmed.isEmpty();
            if (trimmed.contains("Stack overflow detected")) {
                stackOverflow = true;
            } else if (trimmed.startsWith("INTERNAL PANIC:") && trimmed.contains("out of memory")
                    || trimmed.equals("out of memory")) {
                outOfMemory = outOfMemory == null ? trimmed : outOfMemory;
            } else if (isPanicLine(trimmed)) {
                panic = panic == null ? trimmed : panic;
            } else if (trimmed.startsWith("invalid -D parameter")) {
                invalidOption = invalidOption == null ? trimmed : invalidOption;
            } else if (driverError == null && (trimmed.equals("Unknown command line option")
                    || trimmed.startsWith("Expected exactly one file name")
                    || FILE_NOT_FOUND.matcher(trimmed).find()
                    || trimmed.startsWith("could not execute external process")
                    || firstText && trimmed.startsWith("error:"))) {
                driverError = trimmed;
            }
        }
    }
}
