package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.journal.JsonLinesTelemetrySink;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

/** JSON Lines writing throughput to a real file, rename included: records per second. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonLinesWriteBenchmark {
    private static final int RECORDS = 100_000;
    private VerificationTelemetry[] records;
    private Path directory;

    @Setup(Level.Trial)
    public void makeRecords() throws IOException {
        directory = Files.createTempDirectory("jsonl-bench");
        records = new VerificationTelemetry[RECORDS];
        Outcome[] outcomes = {Outcome.VERIFIED, Outcome.VERIFIER_TIMEOUT, Outcome.PROOF_INVALID};
        for (int i = 0; i < RECORDS; i++) {
            records[i] = VerificationTelemetry.builder()
                    .verificationId("5f3a9c1e-FAST-" + i).timestamp(Instant.now()).moduleName("Placeholder.Module042")
                    .context("calibration_FAST").tier("FAST").timeoutS(30).leanVersion("noisecal-mock 0.1.0")
                    .outcome(outcomes[i % 3]).durationMs(1000 + i % 29000).noiseInjected(true)
                    .noiseType("mock_profile").noiseSeed((long) i * 7919).build();
        }
    }

    @TearDown(Level.Trial)
    public void removeFiles() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(directory);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void writeRecords() {
        try (JsonLinesTelemetrySink sink = new JsonLinesTelemetrySink(directory.resolve("raw.jsonl"))) {
            for (VerificationTelemetry record : records) {
                sink.accept(record);
            }
            sink.complete();
        }
    }
}
