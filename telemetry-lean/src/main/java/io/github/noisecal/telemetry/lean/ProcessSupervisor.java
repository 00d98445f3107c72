package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.lean.internal.LauncherBinary;
import io.github.noisecal.telemetry.lean.internal.SupervisedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as supervised process trees on Linux, so that no verifier can outlive its budget, block on a full
 * pipe, exhaust the JVM with output, or leave processes behind.
 *
 * <p>Each run goes through a small native launcher (built from {@code src/main/c/noisecal-launch.c} by this
 * module's Maven build): it starts the command in a new process group, is a child subreaper (orphans are re-parented to
 * it), samples the tree's resident memory every 50 ms, kills the whole tree with SIGKILL at the wall-clock
 * deadline, when the memory limit is exceeded, on a cancel command from the JVM, or when the JVM disappears (its
 * stdin pipe closes), and reports the exit status, the sampled memory, and the kernel's CPU and peak-memory
 * accounting of the finished tree. The JVM drains both output streams concurrently into bounded captures.
 *
 * <p>Thread-safe: runs may proceed concurrently from many threads. {@link #close()} cancels every run in progress
 * and waits until their trees are gone; a JVM shutdown does the same for every open supervisor.
 */
public final class ProcessSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Set<ProcessSupervisor> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessSupervisor::closeAllAtShutdown,
                "noisecal-supervisor-shutdown"));
    }

    private final Path launcher;
    private final Path runDirectory;
    private final ExecutorService drainPool;
    private final ScheduledThreadPoolExecutor monitor;
    private final Set<SupervisedRun> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong runCounter = new AtomicLong();
    private volatile boolean closed;

    private ProcessSupervisor(Path launcher, Path runDirectory) {
        this.launcher = launcher;
        this.runDirectory = runDirectory;
        this.drainPool = Executors.newCachedThreadPool(daemonThreads("noisecal-drain-"));
        this.monitor = new ScheduledThreadPoolExecutor(1, daemonThreads("noisecal-monitor-"));
        this.monitor.setRemoveOnCancelPolicy(true);
    }

    /**
     * A supervisor using the bundled launcher.
     *
     * @throws SupervisorUnavailableException when this platform has no launcher or it cannot be installed or run
     */
    public static ProcessSupervisor create() throws SupervisorUnavailableException {
        Path launcher = LauncherBinary.locate();
        Path runDirectory;
        try {
            runDirectory = Files.createTempDirectory("noisecal-runs-");
        } catch (IOException e) {
            throw new SupervisorUnavailableException("cannot create a private directory for launcher reports: "
                    + e.getMessage(), e);
        }
        ProcessSupervisor supervisor = new ProcessSupervisor(launcher, runDirectory);
        OPEN.add(supervisor);
        return supervisor;
    }

    /** Why no supervisor can be created on this machine, or empty when one can. */
    public static Optional<String> unavailableReason() {
        try {
            LauncherBinary.locate();
            return Optional.empty();
        } catch (SupervisorUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Runs {@code spec} to completion and returns what happened. A verifier that fails, crashes, times out or is
     * killed is a result, not an exception. Interrupting the calling thread cancels the run; the interrupt is
     * restored when this returns.
     *
     * @throws IOException           if the command could not be started at all (missing or non-executable
     *                               program, missing working directory) or the launcher failed
     * @throws IllegalStateException if the supervisor is closed
     */
    public ProcessRunResult run(ProcessSpec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("the process supervisor is closed");
        }
        Path reportFile = runDirectory.resolve("run-" + runCounter.incrementAndGet() + ".report");
        SupervisedRun run = new SupervisedRun(spec, launcher, reportFile, drainPool, monitor);
        active.add(run);
        try {
            run.start();
            if (closed) {
                run.cancel(); // close() may have missed this run while it was starting
            }
            return run.await();
        } finally {
            active.remove(run);
            run.markFinished();
        }
    }

    /** How many runs are in progress. */
    public int activeRuns() {
        return active.size();
    }

    /** Cancels every run in progress, waits (boundedly) until their trees are gone, and releases the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelAndAwaitActive(CLOSE_WAIT);
        drainPool.shutdown();
        monitor.shutdownNow();
        OPEN.remove(this);
        try (var files = Files.list(runDirectory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(runDirectory);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", runDirectory, e);
        }
    }

    private void cancelAndAwaitActive(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (SupervisedRun run : active) {
            run.cancel();
        }
        for (SupervisedRun run : active) {
            try {
                if (!run.awaitFinished(Math.max(0, deadline - System.nanoTime()))) {
                    Process process = run.process();
                    LOG.warn("Run of launcher {} did not finish within {} of cancellation",
                            process == null ? "(not started)" : process.pid(), wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeAllAtShutdown() {
        for (ProcessSupervisor supervisor : OPEN) {
            supervisor.closed = true;
            supervisor.cancelAndAwaitActive(Duration.ofSeconds(2));
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + THREAD_COUNTER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
