package io.github.noisecal.calibration.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JournalTest {
    static final SamplingPlan PLAN = new SamplingPlan(List.of(Tier.FAST), 10, 7, List.of("A.B", "C.D"));
    static final JournalHeader HEADER = new JournalHeader(PLAN, Shard.WHOLE, new JournalHeader.Estimation(0.95,
            io.github.noisecal.calibration.stats.IntervalMethod.WILSON, 200), new JournalSession(new RunSession(
            Instant.parse("2026-11-27T12:00:00Z"), "0.1.0", "4.9.0", 2, 2, 0.5,
            new EnvironmentFingerprint("Linux", "CPU", 2, 1L << 30, "17")), List.of("noisecal", "calibrate")));

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

    private static List<VerificationTelemetry> read(Path file, List<String> warnings) {
        List<VerificationTelemetry> records = new ArrayList<>();
        JournalReader.read(file, (record, line, offset) -> records.add(record), warnings::add);
        return records;
    }

    @Test
    void theHeaderComesFirstAndEveryRecordFieldUnderItsSnakeCaseName() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        VerificationTelemetry record = fullRecord();
        try (JournalWriter journal = JournalWriter.create(file, () -> HEADER, false)) {
            journal.accept(record);
            journal.acceptRuns(List.of(record.toBuilder().verificationId("run-FAST-8")
                    .outcome(Outcome.VERIFIER_TIMEOUT).metadata(Map.of()).build()));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        Map<?, ?> header = new ObjectMapper().readValue(lines.get(0), Map.class);
        assertEquals(JournalHeader.FORMAT, header.get(JournalHeader.KEY));
        assertEquals(PLAN.planId(), header.get("plan_id"));
        assertEquals(PLAN.identity(), header.get("plan_identity"));
        Map<?, ?> json = new ObjectMapper().readValue(lines.get(1), Map.class);
        assertEquals(TelemetryJson.FIELDS, json.keySet());
        assertEquals("proof_invalid", json.get("outcome"));
        assertEquals("2026-11-27T12:00:00.123456Z", json.get("timestamp"));
        List<JournalHeader> headers = new ArrayList<>();
        List<VerificationTelemetry> records = new ArrayList<>();
        JournalReader.Summary summary = JournalReader.read(file, new JournalReader.Visitor() {
            @Override
            public void header(JournalHeader h) {
                headers.add(h);
            }

            @Override
            public void record(VerificationTelemetry r, long line, long offset) {
                records.add(r);
            }
        }, w -> { });
        assertEquals(List.of(HEADER), headers, "the header reads back as written, plan rebuilt");
        assertEquals(record, records.get(0));
        assertEquals(Outcome.VERIFIER_TIMEOUT, records.get(1).outcome());
        assertEquals(Files.size(file), summary.validLength());
        assertFalse(summary.torn());
    }

    @Test
    void eachRecordIsInTheFileWhenAcceptReturns() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        JournalWriter journal = JournalWriter.create(file, () -> HEADER, false);
        assertFalse(Files.exists(file), "nothing is created before the first record");
        for (int i = 0; i < 3; i++) {
            journal.accept(fullRecord().toBuilder().verificationId("r" + i).build());
            assertEquals(i + 2, Files.readAllLines(file).size(), "readable by another process at once");
        }
        journal.close();
        journal.close();
        assertEquals(3, read(file, new ArrayList<>()).size(), "closing keeps the journal");
    }

    @Test
    void aNewJournalNeverOverwritesAFileThatAppearedMeanwhile() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        JournalWriter journal = JournalWriter.create(file, () -> HEADER, false);
        Files.writeString(file, "someone else's\n");
        JournalWriteException e = assertThrows(JournalWriteException.class, () -> journal.accept(fullRecord()));
        assertTrue(e.getMessage().contains("the file appeared meanwhile"), e.getMessage());
        assertEquals("someone else's\n", Files.readString(file));
        journal.close();
    }

    @Test
    void aReplacedJournalIsMovedAsideOnlyWhenTheFirstRecordComes() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        Files.writeString(file, "old run\n");
        JournalWriter journal = JournalWriter.create(file, () -> HEADER, true);
        assertEquals("old run\n", Files.readString(file), "untouched until the new run produced something");
        journal.accept(fullRecord());
        journal.close();
        Path aside = journal.replacedBy();
        assertTrue(aside.getFileName().toString().matches("raw\\.jsonl\\.replaced-\\d{8}T\\d{6}Z"), aside.toString());
        assertEquals("old run\n", Files.readString(aside));
        assertEquals(1, read(file, new ArrayList<>()).size());
    }

    @Test
    void aTornLastLineIsDroppedWithAWarningAndCutOffBeforeAppending() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        try (JournalWriter journal = JournalWriter.create(file, () -> HEADER, false)) {
            journal.accept(fullRecord());
        }
        long complete = Files.size(file);
        String torn = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().skip(1).findFirst()
                .orElseThrow().substring(0, 40);
        Files.writeString(file, torn, java.nio.file.StandardOpenOption.APPEND);
        List<String> warnings = new ArrayList<>();
        JournalReader.Summary summary = JournalReader.read(file, (r, line, offset) -> { }, warnings::add);
        assertTrue(summary.torn());
        assertEquals(complete, summary.validLength());
        assertEquals(List.of(file + " line 3: the last line is incomplete (40 bytes of a write cut off mid-record)"
                + " and is dropped"), warnings);
        JournalSession resumed = new JournalSession(HEADER.session().run(), List.of("noisecal", "--resume"));
        try (JournalWriter journal = JournalWriter.append(file, JournalLock.acquire(file), summary,
                summary.validLength(), () -> resumed)) {
            journal.accept(fullRecord().toBuilder().verificationId("second").build());
        }
        List<String> afterWarnings = new ArrayList<>();
        List<JournalSession> sessions = JournalReader.read(file, (r, line, offset) -> { }, afterWarnings::add)
                .sessions();
        assertEquals(List.of(), afterWarnings, "the torn line is gone");
        assertEquals(List.of(HEADER.session(), resumed), sessions);
        assertEquals(List.of("run-FAST-7", "second"),
                read(file, new ArrayList<>()).stream().map(VerificationTelemetry::verificationId).toList());
    }

    @Test
    void aJournalHasOneWriterAtATime() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        JournalWriter first = JournalWriter.create(file, () -> HEADER, false);
        first.accept(fullRecord());
        InvalidInputException busy = assertThrows(InvalidInputException.class, () -> JournalLock.acquire(file));
        assertTrue(busy.getMessage().endsWith("is being written by another noisecal process: let it finish or stop"
                + " it first (two writers would record samples twice)"), busy.getMessage());
        first.close();
        JournalLock.acquire(file).close();
    }

    @Test
    void aCompleteUnterminatedLastLineIsKeptAndTerminatedBeforeAppending() throws Exception {
        Path file = dir.resolve("raw.jsonl");
        try (JournalWriter journal = JournalWriter.create(file, () -> HEADER, false)) {
            journal.accept(fullRecord());
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        JournalReader.Summary summary = JournalReader.read(file, (r, line, offset) -> { }, w -> { });
        assertFalse(summary.torn());
        assertFalse(summary.newlineAtEnd());
        assertEquals(1, summary.records());
        try (JournalWriter journal = JournalWriter.append(file, JournalLock.acquire(file), summary, summary.validLength(),
                () -> HEADER.session())) {
            journal.accept(fullRecord().toBuilder().verificationId("second").build());
        }
        assertEquals(2, read(file, new ArrayList<>()).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'{\"outcome\": 3}' | field 'outcome' must be a string, got 3",
            "'not json' | not valid JSON",
            "'[1]' | expected a JSON object, got an array",
            "'{\"outcome\": \"nope\"}' | field 'outcome': unknown outcome code 'nope'",
            "'{\"outcome\": \"verified\", \"outcome\": \"verified\"}' | not valid JSON: Duplicate field 'outcome'",
            "'{\"metadata\": {\"a\": 1, \"a\": 2}}' | not valid JSON: Duplicate field 'a'",
            "'{\"tier\": \"FAST\"} {\"tier\": \"FAST\"}' | more than one JSON value on one line",
            "'{\"noisecal_journal\": 1}' | a journal header can only be the first line",
    })
    void malformedLinesAreRejectedNamingFileAndLineOnce(String line, String problem) throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "\n" + validLine() + "\n" + line + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, new ArrayList<>()));
        assertTrue(e.getMessage().startsWith(file + " line 3: "), e.getMessage());
        assertEquals(1, java.util.regex.Pattern.compile("line \\d").matcher(e.getMessage()).results().count(),
                "the line is named once: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shard | field 'shard' is missing",
            "plan_id | field 'plan_id' is missing",
            "plan | field 'plan' is missing",
    })
    void aHeaderWithoutARequiredFieldIsRejectedNamingFileAndLineOnce(String field, String problem) throws Exception {
        Path file = dir.resolve("header.jsonl");
        try (JournalWriter journal = JournalWriter.create(file, () -> HEADER, false)) {
            journal.accept(fullRecord());
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        com.fasterxml.jackson.databind.node.ObjectNode header =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(lines.get(0));
        header.remove(field);
        lines.set(0, header.toString());
        Files.write(file, lines);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(file, new ArrayList<>()));
        assertEquals(file + " line 1: " + problem, e.getMessage());
    }

    private static String validLine() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (var out = TelemetryJson.MAPPER.getFactory().createGenerator(text)) {
            TelemetryJson.write(out, fullRecord());
        }
        return text.toString();
    }

    @Test
    void contradictionsAndMissingFieldsAreNamed() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Path file = dir.resolve("x.jsonl");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = mapper.readValue(validLine(), Map.class);
        json.put("success", true);
        Files.writeString(file, mapper.writeValueAsString(json));
        assertEquals(file + " line 1: field 'success': true contradicts outcome proof_invalid",
                assertThrows(InvalidInputException.class, () -> read(file, new ArrayList<>())).getMessage());
        json.put("success", false);
        json.remove("duration_ms");
        Files.writeString(file, mapper.writeValueAsString(json));
        assertEquals(file + " line 1: field 'duration_ms' is missing",
                assertThrows(InvalidInputException.class, () -> read(file, new ArrayList<>())).getMessage());
        json.put("duration_ms", -1);
        Files.writeString(file, mapper.writeValueAsString(json));
        assertEquals(file + " line 1: durationMs must be finite and non-negative, got -1.0",
                assertThrows(InvalidInputException.class, () -> read(file, new ArrayList<>())).getMessage());
    }

    @Test
    void theOriginsPythonRecordsAreRead() throws Exception {
        // As the origin's LeanVerificationTelemetry.to_dict() writes them: epoch seconds or str(datetime),
        // lower-case tiers, optional fields null or absent, and fields noisecal does not know.
        Path file = dir.resolve("python.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"verification_id\": \"mock_FAST_0\", \"timestamp\": 1234567890.25, \"module_name\": \"Module0\","
                        + " \"context\": \"calibration_FAST\", \"tier\": \"fast\", \"timeout_s\": 60.0,"
                        + " \"outcome\": \"verifier_timeout\", \"success\": false, \"duration_ms\": 60000.0,"
                        + " \"lean_version\": null, \"cpu_time_ms\": null, \"stderr\": null, \"worker\": 3}",
                "{\"verification_id\": \"mock_FAST_1\", \"timestamp\": \"2026-11-27 21:00:00.123456\","
                        + " \"module_name\": \"Module1\", \"tier\": \"fast\", \"timeout_s\": 60.0,"
                        + " \"outcome\": \"verified\", \"duration_ms\": 1500.5, \"host\": \"a\", \"worker\": 1}",
                "{\"verification_id\": \"mock_FAST_2\", \"timestamp\": \"2026-11-27 21:00:00+01:00\","
                        + " \"module_name\": \"Module2\", \"tier\": \"fast\", \"timeout_s\": 60.0,"
                        + " \"outcome\": \"proof_invalid\", \"duration_ms\": 2000}"));
        List<String> warnings = new ArrayList<>();
        List<VerificationTelemetry> records = read(file, warnings);
        assertEquals(3, records.size());
        VerificationTelemetry first = records.get(0);
        assertEquals(Instant.ofEpochSecond(1234567890, 250_000_000), first.timestamp());
        assertEquals("FAST", first.tier());
        assertEquals(TelemetryJson.UNKNOWN_VERSION, first.leanVersion());
        assertEquals("", first.stderr());
        assertNull(first.cpuTimeMs());
        assertNull(first.planId());
        assertEquals(Instant.parse("2026-11-27T21:00:00.123456Z"), records.get(1).timestamp(), "naive: UTC");
        assertEquals("", records.get(1).context());
        assertFalse(records.get(1).noiseInjected());
        assertEquals(Instant.parse("2026-11-27T20:00:00Z"), records.get(2).timestamp());
        assertEquals(List.of(file + " line 1: fields that are not telemetry fields are ignored: 'host', 'worker'"
                + " (each reported once)"), warnings, "one warning for the whole file");
    }

    @Test
    void compressedJournalsAreReadAndACutOffStreamKeepsItsRecords() throws Exception {
        Path plain = dir.resolve("raw.jsonl");
        try (JournalWriter journal = JournalWriter.create(plain, () -> HEADER, false)) {
            for (int i = 0; i < 200; i++) {
                journal.accept(fullRecord().toBuilder().verificationId("r" + i).build());
            }
        }
        Path gz = dir.resolve("raw.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(plain, out);
        }
        JournalReader.Summary summary = JournalReader.read(gz, (r, line, offset) -> { }, w -> { });
        assertTrue(summary.compressed());
        assertEquals(200, summary.records());
        assertEquals(HEADER, summary.header());
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        List<String> warnings = new ArrayList<>();
        List<VerificationTelemetry> kept = read(cut, warnings);
        assertTrue(kept.size() > 0 && kept.size() < 200, "records before the cut: " + kept.size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("the compressed stream ends early")), warnings.toString());
    }

    @Test
    void aMissingOrSpecialFileIsNamed() throws Exception {
        Path missing = dir.resolve("none.jsonl");
        assertEquals("raw telemetry " + missing + ": no such file",
                assertThrows(InvalidInputException.class, () -> read(missing, new ArrayList<>())).getMessage());
        assertEquals("raw telemetry " + dir + ": not a regular file",
                assertThrows(InvalidInputException.class, () -> read(dir, new ArrayList<>())).getMessage());
    }

    @Test
    void aFullDiskCutsTheJournalBackToItsLastCompleteLine() throws Exception {
        TmpfsSupport.assumeMountable();
        Path mount = Files.createDirectories(dir.resolve("small"));
        try (TmpfsSupport.Mount small = TmpfsSupport.mount(mount, "64k")) {
            Path file = mount.resolve("raw.jsonl");
            JournalWriter journal = JournalWriter.create(file, () -> HEADER, false);
            JournalWriteException failure = null;
            int written = 0;
            for (int i = 0; i < 10_000 && failure == null; i++) {
                try {
                    journal.acceptRuns(List.of(fullRecord().toBuilder().verificationId("r" + i).build(),
                            fullRecord().toBuilder().verificationId("s" + i).build()));
                    written += 2;
                } catch (JournalWriteException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null && failure.getMessage().contains("No space left on device"),
                    String.valueOf(failure));
            assertEquals(written, failure.recordsWritten());
            int before = written;
            assertThrows(JournalWriteException.class, () -> journal.accept(fullRecord()), "later writes fail too");
            journal.close();
            List<String> warnings = new ArrayList<>();
            assertEquals(before, read(file, warnings).size(), "every record written before, and nothing torn");
            assertEquals(List.of(), warnings);
        }
    }
}
