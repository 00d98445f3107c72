package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The goodness-of-fit replicates run as tasks; the fit must not depend on which thread runs which, nor in what
 * order.
 */
class ScheduleIndependenceTest {

    /** Runs queued tasks last first, and those they queue, on the calling thread once asked. */
    private static final class Reversing implements Executor {
        private final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queued.push(task);
        }

        void drain() {
            while (!queued.isEmpty()) {
                queued.pop().run();
            }
        }
    }

    @Test
    void theFitIsTheSameWhateverRunsTheReplicates() {
        // 53 replicates a batch: three tasks per family and batch.
        Samples.Censored sample = Samples.draw(Samples.distribution(DistributionFamily.LOGNORMAL, 2, 0.9), 1200,
                40, 11);
        FitOptions options = FitOptions.defaults().withBootstrapReplicates(2 * KsBootstrap.REPLICATES_PER_TASK + 3);
        DurationDistributionFit inline = Workers.join(DurationFitter.fit(sample.durations(), sample.censored(),
                options, Runnable::run));
        assertTrue(inline.fitted().stream().allMatch(f -> f.ksBootstrap() != null), inline.toString());

        assertEquals(inline, DurationFitter.fit(sample.durations(), sample.censored(), options));
        ForkJoinPool three = new ForkJoinPool(3);
        try {
            assertEquals(inline, Workers.join(DurationFitter.fit(sample.durations(), sample.censored(), options,
                    three)));
        } finally {
            three.shutdown();
        }
        Reversing reversing = new Reversing();
        var reversed = DurationFitter.fit(sample.durations(), sample.censored(), options, reversing);
        reversing.drain();
        assertEquals(inline, Workers.join(reversed));
    }
}
