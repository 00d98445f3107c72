package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.lean.internal.LauncherBinary;
import io.github.noisecal.telemetry.lean.internal.RunCgroups;
import io.github.noisecal.telemetry.lean.internal.SupervisedRun;
import io.github.noisecal.telemetry.lean.internal.SupervisionSettings;
import io.github.noisecal.telemetry.lean.internal.Watchdog;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as supervised process trees on Linux, so that no verifier can outlive its budget or the run, block
 * on a full pipe, exhaust the JVM with output, or leave processes behind.
 *
 * <p>Each run goes through a small native launcher (built from {@code src/main/c/noisecal-launch.c} by this
 * module's Maven build): it leaves the JVM's process group, starts the command in a new process group (and a cgroup
 * of its own, where cgroup v2 is writable), is a child subreaper (orphans are re-parented to it), samples the
 * tree's resident memory every 50 ms, kills the whole tree with SIGKILL at the wall-clock deadline, when the memory
 * limit is exceeded, on a cancel command from the JVM, or when the JVM disappears (its stdin pipe closes), and
 * reports the exit status, the sampled memory, and the kernel's CPU and peak-memory accounting of the finished
 * tree. The JVM drains both output streams concurrently into bounded captures.
 *
 * <p>Each supervisor also runs a watchdog (the same binary, in a session of its own): when a launcher dies without
 * reporting (killed from outside, or by the verifier itself), and for every run in progress when the JVM dies, it
 * kills whatever is left of the tree, found by the run's cgroup and by a marker every process of the tree inherits
 * in its environment.
 *
 * <p>Thread-safe: runs may proceed concurrently from many threads. {@link #close()} cancels every run in progress
 * and waits until their trees are gone; a JVM shutdown does the same for every open supervisor.
 */
public final class ProcessSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Set<ProcessSupervisor> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();
    private static final AtomicInteger SUPERVISOR_COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessSupervisor::closeAllAtShutdown,
                "noisecal-supervisor-shutdown"));
    }

    private final Path launcher;
    private final Path runDirectory;
    /** Prefix of the run tokens: unique on this machine while this JVM lives. */
    private final String id;
    private final Optional<Path> cgroupBase;
    private final Watchdog watchdog;
    private final SupervisionSettings settings;
    private final ExecutorService drainPool;
    private final ScheduledThreadPoolExecutor monitor;
    private final Set<SupervisedRun> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong runCounter = new AtomicLong();
    private volatile boolean cgroupsWork;
    private volatile boolean closed;

    private ProcessSupervisor(Path launcher, Path runDirectory, String id, Optional<Path> cgroupBase,
                              Watchdog watchdog, SupervisionSettings settings) {
        this.launcher = launcher;
        this.runDirectory = runDirectory;
        this.id = id;
        this.cgroupBase = cgroupBase;
        this.cgroupsWork = cgroupBase.isPresent();
        this.watchdog = watchdog;
        this.settings = settings;
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
        return create(SupervisionSettings.DEFAULT);
    }

    /** A supervisor with other settings than the defaults; for tests. */
    static ProcessSupervisor create(SupervisionSettings settings) throws SupervisorUnavailableException {
        Path launcher = LauncherBinary.locate();
        Path runDirectory;
        try {
            runDirectory = Files.createTempDirectory("noisecal-runs-");
        } catch (IOException e) {
            throw new SupervisorUnavailableException("cannot create a private directory for launcher reports: "
                    + e.getMessage(), e);
        }
        String id = ProcessHandle.current().pid() + "-" + SUPERVISOR_COUNTER.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Optional<Path> cgroupBase = settings.cgroups() ? RunCgroups.createBase(id)
                : Optional.empty();
        Watchdog watchdog;
        try {
            watchdog = Watchdog.start(launcher, runDirectory, cgroupBase);
        } catch (IOException | IllegalArgumentException e) {
            cgroupBase.ifPresent(RunCgroups::remove);
            deleteQuietly(runDirectory);
            throw new SupervisorUnavailableException("cannot start the process supervisor's watchdog: "
                    + e.getMessage(), e);
        }
        LOG.debug("Process supervisor {}: runs in {}, {}", id, runDirectory,
                cgroupBase.map(base -> "cgroups under " + base).orElse("no cgroups"));
        ProcessSupervisor supervisor = new ProcessSupervisor(launcher, runDirectory, id, cgroupBase, watchdog,
                settings);
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
     * @throws SupervisedRunException when the run gave no trustworthy result: the command could not be started
     *                               (missing or non-executable program, missing working directory, or no
     *                               resources to start a process), the launcher was killed before it reported,
     *                               or the output could not be read to its end; {@link SupervisedRunException#retryable()}
     *                               says whether trying again may help
     * @throws IOException           if the launcher's report could not be read
     * @throws IllegalStateException if the supervisor is closed
     */
    public ProcessRunResult run(ProcessSpec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("the process supervisor is closed");
        }
        long number = runCounter.incrementAndGet();
        Path reportFile = runDirectory.resolve("run-" + number + ".report");
        Optional<Path> cgroup = cgroupsWork ? cgroupBase.map(base -> base.resolve("run-" + number)) : Optional.empty();
        SupervisedRun run = new SupervisedRun(spec, launcher, id + "-" + number, reportFile, cgroup, watchdog,
                settings, drainPool, monitor);
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
            run.cgroupFailure().ifPresent(this::stopUsingCgroups);
        }
    }

    /** The launcher could not put a verifier in its cgroup; later runs do without rather than fail the same way. */
    private void stopUsingCgroups(String reason) {
        if (cgroupsWork) {
            cgroupsWork = false;
            LOG.info("Supervised runs no longer get a cgroup of their own: joining one under {} failed ({})",
                    cgroupBase.map(Path::toString).orElse("?"), reason);
        }
    }

    /** Whether runs get a cgroup of their own; for tests. */
    boolean usesCgroups() {
        return cgroupsWork;
    }

    /** The watchdog's pid, or -1 while none runs; for tests. */
    long watchdogPid() {
        return watchdog.pid();
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
        watchdog.close();
        deleteQuietly(runDirectory);
        cgroupBase.ifPresent(RunCgroups::remove);
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", directory, e);
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
