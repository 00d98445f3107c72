package io.github.noisecal.calibration.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesTelemetryTest {
    @TempDir
    Path dir;

    static VerificationTelemetry fullRecord() {
        return VerificationTelemetry.builder()
                .verificationId("run-FAST-7").timestamp(Instant.parse("2026-11-27T12:00:00.123456Z"))
                .moduleName("Mathlib.Data.Nat.Basic").context("calibration_FAST").tier("FAST").timeoutS(30)
                .leanVersion("4.9.0").outcome(Outcome.PROOF_INVALID).durationMs(1234.5).cpuTimeMs(1100.25)
                .memoryPeakMb(512.0).memoryFinalMb(480.5).tacticCount(12).tacticDepth(3).proofSizeBytes(2048L)
                .searchNodes(99L).stderr("error: type mismatch\n  \"quoted\"").returncode(1).signal(null)
                .noiseInjected(false).groundTruth("proof_invalid").noiseSeed(-5L).policyConfidence(0.75)
                .policyVersion("p1").metadata(Map.of("tactics", Map.of("simp", 3), "counts", List.of(1, 2)))
                .build();
    }

    @Test
    void writesEveryFieldUnderItsSnakeCaseNameAndReadsItBack() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        VerificationTelemetry record = fullRecord();
        try (JsonLinesTelemetrySink sink = new JsonLinesTelemetrySink(file)) {
            sink.accept(record);
            sink.accept(record.toBuilder().verificationId("run-FAST-8").outcome(Outcome.VERIFIER_TIMEOUT)
                    .metadata(Map.of()).build());
            assertFalse(Files.exists(file), "the target appears only when the run completes");
            sink.complete();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        Map<?, ?> json = new ObjectMapper().readValue(lines.get(0), Map.class);
        assertEquals(TelemetryJson.FIELDS, json.keySet());
        assertEquals("proof_invalid", json.get("outcome"));
        assertEquals("2026-11-27T12:00:00.123456Z", json.get("timestamp"));
        List<VerificationTelemetry> read = new ArrayList<>();
        JsonLinesTelemetryReader.read(file, read::add);
        assertEquals(record, read.get(0));
        assertEquals(Outcome.VERIFIER_TIMEOUT, read.get(1).outcome());
    }

    @Test
    void aSinkClosedWithoutCompletingLeavesNothing() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        Files.writeString(file, "previous complete run\n");
        try (JsonLinesTelemetrySink sink = new JsonLinesTelemetrySink(file)) {
            sink.accept(fullRecord());
        }
        assertEquals("previous complete run\n", Files.readString(file), "an earlier file is kept intact");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void aSinkClosedBeforeAnyRecordCreatesNothing() throws Exception {
        Path file = dir.resolve("not/yet/raw.jsonl");
        new JsonLinesTelemetrySink(file).close();
        assertFalse(Files.exists(dir.resolve("not")), "not even the directory");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'{\"outcome\": 3}' | field 'outcome' must be a string",
            "'not json' | not valid JSON",
            "'[1]' | expected a JSON object",
            "'{\"surprise\": 1}' | unknown field 'surprise'",
            "'{\"outcome\": \"nope\"}' | field 'outcome': unknown outcome code 'nope'",
    })
    void malformedLinesAreRejectedNamingFileLineAndField(String line, String problem) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "\n" + line + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> JsonLinesTelemetryReader.read(file, r -> { }));
        assertTrue(e.getMessage().startsWith(file + " line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void contradictionsAndMissingFieldsAreNamed() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path file = dir.resolve("x.jsonl");
        try (JsonLinesTelemetrySink sink = new JsonLinesTelemetrySink(file)) {
            sink.accept(fullRecord());
            sink.complete();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = mapper.readValue(Files.readString(file).strip(), Map.class);
        json.put("success", true);
        Files.writeString(file, mapper.writeValueAsString(json));
        assertTrue(assertThrows(InvalidInputException.class, () -> JsonLinesTelemetryReader.read(file, r -> { }))
                .getMessage().endsWith("field 'success': true contradicts outcome proof_invalid"));
        json.put("success", false);
        json.remove("duration_ms");
        Files.writeString(file, mapper.writeValueAsString(json));
        assertTrue(assertThrows(InvalidInputException.class, () -> JsonLinesTelemetryReader.read(file, r -> { }))
                .getMessage().endsWith("field 'duration_ms' is missing"));
        json.put("duration_ms", -1);
        Files.writeString(file, mapper.writeValueAsString(json));
        assertTrue(assertThrows(InvalidInputException.class, () -> JsonLinesTelemetryReader.read(file, r -> { }))
                .getMessage().contains("durationMs must be finite and non-negative, got -1.0"));
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("none.jsonl");
        assertEquals("raw telemetry " + file + ": no such file",
                assertThrows(InvalidInputException.class, () -> JsonLinesTelemetryReader.read(file, r -> { }))
                        .getMessage());
    }
}
