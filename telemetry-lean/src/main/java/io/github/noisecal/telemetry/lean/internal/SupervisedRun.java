package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.lean.CapturedOutput;
import io.github.noisecal.telemetry.lean.OutputListener;
import io.github.noisecal.telemetry.lean.ProcessRunResult;
import io.github.noisecal.telemetry.lean.ProcessSpec;
import io.github.noisecal.telemetry.lean.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the launcher: starts it, drains both streams on pool threads, waits for the launcher to exit (it
 * enforces the deadline and the memory limit itself), and turns its report into a {@link ProcessRunResult}. If
 * the launcher misbehaves, a backstop on the monitor thread cancels and finally kills everything it can still find.
 */
public final class SupervisedRun {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedRun.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How long after the budget the backstop starts acting; the launcher normally ends runs long before. */
    private static final Duration BACKSTOP_SLACK = Duration.ofSeconds(2);
    /** How long drains may take after the launcher exited; every writer is dead by then, so this is never reached normally. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    /** When the verifier's pid is noted; runs shorter than this need no note, as the launcher cleans up after them. */
    private static final Duration NOTE_ROOT_AFTER = Duration.ofMillis(20);

    private final ProcessSpec spec;
    private final Path launcher;
    private final Path reportFile;
    private final ExecutorService drainPool;
    private final ScheduledExecutorService monitor;

    private volatile Process process;
    private volatile OutputStream control;
    private volatile long rootPid = -1;
    private final CountDownLatch done = new CountDownLatch(1);

    public SupervisedRun(ProcessSpec spec, Path launcher, Path reportFile, ExecutorService drainPool,
                         ScheduledExecutorService monitor) {
        this.spec = spec;
        this.launcher = launcher;
        this.reportFile = reportFile;
        this.drainPool = drainPool;
        this.monitor = monitor;
    }

