package io.github.noisecal.telemetry.mock.bench;

import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.mock.MockBackend;
import io.github.noisecal.telemetry.mock.MockProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link MockBackend#verify}: one backend shared by all benchmark threads (run with {@code -t 2} for
 * two cores), each thread cycling through its own prepared requests over the three predefined tiers, as a
 * calibration's workers would.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MockBackendBenchmark {

    @State(Scope.Benchmark)
    public static class SharedMock {
        /** {@code system} is the default clock; {@code fixed} shows what reading it costs. */
        @Param({"system", "fixed"})
        public String clock;
        MockBackend mock;

        @Setup
        public void create() {
            mock = new MockBackend(MockProfile.defaultProfile(), clock.equals("fixed")
                    ? Clock.fixed(Instant.EPOCH, ZoneOffset.UTC) : Clock.systemUTC());
        }
    }

    @State(Scope.Thread)
    public static class Requests {
        private static final int COUNT = 4096;
        final VerificationRequest[] requests = new VerificationRequest[COUNT];
        int next;

        @Setup
        public void prepare() {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < COUNT; i++) {
                Tier tier = Tier.PREDEFINED.get(i % Tier.PREDEFINED.size());
                requests[i] = new VerificationRequest(tier.name() + "_" + i, "Mathlib.Module" + (i % 100), tier,
                        random.nextLong(), "calibration_" + tier.name());
            }
        }

        VerificationRequest nextRequest() {
            return requests[next++ & (COUNT - 1)];
        }
    }

    @Benchmark
    public VerificationTelemetry verify(SharedMock shared, Requests requests) {
        return shared.mock.verify(requests.nextRequest());
    }
}
