package io.github.noisecal.calibration;

import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.run.PlanExecutor;
import io.github.noisecal.calibration.run.ProgressListener;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackends;
import java.time.Duration;
import java.util.List;
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
 * The sampling engine alone: plan, workers, mock backend and per-tier slots for 3 x 1,000,000 samples, without the
 * per-tier aggregation and fitting that {@code bench.CalibrationThroughputBenchmark} adds. Samples per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SamplingThroughputBenchmark {
    private static final int SAMPLES_PER_TIER = 1_000_000;

    @Param({"1", "2"})
    public int workers;

    private VerifierBackend backend;
    private SamplingPlan plan;

    @Setup(Level.Trial)
    public void setUp() {
        backend = VerifierBackends.load().create("mock", BackendConfig.empty());
        plan = new SamplingPlan(Tier.PREDEFINED, SAMPLES_PER_TIER, 42, ModuleList.PLACEHOLDER_MODULES);
    }

    @TearDown(Level.Trial)
    public void closeBackend() {
        backend.close();
    }

    @Benchmark
    @OperationsPerInvocation(3 * SAMPLES_PER_TIER)
    public List<TierSamples> sample() {
        return new PlanExecutor(plan, backend, workers, TelemetrySink.discarding(), ProgressListener.none(),
                Duration.ofSeconds(10)).execute().samples();
    }
}
