package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real CLI processes killed and signalled part-way: whatever happens, the journal keeps every finished sample,
 * resuming runs only the rest, and the model equals the uninterrupted run's (but for the process facts: creation
 * time, machine, workers, load).
 */
class InterruptedCalibrationTest {
    /** 3 x 150 samples of 3 ms each on 2 workers: long enough to be hit mid-run, short enough for a test. */
    private static final List<String> PLAN = List.of("calibrate", "--n", "150", "--seed", "5", "--workers", "2",
            "--bootstrap", "0", "--backend-option", "delay_ms=3");
    private static final int RECORDS = 450;

    @TempDir
    static Path shared;
    static Path uninterrupted;

    @TempDir
    Path dir;

    @BeforeAll
    static void runOnceWithoutInterruption() {
        uninterrupted = shared.resolve("uninterrupted.yaml");
        CliRunner r = CliRunner.run(args(PLAN, "--raw", shared.resolve("whole.jsonl").toString(), "--export",
                uninterrupted.toString()));
        assertEquals(0, r.exitCode(), r.err());
    }

    static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static List<String> list(List<String> base, String... more) {
        return List.of(args(base, more));
    }

    private static List<VerificationTelemetry> records(Path journal) {
        List<VerificationTelemetry> records = new ArrayList<>();
        JournalReader.read(journal, (record, line, offset) -> records.add(record), w -> { });
        return records;
    }

    private static void assertEveryPlannedSampleOnce(Path journal) {
        List<VerificationTelemetry> records = records(journal);
        assertEquals(RECORDS, records.size());
        assertEquals(RECORDS, records.stream().map(VerificationTelemetry::verificationId).distinct().count());
    }

