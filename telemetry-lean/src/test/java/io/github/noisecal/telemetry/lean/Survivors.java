package io.github.noisecal.telemetry.lean;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds processes a test started and that are still alive, by a marker in their command line or working directory. */
final class Survivors {
    private Survivors() {
    }

    /**
     * Live (non-zombie) processes whose working directory is {@code directory} or whose command line contains
     * {@code marker}, waiting up to {@code graceMillis} for them to disappear (a SIGKILLed process needs a moment
     * to be reaped).
     */
    static List<String> find(Path directory, String marker, long graceMillis) {
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        List<String> alive = scan(directory, marker);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = scan(directory, marker);
        }
        return alive;
    }

    private static List<String> scan(Path directory, String marker) {
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
                    boolean inDirectory = directory != null
                            && Files.readSymbolicLink(entry.resolve("cwd")).equals(directory);
                    if (inDirectory || marker != null && commandLine.contains(marker)) {
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
