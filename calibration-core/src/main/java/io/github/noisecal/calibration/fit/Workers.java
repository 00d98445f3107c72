package io.github.noisecal.calibration.fit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * Runs a computation made of tasks that never wait for each other (they chain: {@link CompletableFuture}) on one
 * worker per core, while the caller waits.
 *
 * <p>Why not parallel streams, nested per tier and per family as they were: a thread waiting for a stream's tasks
 * helps only with that stream's own, so on 2 cores, once fewer tiers were left than cores, a core idled while the
 * last tier's families bootstrapped one after another (JFR recordings of {@code calibrate --n 1000000}: one thread
 * alone for the last 2 to 2.5 s of the fits, on the common pool and on a pool of their own alike). Tasks that chain
 * instead of waiting keep every worker busy while any is queued, to the last batch of replicates.
 */
public final class Workers {

    private Workers() {
    }

    /**
     * The result of {@code work}, given an executor of one worker per core; what it throws (or completes
     * exceptionally with) is rethrown as it was thrown.
     */
    public static <T> T onEveryCore(Function<Executor, CompletableFuture<T>> work) {
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            return join(work.apply(pool));
        } finally {
            pool.shutdown();
        }
    }

    /** The future's value, rethrowing the exception it completed with unwrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
