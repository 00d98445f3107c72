package io.github.noisecal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CLI as a real process ({@code java -cp <test class path> io.github.noisecal.cli.NoisecalCli ...}), for what
 * only a process shows: signals, SIGKILL, exit codes. Output goes to files, so a full pipe never blocks it.
 */
final class CliProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** The java command that runs the CLI with this test's class path. */
    static List<String> javaCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), NoisecalCli.class.getName());
    }

    static CliProcess start(Path logs, String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(args);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        return new CliProcess(process, out, err);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code file} has at least {@code lines} lines, or the process ended; false on a timeout. */
    boolean awaitLines(Path file, long lines, long timeoutMs) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < end) {
            if (Files.exists(file) && countLines(file) >= lines) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(2);
        }
        return false;
    }

    static long countLines(Path file) throws IOException {
        long count = 0;
        for (byte b : Files.readAllBytes(file)) {
            if (b == '\n') {
                count++;
            }
        }
        return count;
    }

    /** SIGKILL: the JVM gets no chance to do anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends {@code signal} (such as {@code TERM}) with kill(1); no shell is involved. */
    void signal(String signal) throws IOException, InterruptedException {
        signalTimes(signal, 1);
    }

    /**
     * Sends {@code signal} {@code times} times back to back, from one kill(1), as timeout(1) and a closing ssh
     * session do when they signal the process and then its group.
     */
    void signalTimes(String signal, int times) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
        for (int i = 0; i < times; i++) {
            command.add(Long.toString(process.pid()));
        }
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Waits for the exit code; -1 after {@code timeoutSeconds} (the process is then killed). */
    int waitFor(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    String err() throws IOException {
        return Files.readString(err);
    }

    /** Whether the process ignores {@code signalNumber} (inherited, as SIGHUP is under nohup). */
    boolean ignores(int signalNumber) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                return (mask & (1L << (signalNumber - 1))) != 0;
            }
        }
        return false;
    }
}
