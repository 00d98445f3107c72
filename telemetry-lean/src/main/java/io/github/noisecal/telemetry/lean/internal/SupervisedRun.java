package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.lean.CapturedOutput;
import io.github.noisecal.telemetry.lean.OutputListener;
import io.github.noisecal.telemetry.lean.ProcessRunResult;
import io.github.noisecal.telemetry.lean.ProcessSpec;
import io.github.noisecal.telemetry.lean.SupervisedRunException;
import io.github.noisecal.telemetry.lean.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the launcher: starts it, drains both streams on pool threads, waits for the launcher to exit (it
 * enforces the deadline and the memory limit itself), and turns its report into a {@link ProcessRunResult}.
 *
 * <p>A result is only given when it can be trusted: the launcher reported (so the whole tree is gone) and both
 * streams were read to their end of file (which a pipe delivers only after every writer closed it and every byte
 * was read). Otherwise the run is a {@link SupervisedRunException}: a launcher that died without reporting has what
 * is left of its tree killed by the {@link Watchdog} first; output that did not reach its end within the grace is
 * {@link SupervisedRunException.Reason#OUTPUT_INCOMPLETE}. If the launcher misbehaves, a backstop on the monitor
 * thread cancels the run and finally has the watchdog kill the launcher and its tree.
 */
public final class SupervisedRun {
    /** Names the run in the environment of the launcher and, by inheritance, of every process of its tree. */
    public static final String RUN_MARKER = "NOISECAL_SUPERVISED_RUN";
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedRun.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How long after the budget the backstop starts acting; the launcher normally ends runs long before. */
    private static final Duration BACKSTOP_SLACK = Duration.ofSeconds(2);
    /** How long the watchdog may take to kill what is left of a run. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(10);
    private static final String STDOUT = "standard output";
    private static final String STDERR = "standard error";
    /** The JDK reports the errno of a failed start as "error=N, text". */
    private static final Pattern START_ERRNO = Pattern.compile("error=(\\d+),");
    /** errno values of a start refused for want of resources, which may well succeed later. */
    private static final Set<Integer> TRANSIENT_ERRNOS = Set.of(
            11, // EAGAIN: no more processes (RLIMIT_NPROC, pid_max, the pids controller)
            12, // ENOMEM
            23, // ENFILE
            24); // EMFILE

    private final ProcessSpec spec;
    private final Path launcher;
    private final String token;
    private final Path reportFile;
    private final Optional<Path> cgroup;
    private final Watchdog watchdog;
    private final SupervisionSettings settings;
    private final ExecutorService drainPool;
    private final ScheduledExecutorService monitor;

    private volatile Process process;
    private volatile OutputStream control;
    private volatile boolean killedByBackstop;
    private volatile String cgroupFailure;
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param token  names the run for the watchdog; unique on this machine while the run lasts
     * @param cgroup the cgroup v2 directory the launcher creates for the run's tree, if cgroups are used
     */
    public SupervisedRun(ProcessSpec spec, Path launcher, String token, Path reportFile, Optional<Path> cgroup,
                         Watchdog watchdog, SupervisionSettings settings, ExecutorService drainPool,
                         ScheduledExecutorService monitor) {
        this.spec = spec;
        this.launcher = launcher;
        this.token = token;
        this.reportFile = reportFile;
        this.cgroup = cgroup;
        this.watchdog = watchdog;
        this.settings = settings;
        this.drainPool = drainPool;
        this.monitor = monitor;
    }

    /**
     * Starts the launcher, tells the watchdog about the run, and only then lets the launcher start the verifier; the
     * run must then be completed with {@link #await}.
     */
    public void start() throws SupervisedRunException {
        List<String> command = new ArrayList<>(spec.command().size() + 6);
        command.add(launcher.toString());
        cgroup.ifPresent(directory -> {
            command.add("--cgroup");
            command.add(directory.toString());
        });
        command.add(reportFile.toString());
        command.add(Long.toString(Math.max(1, ceilMillis(spec.budget()))));
        command.add(Long.toString(spec.memoryLimitBytes().isPresent()
                ? Math.max(1, spec.memoryLimitBytes().getAsLong() / 1024) : 0));
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command).directory(spec.workingDirectory().toFile());
        Map<String, String> environment = builder.environment();
        spec.environment().forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        environment.put(RUN_MARKER, token);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw startFailure(e);
        }
        try {
            settings.launchHook().launched(process.pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // await() sees it and cancels the run
        }
        synchronized (this) { // so that a cancel can only follow the go-ahead
            control = process.getOutputStream();
            watchdog.register(token, process.pid(), reportFile, cgroup);
            // Only now may the launcher start the verifier: a tree that existed before the watchdog knew its run
            // would be found by nobody if this JVM and the launcher died together.
            try {
                control.write('G');
                control.flush();
            } catch (IOException e) {
                // the launcher died: await() finds no report and has the watchdog see that nothing is left
            }
        }
    }

    /**
     * Waits until the launcher has exited, which it does only once the whole tree is gone. An interrupt cancels
     * the run (the tree is killed, the wait continues) and is restored before returning.
     *
     * @throws SupervisedRunException when the launcher did not report or the output was not read to its end
     */
    public ProcessRunResult await() throws IOException {
        BoundedCapture stdout = new BoundedCapture(spec.captureBytes());
        BoundedCapture stderr = new BoundedCapture(spec.captureBytes());
        Future<Boolean> stdoutDrain = drainPool.submit(() -> drain(STDOUT, process.getInputStream(), stdout,
                spec.stdoutListener()));
        Future<Boolean> stderrDrain = drainPool.submit(() -> drain(STDERR, process.getErrorStream(), stderr,
                spec.stderrListener()));
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
            backstop.cancel(false);
        }
        try {
            if (!Files.exists(reportFile)) {
                throw launcherLost(stdoutDrain, stderrDrain);
            }
            watchdog.done(token); // before the report is deleted: the watchdog takes a missing report for a lost run
            // both are awaited within one grace, so that neither stream is left open
            long drainDeadline = System.nanoTime() + settings.drainGrace().toNanos();
            boolean complete = awaitDrain(stdoutDrain, STDOUT, process.getInputStream(), drainDeadline)
                    & awaitDrain(stderrDrain, STDERR, process.getErrorStream(), drainDeadline);
            closeQuietly(control);
            if (!complete) {
                throw new SupervisedRunException(SupervisedRunException.Reason.OUTPUT_INCOMPLETE, "the output of "
                        + spec.command().get(0) + " could not be read to its end within "
                        + settings.drainGrace().toMillis() + " ms after its process tree was gone (the machine is "
                        + "probably overloaded: fewer workers than cores avoids it); a verdict on partial output "
                        + "could be wrong, so the run gave none and may be retried");
            }
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

    /** Why the launcher could not put the run in its cgroup, if it could not; the supervisor then stops asking. */
    public Optional<String> cgroupFailure() {
        return Optional.ofNullable(cgroupFailure);
    }

    /** The launcher overran the budget by far: cancel, and if that does not help, have the watchdog kill the run. */
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
            return;
        }
        LOG.error("Launcher {} ignored cancellation; killing it and its tree", process.pid());
        killedByBackstop = true;
        try {
            watchdog.reap(token, REAP_WAIT); // the launcher carries the run's marker too
        } catch (IOException e) {
            LOG.error("The watchdog could not kill run {}: {}", token, e.getMessage());
            process.destroyForcibly();
        }
    }

    /**
     * The launcher ended without its report, so nothing it would have said is known, and its tree may live on
     * under init: the watchdog kills what is left (the streams then end too), and the run gives no result.
     */
    private SupervisedRunException launcherLost(Future<Boolean> stdoutDrain, Future<Boolean> stderrDrain) {
        int status = process.exitValue();
        String cleanup;
        try {
            long killed = watchdog.reap(token, REAP_WAIT);
            cleanup = killed == 0 ? "nothing of its tree was left" : killed + " leftover processes of its tree were killed";
        } catch (IOException e) {
            cleanup = "what is left of its tree could not be killed: " + e.getMessage();
        }
        long drainDeadline = System.nanoTime() + settings.drainGrace().toNanos();
        awaitDrain(stdoutDrain, STDOUT, process.getInputStream(), drainDeadline);
        awaitDrain(stderrDrain, STDERR, process.getErrorStream(), drainDeadline);
        closeQuietly(control);
        String how = killedByBackstop ? "ignored cancellation " + BACKSTOP_SLACK.toSeconds() + " s after the budget "
                + "and was killed"
                : status > 128 ? "was killed by signal " + (status - 128) + " from outside the supervisor (perhaps by "
                + "the verifier itself)"
                : status == 70 ? "could not write its report " + reportFile
                : "exited with status " + status + " without a report";
        return new SupervisedRunException(SupervisedRunException.Reason.LAUNCHER_LOST, "the process launcher (pid "
                + process.pid() + ") of " + spec.command().get(0) + " " + how + "; " + cleanup
                + ". The run gave no verdict and may be retried");
    }

    /** Waits for a drain until {@code deadline} ({@link System#nanoTime()}); true if it read its stream to the end. */
    private boolean awaitDrain(Future<Boolean> drain, String stream, InputStream in, long deadline) {
        try {
            return drain.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Stop reading, so that the caller is not held hostage; the run is then a harness error.
            LOG.warn("{} of launcher {} not read to its end {} after the launcher exited; the run gives no verdict",
                    stream, process.pid(), settings.drainGrace());
            closeQuietly(in);
            drain.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drain.cancel(true);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            LOG.warn("Reading {} of launcher {} failed", stream, process.pid(), e.getCause());
            return false;
        }
    }

    /** Reads a stream until its end (true) or until it is closed under us or fails (false). */
    private boolean drain(String stream, InputStream in, BoundedCapture capture, OutputListener listener) {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        RuntimeException listenerFailure = null;
        try (in) {
            settings.drainHook().beforeReading(stream);
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
        } catch (IOException | InterruptedException e) {
            return false; // closed under us (see awaitDrain): what was read is not the whole stream
        }
        if (listenerFailure != null) {
            throw listenerFailure;
        }
        listener.onEnd();
        return true;
    }

    private ProcessRunResult result(CapturedOutput stdout, CapturedOutput stderr) throws IOException {
        LaunchReport report = LaunchReport.read(reportFile);
        String status = report.text("status");
        if (status.equals("spawn_failed")) {
            throw spawnFailure(spec.command().get(0), (int) report.number("errno"), report.text("error"));
        }
        if (report.values().getOrDefault("cgroup", "none").equals("failed")) {
            cgroupFailure = report.values().getOrDefault("cgroup_error", "");
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

    /** The launcher could not start {@code program}: its vfork or exec failed with {@code errno}. */
    static SupervisedRunException spawnFailure(String program, int errno, String error) {
        if (TRANSIENT_ERRNOS.contains(errno)) {
            return new SupervisedRunException(SupervisedRunException.Reason.OUT_OF_RESOURCES, "cannot start "
                    + program + " now: " + error + " (the system is short of processes, memory or file "
                    + "descriptors; the run may be retried)");
        }
        return new SupervisedRunException(SupervisedRunException.Reason.CANNOT_EXECUTE, "cannot execute "
                + program + ": " + error);
    }

    /** The JVM could not start the launcher; its errno tells whether that may pass. */
    static SupervisedRunException startFailure(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Matcher errno = START_ERRNO.matcher(String.valueOf(cause.getMessage()));
            if (errno.find() && TRANSIENT_ERRNOS.contains(Integer.parseInt(errno.group(1)))) {
                return new SupervisedRunException(SupervisedRunException.Reason.OUT_OF_RESOURCES,
                        failure.getMessage() + " (the system is short of processes, memory or file descriptors; "
                                + "the run may be retried)", failure);
            }
        }
        return new SupervisedRunException(SupervisedRunException.Reason.CANNOT_EXECUTE, failure.getMessage(), failure);
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
