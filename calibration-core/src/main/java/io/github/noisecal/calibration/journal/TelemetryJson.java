package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a telemetry record: one object with exactly the snake_case fields of
 * {@link VerificationTelemetry}, {@code timestamp} as an ISO-8601 UTC instant, absent measurements as {@code null}.
 * The plan coordinates ({@code plan_id}, {@code sample_index}, {@code repeat}) follow the id; records without them
 * (telemetry from elsewhere) read as records outside any plan.
 *
 * <p>Reading also takes the records of the origin's Python pipeline: {@code timestamp} as epoch seconds (a number)
 * or as Python's {@code str(datetime)} ({@code 2026-11-27 21:00:00.123456}, UTC unless it names an offset),
 * lower-case tier names, and {@code null} or missing optional fields ({@code lean_version} then reads as
 * {@value #UNKNOWN_VERSION}, {@code stderr} and {@code context} as empty, {@code noise_injected} as false,
 * {@code success} as the outcome's). Fields it does not know are skipped and reported to the caller. A key given
 * twice in one object is rejected.
 */
public final class TelemetryJson {
    /** The verifier version of a record that does not name one. */
    public static final String UNKNOWN_VERSION = "unknown";

    /**
     * Rejects a key given twice in one object, which JSON leaves undefined and Python's json silently resolves.
     * Records check their own fields (cheaper than Jackson's per-object set, which costs a seventh of the reading
     * time); {@link #RECORD_FACTORY} parsers leave it to them, and switch Jackson's check on for a record's metadata.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    /** Parsers for record lines: duplicates are detected by {@link #parse} itself. */
    static final JsonFactory RECORD_FACTORY = MAPPER.getFactory().copy()
            .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Every field of a record, in the order they are written. */
    public static final Set<String> FIELDS = Set.of("verification_id", "plan_id", "sample_index", "repeat",
            "timestamp", "module_name", "context", "tier",
            "timeout_s", "lean_version", "outcome", "success", "duration_ms", "cpu_time_ms", "memory_peak_mb",
            "memory_final_mb", "tactic_count", "tactic_depth", "proof_size_bytes", "search_nodes", "stderr",
            "returncode", "signal", "noise_injected", "noise_type", "ground_truth", "noise_seed",
            "policy_confidence", "policy_version", "metadata");

    /** The fields in name order; a field's index there is its bit in a record's set of fields seen. */
    private static final java.util.List<String> FIELD_ORDER = java.util.List.copyOf(new java.util.TreeSet<>(FIELDS));
    private static final Map<String, Integer> FIELD_BITS = fieldBits();

    private TelemetryJson() {
    }

    private static Map<String, Integer> fieldBits() {
        Map<String, Integer> bits = new java.util.HashMap<>();
        for (String field : FIELD_ORDER) {
            bits.put(field, bits.size());
        }
        return bits;
    }

    /** Writes one record as a JSON object; the generator must come from a mapper-backed factory. */
    public static void write(JsonGenerator out, VerificationTelemetry t) throws IOException {
        out.writeStartObject();
        out.writeStringField("verification_id", t.verificationId());
        out.writeStringField("plan_id", t.planId());
        writeNullable(out, "sample_index", t.sampleIndex());
        writeNullable(out, "repeat", t.repeat());
        out.writeStringField("timestamp", t.timestamp().toString());
        out.writeStringField("module_name", t.moduleName());
        out.writeStringField("context", t.context());
        out.writeStringField("tier", t.tier());
        out.writeNumberField("timeout_s", t.timeoutS());
        out.writeStringField("lean_version", t.leanVersion());
        out.writeStringField("outcome", t.outcome().code());
        out.writeBooleanField("success", t.success());
        out.writeNumberField("duration_ms", t.durationMs());
        writeNullable(out, "cpu_time_ms", t.cpuTimeMs());
        writeNullable(out, "memory_peak_mb", t.memoryPeakMb());
        writeNullable(out, "memory_final_mb", t.memoryFinalMb());
        writeNullable(out, "tactic_count", t.tacticCount());
        writeNullable(out, "tactic_depth", t.tacticDepth());
        writeNullable(out, "proof_size_bytes", t.proofSizeBytes());
        writeNullable(out, "search_nodes", t.searchNodes());
        out.writeStringField("stderr", t.stderr());
        writeNullable(out, "returncode", t.returncode());
        writeNullable(out, "signal", t.signal());
        out.writeBooleanField("noise_injected", t.noiseInjected());
        out.writeStringField("noise_type", t.noiseType());
        out.writeStringField("ground_truth", t.groundTruth());
        writeNullable(out, "noise_seed", t.noiseSeed());
        writeNullable(out, "policy_confidence", t.policyConfidence());
        out.writeStringField("policy_version", t.policyVersion());
        out.writeFieldName("metadata");
        if (t.metadata().isEmpty()) {
            out.writeStartObject();
            out.writeEndObject();
        } else {
            out.writeObject(t.metadata());
        }
        out.writeEndObject();
    }

    private static void writeNullable(JsonGenerator out, String name, Number value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else if (value instanceof Double d) {
            out.writeNumberField(name, d);
        } else if (value instanceof Long l) {
            out.writeNumberField(name, l);
        } else {
            out.writeNumberField(name, value.intValue());
        }
    }

    /**
     * Reads one record from a parser standing on the record's {@code START_OBJECT} or on its first field name, and
     * consumes the object. {@code source} names the input (file and line) in errors, which name the offending field.
     *
     * @param unknownFields receives the names of fields that are not record fields; they are skipped
     * @throws InvalidInputException naming the source and the field
     * @throws IOException when the text is not complete, valid JSON (so a reader can tell a torn line)
     */
    public static VerificationTelemetry read(JsonParser parser, String source, Set<String> unknownFields)
            throws IOException {
        return parse(parser, source, unknownFields).get();
    }

    /**
     * Like {@link #read}, but the record is built (and its fields checked) only when the returned supplier is asked:
     * a reader can first check what follows the object.
     */
    static java.util.function.Supplier<VerificationTelemetry> parse(JsonParser parser, String source,
                                                                    Set<String> unknownFields) throws IOException {
        Fields f = new Fields(source);
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            token = parser.nextToken();
        } else if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT) {
            throw new InvalidInputException(source + ": expected a JSON object, got " + describe(token));
        }
        Set<String> unknownHere = null;
        for (; token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            if (!f.take(name, parser)) {
                if (unknownHere == null) {
                    unknownHere = new java.util.HashSet<>();
                }
                if (!unknownHere.add(name)) {
                    throw duplicate(parser, name);
                }
                unknownFields.add(name);
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            // The input ended inside the object: let the parser say so as a syntax error.
            parser.nextToken();
        }
        return f::build;
    }

    private static com.fasterxml.jackson.core.JsonParseException duplicate(JsonParser parser, String name) {
        return new com.fasterxml.jackson.core.JsonParseException(parser, "Duplicate field '" + name + "'");
    }

    private static String describe(JsonToken token) {
        if (token == null) return "nothing";
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** The fields of one record as they are read, checked by type, then built into a record. */
    private static final class Fields {
        private final String source;
        /** The record fields seen so far, one bit each, for duplicates. */
        private long seen;
        private String verificationId;
        private String planId;
        private Long sampleIndex;
        private Integer repeat;
        private Instant timestamp;
        private String moduleName;
        private String context;
        private String tier;
        private Double timeoutS;
        private String leanVersion;
        private String outcome;
        private Boolean success;
        private Double durationMs;
        private Double cpuTimeMs;
        private Double memoryPeakMb;
        private Double memoryFinalMb;
        private Integer tacticCount;
        private Integer tacticDepth;
        private Long proofSizeBytes;
        private Long searchNodes;
        private String stderr;
        private Integer returncode;
        private Integer signal;
        private Boolean noiseInjected;
        private String noiseType;
        private String groundTruth;
        private Long noiseSeed;
        private Double policyConfidence;
        private String policyVersion;
        private Map<String, Object> metadata;

        Fields(String source) {
            this.source = source;
        }

        /** Reads the value the parser stands on into field {@code name}; false for a name that is no field. */
        boolean take(String name, JsonParser p) throws IOException {
            Integer field = FIELD_BITS.get(name);
            if (field == null) {
                return false;
            }
            if ((seen & (1L << field)) != 0) {
                throw duplicate(p, name);
            }
            seen |= 1L << field;
            switch (FIELD_ORDER.get(field)) {
                case "verification_id" -> verificationId = text(name, p);
                case "plan_id" -> planId = text(name, p);
                case "sample_index" -> sampleIndex = whole(name, p);
                case "repeat" -> repeat = intValue(name, p);
                case "timestamp" -> timestamp = instant(name, p);
                case "module_name" -> moduleName = text(name, p);
                case "context" -> context = text(name, p);
                case "tier" -> tier = text(name, p);
                case "timeout_s" -> timeoutS = number(name, p);
                case "lean_version" -> leanVersion = text(name, p);
                case "outcome" -> outcome = text(name, p);
                case "success" -> success = bool(name, p);
                case "duration_ms" -> durationMs = number(name, p);
                case "cpu_time_ms" -> cpuTimeMs = number(name, p);
                case "memory_peak_mb" -> memoryPeakMb = number(name, p);
                case "memory_final_mb" -> memoryFinalMb = number(name, p);
                case "tactic_count" -> tacticCount = intValue(name, p);
                case "tactic_depth" -> tacticDepth = intValue(name, p);
                case "proof_size_bytes" -> proofSizeBytes = whole(name, p);
                case "search_nodes" -> searchNodes = whole(name, p);
                case "stderr" -> stderr = text(name, p);
                case "returncode" -> returncode = intValue(name, p);
                case "signal" -> signal = intValue(name, p);
                case "noise_injected" -> noiseInjected = bool(name, p);
                case "noise_type" -> noiseType = text(name, p);
                case "ground_truth" -> groundTruth = text(name, p);
                case "noise_seed" -> noiseSeed = whole(name, p);
                case "policy_confidence" -> policyConfidence = number(name, p);
                case "policy_version" -> policyVersion = text(name, p);
                case "metadata" -> metadata = map(name, p);
                default -> throw new IllegalStateException(name);
            }
            return true;
        }

        private InvalidInputException mistyped(String name, String expected, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            String got = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY
                    ? MAPPER.readTree(p).toString() : p.getText();
            return new InvalidInputException(source + ": field '" + name + "' must be " + expected + ", got " + got);
        }

        private String text(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.VALUE_STRING) throw mistyped(name, "a string", p);
            return p.getText();
        }

        private Boolean bool(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw mistyped(name, "true or false", p);
            }
            return token == JsonToken.VALUE_TRUE;
        }

        private Double number(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (!token.isNumeric()) throw mistyped(name, "a number", p);
            return p.getDoubleValue();
        }

        private Long whole(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw mistyped(name, "a whole number", p);
            }
            return p.getLongValue();
        }

        private Integer intValue(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                throw mistyped(name, "a whole number", p);
            }
            return p.getIntValue();
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token != JsonToken.START_OBJECT) throw mistyped(name, "an object", p);
            // Jackson checks the metadata's own keys (at any depth) for duplicates; its object's context exists
            // already, so the check is switched on for it and inherited by what it holds.
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            try {
                return MAPPER.readValue(p, Map.class);
            } finally {
                p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            }
        }

        private Instant instant(String name, JsonParser p) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) return null;
            if (token.isNumeric()) {
                return epochSeconds(name, p.getDecimalValue());
            }
            if (token != JsonToken.VALUE_STRING) {
                throw mistyped(name, "an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch seconds", p);
            }
            Instant parsed = parseTimestamp(p.getText());
            if (parsed == null) {
                throw mistyped(name, "an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch seconds", p);
            }
            return parsed;
        }

        private Instant epochSeconds(String name, BigDecimal seconds) {
            try {
                BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
                long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, java.math.RoundingMode.HALF_EVEN)
                        .longValueExact();
                return Instant.ofEpochSecond(whole.longValueExact(), nanos);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw new InvalidInputException(source + ": field '" + name + "': " + seconds
                        + " epoch seconds lies outside the time line");
            }
        }

        private String required(String name, String value) {
            if (value == null) throw missing(name);
            return value;
        }

        private InvalidInputException missing(String name) {
            return new InvalidInputException(source + ": field '" + name + "' is missing");
        }

        VerificationTelemetry build() {
            String outcomeCode = required("outcome", outcome);
            Outcome parsedOutcome = Outcome.fromCode(outcomeCode).orElseThrow(() -> new InvalidInputException(
                    source + ": field 'outcome': unknown outcome code '" + outcomeCode + "'"));
            if (success != null && success != parsedOutcome.isSuccess()) {
                throw new InvalidInputException(source + ": field 'success': " + success + " contradicts outcome "
                        + outcomeCode);
            }
            if (timestamp == null) throw missing("timestamp");
            if (timeoutS == null) throw missing("timeout_s");
            if (durationMs == null) throw missing("duration_ms");
            try {
                return VerificationTelemetry.builder()
                        .verificationId(required("verification_id", verificationId))
                        .timestamp(timestamp)
                        .moduleName(required("module_name", moduleName))
                        .context(context == null ? "" : context)
                        .tier(required("tier", tier).toUpperCase(Locale.ROOT))
                        .timeoutS(timeoutS)
                        .leanVersion(leanVersion == null ? UNKNOWN_VERSION : leanVersion)
                        .outcome(parsedOutcome)
                        .durationMs(durationMs)
                        .cpuTimeMs(cpuTimeMs)
                        .memoryPeakMb(memoryPeakMb)
                        .memoryFinalMb(memoryFinalMb)
                        .tacticCount(tacticCount)
                        .tacticDepth(tacticDepth)
                        .proofSizeBytes(proofSizeBytes)
                        .searchNodes(searchNodes)
                        .stderr(stderr == null ? "" : stderr)
                        .returncode(returncode)
                        .signal(signal)
                        .noiseInjected(noiseInjected != null && noiseInjected)
                        .noiseType(noiseType)
                        .groundTruth(groundTruth)
                        .noiseSeed(noiseSeed)
                        .policyConfidence(policyConfidence)
                        .policyVersion(policyVersion)
                        .metadata(metadata == null ? Map.of() : metadata)
                        .planId(planId)
                        .sampleIndex(sampleIndex)
                        .repeat(repeat)
                        .build();
            } catch (InvalidInputException e) {
                throw e;
            } catch (IllegalArgumentException | NullPointerException e) {
                // The record's own checks name the component; the source is added once, here.
                throw new InvalidInputException(source + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A timestamp as noisecal writes it (an ISO-8601 instant), as an ISO-8601 date-time with an offset, or as
     * Python's {@code str(datetime)} ({@code 2026-11-27 21:00:00.123456}, with an optional offset); date-times
     * without an offset are read as UTC. Null when the text is none of these.
     */
    static Instant parseTimestamp(String text) {
        Instant canonical = canonicalInstant(text);
        if (canonical != null) {
            return canonical;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            String iso = text.length() > 10 && text.charAt(10) == ' '
                    ? text.substring(0, 10) + 'T' + text.substring(11) : text;
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from,
                        LocalDateTime::from);
                return parsed instanceof OffsetDateTime offset ? offset.toInstant()
                        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /**
     * The instant of {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, the form noisecal writes, read without the general
     * formatter (a tenth of the time of reading a record); null for any other text, which the formatter then reads.
     */
    private static Instant canonicalInstant(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(t, 20, n - 1);
            for (int i = fraction; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        long epochSecond = java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L
                + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal number in {@code t[from, to)}, or -1 when it holds anything but digits. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
