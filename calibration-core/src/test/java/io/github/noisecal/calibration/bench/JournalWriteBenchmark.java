package io.github.noisecal.calibration.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.noisecal.calibration.journal.JournalHeader;
import io.github.noisecal.calibration.journal.JournalSession;
import io.github.noisecal.calibration.journal.JournalWriter;
import io.github.noisecal.calibration.journal.TelemetryJson;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Journal writing to a real file, records per second: {@link #journal()} is {@link JournalWriter} fed one record
 * per call, as a slow verifier feeds it (one write per record, forced to disk every second and at the end);
 * {@link #journalBatched()} the same fed 256 runs per call, as the engine does for a fast backend;
 * {@link #bufferedJsonLines()} the JSON Lines writer the journal replaced (64 KiB buffered, nothing written before
 * the buffer fills, no fsync), kept here as the baseline, and {@link #bufferedJsonLinesSynced()} the same with one
 * fsync at the end; {@link #appendAndForce()} one append and fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalWriteBenchmark {
    private static final int RECORDS = 100_000;
    private VerificationTelemetry[] records;
    private Path directory;
    private JournalHeader header;
    private int invocation;
    private byte[] line;

    @Setup(Level.Trial)
    public void makeRecords() throws IOException {
        directory = Files.createTempDirectory("journal-bench");
        records = new VerificationTelemetry[RECORDS];
        Outcome[] outcomes = {Outcome.VERIFIED, Outcome.VERIFIER_TIMEOUT, Outcome.PROOF_INVALID};
        for (int i = 0; i < RECORDS; i++) {
            records[i] = VerificationTelemetry.builder()
                    .verificationId("5f3a9c1e0b2d4f6a-FAST-" + i + "-0").timestamp(Instant.now())
                    .moduleName("Placeholder.Module042").context("calibration_FAST").tier("FAST").timeoutS(30)
                    .leanVersion("noisecal-mock 0.1.0").outcome(outcomes[i % 3]).durationMs(1000 + i % 29000)
                    .noiseInjected(true).noiseType("mock_profile").noiseSeed((long) i * 7919)
                    .planId("5f3a9c1e0b2d4f6a").sampleIndex((long) i).repeat(0).build();
        }
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        try (JsonGenerator out = new ObjectMapper().getFactory().createGenerator(one)) {
            TelemetryJson.write(out, records[0]);
        }
        one.write('\n');
        line = one.toByteArray();
        SamplingPlan plan = new SamplingPlan(List.of(Tier.FAST), RECORDS, 1, List.of("Placeholder.Module042"));
        header = new JournalHeader(plan, Shard.WHOLE, new JournalHeader.Estimation(0.95,
            io.github.noisecal.calibration.stats.IntervalMethod.WILSON, 200), new JournalSession(new RunSession(Instant.now(), "bench",
                "noisecal-mock 0.1.0", 1, 2, 0.0, null), List.of()));
    }

    @TearDown(Level.Iteration)
    public void removeFiles() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) Files.delete(p);
        }
    }

    @TearDown(Level.Trial)
    public void removeDirectory() throws IOException {
        removeFiles();
        Files.delete(directory);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void journal() {
        try (JournalWriter journal = JournalWriter.create(directory.resolve("journal-" + invocation++ + ".jsonl"),
                () -> header, false)) {
            for (VerificationTelemetry record : records) {
                journal.accept(record);
            }
            journal.complete();
        }
    }

    /** The journal as the engine feeds it from a fast backend such as the mock: 256 runs per write. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void journalBatched() {
        try (JournalWriter journal = JournalWriter.create(directory.resolve("batched-" + invocation++ + ".jsonl"),
                () -> header, false)) {
            List<VerificationTelemetry> all = List.of(records);
            for (int from = 0; from < RECORDS; from += 256) {
                journal.acceptRuns(all.subList(from, Math.min(RECORDS, from + 256)));
            }
            journal.complete();
        }
    }

    /**
     * What the background syncer pays once a second: appending one record and forcing the file to disk (the
     * fsync's latency, in seconds per operation when run with {@code -bm avgt}).
     */
    @Benchmark
    public void appendAndForce() throws IOException {
        Path file = directory.resolve("forced.jsonl");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(line));
            channel.force(false);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void bufferedJsonLines() throws IOException {
        writeBuffered(false);
    }

    /** The replaced writer with one fsync at the end: the data's way to the disk, which the journal pays too. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void bufferedJsonLinesSynced() throws IOException {
        writeBuffered(true);
    }

    private void writeBuffered(boolean sync) throws IOException {
        Path file = directory.resolve("buffered-" + invocation++ + ".jsonl");
        ObjectMapper mapper = new ObjectMapper();
        java.io.FileOutputStream fileStream = new java.io.FileOutputStream(file.toFile());
        try (OutputStream stream = new BufferedOutputStream(fileStream, 1 << 16);
             JsonGenerator out = mapper.getFactory().createGenerator(stream)) {
            out.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            for (VerificationTelemetry record : records) {
                TelemetryJson.write(out, record);
            }
            out.writeRaw('\n');
            out.flush();
            if (sync) {
                fileStream.getFD().sync();
            }
        }
    }
}
