package io.github.noisecal.calibration.bench;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackends;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * In-process calibration throughput on the mock backend: 3 tiers x 1,000,000 samples per invocation, aggregation
 * included. The score is samples per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CalibrationThroughputBenchmark {
    private static final int SAMPLES_PER_TIER = 1_000_000;
    private static final EnvironmentFingerprint MACHINE =
            new EnvironmentFingerprint("bench", "bench", 2, 0, "17");

    @Param({"1", "2"})
    public int workers;

    private VerifierBackend backend;

    @Setup(Level.Trial)
    public void createBackend() {
        backend = VerifierBackends.load().create("mock", BackendConfig.empty());
    }

    @TearDown(Level.Trial)
    public void closeBackend() {
        backend.close();
    }

    @Benchmark
    @OperationsPerInvocation(3 * SAMPLES_PER_TIER)
    public CalibrationModel calibrateMock() {
        return Calibration.builder()
                .backend(backend)
                .tiers(Tier.PREDEFINED)
                .samplesPerTier(SAMPLES_PER_TIER)
                .seed(42)
                .workers(workers)
                .environment(() -> MACHINE)
                .run();
    }
}
