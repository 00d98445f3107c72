package io.github.noisecal.telemetry.lean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Finds processes a test started and that are still alive, by a /proc scan. */
final class Survivors {
    private Survivors() {
    }

    /** What identifies a process of the test, given its /proc directory. */
    @FunctionalInterface
    private interface Match {
        boolean test(Path process, String commandLine) throws IOException;
    }

    /**
     * Live (non-zombie) processes working in {@code directory}, the test's private project directory (every process
     * of a run starts there, and the fake lean never leaves it), whose command line contains {@code marker} unless it
     * is null, waiting up to {@code graceMillis} for them to disappear (a SIGKILLed process needs a moment to be
     * reaped). Never a match by command line alone: other builds on the machine run the same tests with the same
     * module names, and their processes are not this test's.
     */
    static List<String> find(Path directory, String marker, long graceMillis) {
        Objects.requireNonNull(directory, "directory");
        return await(graceMillis, (process, commandLine) -> (marker == null || commandLine.contains(marker))
                && Files.readSymbolicLink(process.resolve("cwd")).equals(directory));
    }

    /**
     * Live processes whose environment has the entry {@code entry} ({@code NAME=VALUE}), which every descendant of
     * a process started with it inherits: a JVM's launchers, verifiers and watchdog included.
     */
    static List<String> withEnvironment(String entry, long graceMillis) {
        return withEnvironment(entry, null, graceMillis);
    }

    /** Like {@link #withEnvironment(String, long)}, among the processes whose command line contains {@code marker}. */
    static List<String> withEnvironment(String entry, String marker, long graceMillis) {
        byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
        return await(graceMillis, (process, commandLine) -> {
            if (marker != null && !commandLine.contains(marker)) {
                return false;
            }
            byte[] environment = Files.readAllBytes(process.resolve("environ"));
            int start = 0;
            for (int i = 0; i <= environment.length; i++) {
                if (i == environment.length || environment[i] == 0) {
                    if (Arrays.equals(environment, start, i, wanted, 0, wanted.length)) {
                        return true;
                    }
                    start = i + 1;
                }
            }
            return false;
        });
    }

    /**
     * SIGKILLs processes {@link #find} or {@link #withEnvironment} listed, so that a failed test leaves nothing of
     * its own running (only what it listed: never other builds' processes).
     */
    static void destroy(List<String> found) {
        found.forEach(process -> ProcessHandle.of(Long.parseLong(process.split(" ")[0]))
                .ifPresent(ProcessHandle::destroyForcibly));
    }

    private static List<String> await(long graceMillis, Match match) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        List<String> alive = scan(match);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = scan(match);
        }
        return alive;
    }

    private static List<String> scan(Match match) {
        List<String> alive = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().equals(Long.toString(self))) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    if (state == 'Z' || state == 'X') {
                        continue;
                    }
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ');
                    if (match.test(entry, commandLine)) {
                        alive.add(entry.getFileName() + " " + state + " " + commandLine.strip());
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot scan /proc", e);
        }
        return alive;
    }
}
