package io.github.noisecal.telemetry.lean.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's side of the launcher binary's watchdog mode ({@code noisecal-launch --watchdog}, see
 * {@code src/main/c/noisecal-launch.c}): a process in a session of its own, so that neither a SIGKILL of the JVM's
 * process group nor a verifier killing its ancestors reaches it. It kills what is left of a run whose launcher
 * died without reporting, when asked ({@link #reap}) or, for every run still registered, when this JVM dies: its
 * stdin, this object's command pipe, then reaches end of file.
 *
 * <p>A watchdog that died is started again on the next command, and told about the runs still in progress.
 * Thread-safe.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final Path launcher;
    private final Path runDirectory;
    private final Optional<Path> cgroupBase;
    /** The registration line of every run in progress, to tell a restarted watchdog. */
    private final Map<String, String> registrations = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> pendingReaps = new ConcurrentHashMap<>();
    private Process process;
    private OutputStream commands;
    private boolean closed;

    private Watchdog(Path launcher, Path runDirectory, Optional<Path> cgroupBase) {
        this.launcher = launcher;
        this.runDirectory = runDirectory;
        this.cgroupBase = cgroupBase;
    }

    /** Starts the watchdog for the runs whose reports go to {@code runDirectory}. */
    public static Watchdog start(Path launcher, Path runDirectory, Optional<Path> cgroupBase) throws IOException {
        requireField(runDirectory.toString());
        cgroupBase.ifPresent(base -> requireField(base.toString()));
        Watchdog watchdog = new Watchdog(launcher, runDirectory, cgroupBase);
        synchronized (watchdog) {
            watchdog.startProcess();
        }
        return watchdog;
    }

    /** Tells the watchdog about a run just started; a failure only loses the JVM-death cover, so it is logged. */
    public void register(String token, long launcherPid, Path reportFile, Optional<Path> cgroup) {
        String line = "R\t" + launcherPid + "\t" + requireField(token) + "\t" + requireField(reportFile.toString())
                + "\t" + cgroup.map(Path::toString).map(Watchdog::requireField).orElse("") + "\n";
        registrations.put(token, line);
        try {
            send(line);
        } catch (IOException e) {
            LOG.warn("The watchdog could not be told about run {}: {}", token, e.getMessage());
        }
    }

    /** The run ended with its launcher's report, so its tree is gone. */
    public void done(String token) {
        if (registrations.remove(token) != null) {
            try {
                send("D\t" + token + "\n");
            } catch (IOException e) {
                LOG.debug("The watchdog could not be told that run {} ended: {}", token, e.getMessage());
            }
        }
    }

    /**
     * Kills every process left of run {@code token} and waits until they are gone.
     *
     * @return how many processes were killed
     * @throws IOException when the watchdog cannot be reached or does not answer within {@code timeout}
     */
    public long reap(String token, Duration timeout) throws IOException {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        pendingReaps.put(token, answer);
        try {
            send("K\t" + requireField(token) + "\n");
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the watchdog did not finish killing the run within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException("the watchdog failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the watchdog killed the run", e);
        } finally {
            pendingReaps.remove(token, answer);
            registrations.remove(token);
        }
    }

    /** The watchdog's pid (for tests and diagnostics); -1 when none runs. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Ends the watchdog: with no run registered it has nothing to kill and exits at once. */
    @Override
    public void close() {
        Process ending;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ending = process;
            closeQuietly(commands);
        }
        if (ending != null) {
            try {
                if (!ending.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The watchdog {} did not exit within {} of being closed", ending.pid(), EXIT_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void send(String line) throws IOException {
        if (closed) {
            throw new IOException("the watchdog is closed");
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (process != null && process.isAlive()) {
            try {
                commands.write(bytes);
                commands.flush();
                return;
            } catch (IOException e) {
                LOG.warn("The watchdog {} stopped listening ({}); starting another", process.pid(), e.getMessage());
            }
        } else if (process != null) {
            LOG.warn("The watchdog {} exited with {}; starting another", process.pid(), process.exitValue());
        }
        startProcess(); // tells the new watchdog about every registered run, this line's included if it is one
        if (!line.startsWith("R\t")) {
            commands.write(bytes);
            commands.flush();
        }
    }

    /** Starts a watchdog process, waits for its "ready", and registers the runs in progress with it. */
    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--watchdog", runDirectory.toString()));
        cgroupBase.ifPresent(base -> command.add(base.toString()));
        Process started = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readAnswers(started, ready), "noisecal-watchdog-" + started.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            started.destroyForcibly();
            throw new IOException("the watchdog (" + launcher + " --watchdog) did not start: "
                    + (e instanceof TimeoutException ? "no answer within " + START_WAIT.toSeconds() + " s"
                    : e.getCause().getMessage()));
        } catch (InterruptedException e) {
            started.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the watchdog", e);
        }
        process = started;
        commands = started.getOutputStream();
        for (String registration : registrations.values()) {
            commands.write(registration.getBytes(StandardCharsets.UTF_8));
        }
        commands.flush();
    }

    /** Reads the watchdog's answers until it exits: "ready" once, then "K TOKEN KILLED" per reap. */
    private void readAnswers(Process watchdog, CompletableFuture<Void> ready) {
        try (BufferedReader answers = new BufferedReader(new InputStreamReader(watchdog.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                String[] fields = line.split("\t");
                if (fields[0].equals("ready")) {
                    ready.complete(null);
                } else if (fields.length == 3 && fields[0].equals("K")) {
                    CompletableFuture<Long> answer = pendingReaps.get(fields[1]);
                    if (answer != null) {
                        answer.complete(Long.parseLong(fields[2]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Reading the watchdog's answers failed", e);
        }
        IOException gone = new IOException("the watchdog " + watchdog.pid() + " exited");
        ready.completeExceptionally(gone);
        // answers still awaited from this watchdog will not come; a caller's retry goes to a new one
        synchronized (this) {
            if (process == watchdog) {
                pendingReaps.values().forEach(answer -> answer.completeExceptionally(gone));
            }
        }
    }

    /** Fields of the line protocol are separated by tabs and lines by newlines, so neither may occur in one. */
    private static String requireField(String value) {
        if (value.indexOf('\t') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a path for the process supervisor contains a tab or newline: "
                    + value.replace("\t", "\\t").replace("\n", "\\n"));
        }
        return value;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // the watchdog is gone already
        }
    }
}