    /** Starts the launcher; the run must then be completed with {@link #await}. */
    public void start() throws IOException {
        List<String> command = new ArrayList<>(spec.command().size() + 4);
        command.add(launcher.toString());
        command.add(reportFile.toString());
        command.add(Long.toString(Math.max(1, ceilMillis(spec.budget()))));
        command.add(Long.toString(spec.memoryLimitBytes().isPresent()
                ? Math.max(1, spec.memoryLimitBytes().getAsLong() / 1024) : 0));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.workingDirectory().toFile());
        if (!spec.environment().isEmpty()) {
            Map<String, String> environment = builder.environment();
            spec.environment().forEach((name, value) -> {
                if (value == null) {
                    environment.remove(name);
                } else {
                    environment.put(name, value);
                }
            });
        }
        process = builder.start();
        control = process.getOutputStream();
    }

    /**
     * Waits until the launcher has exited, which it does only once the whole tree is gone. An interrupt cancels
     * the run (the tree is killed, the wait continues) and is restored before returning.
     */
    public ProcessRunResult await() throws IOException {
        BoundedCapture stdout = new BoundedCapture(spec.captureBytes());
        BoundedCapture stderr = new BoundedCapture(spec.captureBytes());
        Future<?> stdoutDrain = drainPool.submit(() -> drain(process.getInputStream(), stdout, spec.stdoutListener()));
        Future<?> stderrDrain = drainPool.submit(() -> drain(process.getErrorStream(), stderr, spec.stderrListener()));
        // Noted once, so that the process group can still be found if the launcher itself is killed.
        ScheduledFuture<?> noteRoot = monitor.schedule(() -> rootPid = firstChild(process.pid()),
                NOTE_ROOT_AFTER.toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> backstop = monitor.schedule(this::backstop,
                spec.budget().plus(BACKSTOP_SLACK).toNanos(), TimeUnit.NANOSECONDS);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    process.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                }
            }
        } finally {
            noteRoot.cancel(false);
            backstop.cancel(false);
        }
        try {
            awaitDrain(stdoutDrain, "standard output");
            awaitDrain(stderrDrain, "standard error");
            closeQuietly(control);
            return result(stdout.snapshot(), stderr.snapshot());
        } finally {
            Files.deleteIfExists(reportFile);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Marks the run as over for the supervisor: nothing of it is used any more. */
    public void markFinished() {
        done.countDown();
    }

    /** Waits up to {@code nanos} for {@link #markFinished}; true if it happened. */
    public boolean awaitFinished(long nanos) throws InterruptedException {
        return done.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Asks the launcher to kill the tree (the 'C' command); harmless once the run is over or before it started. */
    public synchronized void cancel() {
        if (control == null) {
            return;
        }
        try {
            control.write('C');
            control.flush();
        } catch (IOException e) {
            // the launcher is gone, which is what the command asked for
        }
    }

    /** The launcher, while it runs; for the supervisor's bookkeeping. */
    public Process process() {
        return process;
    }

    /** The launcher overran the budget by far: cancel, and if that does not help, kill whatever can be found. */
    private void backstop() {
        if (!process.isAlive()) {
            return;
        }
        LOG.warn("Launcher {} still running {} after the budget; cancelling", process.pid(), BACKSTOP_SLACK);
        cancel();
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("Launcher {} ignored cancellation; killing its tree from the JVM", process.pid());
        long root = rootPid >= 0 ? rootPid : firstChild(process.pid());
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        if (root > 0) {
            killProcessGroup(root);
        }
    }

    private void awaitDrain(Future<?> drain, String stream) throws IOException {
        try {
            drain.get(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Only an escaped process can still hold the pipe; stop reading so the caller is not held hostage.
            LOG.warn("{} of launcher {} still open {} after it exited; closing it", stream, process.pid(), DRAIN_GRACE);
            closeQuietly(stream.equals("standard output") ? process.getInputStream() : process.getErrorStream());
            drain.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while collecting " + stream, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("collecting " + stream + " failed", e.getCause());
        }
    }

    private static void drain(InputStream in, BoundedCapture capture, OutputListener listener) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        RuntimeException listenerFailure = null;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                capture.write(buffer, 0, n);
                if (listenerFailure == null) {
                    try {
                        listener.onBytes(buffer, 0, n);
                    } catch (RuntimeException e) {
                        listenerFailure = e; // keep draining: a blocked pipe would stall the verifier
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (see awaitDrain); what was read so far is kept
        }
        if (listenerFailure != null) {
            throw listenerFailure;
        }
        listener.onEnd();
    }

    private ProcessRunResult result(CapturedOutput stdout, CapturedOutput stderr) throws IOException {
        LaunchReport report;
        try {
            report = LaunchReport.read(reportFile);
        } catch (NoSuchFileException e) {
            long root = rootPid;
            if (root > 0) {
                killProcessGroup(root);
            }
            throw new IOException("the process launcher ended with status " + process.exitValue()
                    + " without reporting (was it killed?); " + stderr.text().strip());
        }
        String status = report.text("status");
        if (status.equals("spawn_failed")) {
            throw new IOException("cannot execute " + spec.command().get(0) + ": " + report.text("error"));
        }
        boolean signalled = status.equals("signalled");
        int value = (int) report.number("value");
        Termination termination = switch (report.text("killed")) {
            case "deadline" -> Termination.DEADLINE_KILLED;
            case "memory" -> Termination.MEMORY_LIMIT_KILLED;
            case "cancel", "supervisor_gone", "signal" -> Termination.CANCELLED;
            default -> signalled ? Termination.SIGNALLED : Termination.EXITED;
        };
        long sampledPeakKib = report.number("sampled_peak_kb");
        long lastSampleKib = report.number("last_sample_kb");
        return new ProcessRunResult(termination,
                signalled ? OptionalInt.empty() : OptionalInt.of(value),
                signalled ? OptionalInt.of(value) : OptionalInt.empty(),
                Duration.ofNanos(report.number("wall_us") * 1000),
                Duration.ofNanos(report.number("user_us") * 1000),
                Duration.ofNanos(report.number("system_us") * 1000),
                report.number("maxrss_kb") * 1024,
                sampledPeakKib < 0 ? OptionalLong.empty() : OptionalLong.of(sampledPeakKib * 1024),
                lastSampleKib < 0 ? OptionalLong.empty() : OptionalLong.of(lastSampleKib * 1024),
                Duration.ofNanos(report.number("kill_us") * 1000),
                (int) report.number("strays"),
                Duration.ofNanos(report.number("launcher_cpu_us") * 1000),
                stdout, stderr);
    }

    private static long firstChild(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"),
                    StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? -1 : Long.parseLong(text.split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** SIGKILLs every process in the process group {@code groupId} (the root leads its own group). */
    static void killProcessGroup(long groupId) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the command: state, ppid, pgrp
                    if (Long.parseLong(fields[2]) == groupId) {
                        ProcessHandle.of(Long.parseLong(entry.getFileName().toString()))
                                .ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked at it
                }
            }
        } catch (IOException e) {
            LOG.error("Cannot scan /proc for processes of group {}", groupId, e);
        }
    }

    private static long ceilMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing useful to do: the process is gone
        }
    }
}