    @Test
    void killedTwiceWithSigkillThenResumedGivesTheUninterruptedModel() throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        Path model = dir.resolve("model.yaml");
        List<String> first = list(PLAN, "--raw", raw.toString(), "--export", model.toString());
        List<String> resume = list(first, "--resume");
        CliProcess one = CliProcess.start(dir, "one", first);
        assertTrue(one.awaitLines(raw, 60, 60_000), "the first run records samples: " + one.err());
        one.kill();
        long afterFirst = records(raw).size();
        CliProcess two = CliProcess.start(dir, "two", resume);
        assertTrue(two.awaitLines(raw, afterFirst + 120, 60_000), "the resumed run records more: " + two.err());
        two.kill();
        long afterSecond = records(raw).size();
        assertTrue(afterFirst >= 59 && afterFirst < RECORDS && afterSecond > afterFirst && afterSecond < RECORDS,
                "both kills landed mid-run: " + afterFirst + ", " + afterSecond);
        CliProcess three = CliProcess.start(dir, "three", resume);
        assertEquals(0, three.waitFor(120), three.err());
        assertTrue(three.err().contains("noisecal: resuming " + raw + ": "), three.err());
        assertEveryPlannedSampleOnce(raw);
        assertEquals(ModelFiles.comparable(uninterrupted), ModelFiles.comparable(model));
    }

    /** Sent twice in a row, a signal is one stop delivered twice (timeout(1) signals the process, then its group). */
    @ParameterizedTest(name = "SIG{0} sent {3} time(s) exits {1}")
    @CsvSource({"TERM, 143, 15, 1", "INT, 130, 2, 1", "HUP, 129, 1, 1", "TERM, 143, 15, 2", "INT, 130, 2, 2"})
    void aSignalStopsCleanlyNamingTheSamplesRecordedAndTheCommandToResume(String signal, int code, int number,
            int times) throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        Path model = dir.resolve("model.yaml");
        List<String> command = list(PLAN, "--raw", raw.toString(), "--export", model.toString());
        CliProcess run = CliProcess.start(dir, "run", command);
        assertTrue(run.awaitLines(raw, 40, 60_000), run.err());
        Assumptions.assumeFalse(run.ignores(number), "this test runs with SIG" + signal + " ignored (nohup?), so"
                + " the CLI keeps ignoring it, as it should");
        run.signalTimes(signal, times);
        assertEquals(code, run.waitFor(60), run.err());
        String[] lines = run.err().strip().split("\n");
        String last = lines[lines.length - 1];
        long recorded = records(raw).size();
        String expected = "noisecal: interrupted (SIG" + signal + "): " + recorded + " of " + RECORDS + " samples are"
                + " recorded in " + raw + "; resume with: noisecal " + String.join(" ", command) + " --resume";
        assertEquals(expected, last, "one line: what is kept and the exact command to resume");
        assertTrue(recorded > 0 && recorded < RECORDS, "stopped mid-run: " + recorded);
        assertTrue(!Files.exists(model), "no model from an interrupted run");
        CliRunner resumed = CliRunner.run(args(command, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEveryPlannedSampleOnce(raw);
        assertEquals(ModelFiles.comparable(uninterrupted), ModelFiles.comparable(model));
    }

    @Test
    void aFullDiskStopsTheRunKeepingWhatWasWrittenAndTheCopyResumesElsewhere() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a full disk is a size-limited tmpfs, which only root can mount");
        Path small = Files.createDirectories(dir.resolve("small"));
        int mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", small.toString())
                .inheritIO().start().waitFor();
        Assumptions.assumeTrue(mounted == 0, "mount -t tmpfs failed (exit " + mounted + "): this container does not"
                + " let root mount");
        try {
            Path raw = small.resolve("raw.jsonl");
            Path model = dir.resolve("model.yaml");
            List<String> command = list(PLAN, "--raw", raw.toString(), "--export", model.toString());
            CliRunner full = CliRunner.run(command.toArray(String[]::new));
            assertEquals(1, full.exitCode(), full.err());
            String[] lines = full.err().strip().split("\n");
            long recorded = records(raw).size();
            assertTrue(lines[lines.length - 2].startsWith("noisecal: failed: journal ") && lines[lines.length - 2]
                    .contains("No space left on device"), full.err());
            assertEquals("noisecal: " + recorded + " of " + RECORDS + " samples are recorded in " + raw
                    + "; once fixed, resume with: noisecal " + String.join(" ", command) + " --resume",
                    lines[lines.length - 1]);
            assertTrue(recorded > 20 && recorded < RECORDS, "what fit is kept: " + recorded);
            List<String> warnings = new ArrayList<>();
            JournalReader.read(raw, (r, line, offset) -> { }, warnings::add);
            assertEquals(List.of(), warnings, "complete lines only: the torn write was cut off");
            Path moved = Files.copy(raw, dir.resolve("raw.jsonl"));
            CliRunner resumed = CliRunner.run(args(PLAN, "--raw", moved.toString(), "--export", model.toString(),
                    "--resume"));
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertEveryPlannedSampleOnce(moved);
            assertEquals(ModelFiles.comparable(uninterrupted), ModelFiles.comparable(model));
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aJournalBeingWrittenCannotBeResumedByASecondProcess() throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        List<String> command = list(PLAN, "--raw", raw.toString());
        CliProcess first = CliProcess.start(dir, "first", command);
        try {
            assertTrue(first.awaitLines(raw, 20, 60_000), first.err());
            byte[] before = Files.readAllBytes(raw);
            CliRunner second = CliRunner.run(args(command, "--resume"));
            assertEquals(2, second.exitCode(), second.err());
            assertEquals("noisecal: error: --raw " + raw + " is being written by another noisecal process: let it"
                    + " finish or stop it first (two writers would record samples twice)", second.err().strip());
            assertTrue(Files.size(raw) >= before.length, "the second process wrote nothing and cut nothing");
        } finally {
            first.kill();
        }
    }

    @Test
    void aSecondSignalEndsTheProcessAtOnce() {
        io.github.noisecal.calibration.run.StopRequest stop = new io.github.noisecal.calibration.run.StopRequest();
        List<Integer> halted = new ArrayList<>();
        long[] now = {0};
        try (SignalStop signals = SignalStop.install(stop, halted::add, () -> now[0])) {
            signals.onSignal("INT", 2);
            assertTrue(stop.isRequested());
            assertEquals("SIGINT", stop.reason());
            assertEquals(List.of(), halted, "the first signal stops cleanly");
            now[0] += SignalStop.REPEAT_WINDOW_NANOS + 1;
            signals.onSignal("INT", 2);
            assertEquals(List.of(130), halted, "the second ends the process");
            assertEquals(130, signals.exitCode());
        }
    }

    @Test
    void theSameSignalDeliveredTwiceAtOnceIsOneStopButAnotherSignalEndsTheProcess() {
        io.github.noisecal.calibration.run.StopRequest stop = new io.github.noisecal.calibration.run.StopRequest();
        List<Integer> halted = new ArrayList<>();
        long[] now = {1_000};
        try (SignalStop signals = SignalStop.install(stop, halted::add, () -> now[0])) {
            signals.onSignal("TERM", 15);
            now[0] += SignalStop.REPEAT_WINDOW_NANOS;
            signals.onSignal("TERM", 15);
            assertEquals(List.of(), halted, "the same stop delivered to the process and to its group");
            signals.onSignal("INT", 2);
            assertEquals(List.of(130), halted, "a different signal is a second request");
            assertEquals(143, signals.exitCode(), "the first signal gives the exit code");
        }
    }
}
