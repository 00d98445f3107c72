package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a telemetry record: one object with exactly the snake_case fields of
 * {@link VerificationTelemetry}, {@code timestamp} as an ISO-8601 UTC instant, absent measurements as {@code null}.
 * The plan coordinates ({@code plan_id}, {@code sample_index}, {@code repeat}) follow the id; records without them
 * (telemetry from elsewhere) read as records outside any plan.
 */
public final class TelemetryJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every field of a record, in the order they are written. */
    public static final Set<String> FIELDS = Set.of("verification_id", "plan_id", "sample_index", "repeat",
            "timestamp", "module_name", "context", "tier",
            "timeout_s", "lean_version", "outcome", "success", "duration_ms", "cpu_time_ms", "memory_peak_mb",
            "memory_final_mb", "tactic_count", "tactic_depth", "proof_size_bytes", "search_nodes", "stderr",
            "returncode", "signal", "noise_injected", "noise_type", "ground_truth", "noise_seed",
            "policy_confidence", "policy_version", "metadata");

    private TelemetryJson() {
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
     * Reads one record from a parsed JSON object. {@code source} names the input (file and line) in errors, which
     * name the offending field. Unknown fields are rejected: they mean the file is not noisecal telemetry.
     */
    public static VerificationTelemetry read(JsonNode node, String source) {
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidInputException(source + ": expected a JSON object, got " + node.getNodeType());
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(source + ": unknown field '" + name + "'");
            }
        }
        Fields f = new Fields(object, source);
        String outcomeCode = f.requiredText("outcome");
        Outcome outcome = Outcome.fromCode(outcomeCode).orElseThrow(() ->
                new InvalidInputException(source + ": field 'outcome': unknown outcome code '" + outcomeCode + "'"));
        boolean success = f.requiredBoolean("success");
        if (success != outcome.isSuccess()) {
            throw new InvalidInputException(source + ": field 'success': " + success + " contradicts outcome "
                    + outcomeCode);
        }
        try {
            return VerificationTelemetry.builder()
                    .verificationId(f.requiredText("verification_id"))
                    .timestamp(f.instant("timestamp"))
                    .moduleName(f.requiredText("module_name"))
                    .context(f.requiredText("context"))
                    .tier(f.requiredText("tier"))
                    .timeoutS(f.requiredDouble("timeout_s"))
                    .leanVersion(f.requiredText("lean_version"))
                    .outcome(outcome)
                    .durationMs(f.requiredDouble("duration_ms"))
                    .cpuTimeMs(f.optionalDouble("cpu_time_ms"))
                    .memoryPeakMb(f.optionalDouble("memory_peak_mb"))
                    .memoryFinalMb(f.optionalDouble("memory_final_mb"))
                    .tacticCount(f.optionalInt("tactic_count"))
                    .tacticDepth(f.optionalInt("tactic_depth"))
                    .proofSizeBytes(f.optionalLong("proof_size_bytes"))
                    .searchNodes(f.optionalLong("search_nodes"))
                    .stderr(f.requiredText("stderr"))
                    .returncode(f.optionalInt("returncode"))
                    .signal(f.optionalInt("signal"))
                    .noiseInjected(f.requiredBoolean("noise_injected"))
                    .noiseType(f.optionalText("noise_type"))
                    .groundTruth(f.optionalText("ground_truth"))
                    .noiseSeed(f.optionalLong("noise_seed"))
                    .policyConfidence(f.optionalDouble("policy_confidence"))
                    .policyVersion(f.optionalText("policy_version"))
                    .metadata(f.metadata())
                    .planId(f.optionalText("plan_id"))
                    .sampleIndex(f.optionalLong("sample_index"))
                    .repeat(f.optionalInt("repeat"))
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(source + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to one object's fields, failing with the field's name. */
    private record Fields(ObjectNode object, String source) {
        JsonNode required(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidInputException(source + ": field '" + name + "' is missing");
            }
            return value;
        }

        InvalidInputException mistyped(String name, String expected) {
            return new InvalidInputException(source + ": field '" + name + "' must be " + expected + ", got "
                    + object.get(name));
        }

        String requiredText(String name) {
            JsonNode value = required(name);
            if (!value.isTextual()) throw mistyped(name, "a string");
            return value.textValue();
        }

        String optionalText(String name) {
            JsonNode value = object.get(name);
            return value == null || value.isNull() ? null : requiredText(name);
        }

        boolean requiredBoolean(String name) {
            JsonNode value = required(name);
            if (!value.isBoolean()) throw mistyped(name, "true or false");
            return value.booleanValue();
        }

        double requiredDouble(String name) {
            JsonNode value = required(name);
            if (!value.isNumber()) throw mistyped(name, "a number");
            return value.doubleValue();
        }

        Double optionalDouble(String name) {
            JsonNode value = object.get(name);
            return value == null || value.isNull() ? null : requiredDouble(name);
        }

        Long optionalLong(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) return null;
            if (!value.isIntegralNumber() || !value.canConvertToLong()) throw mistyped(name, "a whole number");
            return value.longValue();
        }

        Integer optionalInt(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) return null;
            if (!value.isIntegralNumber() || !value.canConvertToInt()) throw mistyped(name, "a whole number");
            return value.intValue();
        }

        Instant instant(String name) {
            String text = requiredText(name);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw mistyped(name, "an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> metadata() {
            JsonNode value = object.get("metadata");
            if (value == null || value.isNull()) return Map.of();
            if (!value.isObject()) throw mistyped("metadata", "an object");
            return MAPPER.convertValue(value, Map.class);
        }
    }
}
