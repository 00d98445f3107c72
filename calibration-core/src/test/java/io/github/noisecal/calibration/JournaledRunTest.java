package io.github.noisecal.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.journal.JournalMismatchException;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TelemetryRefit;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.CalibrationInterruptedException;
import io.github.noisecal.calibration.run.PlanExecutor;
import io.github.noisecal.calibration.run.RetryPolicy;
import io.github.noisecal.calibration.run.StopRequest;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Journals that survive: resumed after a crash, stopped on request or error, split into shards and merged. */
class JournaledRunTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final EnvironmentFingerprint MACHINE = new EnvironmentFingerprint("Linux", "CPU", 2, 1L << 30, "17");
    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4));

    @TempDir
    Path dir;

    private static Calibration.Builder calibration(ScriptedBackend backend) {
        return Calibration.builder().backend(backend).samplesPerTier(60).repeats(2).seed(9).clock(FIXED)
                .bootstrapReplicates(10).environment(() -> MACHINE).workers(2).retries(QUICK_RETRIES);
    }

    private static List<VerificationTelemetry> records(Path journal) {
        List<VerificationTelemetry> records = new ArrayList<>();
        JournalReader.read(journal, (record, line, offset) -> records.add(record), w -> { });
        return records;
    }

    /** The journal as a crash would leave it: the header, the first {@code keep} records, and a torn line. */
    private static Path crashed(Path complete, Path copy, int keep) throws Exception {
        List<String> lines = Files.readAllLines(complete);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= keep; i++) {
            text.append(lines.get(i)).append('\n');
        }
        text.append(lines.get(Math.min(keep + 1, lines.size() - 1)), 0, 25);
        Files.writeString(copy, text.toString(), StandardCharsets.UTF_8);
        return copy;
    }

    @ParameterizedTest(name = "{0} tier runs, crashed after {1} records")
    @CsvSource({"independent, 0", "independent, 1", "independent, 97", "independent, 179",
            "shared, 1", "shared, 2", "shared, 99", "shared, 179"})
    void aResumedJournalGivesTheUninterruptedModelAndNoSampleTwice(String tierRuns, int keep) throws Exception {
        Path whole = dir.resolve("whole.jsonl");
        CalibrationModel uninterrupted = calibration(ScriptedBackend.bySeed()).tierRuns(TierRuns.fromId(tierRuns))
                .journal(whole, JournalMode.NEW).run();
        Path journal = crashed(whole, dir.resolve("crashed.jsonl"), keep);
        List<String> warnings = new ArrayList<>();
        ScriptedBackend backend = ScriptedBackend.bySeed();
        CalibrationModel resumed = calibration(backend).tierRuns(TierRuns.fromId(tierRuns))
                .journal(journal, JournalMode.RESUME).warnings(warnings::add).run();
        assertEquals(uninterrupted.tiers(), resumed.tiers());
        assertEquals(uninterrupted.tierComparisons(), resumed.tierComparisons());
        List<VerificationTelemetry> all = records(journal);
        assertEquals(180, all.size(), "every sample once");
        assertEquals(180, all.stream().map(VerificationTelemetry::verificationId).distinct().count());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("the last line is incomplete")), warnings.toString());
        if (tierRuns.equals("shared") && keep % 3 != 0) {
            assertTrue(warnings.stream().anyMatch(w -> w.contains("the last run's records were cut off")),
                    "a group cut in the middle is dropped and run again: " + warnings);
        }
        assertTrue(backend.seenIds.size() <= 180 - keep + 2, "recorded samples are not run again");
    }

    @Test
    void aStopRequestEndsTheRunKeepingTheJournalAndResumeFinishesIt() throws Exception {
        Path journal = dir.resolve("raw.jsonl");
        StopRequest stop = new StopRequest();
        AtomicLong calls = new AtomicLong();
        ScriptedBackend stopping = new ScriptedBackend(request -> {
            if (calls.incrementAndGet() == 100) {
                stop.request("SIGTERM");
            }
            return ScriptedBackend.outcomeBySeed(request);
        });
        CalibrationInterruptedException e = assertThrows(CalibrationInterruptedException.class,
                () -> calibration(stopping).stopRequest(stop).journal(journal, JournalMode.NEW).run());
        assertEquals("SIGTERM", e.reason());
        int kept = records(journal).size();
        assertTrue(kept >= 90 && kept < 100, "the runs before the stop are kept, none after: " + kept);
        assertTrue(calls.get() <= 101, "no run starts after the stop: " + calls.get());
        CalibrationModel resumed = calibration(ScriptedBackend.bySeed()).journal(journal, JournalMode.RESUME).run();
        assertEquals(calibration(ScriptedBackend.bySeed()).run().tiers(), resumed.tiers());
    }

    @Test
    void transientHarnessErrorsAreRetriedCountedAndRecorded() {
        Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ScriptedBackend flaky = new ScriptedBackend(request -> {
            if (request.sampleIndex() % 7 == 0 && failedOnce.add(request.verificationId())) {
                throw new VerifierHarnessException("fork: Resource temporarily unavailable");
            }
            return ScriptedBackend.outcomeBySeed(request);
        });
        List<VerificationTelemetry> records = new ArrayList<>();
        CalibrationModel model = calibration(flaky).sink(collecting(records)).run();
        assertEquals(calibration(ScriptedBackend.bySeed()).run().tiers(), model.tiers(), "retried runs count once");
        assertEquals(failedOnce.size(), model.metadata().provenance().harnessRetries());
        assertTrue(failedOnce.size() > 10, "retries happened: " + failedOnce.size());
        long marked = records.stream().filter(r -> Integer.valueOf(1).equals(r.metadata()
                .get(PlanExecutor.HARNESS_RETRIES))).count();
        assertEquals(failedOnce.size(), marked, "each retried run's record says so");
    }

    @Test
    void aTransientErrorThatPersistsStopsTheRunAfterItsRetriesKeepingTheJournal() {
        Path journal = dir.resolve("raw.jsonl");
        ScriptedBackend broken = new ScriptedBackend(request -> {
            if (request.sampleIndex() == 5) {
                throw new VerifierHarnessException("launcher killed from outside");
            }
            return Outcome.VERIFIED;
        });
        VerifierHarnessException e = assertThrows(VerifierHarnessException.class,
                () -> calibration(broken).workers(1).journal(journal, JournalMode.NEW).run());
        assertTrue(e.getMessage().matches("sample [0-9a-f]+-\\w+-5-0 \\(module .*\\) failed after 3 retries:"
                + " launcher killed from outside"), e.getMessage());
        assertTrue(e.isRetryable());
        assertEquals(5 * 3, records(journal).size(), "the five draws before it, in every tier");
    }

    @Test
    void aSinkThatCannotWriteStopsTheRunCleanly() {
        AtomicLong calls = new AtomicLong();
        // Slower than 20 us a run, as a real verifier is, so runs are claimed and journaled one at a time.
        ScriptedBackend counting = new ScriptedBackend(request -> {
            calls.incrementAndGet();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            return Outcome.VERIFIED;
        });
        List<VerificationTelemetry> kept = new ArrayList<>();
        TelemetrySink fullDisk = new TelemetrySink() {
            @Override
            public synchronized void accept(VerificationTelemetry telemetry) {
                if (kept.size() == 50) {
                    throw new UncheckedIOException(new java.io.IOException("No space left on device"));
                }
                kept.add(telemetry);
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> calibration(counting).sink(fullDisk).run());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(50, kept.size());
        assertTrue(calls.get() <= 53, "no run starts once nothing can be recorded: " + calls.get());
    }

    @Test
    void aJournalOfAnotherCalibrationIsRefusedNamingTheDifference() {
        Path journal = dir.resolve("raw.jsonl");
        calibration(ScriptedBackend.bySeed()).journal(journal, JournalMode.NEW).run();
        byte[] before = readBytes(journal);
        JournalMismatchException seed = assertThrows(JournalMismatchException.class,
                () -> calibration(ScriptedBackend.bySeed()).seed(10).journal(journal, JournalMode.RESUME).prepare());
        assertEquals("seed", seed.planDifferences().get(0).key());
        assertTrue(seed.getMessage().contains("its plan has seed 9 where this one has 10"), seed.getMessage());
        JournalMismatchException shard = assertThrows(JournalMismatchException.class,
                () -> calibration(ScriptedBackend.bySeed()).shard(new Shard(1, 2)).journal(journal,
                        JournalMode.RESUME).prepare());
        assertEquals("0/1 vs 1/2", shard.shardDifference());
        JournalMismatchException level = assertThrows(JournalMismatchException.class,
                () -> calibration(ScriptedBackend.bySeed()).confidenceLevel(0.9).journal(journal, JournalMode.RESUME)
                        .prepare());
        assertTrue(level.getMessage().endsWith("it is refitted with confidence_level 0.95 where this one has 0.9"),
                level.getMessage());
        ScriptedBackend upgraded = new ScriptedBackend(ScriptedBackend::outcomeBySeed) {
            @Override
            public String verifierVersion() {
                return "scripted 2";
            }
        };
        JournalMismatchException version = assertThrows(JournalMismatchException.class,
                () -> calibration(upgraded).journal(journal, JournalMode.RESUME).prepare());
        assertEquals("scripted 1 vs scripted 2", version.verifierDifference());
        InvalidInputException exists = assertThrows(InvalidInputException.class,
                () -> calibration(ScriptedBackend.bySeed()).journal(journal, JournalMode.NEW).prepare());
        assertTrue(exists.getMessage().contains("exists already"), exists.getMessage());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(readBytes(journal)),
                "nothing was written");
    }

    @Test
    void resumingAMissingOrEmptyJournalStartsIt() throws Exception {
        CalibrationModel expected = calibration(ScriptedBackend.bySeed()).run();
        Path missing = dir.resolve("new/raw.jsonl");
        List<String> warnings = new ArrayList<>();
        assertEquals(expected.tiers(), calibration(ScriptedBackend.bySeed()).journal(missing, JournalMode.RESUME)
                .warnings(warnings::add).run().tiers());
        assertTrue(warnings.get(0).contains("does not exist yet"), warnings.toString());
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertEquals(expected.tiers(), calibration(ScriptedBackend.bySeed()).journal(empty, JournalMode.RESUME)
                .run().tiers());
        assertEquals(180, records(empty).size());
        Path tornHeader = Files.writeString(dir.resolve("torn.jsonl"), "{\"noisecal_journal\": 1, \"plan");
        assertEquals(expected.tiers(), calibration(ScriptedBackend.bySeed()).journal(tornHeader, JournalMode.RESUME)
                .run().tiers());
        assertEquals(180, records(tornHeader).size());
    }

    @Test
    void aJournalMustBeARegularFile() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> calibration(ScriptedBackend.bySeed()).journal(dir, JournalMode.RESUME).prepare());
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} shards, {1} tier runs")
    @CsvSource({"1, independent", "3, independent", "4, shared", "7, shared", "40, independent"})
    void shardsSplitThePlanAndMergeIntoTheOneProcessModel(int count, String tierRuns) {
        TierRuns runs = TierRuns.fromId(tierRuns);
        CalibrationModel whole = calibration(ScriptedBackend.bySeed()).tierRuns(runs).run();
        List<Path> journals = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Path journal = dir.resolve("shard-" + i + ".jsonl");
            Calibration.Builder builder = calibration(ScriptedBackend.bySeed()).tierRuns(runs)
                    .shard(new Shard(i, count)).journal(journal, JournalMode.NEW);
            try (Calibration.Run run = builder.prepare()) {
                run.record();
                assertEquals(run.plannedSamples(), run.samplesRecorded());
            }
            List<VerificationTelemetry> records = records(journal);
            long draws = records.stream().map(VerificationTelemetry::sampleIndex).distinct().count();
            assertTrue(draws == 30 / count || draws == 30 / count + 1, "balanced: " + draws + " draws");
            for (VerificationTelemetry r : records) {
                assertEquals(i, r.sampleIndex() % count, "draw d belongs to shard d mod N");
                assertTrue(ids.add(r.verificationId()), "no sample in two shards");
            }
            if (!records.isEmpty()) {
                assertEquals(Set.of("FAST", "BALANCED", "SLOW"), records.stream().map(VerificationTelemetry::tier)
                        .collect(java.util.stream.Collectors.toSet()), "every tier in every shard");
            }
            journals.add(journal);
        }
        assertEquals(180, ids.size(), "the shards together are the plan");
        java.util.Collections.reverse(journals);
        CalibrationModel merged = TelemetryRefit.merge(journals, TelemetryRefit.Options.strict(0.95,
                IntervalMethod.WILSON, 10, FIXED));
        assertEquals(whole.tiers(), merged.tiers(), "the same model as one process, whatever the file order");
        assertEquals(whole.tierComparisons(), merged.tierComparisons());
        assertEquals(count, merged.metadata().provenance().shards().size());
        assertEquals(MACHINE, merged.metadata().provenance().shards().get(0).sessions().get(0).environment());
    }

    @Test
    void aMergeNamesMissingShardsAndSamplesAndRecordsWhatItWasAllowed() throws Exception {
        List<Path> journals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path journal = dir.resolve("shard-" + i + ".jsonl");
            try (Calibration.Run run = calibration(ScriptedBackend.bySeed()).shard(new Shard(i, 4))
                    .journal(journal, JournalMode.NEW).prepare()) {
                run.record();
            }
            journals.add(journal);
        }
        // Shard 1 lost its last 6 records (2 runs); shard 3 never ran.
        Path shortened = journals.get(1);
        List<String> lines = Files.readAllLines(shortened);
        Files.write(shortened, lines.subList(0, lines.size() - 6));
        TelemetryRefit.Options strict = TelemetryRefit.Options.strict(0.95, IntervalMethod.WILSON, 0, FIXED);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(journals, strict));
        String message = e.getMessage();
        assertTrue(message.contains("is incomplete: 48 of 180 samples are missing"), message);
        assertTrue(message.contains("shard 3/4 (no journal of it among the inputs)"), message);
        assertTrue(message.contains("shard 1/4 (" + shortened + ") has 42 of its 48 samples"), message);
        assertTrue(message.contains("missing: "), message);
        assertTrue(message.endsWith("or pass --allow-incomplete to fit what is there (recorded in the model)"),
                message);
        List<String> warnings = new ArrayList<>();
        CalibrationModel partial = TelemetryRefit.merge(journals, strict.allowingIncomplete(true)
                .withWarnings(warnings::add));
        assertTrue(partial.metadata().provenance().allowIncomplete());
        assertEquals(48, partial.metadata().provenance().missingSamples());
        long fastRemoved = lines.subList(lines.size() - 6, lines.size()).stream()
                .filter(l -> l.contains("\"tier\":\"FAST\"")).count();
        assertEquals(60 - 14 - fastRemoved, partial.tier("FAST").nSamples(), "what was recorded, no more");
        assertTrue(warnings.get(0).contains("48 of 180 samples are missing"), warnings.toString());
    }

    @Test
    void aMergeRefusesTheSameSampleTwiceAndForeignTelemetryWithAJournal() throws Exception {
        Path journal = dir.resolve("shard-0.jsonl");
        try (Calibration.Run run = calibration(ScriptedBackend.bySeed()).shard(new Shard(0, 2))
                .journal(journal, JournalMode.NEW).prepare()) {
            run.record();
        }
        Path copy = Files.copy(journal, dir.resolve("copy-of-shard-0.jsonl"));
        TelemetryRefit.Options strict = TelemetryRefit.Options.strict(0.95, IntervalMethod.WILSON, 0, FIXED);
        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(List.of(journal, copy), strict.allowingIncomplete(true)));
        assertTrue(twice.getMessage().matches(".*copy-of-shard-0\\.jsonl line 2: sample .* is recorded twice \\(also in"
                + " .*shard-0\\.jsonl\\)"), twice.getMessage());
        Path foreign = Files.writeString(dir.resolve("python.jsonl"), "{\"verification_id\": \"mock_FAST_0\","
                + " \"timestamp\": 1234567890.0, \"module_name\": \"Module0\", \"tier\": \"fast\", \"timeout_s\": 30.0,"
                + " \"outcome\": \"verified\", \"success\": true, \"duration_ms\": 1500.0}\n");
        InvalidInputException mixed = assertThrows(InvalidInputException.class,
                () -> TelemetryRefit.merge(List.of(journal, foreign), strict.allowingIncomplete(true)));
        assertTrue(mixed.getMessage().contains("journals together with telemetry from outside any plan ("
                + foreign + ")"), mixed.getMessage());
        assertTrue(mixed.getMessage().contains("verifier versions scripted 1, unknown"), mixed.getMessage());
        CalibrationModel pooled = TelemetryRefit.merge(List.of(journal, foreign), strict.allowingMixed(true));
        assertTrue(pooled.metadata().provenance().allowMixed());
        assertEquals(31, pooled.tier("FAST").nSamples());
        CalibrationModel alone = TelemetryRefit.merge(List.of(foreign), strict);
        assertEquals(1, alone.tier("FAST").nSamples(), "foreign telemetry alone is fitted as it is");
    }

    private static TelemetrySink collecting(List<VerificationTelemetry> records) {
        return new TelemetrySink() {
            @Override
            public synchronized void accept(VerificationTelemetry telemetry) {
                records.add(telemetry);
            }
        };
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
