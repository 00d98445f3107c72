package io.github.noisecal.telemetry.lean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
     * Live (non-zombie) processes whose working directory is {@code directory} or whose command line contains
     * {@code marker}, waiting up to {@code graceMillis} for them to disappear (a SIGKILLed process needs a moment
     * to be reaped).
     */
    static List<String> find(Path directory, String marker, long graceMillis) {
        return await(graceMillis, (process, commandLine) -> directory != null
                && Files.readSymbolicLink(process.resolve("cwd")).equals(directory)
                || marker != null && commandLine.contains(marker));
    }

    /**
     * Live processes whose environment has the entry {@code entry} ({@code NAME=VALUE}), which every descendant of
     * a process started with it inherits: a JVM's launchers, verifiers and watchdog included.
     */
    static List<String> withEnvironment(String entry, long graceMillis) {
        byte[] wanted = entry.getBytes(StandardCharsets.UTF_8);
        return await(graceMillis, (process, commandLine) -> {
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
